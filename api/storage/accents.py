"""Letters without their accents, so that a name typed on a keyboard without them finds the
stored one ("electricite" finds "Électricité Morel"): in Python (SQLite's fold function), and as
the single-letter table PostgreSQL's built-in translate() reads (no extension to install)."""

import unicodedata

# Latin-1 Supplement, Latin Extended-A and -B, Latin Extended Additional (Vietnamese): the
# accented letters of the languages our customers write in.
_LATIN = (*range(0xC0, 0x250), *range(0x1E00, 0x1F00))


def without_accents(text: str) -> str:
    """`text` with the marks over and under its letters dropped ("Énergie" -> "Energie")."""
    split = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in split if not unicodedata.combining(c)))


def _translate_table() -> tuple[str, str]:
    """(accented, plain): each accented letter of _LATIN and the one letter it becomes."""
    pairs = [(letter, without_accents(letter)) for letter in map(chr, _LATIN)]
    kept = [(letter, plain) for letter, plain in pairs if len(plain) == 1 and plain != letter]
    return "".join(letter for letter, _ in kept), "".join(plain for _, plain in kept)


ACCENTED, PLAIN = _translate_table()
