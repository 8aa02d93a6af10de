"""Sign-off blocks: a closing line alone ("Best regards,", "Mit freundlichen Grüßen") with only a
signature below it (name, title, company, address, phone). Each line left would become an
insight, and no rule redacts a postal address, so the block goes before analysis."""

import re

from analyzer.names import GREETING, SIGN_OFF

_SIGN_OFF_LINE = re.compile(rf"[-–—\s]*{SIGN_OFF}\s*[,!]?\s*", re.IGNORECASE)
# "Hi,", "Hallo zusammen,": a closing line right below a greeting is a thank-you, not the end.
_GREETING_LINE = re.compile(rf"\s*{GREETING}(?:\s+[^\s,!.:]+){{0,3}}\s*[,!.:]?\s*", re.IGNORECASE)
# A signature is a few short lines; a longer tail is more of the message ("PS: …").
_MAX_LINES = 6
_MAX_CHARS = 60
_LETTERS = re.compile(r"[^\W\d_]+")
# Pronouns, verbs, negations: words of a sentence about the product, not of a name, title or
# address ("Head of IT" stays a title: an all-capitals word is no cue).
_SENTENCE_WORDS = {
    *("i", "my", "we", "it", "is", "are", "was", "were", "has", "have", "can", "does", "need"),
    *("not", "t", "still", "also", "but", "please"),  # "don't" splits into "don", "t"
    *("je", "j", "mon", "est", "sont", "pas", "ne", "n", "ça", "aussi", "mais"),
    *("ich", "mein", "wir", "die", "das", "es", "ist", "sind", "nicht", "auch", "aber"),
    *("mi", "está", "no", "pero", "también", "è", "non", "anche", "não", "é", "mas", "também"),
}
_SENTENCE_END = re.compile(r"[.?!]\s*$")
# A title's company ends in a dot without ending a sentence ("Head of Finance, Foo Inc.").
_COMPANY_END = re.compile(
    r"\b(?:inc|ltd|llc|corp|co|plc|gmbh|ag|s\.?a|sarl|sas|s\.?r\.?l|b\.?v|bv|oy|ab)\.\s*$",
    re.IGNORECASE,
)
_POSTSCRIPT = re.compile(r"\s*P\.?\s?S\b", re.IGNORECASE)


def _is_signature_line(line: str) -> bool:
    words = _LETTERS.findall(line)
    return not (
        len(line.strip()) > _MAX_CHARS
        or (len(words) >= 4 and _SENTENCE_END.search(line) and not _COMPANY_END.search(line))
        or any(w.lower() in _SENTENCE_WORDS and not (w.isupper() and len(w) > 1) for w in words)
        or _POSTSCRIPT.match(line)
    )


def _is_signature(lines: list[str]) -> bool:
    filled = [line for line in lines if line.strip()]
    return len(filled) <= _MAX_LINES and all(_is_signature_line(line) for line in filled)


def _says_something(lines: list[str]) -> bool:
    return any(line.strip() and not _GREETING_LINE.fullmatch(line) for line in lines)


def cut_sign_off(text: str) -> str:
    """The text before its first closing line that has only a signature (or nothing) below it.
    A closing line with nothing but a greeting above it stays: a message is never cut down to
    nothing, and "Hi,\nThanks!\nDie App stürzt ab" thanks before it says anything."""
    lines = text.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    for i in filled[-_MAX_LINES - 1 :]:  # a signature has at most _MAX_LINES lines below it
        if (
            _SIGN_OFF_LINE.fullmatch(lines[i])
            and _says_something(lines[:i])
            and _is_signature(lines[i + 1 :])
        ):
            return "\n".join(lines[:i])
    return text
