"""Call-note headers: the line that opens a note ("Renewal call with [NAME] at Acme."), dropped by
segmentation when it stands alone, and the header in front of the feedback a note reports ("QBR
with Acme: [NAME] raised this: "…"", "Notes d'appel Maison Perrin : « … »", "They said: …"),
cut off the insight. Left in, such a header is what the insight's vector and words are made of:
the demo's QBR notes formed a theme of their own ("qbr · raise") by their format, whatever they
were about, and SSO was split across two themes.

A leading header is a run of at most `MAX_PARTS` parts, each of at most `MAX_PART_WORDS` words
ending in a colon, up to the last part that names a call, reports speech or is only a
redaction placeholder (the speaker: "[NAME] :"), see `is_header_part`. At least
`MIN_REST_WORDS` words must follow. A label that names neither stays: "Note: the export fails",
"Bug in the call recording: audio drops" are feedback. A quotation that is then all there is
loses its marks too: the insight is the customer's words."""

import re

from analyzer.accents import loose
from analyzer.letters import UPPER
from analyzer.names import CALL_WORDS
from analyzer.placeholders import PLACEHOLDER
from analyzer.quotes import enclosed
from models.marks import without_marks

MAX_PARTS = 3
MAX_PART_WORDS = 8
MIN_REST_WORDS = 3
# Only a text with a colon this near its start can open with a header: the rest pay one `find`.
SCAN_CHARS = 120

# The line that opens a call note: a call word with at most two words on each side, then only
# who and where ("with [NAME] at Ridgeline", ", Maison Perrin", "(Brightside)"): capitalised
# words, placeholders and linking words. "Call with support, useless." says something: it stays.
_ENTITY = rf"(?:{PLACEHOLDER.pattern}|(?:{UPPER}|[0-9])[\w&'’.-]*)"
_LINK = r"(?i:with|avec|at|chez|and|et|de|du|of|from|&)"
_CALL_HEADER = re.compile(
    rf"\s*(?:[\w'’-]+\s+){{0,2}}(?i:{loose(CALL_WORDS)})(?:\s+[\w'’-]+){{0,2}}?"
    rf"(?:\s*[,:(–—-]\s*|\s+{_LINK}\s+)\(?{_ENTITY}"
    rf"(?:(?:\s*[,()–—-]\s*|\s+{_LINK}\s+|\s+)\(?{_ENTITY}\)?)*\)?\s*[.:]?\s*"
)
# One part: words without sentence punctuation (a period only inside a word: "Acme Inc.io"),
# then a colon (French puts a space before it) or, for a call header the sentencizer left in
# ("… at Ridgeline Construction Co.. They said: …"), a sentence's period. Greedy: a lazy body
# tried the ending at every character (20 µs a part).
_PART = re.compile(r"\s*((?:[^:!?\n.«»\"“”„]|\.(?=\S))+)(:|\.+)(?=\s|$)")
_WORDS = re.compile(rf"[^\W_]+(?:['’-][^\W_]+)*|{PLACEHOLDER.pattern}")
# The call words as `_WORDS` reads them, and their plurals, with or without accents
# ("reunion"): a set lookup, not a regex search.
_CALL_WORDS = frozenset(
    form
    for word in CALL_WORDS.removeprefix("(?:").removesuffix(")").lower().split("|")
    for spelling in (word, without_marks(word))
    for form in (spelling, spelling + "s")
)
# A note's type and whom it was with: "Notes d'appel Acme", "Call notes – Acme", "Compte rendu
# réunion", "Point trimestriel avec Acme".
_NOTE_TYPE = re.compile(
    loose(
        rf"(?:{CALL_WORDS}|sync|kick-?off)\s+(?:notes?|recap|summary)\b|notes? d['’]{CALL_WORDS}"
        r"|compte[- ]rendu\b|point (?:trimestriel|mensuel|hebdo\w*)\b"
    ),
    re.IGNORECASE,
)
# Reported speech closing the header, matched against its last words: "[NAME] raised this",
# "They said", "Retour client", "a remonté ceci" (accents optional: "a remonte ceci").
_REPORTED = re.compile(
    r"raised (?:this|that|the (?:point|issue|question)|a (?:concern|point|question))"
    r"|(?:they|he|she|customer|client|user|\[NAME\]) (?:said|says|mentioned|asked|reported|wrote)"
    r"|quote|verbatim|citation|retour client"
    + loose(r"|a (?:remonté|dit|signalé|mentionné|demandé)(?: ceci| cela)?|nous a dit"),
    re.IGNORECASE,
)
_REPORTED_WORDS = 4  # the longest `_REPORTED` phrase, in words
# A part this short with a call word in it is a note's type ("Discovery call", "QBR").
_SHORT_PART = 3


def is_call_header(text: str) -> bool:
    return _CALL_HEADER.fullmatch(text) is not None


def is_header_part(part: str) -> bool:
    """Whether a part before a colon names a call note, reports speech or is only the
    speaker's redacted name ("[NAME]")."""
    words = _WORDS.findall(part)
    calls = not _CALL_WORDS.isdisjoint(word.lower() for word in words)
    return (
        all(PLACEHOLDER.fullmatch(word) for word in words)
        or (calls and (len(words) <= _SHORT_PART or is_call_header(part)))
        or _NOTE_TYPE.match(part) is not None
        or any(
            _REPORTED.fullmatch(" ".join(words[-n:])) is not None
            for n in range(1, min(_REPORTED_WORDS, len(words)) + 1)
        )
    )


def _has_words(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` holds at least `MIN_REST_WORDS` words (reads only that far)."""
    words = _WORDS.finditer(text, start, end)
    return sum(1 for _ in zip(range(MIN_REST_WORDS), words, strict=False)) == MIN_REST_WORDS


def feedback_span(text: str, start: int = 0, end: int | None = None) -> tuple[int, int]:
    """The span of `text[start:end]` without a leading call-note header and, when a quotation
    is then all there is, without its marks; `(start, end)` when there is no such header."""
    end = len(text) if end is None else end
    scan = min(end, start + SCAN_CHARS)
    if text.find(":", start, scan) < 0:
        return start, end
    cursor, cut = start, None
    for _ in range(MAX_PARTS):
        part = _PART.match(text, cursor, scan)
        if part is None:
            break
        words = _WORDS.findall(part.group(1))
        if not words or len(words) > MAX_PART_WORDS:
            break
        text_of, colon = part.group(1).rstrip(), part.group(2) == ":"
        # a sentence only as a call note's opening line ("Great demo." is praise)
        if is_header_part(text_of) if colon else is_call_header(text_of):
            cut = part.end()
        elif cut is not None or not colon:
            break  # the feedback's own words: after the header, or a sentence
        cursor = part.end()
    if cut is None or not _has_words(text, cut, end):
        return start, end
    while cut < end and text[cut].isspace():
        cut += 1
    inner = enclosed(text, cut, end)
    if inner is not None and _has_words(text, *inner):
        return inner
    return cut, end
