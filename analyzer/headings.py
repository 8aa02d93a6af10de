"""A message's heading: a short first line above its body, as an app-store review's title
("Batterie\nBattery drain is insane") or a ticket's subject, which `boucle import` joins to the
text below it. Glued onto the body's first insight, it made two reviews with the same words
different texts, left their language `und` ("Plante\nCrash on startup.") and added its words to
the keywords; segmentation and language detection read the body on its own."""

import re

HEADING_WORDS = 8  # a store's review title holds up to 50 characters: about 8 words
# A word restated in the body shares this many first letters with one of the body's words
# ("Batterie" / "Battery", "crash" / "crashes"); a shorter word must be there whole.
_STEM = 5
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Inside the line: a sentence ends there, so the line is a paragraph, not a title.
_SENTENCE_INSIDE = re.compile(r"[.!?…]\s+\S")


def heading_end(text: str) -> int | None:
    """Where the text's first line ends when it is a heading: one short sentence or phrase with a
    body of words below it; None otherwise. A line ending in a comma, or followed by a line that
    starts in lower case, runs on into the next one: no heading."""
    stripped = len(text) - len(text.lstrip())
    end = text.find("\n", stripped)
    if end < 0:
        return None
    line, body = text[stripped:end].rstrip(), text[end:].lstrip()
    if not line or not _WORD.search(body) or line.endswith((",", "-", "–", "—")):
        return None
    if body[:1].islower() or _SENTENCE_INSIDE.search(line):
        return None
    words = _WORD.findall(line)
    return stripped + len(line) if 0 < len(words) <= HEADING_WORDS else None


def body_start(text: str, heading: int) -> int:
    """Where the body below a heading ending at `heading` starts (its first character)."""
    return len(text) - len(text[heading:].lstrip())


def body_of(text: str) -> str:
    """The text below its heading, or the whole text when it has none."""
    end = heading_end(text)
    return text if end is None else text[body_start(text, end) :]


def _stem(word: str) -> str:
    return word.casefold().replace("’", "'")[:_STEM]


def restates(body: str, heading: str) -> bool:
    """Whether every word of the heading comes back in the body ("Crash" over "Crash on
    startup.", "Batterie" over "Battery drain is insane", "Merci" over "Merci, ça remarche")."""
    said = {_stem(word) for word in _WORD.findall(body)}
    words = _WORD.findall(heading)
    return bool(words) and all(_stem(word) in said for word in words)
