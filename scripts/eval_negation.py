"""Evaluate the negation stage (analyzer/negation.py: "No crashes since the update." is not a bug
report; analyzer/politeness.py: "Merci de régler ça" is no praise) through the whole analyzer, with the stage on and off, on public sets with gold polarity
and (app reviews) bug-report labels; write the "negation" section of docs/evaluation.md. The rules
were written from hand-made sentences; none of these sets was used to write them.

    python scripts/eval_negation.py [--datasets ../shared/datasets]   # ~8 min on 2 cores
"""

import argparse
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "scripts"]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from analyzer import DEFAULT_STAGES, Analyzer, AnalyzerConfig  # noqa: E402
from scripts import datasets as ds  # noqa: E402
from scripts.report import cpu_model, write_section  # noqa: E402


@dataclass
class Labelled:
    text: str
    polarity: str  # negative / neutral / positive
    bug: bool | None  # None: the set says nothing about bug reports
    praise: bool | None = None  # app reviews: 4-5 stars, neither a bug report nor a request


@dataclass
class Answers:
    polarity: np.ndarray
    bug: np.ndarray
    praise: np.ndarray
    insights: int
    denials: int
    requests: int


def stars(row: dict) -> str:
    score = int(row["score"])
    return "negative" if score <= 2 else "positive" if score >= 4 else "neutral"


def labelled_sets(root: Path) -> dict[str, list[Labelled]]:
    return {
        "Airline tweets (EN), 3-class": [Labelled(r["text"], r["label"], None) for r in ds.airline(root)],
        "UCI held-out sentences (EN)": [Labelled(r["text"], r["label"], None) for r in ds.uci(root, test=True)],
        "APIA 2022 app reviews (FR), stars": [
            Labelled(r["text"], stars(r), r["bug_report"] == "1",
                     stars(r) == "positive" and r["bug_report"] == r["feature_request"] == "0")
            for r in ds.apia2022(root)
        ],
        "mini-bar app reviews (EN + FR), stars": [
            Labelled(r["text"], stars(r), r["problem_report"] == "1",
                     stars(r) == "positive" and r["labels"] == "irrelevant")
            for r in ds.minibar(root)
        ],
    }  # fmt: skip


def answer(analyzer: Analyzer, texts: list[str]) -> Answers:
    polarity, bug, praise, insights, denials, requests = [], [], [], 0, 0, 0
    for start in range(0, len(texts), 64):
        for analysis in analyzer.analyze_batch(texts[start : start + 64]):
            polarity.append(analysis.sentiment.label)
            bug.append(any(intent.label == "bug_report" for intent in analysis.intents))
            praise.append(any(intent.label == "praise" for intent in analysis.intents))
            insights += len(analysis.insights)
            denials += sum(insight.says_no_problem for insight in analysis.insights)
            requests += sum(insight.asks for insight in analysis.insights)
    return Answers(np.array(polarity), np.array(bug), np.array(praise), insights, denials, requests)


def changed_right(off: np.ndarray, on: np.ndarray, gold: np.ndarray) -> str:
    moved = off != on
    return (
        f"{moved.sum()}: {(off[moved] == gold[moved]).sum()} → {(on[moved] == gold[moved]).sum()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=ds.DEFAULT_ROOT)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "evaluation.md")
    args = parser.parse_args()
    with_stage = Analyzer(AnalyzerConfig())
    without = Analyzer(AnalyzerConfig(stages=tuple(s for s in DEFAULT_STAGES if s != "negation")))
    lines, examples, started = [], [], time.perf_counter()
    for name, rows in labelled_sets(args.datasets).items():
        texts = [row.text for row in rows]
        off, on = answer(without, texts), answer(with_stage, texts)
        gold = np.array([row.polarity for row in rows])
        bug = praise = "–"
        if rows[0].bug is not None:
            bug = changed_right(off.bug, on.bug, np.array([row.bug for row in rows]))
        if rows[0].praise is not None:
            praise = changed_right(off.praise, on.praise, np.array([row.praise for row in rows]))
        lines.append(
            f"| {name} | {len(rows)} | {on.insights} | {on.denials} | {on.requests} | "
            f"{changed_right(off.polarity, on.polarity, gold)} | {bug} | {praise} | "
            f"{np.mean(off.polarity == gold):.4f} → {np.mean(on.polarity == gold):.4f} |"
        )
        print(lines[-1], flush=True)
        for i in np.flatnonzero(off.polarity != on.polarity)[:3]:
            examples.append(f"- {gold[i]} (off: {off.polarity[i]}, on: {on.polarity[i]}): "
                            f"“{texts[i][:110]}”")  # fmt: skip
    command = "python scripts/eval_negation.py" + "".join(f" {a}" for a in sys.argv[1:])
    write_section(
        args.out,
        "negation",
        f"""
## Denied problems (`scripts/eval_negation.py`)

Measured {date.today().isoformat()} with `{command}` ({cpu_model()}, {time.perf_counter() - started:.0f} s).
"No crashes since the update." reads as a crash to a sentence embedder: the heads tag it negative
and bug_report. The `negation` stage (rules in `analyzer/negation.py`, EN + FR, written from
hand-made sentences) marks insights of at most 16 words that deny a problem and neither contrast
("but", "until", "sinon"), ask, nor report another problem; for those, a negative sentiment is
mirrored (p(negative) and p(positive) swap), so is complaint into praise, and bug_report /
complaint are dropped. It also marks polite requests that sound like thanks ("Merci de régler ça
au plus vite", "Please ...", "Thanks in advance": `analyzer/politeness.py`): their praise is
dropped (their sentiment stays the head's). Whole
analyzer, stage off → on; "changed" counts messages whose answer moved, with how many were right
before → after (gold: the set's label; app reviews: 1-2 stars negative, 3 neutral, 4-5 positive,
the set's bug-report label, and praise = 4-5 stars that are neither a bug report nor a request,
mini-bar's "irrelevant", the label its praise training rows come from).

| set | messages | insights | denials found | polite requests found | sentiment changed: right off → on | bug_report changed: right off → on | praise changed: right off → on | sentiment accuracy off → on |
|---|---:|---:|---:|---:|---|---|---|---|
{chr(10).join(lines)}

The stage moves few messages: denials are rare, a message's own sentiment moves only when
all its insights are denials, and most denials sit beside praise the heads already read. The
counts say how many of the moved answers it put right. Examples of changed answers:

{chr(10).join(examples)}
""",
    )


if __name__ == "__main__":
    main()
