"""A label term as the members wrote it: the lemma bigram "mise jour" (stop words gone) reads
"mise à jour", "tableau bord" "tableau de bord", "recur invoice" "recurring invoices", "csv"
"CSV", "zendesk" "Zendesk" (a name its writers capitalise where no sentence starts). Each term becomes its most frequent written form in the insights read: the words from
the term's first to its last, with at most `MAX_GAP` binding words between two of them and nothing
else but spaces, hyphens and elisions (a phrase, not two sentences). A term never written
that way (its words only apart) is shown word by word, each in its most frequent form."""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from analyzer.themes.labels import lemma_tokens

MAX_GAP = 2  # words between two words of a phrase: "mise à jour", "export to the accountant"
# The only words a phrase may hold between its theme words: articles, prepositions and "and"
# bind a phrase ("tableau de bord", "crashes on startup", "chrome et firefox"); other stop words
# made clauses of labels ("clients are on retainers", "invoices still show VAT").
BINDING_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "for",
        "on",
        "in",
        "at",
        "by",
        "with",
        "from",
        "and",
        "or",
        "à",
        "au",
        "aux",
        "de",
        "du",
        "des",
        "d",
        "la",
        "le",
        "les",
        "l",
        "un",
        "une",
        "en",
        "sur",
        "pour",
        "par",
        "avec",
        "dans",
        "et",
        "ou",
    ]
)
# What may stand between two words of a phrase: spaces, a hyphen, the next word's elision ("d'")
_JOINS = re.compile(r"[\s-]*(?:(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['’])?", re.IGNORECASE)

Token = tuple[str, int, int]  # (lemma, "" for a stop word; start; end) in the text
# What may stand before a sentence's first word: nothing, or the end of one and an opening mark.
_SENTENCE_START = re.compile(r"(?:.*[.!?:;\n])?[\s\"'“”«»(\[*•-]*", re.DOTALL)


class Form(NamedTuple):
    """A phrase as one insight writes it, and whether it opens a sentence (where a capital
    says nothing about a name)."""

    text: str
    opening: bool


@dataclass
class Surface:
    texts: Sequence[str]
    languages: Sequence[str | None]
    _tokens: dict[int, list[Token]] = field(default_factory=dict)
    _memos: dict[str, dict[str, str]] = field(default_factory=dict)

    def tokens(self, row: int) -> list[Token]:
        if row not in self._tokens:
            self._tokens[row] = lemma_tokens(self.texts[row], self.languages[row], self._memos)
        return self._tokens[row]

    def written(self, term: str, rows: Sequence[int]) -> str:
        """`term` (lemmas joined by spaces) as the insights of `rows` most often write it, with
        the capitals of the names they write capitalised (`cased`)."""
        words = term.split()
        found = [form for row in rows for form in self.forms(int(row), words)]
        if found:
            forms = Counter(readable(form.text) for form in found)
            best = forms.most_common(1)[0][0]
            return cased(best, [form for form in found if readable(form.text) == best])
        if len(words) == 1:
            return term
        return " ".join(self.written(word, rows) for word in words)

    def forms(self, row: int, words: list[str]) -> list[Form]:
        """Each place the row writes the lemmas `words` as a phrase, as written."""
        text, tokens = self.texts[row], self.tokens(row)
        found = []
        for i, (lemma, start, end) in enumerate(tokens):
            if lemma != words[0]:
                continue
            at: int | None = i
            for word in words[1:]:
                at = _next_word(tokens, text, at, word)
                if at is None:
                    break
                end = tokens[at][2]
            if at is not None:
                opening = _SENTENCE_START.fullmatch(text, 0, start) is not None
                found.append(Form(text[start:end], opening))
        return found


def _next_word(tokens: list[Token], text: str, at: int, word: str) -> int | None:
    """The index of `word` after token `at`, past at most `MAX_GAP` binding words and nothing
    else but spaces, hyphens and elisions; None when the phrase is not there."""
    for nxt in range(at + 1, min(at + MAX_GAP + 2, len(tokens))):
        if not _JOINS.fullmatch(text, tokens[nxt - 1][2], tokens[nxt][1]):
            return None
        if tokens[nxt][0] == word:
            return nxt
        if text[tokens[nxt][1] : tokens[nxt][2]].lower() not in BINDING_WORDS:
            return None  # another word in between: not this phrase
    return None


def cased(form: str, written: Sequence[Form]) -> str:
    """`form` (`readable`: lower case) with each word that the members mostly capitalise where
    no sentence starts ("we moved from Zendesk", "sync with Garmin") spelled as they most often
    capitalise it: a label reads "Zendesk", "iPhone", not "zendesk". A word only ever seen
    opening a sentence stays in lower case: its capital says nothing."""
    words = form.split()
    for i in range(len(words)):
        inside = [
            spelled[i]
            for occurrence in written
            if (i > 0 or not occurrence.opening)
            and len(spelled := occurrence.text.split()) == len(words)
        ]
        capitals = [word for word in inside if word != word.lower()]
        if capitals and 2 * len(capitals) > len(inside):
            words[i] = Counter(capitals).most_common(1)[0][0]
    return " ".join(words)


def readable(form: str) -> str:
    """Lower case but for acronyms ("CSV", "SSO"); one space between words."""
    return " ".join(w if len(w) > 1 and w.isupper() else w.lower() for w in form.split())
