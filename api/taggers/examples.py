"""What a tagger's examples must hold before anything is fitted, and what its figures say of
them: no model, no scikit-learn, so that `boucle taggers train` refuses a bad file at once."""

from collections import Counter

# Below this cross-validated score a tagger answers wrong more often than right.
WEAK_SCORE = 0.5
# A threshold that costs in-scope accuracy more than this sends answers it had right to unknown.
THRESHOLD_COST = 0.1


class BadExamples(ValueError):
    """Examples a tagger cannot learn from; the message says what to fix."""


def label_rows(examples: list[dict]) -> list[list[str]]:
    return [e["label"] if isinstance(e["label"], list) else [e["label"]] for e in examples]


def same_text(text: str) -> str:
    """A text as repeats are told: case and spacing aside."""
    return " ".join(text.casefold().split())


def distinct_examples(examples: list[dict], stored: int = 0) -> tuple[list[dict], dict]:
    """The examples with each repeat (same text, case and spacing aside, and same label or
    labels) left out, the first kept; and {"dropped": how many, "already_stored": how many of
    those the first `stored` (the live version's, in an append) held}. A repeat weighed twice
    and, split across folds, was scored by a model trained on its copy."""
    keys = [example_key(example) for example in examples]
    live = set(keys[:stored])
    seen: set[tuple] = set()
    kept, dropped, already = [], 0, 0
    for index, (example, key) in enumerate(zip(examples, keys, strict=True)):
        if key in seen:
            dropped += 1
            already += index >= stored and key in live
            continue
        seen.add(key)
        kept.append(example)
    return kept, {"dropped": dropped, "already_stored": already}


def check_training_examples(
    examples: list[dict], unknown_label: str | None, multi_label: bool = False
) -> None:
    """check_examples on what will be learnt: the examples, each repeat once."""
    kept, _ = distinct_examples(examples)
    check_examples(label_rows(kept), unknown_label, multi_label)


def example_key(example: dict) -> tuple:
    label = example["label"]
    return same_text(example["text"]), tuple(sorted(label)) if isinstance(label, list) else label


def check_examples(
    labels: list[list[str]], unknown_label: str | None, multi_label: bool = False
) -> None:
    counts = Counter(label for row in labels for label in row)
    if len(counts) < 2:
        raise BadExamples(f"a tagger needs at least 2 labels; got {sorted(counts) or 'none'}")
    rare = sorted(label for label, n in counts.items() if n < 2)
    if rare:
        raise BadExamples(f"each label needs at least 2 examples; too few for: {quoted(rare)}")
    if multi_label:
        # each label is learnt against the examples without it: it needs some of those too
        everywhere = sorted(label for label, n in counts.items() if len(labels) - n < 2)
        if everywhere:
            raise BadExamples(
                "in a multi-label tagger each label needs at least 2 examples without it; "
                f"add some for: {quoted(everywhere)}"
            )
    if unknown_label is not None and unknown_label not in counts:
        raise BadExamples(f"unknown_label {unknown_label!r} is on none of the examples")


def quoted(labels: list[str], limit: int = 20) -> str:
    """Labels as Python writes them ('a b ', 'x'): padding and odd characters show."""
    return ", ".join(map(repr, labels[:limit]))


def case_twins(labels: list[list[str]]) -> list[list[str]]:
    """Labels that differ only by case ("Card", "card"): learnt as two labels, which is rarely
    meant; said, not merged, as "Card" may be a product and "card" a payment card."""
    spellings: dict[str, set[str]] = {}
    for label in {label for row in labels for label in row}:
        spellings.setdefault(label.casefold(), set()).add(label)
    return sorted(sorted(twins) for twins in spellings.values() if len(twins) > 1)


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


def threshold_warning(meta: dict) -> str | None:
    """Why a version's threshold costs it: in-scope examples it answered right sent to unknown
    (threshold 0.95: in-scope accuracy 0.17 against 0.84 without it), or None."""
    metrics = meta["metrics"]
    without = metrics.get("in_scope_accuracy_without_threshold")
    if without is None or without - metrics["in_scope_accuracy"] <= THRESHOLD_COST:
        return None
    return (
        f"threshold {meta['threshold']} sends in-scope examples to unknown: cross-validated "
        f"in-scope accuracy {metrics['in_scope_accuracy']:.2f} against {without:.2f} without it; "
        "lower the threshold (with unknown_label, leave it out to have one chosen)"
    )
