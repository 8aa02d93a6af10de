"""What a tagger's examples must hold before anything is fitted, and what its figures say of
them: no model, no scikit-learn, so that `boucle taggers train` refuses a bad file at once."""

from collections import Counter

# Below this cross-validated score a tagger answers wrong more often than right.
WEAK_SCORE = 0.5


class BadExamples(ValueError):
    """Examples a tagger cannot learn from; the message says what to fix."""


def label_rows(examples: list[dict]) -> list[list[str]]:
    return [e["label"] if isinstance(e["label"], list) else [e["label"]] for e in examples]


def check_examples(
    labels: list[list[str]], unknown_label: str | None, multi_label: bool = False
) -> None:
    counts = Counter(label for row in labels for label in row)
    if len(counts) < 2:
        raise BadExamples(f"a tagger needs at least 2 labels; got {sorted(counts) or 'none'}")
    rare = sorted(label for label, n in counts.items() if n < 2)
    if rare:
        raise BadExamples(
            f"each label needs at least 2 examples; too few for: {', '.join(rare[:20])}"
        )
    if multi_label:
        # each label is learnt against the examples without it: it needs some of those too
        everywhere = sorted(label for label, n in counts.items() if len(labels) - n < 2)
        if everywhere:
            raise BadExamples(
                "in a multi-label tagger each label needs at least 2 examples without it; "
                f"add some for: {', '.join(everywhere[:20])}"
            )
    if unknown_label is not None and unknown_label not in counts:
        raise BadExamples(f"unknown_label {unknown_label!r} is on none of the examples")


def low_score_warning(meta: dict) -> str | None:
    """Why a version's cross-validated figures say it learnt little, or None. Single-label: an
    accuracy under WEAK_SCORE, or no better than always answering its commonest label (chance
    for balanced labels); multi-label: a macro-F1 under WEAK_SCORE. It serves all the same."""
    metrics, counts = meta["metrics"], meta["counts"]
    if meta["multi_label"]:
        figure, score, floor = "macro-F1", metrics["macro_f1"], None
    else:
        figure, score = "accuracy", metrics["accuracy"]
        commonest, count = max(counts.items(), key=lambda pair: pair[1])
        floor = (commonest, count / sum(counts.values()))
    if floor is not None and score <= floor[1]:
        why = (f"no better than always answering {floor[0]!r} ({floor[1]:.2f}): it learnt "
               "nothing from its examples")  # fmt: skip
    elif score < WEAK_SCORE:
        why = f"under {WEAK_SCORE}: it answers wrong more often than right"
    else:
        return None
    return (
        f"cross-validated {figure} {score:.2f} is {why}; examples that contradict each other or "
        "too few of them do this: check `per_label`, fix or add examples (append) and train again"
    )
