"""A known person's whole name as texts write it: the one matcher both an erasure (masking what
stays: api/privacy/masking.py) and ingestion (masking the writer's own name:
analyzer/names.mask_known_names) use.

The name's words in sequence, first last or "last, first", in any case, with or without accents
("clemence" for "Clémence"), the words of a compound part joined by a hyphen, a space, a dot or
an underscore ("vasseur lefèbvre", "jean.pierre.martin"), a title with the last name ("Mme
Dubois"), a compound surname alone, its words in either order, an initial before it or not
("Vasseur-Lefèbvre", "C. Vasseur-Lefèbvre", "Lefèbvre Vasseur"), and the tail of the name after a
[NAME] the rules left ("[NAME] Lefèbvre", "[NAME]-Lefèbvre": they took "Clémence Vasseur" or
"C. Vasseur" for a first name and surname). Matched in the bare text (bare: accents
off, one character for one), so offsets are those of the text."""

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

NAME = "[NAME]"
WORD = re.compile(r"[^\W_]+")
JOIN = r"[\s._-]+"  # between a name's words: "sarah connor", "sarah.connor", "Jean-Pierre"
TURNED = r"(?:\s*,\s*|[\s._-]+)"  # "Dubois, Renée", "Dubois Renée"
MARKS = "[\u0300-\u036f]*"  # a decomposed accent after a letter ("Rene\u0301e")
TITLE = r"(?:(?:mme|mlle|madame|monsieur|mrs?|ms|miss|dr)(?:\.\s*|\s+)|m\.\s*)"
# a mask the rules put on the name's first words, then its last ones: "[NAME] Lefèbvre"
MASKED_HEAD = rf"{re.escape(NAME)}[ -]"
MIN_LETTERS = 3  # a name (or a name's tail) of fewer letters is too often another word


@lru_cache(maxsize=4096)
def _bare(char: str) -> str:
    """The letter without its accent ("é" -> "e"): one character for one, so that offsets
    in the bare text are those of the text."""
    return unicodedata.normalize("NFD", char)[0]


def bare(text: str) -> str:
    return text if text.isascii() else "".join(map(_bare, text))


def word_pattern(word: str) -> str:
    """One word, each letter bare, any decomposed accent after it."""
    return "".join(re.escape(_bare(c)) + MARKS for c in word)


def words_pattern(part: str) -> str:
    """A part's words ("jean-pierre") joined as any spelling joins them, each letter bare."""
    return JOIN.join(map(word_pattern, WORD.findall(part)))


def tails(name: str) -> list[str]:
    """The name's last words after a [NAME] ("[NAME] Lefèbvre", "[NAME] Vasseur Lefèbvre"), of
    MIN_LETTERS letters at least."""
    words = WORD.findall(name)
    ends = [words[start:] for start in range(1, len(words))]
    return [MASKED_HEAD + JOIN.join(map(word_pattern, end))
            for end in ends if sum(map(len, end)) >= MIN_LETTERS]  # fmt: skip


def compound_surname(name: str) -> str | None:
    """A compound surname ("Vasseur-Lefèbvre") alone, its words in either order ("Lefèbvre
    Vasseur"), after the first name's initial or not ("C. Vasseur-Lefèbvre"): two surnames
    joined are the person as surely as the whole name. None for a surname of one word."""
    parts = [part for part in name.split() if WORD.search(part)]
    words = WORD.findall(parts[-1]) if len(parts) > 1 else []
    if len(words) < 2 or sum(map(len, words)) < MIN_LETTERS:
        return None
    initial = word_pattern(WORD.findall(parts[0])[0][0])
    orders = (JOIN.join(map(word_pattern, words)), JOIN.join(map(word_pattern, words[::-1])))
    return rf"(?:{initial}\.\s*)?(?:{'|'.join(orders)})"


def name_pattern(name: str) -> str | None:
    """The forms of a whole name (see the module's doc) as one alternation; None for one under
    MIN_LETTERS letters in all."""
    parts = [words_pattern(part) for part in name.split() if WORD.search(part)]
    if not parts or sum(map(len, WORD.findall(name))) < MIN_LETTERS:
        return None
    forms = [JOIN.join(parts)]
    if len(parts) == 1:
        return forms[0]
    forms += [parts[-1] + TURNED + JOIN.join(parts[:-1])]
    # a title with the whole name first: "Mme Renée Dubois" is one name, not "Mme [NAME]"
    surname = compound_surname(name)
    return "|".join([f"{TITLE}?(?:{'|'.join(forms)})", f"{TITLE}{parts[-1]}", *tails(name),
                     *([surname] if surname else [])])  # fmt: skip


def names_regex(names: Iterable[str]) -> re.Pattern[str] | None:
    """Any of the names, as a whole (no letter or digit glued to it), in any case: match it in
    bare(text)."""
    patterns = [p for p in map(name_pattern, sorted(set(names), key=len, reverse=True)) if p]
    if not patterns:
        return None
    return re.compile(rf"(?<![^\W_])(?:{'|'.join(patterns)})(?![^\W_])", re.IGNORECASE)


def mask_names(pattern: re.Pattern[str], text: str) -> tuple[str, int]:
    """The text with each match of `pattern` (names_regex) in its bare text replaced by [NAME]
    in the text itself, and how many were."""
    out, end, found = [], 0, 0
    for match in pattern.finditer(bare(text)):
        out += [text[end : match.start()], NAME]
        end, found = match.end(), found + 1
    return "".join([*out, text[end:]]), found
