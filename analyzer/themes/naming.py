"""Labels in the reader's language. One theme may hold English and French insights together; its
main label is made from all of them and may mix the two ("csv export · exporter") or be in the
other language than the reader's. Each language with enough of the theme's
insights gets its own label, made the same way as the main one (top terms by document frequency
in that language's insights times the fit's c-TF-IDF idf, then the terms most insights share,
`covered_first`), from those insights only. A theme in one language needs no other label."""

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from analyzer.themes.generic_words import without_generic
from analyzer.themes.labels import LABEL_JOIN, covered_first, label_terms, related_parts
from analyzer.themes.phrases import Surface

# A language names a theme when it holds at least this share of the theme's insights, and this
# many of them: a few stray reviews in another language should not get their own label. At 15 %
# and 3, three stray English insights about a frozen dashboard named, for English readers, a
# French theme about e-signatures; the main label is safer than a minority's.
MIN_LANGUAGE_SHARE = 0.25
MIN_LANGUAGE_ROWS = 5
CANDIDATES = 30  # top terms from which a label's keywords are picked
COVERAGE_SAMPLE = 300  # insights read for a term's coverage (spread over the members)
PHRASE_SAMPLE = 100  # insights read for how a label's terms are written
QUOTE_WORDS = 8  # a theme no term names is named by the first words of its first quote


def spread(rows: np.ndarray, n: int) -> np.ndarray:
    """At most `n` of `rows`, evenly spaced (a parent's rows are its children's, one after the
    other: the first n would all come from one child)."""
    if len(rows) <= n:
        return rows
    return rows[np.linspace(0, len(rows) - 1, n).astype(np.int64)]


def main_language(languages: Iterable[str | None]) -> str | None:
    """The language most of the rows are in (unknown ones left out; the first code among
    equals), None when none is known: the workspace's main language."""
    counts = Counter(code.lower() for code in languages if code and code.lower() != "und")
    return min(counts, key=lambda code: (-counts[code], code)) if counts else None


@dataclass
class LanguageNamer:
    documents: Sequence[str]  # lemma documents, one per row
    languages: Sequence[str | None]  # language per row ("und" or None: unknown)
    vocabulary: dict[str, int]  # term -> column of `idf`
    idf: np.ndarray  # the fit's c-TF-IDF idf per term
    grams: Callable[[str], Iterable[str]]  # a document's n-grams, as c-TF-IDF counts them
    n_keywords: int
    keyword_share: float
    label_parts: int
    surface: Surface | None = None  # the insights' texts: labels as they write their terms
    # a further label part must be in this share of the first part's insights, and found with
    # it at least this many times as often as chance (`related_parts`); 0: no check
    part_ratio: float = 0.0
    part_lift: float = 0.0

    def labels(self, members: np.ndarray) -> dict[str, str]:
        """{language: label} for each language that names the theme made of `members`; empty
        when the theme holds one language only."""
        out = {}
        for code, rows in self.languages_of(members).items():
            if label := self.label_of(rows):
                out[code] = label
        return out

    def languages_of(self, members: np.ndarray) -> dict[str, np.ndarray]:
        """{language: its rows among `members`} for each language with enough of them to name
        the theme (`MIN_LANGUAGE_SHARE`, `MIN_LANGUAGE_ROWS`); empty when the theme holds one
        language only."""
        by_language: dict[str, list[int]] = {}
        for row in members:
            code = (self.languages[int(row)] or "und").lower()
            if code != "und":
                by_language.setdefault(code, []).append(int(row))
        if len(by_language) < 2:
            return {}
        enough = max(MIN_LANGUAGE_ROWS, MIN_LANGUAGE_SHARE * len(members))
        return {code: np.asarray(rows, dtype=np.int64)
                for code, rows in sorted(by_language.items()) if len(rows) >= enough}  # fmt: skip

    def terms_in(self, rows: np.ndarray) -> set[str]:
        """The terms (c-TF-IDF's n-grams) the lemma documents of `rows` use."""
        return {term for i in rows for term in self.grams(self.documents[int(i)])}

    def rows_in(self, members: np.ndarray, code: str) -> np.ndarray:
        """The members in language `code`."""
        return np.asarray(
            [r for r in members if (self.languages[int(r)] or "und").lower() == code],
            dtype=np.int64,
        )

    def label_of(self, rows: np.ndarray) -> str:
        """The label of `rows` from their own terms; "" when no term is said by enough of them
        (`covered_first`)."""
        words, covered = self.label_words(rows)
        return self.label(words[:covered], rows)

    def main_label(
        self, members: np.ndarray, keywords: Sequence[str], quotes: Sequence[int]
    ) -> str:
        """A theme's main label: from the insights of its majority language when it mixes
        languages (over all of them, a minority's term named a demo theme of 5 English and 2
        French insights "mis"), else from its ranked `keywords`; when no term is said by enough
        insights, the first words of its first quote in that language (`QUOTE_WORDS`: "Used to
        be a 9.")."""
        code = main_language(self.languages[int(row)] for row in members)
        rows = self.rows_in(members, code or "")
        mixed = 0 < len(rows) < len(members)
        label = self.label_of(rows) if mixed else self.label(keywords, members)
        if label or self.surface is None:
            return label
        said = [q for q in quotes if not mixed or (self.languages[int(q)] or "").lower() == code]
        words = self.surface.texts[int(said[0])].split() if said else []
        return " ".join(words[:QUOTE_WORDS]) + (" …" if len(words) > QUOTE_WORDS else "")

    def label_words(self, rows: np.ndarray) -> tuple[list[str], int]:
        """The top keywords of `rows` and how many of them are covered (`covered_first`)."""
        sample = [self.documents[i] for i in spread(rows, COVERAGE_SAMPLE)]
        terms = {doc: set(self.grams(doc)) for doc in sample}  # read once, counted twice
        share = Counter(term for doc in sample for term in terms[doc])
        weight = {
            term: count * float(self.idf[self.vocabulary[term]])
            for term, count in share.items()
            if term in self.vocabulary
        }
        ranked = sorted(weight, key=lambda term: (-weight[term], term))[:CANDIDATES]
        return covered_first(ranked, sample, self.n_keywords, self.keyword_share, terms.__getitem__)

    def label(self, keywords: Sequence[str], rows: np.ndarray, one_topic: bool = True) -> str:
        """The label of ranked `keywords` (`label_terms`, less the parts unrelated to the first:
        `related_parts`), each term as the insights of `rows` write it ("mise à jour", not the
        lemmas "mise jour"). `one_topic` False (a parent, whose parts name different children):
        no `related_parts` check."""
        terms = label_terms(keywords, self.label_parts)
        if one_topic and len(terms) > 1 and (self.part_ratio or self.part_lift):
            grams = [set(self.grams(self.documents[int(i)])) for i in spread(rows, COVERAGE_SAMPLE)]
            terms = related_parts(terms, grams, self.part_ratio, self.part_lift)
        return LABEL_JOIN.join(self.written(term, rows) for term in terms)

    def written(self, term: str, rows: np.ndarray) -> str:
        return self.surface.written(term, spread(rows, PHRASE_SAMPLE)) if self.surface else term

    def apart(self, label: str, parent: str, keywords: Sequence[str], rows: np.ndarray) -> str:
        """`label`, or when it is its parent's, `label` and the first of the theme's `keywords`
        that shares no word with it: a child row reading like its parent row tells nothing."""
        if not label or label != parent:
            return label
        have = set(label.lower().replace(LABEL_JOIN, " ").split())
        for keyword in without_generic(list(keywords)):
            written = self.written(keyword, rows)
            if not have & set(written.lower().split()) and not have & set(keyword.split()):
                return label + LABEL_JOIN + written
        return label
