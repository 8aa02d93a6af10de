"""Text written mostly in capitals ("ADS ADS ADS. I PAID FOR PREMIUM AND STILL SEE ADS!!!") is read
by the models in sentence case: the embedder and heads learnt from text in ordinary case, and read
shouted complaints as calm or positive. Only what the models read changes: the insights and the
stored text stay as written (AnalyzerConfig.fold_shouting switches it off)."""

import re
from collections.abc import Callable
from functools import lru_cache

# A span with fewer letters than this is left as it is ("OK", "CSV"): too short to be shouting.
MIN_LETTERS = 8
SHOUTED_SHARE = 0.7  # the share of capitals among cased letters from which a text shouts
_SENTENCE_START = re.compile(r"(^|[.!?]\s+)(\w)")
_PRONOUN_I = re.compile(r"\bi\b(?=[\s'’,.!?]|$)")
_ASCII_UPPER, _ASCII_LOWER = bytes(range(65, 91)), bytes(range(97, 123))
_ASCII = frozenset(map(chr, range(128)))


def cased_counts(text: str) -> tuple[int, int]:
    """How many characters of `text` are upper case and lower case (str.isupper, str.islower).
    ASCII letters are counted by bytes.translate, other characters once per distinct one: a
    Python test per character was most of the heads' reading time."""
    ascii_bytes = text.encode("ascii", "ignore")
    upper = len(ascii_bytes) - len(ascii_bytes.translate(None, _ASCII_UPPER))
    lower = len(ascii_bytes) - len(ascii_bytes.translate(None, _ASCII_LOWER))
    if len(ascii_bytes) != len(text):
        for char in set(text) - _ASCII:
            if char.isupper():
                upper += text.count(char)
            elif char.islower():
                lower += text.count(char)
    return upper, lower


def shouts(text: str) -> bool:
    """Whether the text is written mostly in capitals."""
    upper, lower = cased_counts(text)
    return upper >= MIN_LETTERS and upper >= SHOUTED_SHARE * (upper + lower)


def sentence_case(text: str) -> str:
    """Lower case, with each sentence's first letter and the pronoun "I" in capitals."""
    lowered = _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text.lower())
    return _PRONOUN_I.sub("I", lowered)


@lru_cache(maxsize=1024)  # the embedder and both heads read each text
def for_models(text: str) -> str:
    """The text as the models read it: in sentence case when it shouts, else as it is."""
    return sentence_case(text) if shouts(text) else text


def as_written(text: str) -> str:
    """The text as it is: what the models read with fold_shouting off."""
    return text


def model_reader(fold_shouting: bool) -> Callable[[str], str]:
    """How the embedder and heads read a text: sentence case for shouting, or as written."""
    return for_models if fold_shouting else as_written
