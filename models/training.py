"""Fitting a LinearHead from labelled examples, with cross-validated figures: what custom taggers
are made of. scikit-learn fits a linear SVM (the most accurate of what we measured on Banking77,
docs/evaluation.md); its scores are calibrated on out-of-fold predictions (a temperature for
softmax heads, Platt scaling per label for multi-label heads), so the result serves with numpy
alone as a LinearHead (models/heads.py)."""

import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from joblib import Parallel, delayed
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.svm import LinearSVC

from models.heads import LinearHead
from models.lexical import hashed_rows

# Embedding + hashed n-grams, as the intent head (models/README.md says why).
TAGGER_FEATURES = {
    "lexical": {"dims": 32768, "words": [1, 2], "chars": [3, 5], "weight": 1.0, "emoji_words": True}
}
MAX_FOLDS = 5
SVM_C = 1.0
MULTI_LABEL_THRESHOLD = 0.5  # a calibrated probability: a label applies when more likely than not
# (fits done, fits in all), told after each fit; it may raise to stop the training (a deletion)
Step = Callable[[int, int], None]


@dataclass
class Fitted:
    head: LinearHead
    metrics: dict


def sparse_features(texts: Sequence[str], vectors: np.ndarray, spec: dict) -> sp.csr_matrix:
    """models.features.build_features as a sparse matrix (same values): cheap to fit on."""
    x = sp.csr_matrix(np.asarray(vectors, dtype=np.float32))
    if spec.get("lexical"):
        indptr, indices, values = hashed_rows(texts, **spec["lexical"])
        shape = (len(texts), spec["lexical"]["dims"])
        x = sp.hstack([x, sp.csr_matrix((values, indices, indptr), shape=shape)], format="csr")
    return x


class Fits:
    """Counts a training's fits as they end and tells `step` (folds fit in two threads)."""

    def __init__(self, total: int, step: Step | None) -> None:
        self.total, self.step, self.count = total, step, 0
        self._lock = threading.Lock()

    def done(self) -> None:
        with self._lock:
            self.count += 1
            if self.step is not None:
                self.step(self.count, self.total)


def _decisions(
    x: sp.csr_matrix, y: np.ndarray, train: np.ndarray, test: np.ndarray, fits: Fits
) -> np.ndarray:
    model = LinearSVC(C=SVM_C).fit(x[train], y[train])
    scores = model.decision_function(x[test])
    fits.done()
    return scores[:, None] if scores.ndim == 1 else scores


def text_groups(texts: Sequence[str]) -> list[str]:
    """Each text as the folds group it: case and spacing aside."""
    return [" ".join(text.casefold().split()) for text in texts]


def fold_splits(y: np.ndarray, texts: Sequence[str], folds: int) -> list:
    """Stratified folds that keep a text and its repeats (case and spacing aside) in one fold:
    an example scored by a model trained on its own copy made the figures a memory test (each
    of 96 rows given 4 times: 1.0 cross-validated, 0.84 on rows held back)."""
    groups = text_groups(texts)
    plain = StratifiedKFold(folds, shuffle=True, random_state=0)
    if len(set(groups)) == len(groups):
        return list(plain.split(np.zeros(len(y)), y))
    try:
        grouped = StratifiedGroupKFold(folds, shuffle=True, random_state=0)
        splits = list(grouped.split(np.zeros(len(y)), y, groups))
    except ValueError:  # fewer distinct texts than folds
        splits = []
    classes = len(np.unique(y))
    if splits and all(len(np.unique(y[train])) == classes for train, _ in splits):
        return splits
    # grouped, a training fold would lack a label (a rare one's texts all in one fold): the
    # plain folds, whose figures repeats may flatter, rather than no figures at all
    return list(plain.split(np.zeros(len(y)), y))


def _out_of_fold(x: sp.csr_matrix, y: np.ndarray, splits: list, fits: Fits) -> np.ndarray:
    # Threads: liblinear fits without the GIL. loky's default processes outlived `boucle serve`
    # (a SIGTERM ends it without the exit hooks that stop them) and took ~10 s to start.
    fold_fits = (delayed(_decisions)(x, y, tr, te, fits) for tr, te in splits)
    parts = Parallel(n_jobs=2, backend="threading")(fold_fits)
    out = np.zeros((len(y), parts[0].shape[1]), dtype=np.float32)
    for (_, test), scores in zip(splits, parts, strict=True):
        out[test] = scores
    return out


def _softmax(logits: np.ndarray) -> np.ndarray:
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)


def _temperature(decisions: np.ndarray, y: np.ndarray) -> float:
    """The scale that makes softmax(scale * decisions) best calibrated (lowest log-loss against
    targets smoothed by 1 / (n + 2), the rule of succession): when a handful of examples are all
    classified right out of fold, that is not evidence for a score of 1.0, and a plain log-loss
    would pick the largest scale. With thousands of examples the smoothing is negligible."""
    targets = np.full(decisions.shape, 1.0 / (len(y) + 2) / decisions.shape[1])
    targets[np.arange(len(y)), y] += 1.0 - 1.0 / (len(y) + 2)
    losses = {
        scale: -(targets * np.log(_softmax(scale * decisions) + 1e-12)).sum(axis=1).mean()
        for scale in np.geomspace(0.3, 20, 40)
    }
    return float(min(losses, key=losses.get))


def _per_label(gold: np.ndarray, predicted: np.ndarray, labels: Sequence[str]) -> dict:
    precision, recall, f1, support = precision_recall_fscore_support(
        gold, predicted, labels=list(range(len(labels))), zero_division=0
    )
    return {
        label: {"precision": round(float(p), 4), "recall": round(float(r), 4),
                "f1": round(float(f), 4), "support": int(s)}
        for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
    }  # fmt: skip


def fit_single_label(
    name: str,
    texts: Sequence[str],
    vectors: np.ndarray,
    labels: Sequence[str],
    embedder: str,
    spec: dict = TAGGER_FEATURES,
    unknown_label: str | None = None,
    threshold: float | None = None,
    step: Step | None = None,
) -> Fitted:
    """A softmax head over the labels, with k-fold out-of-fold metrics (k = up to 5, at most the
    smallest label's count; a text's repeats in one fold). Out of scope: examples labelled
    `unknown_label` teach it, and/or a score `threshold` below which the answer is unknown; with
    `unknown_label` and no threshold, one is chosen on the out-of-fold predictions."""
    started = time.perf_counter()
    names = sorted(set(labels))
    y = np.array([names.index(label) for label in labels])
    x = sparse_features(texts, vectors, spec)
    folds = min(MAX_FOLDS, min(Counter(labels).values()))
    splits = fold_splits(y, texts, folds)
    fits = Fits(folds + 1, step)
    decisions = _out_of_fold(x, y, splits, fits)
    if len(names) == 2:  # a binary SVM gives one column: the second label's margin
        decisions = np.hstack([-decisions / 2, decisions / 2])
    scale = _temperature(decisions, y)
    oof = _softmax(scale * decisions)
    unknown = names.index(unknown_label) if unknown_label in names else None
    if threshold is None:
        threshold = _unknown_threshold(oof, y, unknown) if unknown is not None else 0.0
    model = LinearSVC(C=SVM_C).fit(x, y)
    fits.done()
    weights, bias = model.coef_.T, model.intercept_
    if len(names) == 2:
        weights, bias = (
            np.hstack([-weights / 2, weights / 2]),
            np.array([-bias[0] / 2, bias[0] / 2]),
        )
    predicted = oof.argmax(axis=1)
    metrics = {
        "folds": folds,
        "examples": len(y),
        "accuracy": round(float((predicted == y).mean()), 4),
        "macro_f1": round(float(f1_score(y, predicted, average="macro")), 4),
        "per_label": _per_label(y, predicted, names),
        "threshold": round(float(threshold), 4),
    }
    if unknown is not None or threshold > 0:
        metrics.update(scope_metrics(oof, y, unknown, threshold))
        # what the threshold costs in-scope examples (a warning when it sends most to unknown)
        unthresholded = scope_metrics(oof, y, unknown, 0.0)["in_scope_accuracy"]
        metrics["in_scope_accuracy_without_threshold"] = unthresholded
    metrics["train_seconds"] = round(time.perf_counter() - started, 2)
    head = LinearHead(
        name=name,
        labels=tuple(names),
        multi_label=False,
        weights=(scale * weights).astype(np.float32),
        bias=(scale * bias).astype(np.float32),
        thresholds=np.full(len(names), threshold, dtype=np.float32),
        embedder=embedder,
        card={"features": spec, "unknown_label": unknown_label, "threshold": float(threshold)},
    )
    return Fitted(head, metrics)


def fit_multi_label(
    name: str,
    texts: Sequence[str],
    vectors: np.ndarray,
    labels: Sequence[Sequence[str]],
    embedder: str,
    spec: dict = TAGGER_FEATURES,
    threshold: float | None = None,
    step: Step | None = None,
) -> Fitted:
    """One calibrated linear SVM per label (Platt scaling on out-of-fold margins); a label
    applies at probability ≥ `threshold` (0.5 when None)."""
    threshold = MULTI_LABEL_THRESHOLD if threshold is None else threshold
    started = time.perf_counter()
    names = sorted({label for row in labels for label in row})
    y = np.array([[label in row for label in names] for row in labels], dtype=int)
    x = sparse_features(texts, vectors, spec)
    # Each label is its own yes/no problem: folds stratified on it, so that every training fold
    # holds examples with and without it (a plain KFold could leave a fold without any).
    positives = y.sum(axis=0)
    folds = max(2, min(MAX_FOLDS, int(np.minimum(positives, len(y) - positives).min())))
    weights, bias, oof = [], [], np.zeros(y.shape, dtype=np.float32)
    fits = Fits(len(names) * (folds + 1), step)
    for column in range(len(names)):
        splits = fold_splits(y[:, column], texts, folds)
        margins = _out_of_fold(x, y[:, column], splits, fits)[:, 0]
        platt = LogisticRegression().fit(margins[:, None], y[:, column])
        a, b = float(platt.coef_[0, 0]), float(platt.intercept_[0])
        oof[:, column] = 1.0 / (1.0 + np.exp(-(a * margins + b)))
        model = LinearSVC(C=SVM_C).fit(x, y[:, column])
        fits.done()
        weights.append(a * model.coef_[0])
        bias.append(a * model.intercept_[0] + b)
    predicted = (oof >= threshold).astype(int)
    f1 = f1_score(y, predicted, average=None, zero_division=0)
    metrics = {
        "folds": folds,
        "examples": len(y),
        "threshold": round(float(threshold), 4),
        "exact_match": round(float((predicted == y).all(axis=1).mean()), 4),
        "macro_f1": round(float(f1.mean()), 4),
        "per_label": {
            label: {"f1": round(float(f), 4), "support": int(s)}
            for label, f, s in zip(names, f1, y.sum(axis=0), strict=True)
        },  # fmt: skip
        "train_seconds": round(time.perf_counter() - started, 2),
    }
    head = LinearHead(
        name=name,
        labels=tuple(names),
        multi_label=True,
        weights=np.vstack(weights).T.astype(np.float32),
        bias=np.array(bias, dtype=np.float32),
        thresholds=np.full(len(names), threshold, dtype=np.float32),
        embedder=embedder,
        card={"features": spec, "threshold": float(threshold)},
    )
    return Fitted(head, metrics)


def _flag_unknown(probabilities: np.ndarray, unknown: int | None, threshold: float) -> np.ndarray:
    flagged = probabilities.max(axis=1) < threshold
    if unknown is not None:
        flagged |= probabilities.argmax(axis=1) == unknown
    return flagged


def _unknown_threshold(oof: np.ndarray, y: np.ndarray, unknown: int) -> float:
    """The highest threshold that keeps in-scope accuracy within 1 point of no threshold at all,
    chosen on out-of-fold predictions: it catches the most out-of-scope examples."""
    baseline = scope_metrics(oof, y, unknown, 0.0)["in_scope_accuracy"]
    chosen = 0.0
    for threshold in np.linspace(0.05, 0.9, 18):
        if scope_metrics(oof, y, unknown, threshold)["in_scope_accuracy"] >= baseline - 0.01:
            chosen = float(threshold)
    return chosen


def scope_metrics(oof: np.ndarray, y: np.ndarray, unknown: int | None, threshold: float) -> dict:
    flagged = _flag_unknown(oof, unknown, threshold)
    in_scope = y != unknown if unknown is not None else np.ones(len(y), dtype=bool)
    right = (oof.argmax(axis=1) == y) & ~flagged
    recall = float(flagged[~in_scope].mean()) if (~in_scope).any() else None
    return {
        "in_scope_accuracy": round(float(right[in_scope].mean()), 4),
        "out_of_scope_recall": round(recall, 4) if recall is not None else None,
    }
