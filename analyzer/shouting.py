"""Text written mostly in capitals ("ADS ADS ADS. I PAID FOR PREMIUM AND STILL SEE ADS!!!") is read
by the models in sentence case: the embedder and heads learnt from text in ordinary case, and read
shouted complaints as calm or positive. Only what the models read changes: the insights and the
stored text stay as written (AnalyzerConfig.fold_shouting switches it off)."""

import re
from collections.abc import Callable

# A span with fewer letters than this is left as it is ("OK", "CSV"): too short to be shouting.
MIN_LETTERS = 8
SHOUTED_SHARE = 0.7  # the share of capitals among cased letters from which a text shouts
_SENTENCE_START = re.compile(r"(^|[.!?]\s+)(\w)")
_PRONOUN_I = re.compile(r"\bi\b(?=[\s'’,.!?]|$)")


def shouts(text: str) -> bool:
    """Whether the text is written mostly in capitals."""
    upper = sum(1 for c in text if c.isupper())
    cased = upper + sum(1 for c in text if c.islower())
    return upper >= MIN_LETTERS and upper >= SHOUTED_SHARE * cased


def sentence_case(text: str) -> str:
    """Lower case, with each sentence's first letter and the pronoun "I" in capitals."""
    lowered = _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text.lower())
    return _PRONOUN_I.sub("I", lowered)


def for_models(text: str) -> str:
    """The text as the models read it: in sentence case when it shouts, else as it is."""
    return sentence_case(text) if shouts(text) else text


def as_written(text: str) -> str:
    """The text as it is: what the models read with fold_shouting off."""
    return text


def model_reader(fold_shouting: bool) -> Callable[[str], str]:
    """How the embedder and heads read a text: sentence case for shouting, or as written."""
    return for_models if fold_shouting else as_written
