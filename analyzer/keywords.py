"""Keyword checks that spare a text a costly pattern: when every match of a pattern holds one of a
few words, a text holding none of them (most texts, for most patterns) cannot match, and a
substring search is far cheaper than trying the pattern at every position.

The checks read the text lower-cased as `re.IGNORECASE` reads letters, so that they hold for
the case-insensitive patterns too: `str.lower` and the regex engine agree on every character
but "İ", "ı" and "ſ", which the engine also reads as "i" and "s" (tests/test_keywords.py checks
this over all of Unicode)."""

import re
from collections.abc import Callable

_AS_REGEX_READS = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})

Keywords = tuple[tuple[str, ...], ...]  # one word of each group must be there


def lowered(text: str) -> str:
    """`text` lower-cased as re.IGNORECASE compares letters (for `holds`)."""
    return text.lower() if text.isascii() else text.translate(_AS_REGEX_READS).lower()


def holds(lowered_text: str, keywords: Keywords) -> bool:
    """Whether `lowered_text` (see `lowered`) holds a word of each group of `keywords`."""
    for group in keywords:  # loops, not all(any(...)): this runs ~20 times a ticket
        for word in group:
            if word in lowered_text:
                break
        else:
            return False
    return True


class Shaped:
    """A pattern tried only on a text where `shape` is found: a cheap pattern that every match
    of it holds, which opens with a character class, so the regex engine skips to the places it
    could start (one that opens with a lookbehind or \\b is tried at every position)."""

    def __init__(self, pattern: re.Pattern[str], shape: str) -> None:
        self.pattern, self.shape = pattern, re.compile(shape)

    def sub(self, replace: Callable[[re.Match[str]], str], text: str) -> str:
        return self.pattern.sub(replace, text) if self.shape.search(text) else text
