"""Urgency levels on the demo workspace and the public sets: no set labels urgency, so this reports
each level's share and a random sample of the high and critical messages to read for false alarms.

    python scripts/eval_urgency.py [--cache /tmp/urgency-analyses.pkl] [--per-set 600] [--read 20]

The models run once: their analyses are pickled to `--cache`, and later runs only re-apply the
urgency stage (rules) to them, so a rule change is measured in seconds. Delete the cache after a
change to a model or to a stage before urgency. The airline tweets are evaluation only: read, never
tuned to."""

import argparse
import json
import pickle
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "scripts"]
sys.path.insert(0, str(ROOT))

from analyzer import Analyzer, AnalyzerConfig  # noqa: E402
from analyzer.analysis import Analysis  # noqa: E402
from analyzer.resources import Resources  # noqa: E402
from analyzer.stages.urgency import UrgencyStage  # noqa: E402
from scripts import datasets as ds  # noqa: E402
from scripts import demo_data  # noqa: E402

LEVELS = ("low", "normal", "high", "critical")


def texts(root: Path, per_set: int) -> dict[str, list[str]]:
    """The demo feedback (all of it) and a fixed random sample of each public set."""
    pick = random.Random(7)

    def sample(rows: list[str]) -> list[str]:
        return pick.sample(rows, min(per_set, len(rows)))

    demo = demo_data.generate(seed=7, items=600)["feedback"]
    return {
        "demo": [item["text"] for item in demo],
        "airline (EN, eval only)": sample([r["text"] for r in ds.airline(root)]),
        "CFPB (EN)": sample([r["text"][:1500] for r in ds.cfpb(root)]),
        "mini-bar (EN+FR)": sample([r["text"] for r in ds.minibar(root)]),
    }


def analyses(root: Path, per_set: int, cache: Path) -> dict[str, list[Analysis]]:
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    analyzer = Analyzer(AnalyzerConfig())
    found = {name: analyzer.analyze_batch(batch) for name, batch in texts(root, per_set).items()}
    cache.write_bytes(pickle.dumps(found))
    return found


def shares(levels: list[str]) -> str:
    counts = Counter(levels)
    return "  ".join(f"{lvl} {counts[lvl] / max(len(levels), 1):6.1%}" for lvl in LEVELS)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--datasets", type=Path, default=ds.DEFAULT_ROOT)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/urgency-analyses.pkl"))
    parser.add_argument("--per-set", type=int, default=600)
    parser.add_argument("--read", type=int, default=20, help="high/critical messages to print")
    parser.add_argument("--sets", nargs="*", help="print samples of these sets only")
    parser.add_argument("--dump", type=Path, help="write each message's level here (JSON lines)")
    args = parser.parse_args()
    found = analyses(args.datasets, args.per_set, args.cache)
    stage = UrgencyStage(AnalyzerConfig(), Resources(AnalyzerConfig()))
    for name, batch in found.items():
        stage(batch)
        insights = [i.urgency.level for a in batch for i in a.insights]
        print(f"{name:24} messages {len(batch):4}: {shares([a.urgency.level for a in batch])}")
        print(f"{'':24} insights {len(insights):4}: {shares(insights)}")
    if args.dump:
        rows = [{"set": name, "i": i, "level": a.urgency.level, "score": a.urgency.score,
                 "text": a.text} for name, batch in found.items() for i, a in enumerate(batch)]  # fmt: skip
        args.dump.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))
    for name, batch in found.items():
        if args.sets and not any(s in name for s in args.sets):
            continue
        alarms = [a for a in batch if a.urgency.level in {"high", "critical"}]
        print(f"\n== {name}: {args.read} of {len(alarms)} high/critical messages")
        for a in random.Random(1).sample(alarms, min(args.read, len(alarms))):
            text = " ".join(a.text.split())[:220]
            print(f"  {a.urgency.level:8} {a.urgency.score:.2f} {text}")


if __name__ == "__main__":
    main()
