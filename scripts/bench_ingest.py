"""Benchmark ingestion and search on the embedded default (SQLite + Qdrant Edge), and write their
section of docs/benchmarks.md:

- `boucle import` (its engine, in process, models warm) of 50,000 public feedback texts, as
  items/s and as a ratio to the embedder's raw throughput on the same texts, same run;
- POST /v1/feedback in batches of 100 to a real server (uvicorn on loopback);
- search p50/p99 (vector store alone, and the whole service call: embed the query, search,
  read the rows) with and without filters, at 10k and 100k insights, before and after the
  worker builds the HNSW index;
- peak memory.

    python scripts/bench_ingest.py [--items 50000] [--datasets ../shared/datasets]
"""

import argparse
import csv
import json
import os
import platform
import random
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "scripts"]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from analyzer import Analyzer  # noqa: E402
from api.feedback.bulk import import_feedback  # noqa: E402
from api.feedback.cli import analysis_pool  # noqa: E402
from api.feedback.importer import Mapping  # noqa: E402
from api.search.schemas import Filters  # noqa: E402
from api.search.service import search, vector_filter  # noqa: E402
from api.settings import Settings  # noqa: E402
from api.storage.tables import Insight  # noqa: E402
from api.tagging.service import Tagger  # noqa: E402
from api.workspace import INSIGHTS, NEEDS, Workspace, open_workspace  # noqa: E402
from scripts.datasets import DEFAULT_ROOT  # noqa: E402
from scripts.report import cpu_model, write_section  # noqa: E402

# (file, text column(s)): English and French feedback-like texts from the public data sets.
SOURCES = [
    ("twitter_us_airline_sentiment/airline_tweets.csv", ["text"]),
    ("clinc150/clinc150_full.csv", ["text"]),
    ("banking77/banking77.csv", ["text"]),
    ("minibar_app_reviews_en_fr/classification.csv", ["text"]),
    ("apia2022_fr_app_reviews/apia2022_fr_reviews.csv", ["text"]),
    ("allocine_fr_sample/allocine_fr_sample.csv", ["text"]),
    ("uci_sentiment_sentences/uci_sentiment_sentences.csv", ["text"]),
    ("cfpb_complaints_sample/cfpb_complaints_with_narrative.csv", ["text"]),
    ("nlbse24_github_issues/nlbse24_issues.csv", ["title", "body"]),
]
MAX_CHARS = 600  # long issue bodies and complaints are cut, as a ticket's first screen
QUERIES = ["the export crashes", "refund my money", "app is slow after the update",
           "je veux résilier mon abonnement", "please add dark mode", "login does not work",
           "customer service was rude", "l'application plante au démarrage"]  # fmt: skip
FILTERS = {
    "none": Filters(),
    "language=fr": Filters(language="fr"),
    "intent=bug_report": Filters(intent="bug_report"),
    "sentiment=negative + date range": Filters(
        sentiment="negative", created_from="2026-03-01T00:00:00Z", created_to="2026-06-30T00:00:00Z"
    ),
}


def corpus(root: Path, seed: int = 0) -> list[str]:
    texts: list[str] = []
    for relative, columns in SOURCES:
        with (root / relative).open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                text = "\n".join(row[c].strip() for c in columns if row.get(c, "").strip())
                if len(text) >= 3:
                    texts.append(text[:MAX_CHARS])
    random.Random(seed).shuffle(texts)
    return texts


def write_jsonl(path: Path, texts: list[str], start: int) -> None:
    rng = random.Random(start)
    with path.open("w") as handle:
        for number, text in enumerate(texts, start=start):
            day = 1 + rng.randrange(180)
            created = f"2026-{1 + day // 31:02d}-{1 + day % 28:02d}T10:00:00Z"
            item = {"id": f"b-{number}", "text": text, "source": "bench", "created_at": created}
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")


def embedder_rate(tagger: Tagger, texts: list[str]) -> float:
    embedder = tagger.analyzer.resources.embedder
    embedder.embed(texts[:64])
    started = time.perf_counter()
    for start in range(0, len(texts), 64):
        embedder.embed(texts[start : start + 64])
    return len(texts) / (time.perf_counter() - started)


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def time_searches(ws: Workspace, repeats: int = 25) -> dict[str, dict[str, tuple[float, float]]]:
    """Per filter: (p50, p99) ms of the store alone and of the whole service call."""
    vectors = ws.tagger.embed(QUERIES)
    results = {}
    for label, filters in FILTERS.items():
        where = vector_filter(filters)
        store, whole = [], []
        for _ in range(repeats):
            for query, vector in zip(QUERIES, vectors, strict=True):
                started = time.perf_counter()
                ws.vectors.search(INSIGHTS, vector, 10, where)
                store.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                search(ws, query, 10, filters)
                whole.append((time.perf_counter() - started) * 1000)
        results[label] = {"store": percentiles(store), "service": percentiles(whole)}
    return results


def insight_count(ws: Workspace) -> int:
    with ws.db.session() as session:
        return session.scalar(select(func.count()).select_from(Insight))


def import_until(
    ws: Workspace, path: Path, texts: list[str], start: int, jobs: int = 1
) -> tuple[float, int]:
    """Seconds and items stored by one import; with jobs > 1 through an analysis pool, as
    `boucle import --jobs` runs it (the pool's start-up is timed too)."""
    write_jsonl(path, texts, start)
    started = time.perf_counter()
    with analysis_pool(ws, jobs) as pool:
        report = import_feedback(ws, path, Mapping.build("generic", {}, None), pool=pool)
    return time.perf_counter() - started, report.created


def api_batches(texts: list[str], batches: int = 20) -> float:
    """Items/s of POST /v1/feedback with 100 items a batch, server in its own process."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data_dir = tempfile.mkdtemp(prefix="boucle-bench-api-")
    env = {**os.environ, "BOUCLE_DATA_DIR": data_dir, "BOUCLE_PORT": str(port)}
    server = subprocess.Popen([sys.executable, "-m", "api", "serve"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                try:
                    if client.get("/readyz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.5)

            def body(n: int) -> dict:
                chunk = texts[n * 100 : (n + 1) * 100]
                return {"items": [{"source": "api", "external_id": f"a-{n}-{i}", "text": t}
                                  for i, t in enumerate(chunk)]}  # fmt: skip

            client.post("/v1/feedback", json=body(batches)).raise_for_status()  # warm-up
            started = time.perf_counter()
            for n in range(batches):
                client.post("/v1/feedback", json=body(n)).raise_for_status()
            return batches * 100 / (time.perf_counter() - started)
    finally:
        server.terminate()
        server.wait()


def search_table(rows: list[tuple[str, int, dict]]) -> str:
    lines = ["| insights | index | filter | store p50 / p99 ms | service p50 / p99 ms |",
             "|---|---|---|---|---|"]  # fmt: skip
    for index, count, results in rows:
        for label, result in results.items():
            s50, s99 = result["store"]
            w50, w99 = result["service"]
            lines.append(f"| {count:,} | {index} | {label} | {s50:.2f} / {s99:.2f} | "
                         f"{w50:.2f} / {w99:.2f} |")  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--target-insights", type=int, default=100_000)
    parser.add_argument("--datasets", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="analysis processes for the pooled import (as boucle import)")  # fmt: skip
    args = parser.parse_args()

    texts = corpus(args.datasets)
    print(f"corpus: {len(texts)} texts", flush=True)
    work = Path(tempfile.mkdtemp(prefix="boucle-bench-"))
    settings = Settings(data_dir=work / "data", worker=False)
    tagger = Tagger(Analyzer(settings.analyzer_config()))
    ws = open_workspace(settings, tagger)
    raw_rate = embedder_rate(tagger, texts[:5_000])
    print(f"embedder: {raw_rate:.0f} texts/s", flush=True)
    tagger.analyze_many(texts[:64])  # every stage warm

    searches: list[tuple[str, int, dict]] = []
    # First ~10k insights analysed in this process, measured; then the rest of the 50k import
    # through an analysis pool (boucle import's default), timed as a whole.
    first = 7_000
    seconds_a, created_a = import_until(ws, work / "a.jsonl", texts[:first], 0)
    in_process_rate = created_a / seconds_a
    print(f"import in process: {in_process_rate:.1f} items/s", flush=True)
    searches.append(("exact scan", insight_count(ws), time_searches(ws)))
    seconds_b, created_b = import_until(
        ws, work / "b.jsonl", texts[first : args.items], first, args.jobs
    )
    pooled_rate = created_b / seconds_b
    print(f"import with {args.jobs} analysis processes: {pooled_rate:.1f} items/s", flush=True)
    # The host's speed drifts by tens of percent within minutes (other tenants): measured again
    # right after the import, and the ratios use the faster of the two (the stricter ratio).
    raw_after = embedder_rate(tagger, texts[:5_000])
    print(f"embedder again: {raw_after:.0f} texts/s", flush=True)
    raw_before, raw_rate = raw_rate, max(raw_rate, raw_after)
    # Top up to the target insight count with further texts (not part of the timed import).
    position = args.items
    while insight_count(ws) < args.target_insights and position < len(texts):
        step = texts[position : position + 10_000]
        import_until(ws, work / "c.jsonl", step, position, args.jobs)
        position += len(step)
    count = insight_count(ws)
    searches.append(("exact scan", count, time_searches(ws)))
    started = time.perf_counter()
    ws.vectors.optimize(INSIGHTS)
    ws.vectors.optimize(NEEDS)
    build_s = time.perf_counter() - started
    searches.append(("HNSW", count, time_searches(ws)))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ws.close()
    api_rate = api_batches(texts[position:])

    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores ({cpu_model()}), "
        f"Python {platform.python_version()}"
    )
    markdown = f"""## Ingestion and search (`scripts/bench_ingest.py`)

Command: `python scripts/bench_ingest.py --items {args.items}` · {date.today()} · {machine} ·
embedded default (SQLite + Qdrant Edge), models warm.
Texts: {len(texts):,} public feedback-like texts (airline tweets, CLINC150, Banking77, mini-bar
and APIA app reviews, Allociné, UCI, CFPB, NLBSE issues; cut at {MAX_CHARS} characters), shuffled.

| measure | value |
|---|---|
| embedder alone (use-multilingual-v3, batches of 64, same texts), before / after the imports; ratios use the faster | {raw_before:.0f} / {raw_after:.0f} texts/s |
| import of {created_b:,} items, `boucle import`'s engine with {args.jobs} analysis processes (`--jobs {args.jobs}`, the default here: rows after the 1,000th go to the pool; its start-up included) | {pooled_rate:.1f} items/s |
| ratio pooled import / embedder (goal ≥ 0.8) | {pooled_rate / raw_rate:.2f} |
| import of the first {created_a:,} items analysed in the importing process (`--jobs 1`) | {in_process_rate:.1f} items/s (ratio {in_process_rate / raw_rate:.2f}) |
| POST /v1/feedback, 20 batches of 100 (uvicorn, loopback) | {api_rate:.1f} items/s |
| insights stored | {count:,} |
| HNSW build (worker, off the request path) | {build_s:.0f} s |
| peak RSS of the benchmark process | {peak_mb:.0f} MB |

The ratio moves with the host more than with the code. The table above is the afternoon of
2026-12-04, on an Intel Xeon host, with the `pooled` message vector as the default (the embed
stage runs its own forward pass, models/use_pooling.py): 647 items/s, 0.48 of an embedder that
ran 1,352 texts/s here. Earlier on 2026-12-04 (AMD EPYC), three runs of the same code measured the embedder alone at 736, 912 and 800 → 959 texts/s and gave ratios of
0.67, 0.50 and 0.51 (the first run shared the cores with a test run of ours at its start, which
slowed its embedder measure; since then the embedder is measured before and after the imports,
and the faster is used). Earlier runs: 0.48 and 0.52
(Intel Xeon, 2026-12-03), 0.49 (AMD EPYC, 2026-12-02). Embedding is ~65 % of the analyzer's
time, so this design cannot reach the 0.8 goal by trimming the other stages alone. Search
fetches 3× the limit to fold repeated texts.

Search, top 10, {len(QUERIES)} queries × 25 (EN and FR). "store" is the vector store alone; "service"
is the whole call: embed the query, search with the filter, read the rows from SQL.

{search_table(searches)}
"""
    write_section(ROOT / "docs/benchmarks.md", "ingest", markdown)
    print(markdown)


if __name__ == "__main__":
    main()
