"""Quality floors on fixed public slices, measured through the whole analyzer (not the heads
alone), so a regression in any stage or model fails CI. Measured through the analyzer on these
slices (2026-11-23, default settings): UCI 0.857, airline 0.649, mini-bar bug F1 en 0.904 /
fr 0.881; the floors sit about 3-4 points under. The full evaluation is in docs/evaluation.md."""

import numpy as np
import pytest
from sklearn.metrics import f1_score

from scripts import datasets as ds

FLOORS = {"uci_accuracy": 0.82, "airline_macro_f1": 0.62, "minibar_bug_f1": 0.84}


@pytest.fixture(scope="module")
def tag(tagger):
    return lambda texts: tagger.tag_many(texts)


def test_english_polarity_on_uci_held_out_sentences(datasets, tag):
    rows = ds.uci(datasets, test=True)  # never trained on
    results = tag([row["text"] for row in rows])
    predicted = ["positive" if r.sentiment.score > 0 else "negative" for r in results]
    accuracy = np.mean([p == row["label"] for p, row in zip(predicted, rows, strict=True)])
    assert accuracy >= FLOORS["uci_accuracy"], accuracy


def test_three_class_sentiment_on_airline_tweets(datasets, tag):
    # Evaluation only (CC BY-NC-SA): never trained on. A fixed slice of confident labels.
    rows = [row for row in ds.airline(datasets) if float(row["label_confidence"]) >= 0.6][:600]
    results = tag([row["text"] for row in rows])
    predicted = [r.sentiment.label for r in results]
    macro_f1 = f1_score([row["label"] for row in rows], predicted, average="macro")
    assert macro_f1 >= FLOORS["airline_macro_f1"], macro_f1


@pytest.mark.parametrize("language", ["en", "fr"])
def test_bug_reports_on_mini_bar_reviews(datasets, tag, language):
    rows = [
        r for r in ds.minibar(datasets) if r["lang"] == language and r["app"] == "Huawei Health"
    ]
    rows = rows[:300]
    results = tag([row["text"] for row in rows])
    predicted = [any(i.label == "bug_report" for i in r.intents) for r in results]
    gold = [row["problem_report"] == "1" for row in rows]
    assert f1_score(gold, predicted) >= FLOORS["minibar_bug_f1"]
