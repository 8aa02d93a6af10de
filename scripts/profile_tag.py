"""Profile the in-process path of one `POST /v1/tag` call, stage by stage, and check that a
speed-up changed no output: the analyzer of an earlier commit (loaded from git into a temporary
folder) and the working tree's run the same public texts one ticket at a time, alternately in
one process, so the host's load weighs on both alike.

    python scripts/profile_tag.py [--before HEAD] [--per-set 100] [--cprofile N]

Per ticket: each analyzer stage, then the answer as the route builds it (`to_result`) and as
FastAPI serialises it (validation against `TagResult`, JSON rendering). Every output of the two
versions (language, redacted text, redaction counts, insights with their spans and flags,
sentiment, intents, urgency, tags, the answer's JSON bytes) must be equal; the script exits 1
with the first differences otherwise. No text is written anywhere: the sets are read in place.
"""

import argparse
import cProfile
import io
import multiprocessing
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "scripts"]
sys.path.insert(0, str(ROOT))

from scripts import datasets as ds  # noqa: E402

# The packages a version is made of: purged from sys.modules between the two imports.
PACKAGES = ("analyzer", "models", "api")
SERIALISE = "serialise"  # FastAPI's response validation and JSON rendering
ANSWER = "to_result"
WARM_UP_CHUNK = 16
# Longer texts are bulk ingestion's, not a live ticket's: CFPB narratives run to pages.
MAX_CHARS = 2_000


# Each set is dealt into thirds: the texts measured, those of the warm-up, those profiled.
MEASURED, WARM_UP, PROFILED = range(3)


def tickets(root: Path, per_set: int, part: int = MEASURED) -> list[str]:
    """`per_set` texts of each public set, EN and FR, spread evenly over the set's `part`th third
    (so that the warm-up caches none of the texts measured)."""
    sets = {
        "minibar EN": [r["text"] for r in ds.minibar(root) if r["lang"] == "en"],
        "minibar FR": [r["text"] for r in ds.minibar(root) if r["lang"] == "fr"],
        "airline tweets": [r["text"] for r in ds.airline(root)],
        "CFPB complaints": [r["text"] for r in ds.cfpb(root)],
        "APIA FR reviews": [r["text"] for r in ds.apia2022(root)],
    }
    chosen: list[str] = []
    for texts in sets.values():
        texts = [t for t in texts if t.strip() and len(t) <= MAX_CHARS][part::3]
        chosen += texts[:: max(1, len(texts) // per_set)][:per_set]
    return chosen


class Worker:
    """One version of the code in a process of its own, imported from `root`: both versions
    live side by side without sharing a module (lazy imports would otherwise mix them)."""

    def __init__(self, label: str, root: Path) -> None:
        self.label = label
        self.tickets: list[dict[str, tuple[float, float]]] = []  # per ticket: part -> (wall, CPU)
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=serve, args=(str(root), child), daemon=True)
        self.process.start()
        self.stage_names: list[str] = self.conn.recv()

    def run(self, text: str) -> dict:
        self.conn.send(("run", text))
        result, seconds = self.conn.recv()
        self.tickets.append(seconds)
        return result

    def warm_up(self, texts: list[str]) -> None:
        self.conn.send(("warm_up", texts))
        self.conn.recv()

    def profile(self, texts: list[str], top: int) -> str:
        self.conn.send(("profile", (texts, top)))
        return self.conn.recv()

    def close(self) -> None:
        self.conn.send(("stop", None))
        self.process.join(timeout=30)


def serve(root: str, conn) -> None:
    """The worker's loop: load the version at `root`, then answer "run" and "profile"."""
    sys.path.insert(0, root)
    for name in [m for m in sys.modules if m.split(".")[0] in PACKAGES]:
        del sys.modules[name]
    from analyzer import Analyzer, AnalyzerConfig
    from api.tagging.schemas import TagResult
    from api.tagging.service import to_result

    analyzer = Analyzer(AnalyzerConfig())
    seconds: dict[str, tuple[float, float]] = {}
    analyzer.stages = [TimedStage(stage, seconds) for stage in analyzer.stages]
    serialise = route_serialiser(TagResult)
    conn.send([stage.name for stage in analyzer.stages])

    def run_one(text: str) -> dict:
        analysis = analyzer.analyze(text)
        with timed(seconds, ANSWER):
            result = to_result(analysis)
        with timed(seconds, SERIALISE):
            body = serialise(result)
        return outputs(analysis, body)

    while True:
        command, argument = conn.recv()
        if command == "stop":
            return
        if command == "run":
            seconds.clear()
            result = run_one(argument)
            conn.send((result, dict(seconds)))
        elif command == "warm_up":  # in chunks, as bulk ingestion runs (faster than one by one)
            for start in range(0, len(argument), WARM_UP_CHUNK):
                analyzer.analyze_batch(argument[start : start + WARM_UP_CHUNK])
            conn.send(None)
        elif command == "profile":
            texts, top = argument
            profile = cProfile.Profile()
            profile.enable()
            for text in texts:
                run_one(text)
            profile.disable()
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(top)
            conn.send(out.getvalue())


def route_serialiser(model: type) -> Callable[[object], bytes]:
    """What FastAPI does with a route's return value (fastapi.routing.serialize_response, on its
    fast path for a route with a response model and the default response class): validate it
    against the response model, then dump it straight to JSON bytes."""
    from fastapi.utils import create_model_field

    response_field = create_model_field(name="Response_tag", type_=model, mode="serialization")

    def serialise(result: object) -> bytes:
        value, errors = response_field.validate(result, {}, loc=("response",))
        if errors:
            raise ValueError(errors)
        return response_field.serialize_json(value, by_alias=True)

    return serialise


@contextmanager
def timed(seconds: dict[str, tuple[float, float]], name: str) -> Iterator[None]:
    """Sets `seconds[name]` to the wall time and this thread's CPU time the block takes: on a
    loaded host the CPU time stays put where the wall time jumps whenever the process waits for
    a core (the embedder's own BLAS threads are not counted in its CPU time)."""
    wall, cpu = time.perf_counter(), time.thread_time()
    yield
    seconds[name] = (time.perf_counter() - wall, time.thread_time() - cpu)


class TimedStage:
    """A stage that records the seconds it takes in `seconds[its name]`."""

    def __init__(self, stage, seconds: dict[str, tuple[float, float]]) -> None:
        self.stage, self.name, self.seconds = stage, stage.name, seconds

    def __call__(self, batch) -> None:
        with timed(self.seconds, self.name):
            self.stage(batch)


def outputs(analysis, body: bytes) -> dict:
    """Everything an analysis says, vectors aside (the embedder reads the insights' texts)."""
    return {
        "language": analysis.language,
        "text": analysis.text,
        "redactions": list(analysis.redactions),
        "sentiment": repr(analysis.sentiment),
        "intents": repr(analysis.intents),
        "urgency": repr(analysis.urgency),
        "tags": repr(analysis.tags),
        "insights": [
            (
                i.text,
                i.start,
                i.end,
                i.says_no_problem,
                i.mocks,
                i.asks,
                i.thanks,
                i.threatens,
                i.wishes,
                repr(i.sentiment),
                repr(i.intents),
                repr(i.urgency),
            )
            for i in analysis.insights
        ],  # fmt: skip
        "body": body,
    }


def old_tree(commit: str) -> Path:
    """The analyzer, models and api folders of `commit`, in a temporary folder."""
    folder = Path(tempfile.mkdtemp(prefix="boucle-before-"))
    archive = subprocess.run(
        ["git", "archive", commit, *PACKAGES], cwd=ROOT, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def table(workers: list[Worker]) -> str:
    """Per part, the mean CPU time per ticket of each version; for the totals, also the median
    wall time per ticket."""
    parts = [*workers[0].stage_names, ANSWER, SERIALISE]
    labels = [worker.label for worker in workers]
    lines = [
        "| part | " + " | ".join(f"{label}: CPU µs" for label in labels) + " | "
        + " | ".join(f"{label}: wall µs, median" for label in labels) + " |",
        "|---" + "|---:" * 2 * len(workers) + "|",
    ]  # fmt: skip
    rules = [part for part in parts if part != "embed"]
    for caption, names in [*((p, [p]) for p in parts), ("**all but embed**", rules),
                           ("**total in process**", parts)]:  # fmt: skip
        cpu = [statistics.fmean(sum(t[n][1] for n in names) for t in w.tickets) for w in workers]
        wall = [statistics.median(sum(t[n][0] for n in names) for t in w.tickets) for w in workers]
        cells = [f"{seconds * 1e6:.0f}" for seconds in cpu + wall]
        lines.append(f"| {caption} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", default="HEAD", help="the commit to compare with")
    parser.add_argument("--per-set", type=int, default=100, help="texts per public set")
    parser.add_argument("--datasets", type=Path, default=ds.DEFAULT_ROOT)
    parser.add_argument("--warm-up", type=int, default=100, help="warm-up texts per set")
    parser.add_argument("--cprofile", type=int, default=0, help="print the N costliest calls")
    args = parser.parse_args()

    texts = tickets(args.datasets, args.per_set)
    # Other texts than the measured ones, so that none of those is cached, but enough for the
    # caches of words (the heads' n-grams, spaCy's vocabulary) to be as warm as a server's.
    warm_up = tickets(args.datasets, args.warm_up, WARM_UP)
    folder = old_tree(args.before)
    try:
        workers = [Worker(f"before ({args.before})", folder), Worker("after", ROOT)]
        before, after = workers
        for worker in workers:
            worker.warm_up(warm_up)
        differences = []
        # Each text once per version, as a server meets a new ticket (a second pass would read
        # the per-text caches); one after the other, the first of the pair alternating.
        for index, text in enumerate(texts):
            order = workers if index % 2 == 0 else workers[::-1]
            results = {worker.label: worker.run(text) for worker in order}
            if results[before.label] != results[after.label]:
                differences.append((text[:80], results[before.label], results[after.label]))
        print(f"{len(texts)} texts, one ticket per call, {os.cpu_count()} cores")
        print(table(workers))
        if args.cprofile:
            print(after.profile(tickets(args.datasets, args.per_set, PROFILED), args.cprofile))
        for worker in workers:
            worker.close()
    finally:
        shutil.rmtree(folder)

    if differences:
        print(f"{len(differences)} of {len(texts)} texts differ; first ones:")
        for text, old, new in differences[:5]:
            changed = {k: (old[k], new[k]) for k in old if old[k] != new[k]}
            print(f"- {text!r}: {changed}")
        return 1
    print(f"outputs identical on all {len(texts)} texts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
