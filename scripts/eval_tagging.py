"""Measure the tagging heads with the training recipe of train_heads.py and write docs/evaluation.md.

Usage: python scripts/eval_tagging.py [--datasets PATH] [--embedder NAME ...] [--out docs/evaluation.md]
Nothing here tunes anything: every head is trained by train_heads.py's functions on training data only.
"""

import argparse
import json
import os
import sys
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "2")  # before numpy: 2 cores, no oversubscription
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import numpy as np  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402

from analyzer import Analyzer, AnalyzerConfig  # noqa: E402
from models.embedders import load_embedder  # noqa: E402
from models.heads import LinearHead  # noqa: E402
from scripts import datasets as ds  # noqa: E402
from scripts import train_heads as th  # noqa: E402  (sets up sys.path and thread counts)
from scripts.embed_cache import DEFAULT_CACHE, CachedEmbedder  # noqa: E402
from scripts.report import write_section  # noqa: E402

APPS = ("Garmin Connect", "Huawei Health")
TARGETS = {
    "minibar_en": 0.85, "minibar_fr": 0.85, "nlbse": 0.85,
    "allocine": 0.92, "uci": 0.92, "airline": 0.78,
}  # fmt: skip
# Numbers of the previous recipe (embedding-only heads, broad multi-source labels), measured
# 2026-11-23 with this script, kept for comparison; MiniLM was not re-run with the new recipe.
PREVIOUS = {
    "use-multilingual-v3 round 1": {
        "mini-bar cross-app macro-F1 EN": 0.730, "mini-bar cross-app macro-F1 FR": 0.748,
        "NLBSE'24 5-fold macro-F1": 0.700, "Allociné 5-fold accuracy": 0.829,
        "Allociné, no French training": 0.704, "UCI held-out accuracy": 0.857,
        "airline macro-F1 (all)": 0.661, "airline macro-F1 (conf ≥ 0.6)": 0.666,
    },
    "use-multilingual-v3": {
        "mini-bar cross-app macro-F1 EN": 0.700, "mini-bar cross-app macro-F1 FR": 0.694,
        "NLBSE'24 5-fold macro-F1": 0.666, "Allociné 5-fold accuracy": 0.782,
        "Allociné, no French training": 0.712, "UCI held-out accuracy": 0.864,
        "airline macro-F1 (all)": 0.617, "airline macro-F1 (conf ≥ 0.6)": 0.621,
    },
    "all-minilm-l6-v2": {
        "mini-bar cross-app macro-F1 EN": 0.673, "mini-bar cross-app macro-F1 FR": 0.629,
        "NLBSE'24 5-fold macro-F1": 0.636, "Allociné 5-fold accuracy": 0.647,
        "Allociné, no French training": 0.610, "UCI held-out accuracy": 0.870,
        "airline macro-F1 (all)": 0.539, "airline macro-F1 (conf ≥ 0.6)": 0.542,
    },
}  # fmt: skip
PREVIOUS_SPEED = {
    "use-multilingual-v3 round 1": 275,
    "use-multilingual-v3": 349,
    "all-minilm-l6-v2": 91,
}


def probabilities(head: LinearHead, embedder: CachedEmbedder, texts: list[str]) -> np.ndarray:
    return head.predict(texts, embedder.embed(texts))


def minibar_cross_app(root: Path, embedder: CachedEmbedder) -> dict:
    """Train on one app's mini-bar rows (+ all non-mini-bar sources), test on the other app."""
    gold, pred, langs = [], [], []
    for train_app, test_app in (APPS, APPS[::-1]):
        head = th.train_intent(
            th.intent_data(root, minibar_apps=(train_app,)), embedder,
            only=("bug_report", "feature_request"),
        )  # fmt: skip
        rows = [r for r in ds.minibar(root) if r["app"] == test_app and r["labels"]]
        p = probabilities(head, embedder, [r["text"] for r in rows])[:, :2]
        pred.append(p >= head.thresholds[:2])
        gold.append([[int(r["problem_report"]), int(r["feature_request"])] for r in rows])
        langs += [f"{r['lang']}:{test_app}" for r in rows]
    gold, pred, langs = np.vstack(gold), np.vstack(pred), np.array(langs)
    out = {}
    for key in (
        "en",
        "fr",
        "en:Huawei Health",
        "en:Garmin Connect",
        "fr:Huawei Health",
        "fr:Garmin Connect",
    ):
        mask = np.char.startswith(langs, key)
        f1 = f1_score(gold[mask], pred[mask], average=None, zero_division=0)
        out[key] = {"macro_f1": float(f1.mean()), "bug_f1": float(f1[0]), "feature_f1": float(f1[1]),
                    "rows": int(mask.sum())}  # fmt: skip
    return out


def nlbse_cv(root: Path, embedder: CachedEmbedder) -> dict:
    """5-fold CV on the NLBSE'24 train split; argmax over bug_report / feature_request / question."""
    rows = ds.nlbse_train(root)
    kinds = np.array([r["label"] for r in rows])
    names = ["bug", "feature", "question"]
    pred = np.empty(len(rows), dtype=object)
    folds = StratifiedKFold(5, shuffle=True, random_state=th.SEED)
    for _, test in folds.split(kinds, kinds):
        held = frozenset(rows[i]["id"] for i in test)
        head = th.train_intent(th.intent_data(root, nlbse_exclude=held), embedder,
                               only=("bug_report", "feature_request", "question"))  # fmt: skip
        p = probabilities(head, embedder, [th.nlbse_text(rows[i]) for i in test])[:, :3]
        pred[test] = [names[k] for k in p.argmax(axis=1)]
    return {
        "macro_f1": float(f1_score(kinds, pred.astype(str), average="macro")),
        "rows": len(rows),
    }


def polarity(p: np.ndarray) -> np.ndarray:
    """Binary decision for positive/negative-only sets: p(positive) vs p(negative)."""
    return np.where(p[:, 2] > p[:, 0], "positive", "negative")


def service_messages(
    texts: list[str], name: str, message_vector: str = "pooled"
) -> tuple[list[str], np.ndarray]:
    """What the service's sentiment head reads for each message: the normalised, redacted text
    and the message vector (default config: pooled over its insights' tokens, models/use_pooling.py)."""
    stages = ("normalise", "language", "redact", "segment", "embed")  # the heads are the folds'
    analyzer = Analyzer(AnalyzerConfig(embedder=name, message_vector=message_vector, stages=stages))
    analyses = [analysis for start in range(0, len(texts), 64)
                for analysis in analyzer.analyze_batch(texts[start : start + 64], until="embed")]  # fmt: skip
    return [a.text for a in analyses], np.vstack([a.vector for a in analyses])


def sentiment(root: Path, embedder: CachedEmbedder) -> dict:
    head = th.train_sentiment(th.sentiment_data(root), embedder)
    uci = ds.uci(root, test=True)
    uci_acc = np.mean(polarity(probabilities(head, embedder, [r["text"] for r in uci]))
                      == [r["label"] for r in uci])  # fmt: skip
    tweets = ds.airline(root)
    p = probabilities(head, embedder, [r["text"] for r in tweets])
    labels = np.array(th.SENTIMENT_LABELS)[p.argmax(axis=1)]
    gold = np.array([r["label"] for r in tweets])
    sure = np.array([float(r["label_confidence"]) >= 0.6 for r in tweets])
    # Allociné's original test split is held out elsewhere: 5-fold CV over its train-split rows,
    # each fold scored by a head trained on everything except that fold.
    allocine = ds.allocine_train(root)
    kinds = np.array([r["label"] for r in allocine])
    hits = np.zeros(len(allocine), dtype=bool)
    service_hits = np.zeros(len(allocine), dtype=bool)
    allocine_texts = [r["text"] for r in allocine]
    service_texts, service_vectors = service_messages(allocine_texts, embedder.name)
    _, mean_vectors = service_messages(allocine_texts, embedder.name, "mean")
    mean_hits = np.zeros(len(allocine), dtype=bool)
    for _, test in StratifiedKFold(5, shuffle=True, random_state=th.SEED).split(kinds, kinds):
        held = frozenset(allocine[i]["id"] for i in test)
        fold_head = th.train_sentiment(th.sentiment_data(root, allocine_exclude=held), embedder)
        texts = [allocine[i]["text"] for i in test]
        hits[test] = polarity(probabilities(fold_head, embedder, texts)) == kinds[test]
        service = fold_head.predict([service_texts[i] for i in test], service_vectors[test])
        service_hits[test] = polarity(service) == kinds[test]
        mean = fold_head.predict([service_texts[i] for i in test], mean_vectors[test])
        mean_hits[test] = polarity(mean) == kinds[test]
    no_fr = th.train_sentiment(
        th.sentiment_data(root, frozenset(r["id"] for r in allocine)), embedder
    )
    zero_shot = polarity(probabilities(no_fr, embedder, [r["text"] for r in allocine])) == kinds
    return {
        "uci_heldout_accuracy": float(uci_acc), "uci_rows": len(uci),
        "airline_macro_f1_all": float(f1_score(gold, labels, average="macro")),
        "airline_macro_f1_conf06": float(f1_score(gold[sure], labels[sure], average="macro")),
        "airline_rows": len(tweets), "airline_rows_conf06": int(sure.sum()),
        "allocine_cv_accuracy": float(hits.mean()), "allocine_rows": len(allocine),
        "allocine_cv_accuracy_service": float(service_hits.mean()),
        "allocine_cv_accuracy_mean": float(mean_hits.mean()),
        "allocine_without_french_training": float(zero_shot.mean()),
    }  # fmt: skip


def evaluate(root: Path, name: str, cache: Path | None) -> dict:
    started = time.perf_counter()
    embedder = CachedEmbedder(load_embedder(name, threads=2), cache)
    sample = [r["text"] for r in th.sample(ds.minibar(root), 500)]
    t0 = time.perf_counter()
    embedder.embedder.embed(sample)  # uncached, for a throughput figure on real feedback
    speed = len(sample) / (time.perf_counter() - t0)
    result = {
        "texts_per_s": speed,
        "minibar": minibar_cross_app(root, embedder),
        "nlbse": nlbse_cv(root, embedder),
        "sentiment": sentiment(root, embedder),
    }
    result["seconds"] = time.perf_counter() - started
    return result


def _mark(value: float, target: float) -> str:
    return f"{value:.3f} ({'met' if value >= target else 'not met'}, target ≥ {target:.2f})"


def render(results: dict[str, dict], command: str) -> str:
    """docs/evaluation.md: the default embedder's numbers against targets, then both side by side."""
    names = list(results)
    main = results[names[0]]
    mb, sent = main["minibar"], main["sentiment"]
    gap = mb["en"]["macro_f1"] - mb["fr"]["macro_f1"]
    lines = [
        "# Evaluation of the tagging heads",
        "",
        f"Measured {date.today().isoformat()} on a 2-core CPU, 24 GiB, no GPU, with",
        f"`{command}`.",
        "Every head below is trained by the functions of `scripts/train_heads.py` (the shipped recipe:",
        "USE embedding + hashed word/char n-grams, logistic regression, C by 5-fold CV log-loss on",
        "training rows, intent thresholds by CV F1 on training rows). No hyper-parameter was tuned on",
        "the rows scored here (one data-mix change in round 1: see notes).",
        "",
        f"## Results with the default embedder ({names[0]})",
        "",
        "| task | data and protocol | measured | target |",
        "|---|---|---|---|",
        f"| feedback type, EN | mini-bar, cross-app (train Garmin → test Huawei and reverse), "
        f"macro-F1 over bug_report/feature_request, {mb['en']['rows']} rows | "
        f"{_mark(mb['en']['macro_f1'], TARGETS['minibar_en'])} | ≥ 0.85 |",
        f"| feedback type, FR | same, French rows ({mb['fr']['rows']}) | "
        f"{_mark(mb['fr']['macro_f1'], TARGETS['minibar_fr'])} | ≥ 0.85 |",
        f"| FR vs EN gap | EN − FR macro-F1 | {gap:+.3f} "
        f"({'met' if gap <= 0.03 else 'not met'}, target ≤ 0.03) | ≤ 3 points |",
        f"| issue type | NLBSE'24 train split, 5-fold CV, argmax bug/feature/question, "
        f"{main['nlbse']['rows']} issues | {_mark(main['nlbse']['macro_f1'], TARGETS['nlbse'])} | ≥ 0.85 |",
        f"| sentiment FR | Allociné train-split rows, 5-fold CV (the original test split is held "
        f"out elsewhere), p(pos) vs p(neg), {sent['allocine_rows']} reviews | "
        f"{_mark(sent['allocine_cv_accuracy'], TARGETS['allocine'])} | ≥ 0.92 |",
        f"| sentiment EN | UCI sentences, fixed hashed held-out fifth, {sent['uci_rows']} rows | "
        f"{_mark(sent['uci_heldout_accuracy'], TARGETS['uci'])} | ≥ 0.92 |",
        f"| sentiment 3-class | airline tweets, all {sent['airline_rows']} (never trained on) | "
        f"{_mark(sent['airline_macro_f1_all'], TARGETS['airline'])} | ≥ 0.78 |",
        f"| sentiment 3-class | airline tweets with label_confidence ≥ 0.6 "
        f"({sent['airline_rows_conf06']}) | {sent['airline_macro_f1_conf06']:.3f} | (info) |",
        "",
        "Per direction (macro-F1; bug_report F1 / feature_request F1):",
        "",
        "| test rows | macro-F1 | bug_report F1 | feature_request F1 | rows |",
        "|---|---|---|---|---|",
    ]
    for key, value in mb.items():
        lines.append(f"| {key} | {value['macro_f1']:.3f} | {value['bug_f1']:.3f} | "
                     f"{value['feature_f1']:.3f} | {value['rows']} |")  # fmt: skip
    lines += [
        "",
        f"Allociné with no French sentiment training at all (head trained without any Allociné row, "
        f"scored on all {sent['allocine_rows']}): {sent['allocine_without_french_training']:.3f} accuracy "
        "(cross-lingual transfer through the embedding).",
        "",
        "The rows above embed each text whole. The service, by default, scores a message of several",
        "insights (~5 per Allociné review) on a vector pooled from its insights' tokens in the same",
        "forward pass (`BOUCLE_MESSAGE_VECTOR=pooled`, models/use_pooling.py; cosine ~0.97 to the",
        f"whole-text vector). Allociné, same folds, that way: {sent['allocine_cv_accuracy_service']:.3f}",
        f"accuracy; with the mean of the insight vectors instead: {sent['allocine_cv_accuracy_mean']:.3f}.",
        "",
        "## Embedders and recipes side by side",
        "",
        '"round 1 (previous)" = the heads this round replaced (USE + n-grams, CLINC off-topic rows as',
        'bug/feature negatives, old NLBSE text); the other "previous" columns = the embedding-only',
        "recipe before it (same script, same protocol).",
        "",
    ]
    previous = [n for n in PREVIOUS if n not in names or n == names[0]]
    header = names + [f"{n} (previous)" for n in previous]
    lines += ["| metric | " + " | ".join(header) + " |", "|---|" + "---|" * len(header)]
    rows = [
        ("mini-bar cross-app macro-F1 EN", lambda r: r["minibar"]["en"]["macro_f1"]),
        ("mini-bar cross-app macro-F1 FR", lambda r: r["minibar"]["fr"]["macro_f1"]),
        ("NLBSE'24 5-fold macro-F1", lambda r: r["nlbse"]["macro_f1"]),
        ("Allociné 5-fold accuracy", lambda r: r["sentiment"]["allocine_cv_accuracy"]),
        (
            "Allociné, no French training",
            lambda r: r["sentiment"]["allocine_without_french_training"],
        ),
        ("UCI held-out accuracy", lambda r: r["sentiment"]["uci_heldout_accuracy"]),
        ("airline macro-F1 (all)", lambda r: r["sentiment"]["airline_macro_f1_all"]),
        ("airline macro-F1 (conf ≥ 0.6)", lambda r: r["sentiment"]["airline_macro_f1_conf06"]),
    ]
    for label, get in rows:
        cells = [f"{get(results[n]):.3f}" for n in names]
        cells += [f"{PREVIOUS[n][label]:.3f}" for n in previous]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    speeds = [f"{results[n]['texts_per_s']:.0f}" for n in names]
    speeds += [str(PREVIOUS_SPEED[n]) for n in previous]
    lines.append(
        "| texts/s (500 mini-bar reviews, 2 threads, uncached) | " + " | ".join(speeds) + " |"
    )
    lines += [
        "",
        "No subsampling was needed: all rows above were embedded (cached on disk between runs in",
        "~/.cache/boucle/embeddings). MiniLM is English-only, which shows on the French rows.",
        "",
        "## Notes on honesty",
        "",
        "- Allociné's original test split and NLBSE's test split are held out outside this repository, so",
        "  Allociné is scored by 5-fold CV over its train-split rows (each fold by a head that never saw",
        "  it) and NLBSE by 5-fold CV over its train split.",
        "- Hyper-parameters (C, intent thresholds) are chosen by CV on training rows only. The *data mix*",
        "  of the sentiment head was revised once after a first run of this evaluation: Banking77",
        "  problem intents were moved from neutral to negative and 400 CFPB complaints were added as",
        "  negative (first run: airline macro-F1 0.543, UCI 0.855). The change follows from what the",
        "  sources are, but it was prompted by a number measured here, so treat the airline figure as",
        "  slightly optimistic. Nothing else was changed after looking at these results.",
        "- The recipe change (label hygiene, hashed n-grams, whole Allociné reviews, more hand-written",
        "  bug reports) was decided by 5-fold CV on training rows (per-source out-of-fold F1/accuracy,",
        "  listed in models/README.md), then this evaluation was run once. The hand-written bug",
        "  reports were written after seeing the analyzer mis-tag crash reports (product examples, not",
        "  rows of any evaluation set).",
        "- Round 2 changed two things in the intent data, both chosen by 5-fold CV on",
        "  training rows (folds by hash of the text, mini-bar rows of both apps and NLBSE rows",
        "  scored out-of-fold; numbers in models/README.md) before this evaluation was run once:",
        "  CLINC off-topic queries are no longer bug_report/feature_request negatives, and the",
        "  NLBSE issue text keeps template headings, drops indented code, stack traces and links,",
        "  and takes 100 body words (the old text cleaner also deleted everything after the first",
        "  markdown heading). Sentiment knobs (lexical weight, C, char n-grams, source weights)",
        "  gave nothing beyond CV noise, so the sentiment head is unchanged.",
        "- 2026-12-03 (this run): 16 more hand-written sentences (8 EN, 8 FR), bug reports about",
        "  SaaS features that app reviews mostly *request* (CSV export, import, calendar sync,",
        '  Slack, API, PDF): "export" had become a strong bug_report negative, and "Export CSV',
        '  crashes." scored bug_report 0.35. Written from product examples, checked on other',
        "  hand-written sentences, not on any row scored here; this evaluation was then run once",
        "  (before: mini-bar EN 0.739, FR 0.740, NLBSE 0.726, Allociné 0.827, UCI 0.859, airline",
        "  0.661).",
        "- Run-to-run spread: the same code re-run on a fresh machine (cold embedding cache, same",
        "  data) gave mini-bar EN 0.738, FR 0.744, NLBSE 0.731, Allociné 0.837, UCI 0.847, airline",
        "  0.651. Its fits came out slightly different (the cause was not pinned down: embeddings do",
        "  not depend on the batch), and near-ties flip discrete choices: the sentiment head's C by CV",
        "  log-loss (shipped card: C 1, 0.2696; train_heads.py that day: C 4, 0.2691) and F1-best thresholds on a",
        "  0.025 grid. Differences under about one point (UCI: 601 sentences) are noise.",
        "",
        "## Data sets (read from ../shared/datasets, never copied)",
        "",
        "- mini-bar: J. Wei et al., *Zero-shot Bilingual App Reviews Mining with Large Language Models*, "
        "ICTAI 2023 (MIT).",
        "- NLBSE'24: Kallis et al., *The NLBSE'24 Tool Competition*, NLBSE 2024 (no licence stated; "
        "research use).",
        "- Allociné: T. Blard, *French sentiment analysis with BERT*, 2020 (MIT).",
        "- UCI Sentiment Labelled Sentences: Kotzias et al., KDD 2015 (CC BY 4.0).",
        "- Twitter US Airline Sentiment: Figure Eight / CrowdFlower, 2015 (CC BY-NC-SA 4.0; "
        "evaluation only, never trained on).",
        "- Also in training (not scored here): Banking77 (Casanueva et al. 2020, CC BY 4.0), CLINC150 "
        "(Larson et al. 2019, CC BY 3.0), CFPB Consumer Complaint Database (US public domain).",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=ds.DEFAULT_ROOT)
    parser.add_argument("--embedder", action="append", help="repeatable; default: both, USE first")
    parser.add_argument("--out", type=Path, default=Path(th.ROOT / "docs" / "evaluation.md"))
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="embedding cache folder")
    args = parser.parse_args()
    names = args.embedder or ["use-multilingual-v3", "all-minilm-l6-v2"]
    results = {}
    for name in names:
        results[name] = evaluate(args.datasets, name, args.cache)
        print(name, json.dumps(results[name], indent=1), flush=True)
    command = "python scripts/eval_tagging.py " + " ".join(sys.argv[1:])
    write_section(args.out, "eval_tagging", render(results, command.strip()))


if __name__ == "__main__":
    main()
