"""Custom taggers' answers: the best label and its score, the runners-up, and "unknown" for
out-of-scope text (the tagger's own unknown label, or a score under its threshold)."""

import numpy as np

from models.heads import LinearHead

UNKNOWN = "unknown"


def tagger_answers(head: LinearHead, probabilities: np.ndarray, top: int = 3) -> list[dict]:
    """One answer per row of `probabilities` (the head's output for each text)."""
    unknown_label = head.card.get("unknown_label")
    answers = []
    for row in probabilities:
        order = np.argsort(-row)
        ranked = [{"label": head.labels[i], "score": round(float(row[i]), 4)} for i in order[:top]]
        if head.multi_label:
            chosen = [i for i in order if row[i] >= head.thresholds[i]]  # all, not just the top
            best = ranked[0] if chosen else {"label": UNKNOWN, "score": ranked[0]["score"]}
            answers.append({**best, "labels": [head.labels[i] for i in chosen], "top": ranked})
            continue
        best = ranked[0]
        if best["label"] == unknown_label or best["score"] < float(head.thresholds[order[0]]):
            best = {"label": UNKNOWN, "score": best["score"]}
        answers.append({**best, "top": ranked})
    return answers


def stored_tag(head: LinearHead, answer: dict) -> dict:
    """An answer as an item's `tags` keep it: the top label and its score, and a multi-label
    tagger's every label that applies (`labels`)."""
    tag = {"label": answer["label"], "score": answer["score"]}
    if head.multi_label:
        tag["labels"] = answer["labels"]
    return tag
