"""Theme words: lemmas without stop words (English, French and the text's own language's), the n-grams that c-TF-IDF counts
(`ngrams`; `counting.GramCounter` counts the same ones, faster), and readable labels built
from the top keywords.

Each insight becomes one "lemma document" (lemmas joined by spaces, closed by `BREAK`). BERTopic
joins a theme's documents with spaces before counting, so the analyzer never builds a bigram
across `BREAK`: no bigram spans two insights.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING

from analyzer.placeholders import PLACEHOLDER
from analyzer.spacy_files import spacy_lang_file
from analyzer.themes.generic_words import without_generic
from analyzer.themes.word_classes import is_adverb

if TYPE_CHECKING:  # importing spaCy's French package costs ~2 s: only when labels are made
    from spacy.lookups import Table

BREAK = "|"
# Ends a clause inside a lemma document: a bigram never spans punctuation ("Notre connexion est
# bonne, les autres sites sont rapides" named a demo theme "bonne sites").
CLAUSE = ","
_CLAUSE_END = re.compile(r"[,;:.!?()\[\]\n…]|\s[-–—]\s")
LABEL_JOIN = " · "
# Lookup lemma tables ship in spacy-lookups-data for these; other languages keep surface forms
# (still lowercased, stop words still removed).
LEMMA_LANGUAGES = ("en", "fr", "de", "es", "it", "pt")
# Elided articles and pronouns ("l'application", "qu'il", "n'est"): what follows the apostrophe is
# the word, whatever language the text is tagged with.
_ELISION = re.compile(r"^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)'(?=\w)")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"})
_HAS_LETTER = re.compile(r"[^\W\d_]")
# Words are runs of letters with inner apostrophes ("l'app", "don't", "aujourd'hui"); URLs,
# e-mails and @handles are removed first, digits never make a theme word. A regex instead of
# spaCy's tokenizer: the same lookup tables, 1.2 s instead of 5.0 s for the 100k benchmark
# insights, 90 % of lemma documents identical (the rest: "2nd", "e.g.", hyphenated words).
_SKIP = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|@\w+")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
# A hyphenated compound is one theme word ("e-mail", "check-in", "plug-in", "mot-clé"): split,
# its parts named labels "mail", "check", "plug", "mot · clé". Its parts are `_WORD`s.
_HYPHENATED = re.compile(rf"{_WORD.pattern}(?:-{_WORD.pattern})*")
# French pronouns after a verb's hyphen ("existe-t-il", "peut-on", "pouvez-vous", "dites-moi")
# and "-ci"/"-là" ("ces temps-ci"): the word before them is a word of its own, not a compound.
_FRENCH_INVERTED = frozenset(
    {"t", "il", "ils", "elle", "elles", "on", "je", "tu", "nous", "vous", "ce", "moi", "toi",
     "lui", "leur", "y", "en", "le", "la", "les", "ci", "là"}
)  # fmt: skip
_FRENCH_NOUNS = frozenset({"rendez-vous"})  # a noun, not "rendez" asked of "vous"
_CLITIC = re.compile(r"(?:n't|'(?:s|re|ve|ll|d|m|t))$")  # English: "don't" -> "do", "it's" -> "it"
# Redaction placeholders ("[EMAIL]", "[NAME]") and CFPB-style masks ("XXXX", "xx/xx/2019") say
# nothing about a theme.
_MASKED = re.compile(rf"{PLACEHOLDER.pattern}|\b[Xx]{{2,}}\b")
# Context-free lookup tables get some frequent feedback words wrong (measured on the benchmark
# corpus): "crew" -> "crow", "worst" -> "wrong", "données" -> "donner", "number" -> "numb".
_LEMMA_FIXES = {
    "crew": "crew",
    "worst": "worst",
    "worse": "worse",
    "taxes": "tax",
    "ground": "ground",
    "number": "number",
    "numbers": "number",
    "pending": "pending",
    "data": "data",
    "media": "media",
    "news": "news",
    "dice": "dice",
    "données": "donnée",
    "téléphone": "téléphone",
    "téléphones": "téléphone",
    "tâche": "tâche",  # the table says "tâcher" (to strive)
    "tâches": "tâche",
}
# Besides spaCy's lists: ordinal suffixes ("2nd" -> "nd"), apostrophe-less contractions ("cant")
# and a few fillers and interjections that name no theme (a 100k-insight benchmark fit had a
# theme labelled "oh oh"); the French for spaCy's English stop words "nothing", "become" and "last",
# missing from its French list (demo labels "mails rien", "clients devient", "cassées derniers");
# the forms of "être" its list lacks that the lemma table leaves as other words ("sommes" ->
# "sommer": demo label "sommes · techniciens sol"; "été" as written). Not "avions": planes too.
_EXTRA_STOP_WORDS = """
    aujourd'hui 's n't 'm 're 've 'll 'd ca nt wo ok okay yes oui st nd rd th im ive cant dont
    doesnt didnt isnt wasnt wont couldnt wouldnt shouldnt thats youre theyre hasnt havent arent
    oh ah eh hey hi hello lol bonjour salut merci thanks thank svp stp pls plz please faire falloir
    rien devenir dernier sommes été
"""
# Stop words that turn a phrase into its opposite: without them "mode hors ligne" (offline mode)
# was labelled "mode ligne" (online mode), "sans fil" "fil". Kept as theme words.
_MEANING_WORDS = frozenset({"hors", "sans", "without", "off"})
# Those of them that lead the phrase they belong to: an n-gram that ends in one or starts just
# after one cuts that phrase ("heures hors · connexion et synchroniser" for "heures hors
# connexion et synchroniser"), so none is counted.
LEADING_WORDS = frozenset({"hors", "sans", "without"})
# A label term is said by at least this many of the insights it names: one insight's word is no
# theme's (a 5-row theme at `keyword_share` 0.1 could be named by one review's typo).
MIN_TERM_ROWS = 2


def _bare(word: str) -> str:
    """The word without its accents ("delà" -> "dela")."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# German, Spanish, Italian and Portuguese themes were labelled by their function words ("DATEV ·
# der", "beim", "allo SDI", "non", "não"): a text in one of them loses its language's stop words
# too. Only its own: their lists hold English and French words ("ins" of "plug-ins", "existe",
# "press", "total").
OTHER_STOP_WORD_LANGUAGES = ("de", "es", "it", "pt")


@cache
def stop_words(code: str = "en") -> frozenset[str]:
    """spaCy's English and French stop words, and a German, Spanish, Italian or Portuguese text's
    own language's, apostrophes normalised, plus ours, each also without its accents: feedback
    typed without them ("Au-dela de 5 000 lignes") named a demo theme "dela"."""
    from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP_WORDS
    from spacy.lang.fr.stop_words import STOP_WORDS as FR_STOP_WORDS

    own = spacy_lang_file(code, "stop_words") if code in OTHER_STOP_WORD_LANGUAGES else None
    own_words = set(own.STOP_WORDS) if own is not None else set()
    words = {w.translate(_APOSTROPHES) for w in EN_STOP_WORDS | FR_STOP_WORDS | own_words}
    words |= set(_EXTRA_STOP_WORDS.split())
    return frozenset(words | {_bare(w) for w in words}) - _MEANING_WORDS


@cache
def lemma_table(code: str) -> "Table":
    """spaCy's lookup lemmatizer table for a language (spacy-lookups-data, no download)."""
    import spacy

    nlp = spacy.blank(code)
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return lemmatizer.lookups.get_table("lemma_lookup")


def _noun_plural(surface: str, lemma: str, code: str) -> str | None:
    """The singular of a French noun plural that the lookup table reads as a verb: "lignes" is
    also "tu lignes", so the table says "ligner" (a demo label "ligner plante"). Feedback
    hardly ever says "tu": an "-es" form of an "-er" verb is read as the noun. None otherwise."""
    if code == "fr" and lemma.endswith("er") and surface == lemma[:-1] + "s":
        return surface[:-1]
    return None


def _word_spans(text: str, code: str, compounds: bool = True) -> Iterator[tuple[str, int, int]]:
    """(word, start, end) of each word of `text`: a hyphenated compound is one word when one of
    its parts is a content word (not "au-delà", "peut-être": their parts, stop words, go); in
    French, not past an inverted pronoun ("existe-t-il": "existe", "t", "il"). `compounds`
    False: each part alone, as words were read before compounds were kept."""
    for match in _HYPHENATED.finditer(text):
        parts = match.group().split("-")
        whole = len(parts) if compounds else 1
        if code == "fr" and match.group().lower() not in _FRENCH_NOUNS:
            whole = next(
                (i for i in range(1, whole) if parts[i].lower() in _FRENCH_INVERTED), whole
            )
        start = match.start()
        if whole > 1 and any(_is_content(part) for part in parts[:whole]):
            end = start + len("-".join(parts[:whole]))
            yield text[start:end], start, end
            start, parts = end + 1, parts[whole:]
        for part in parts:
            yield part, start, start + len(part)
            start += len(part) + 1


def _is_content(part: str) -> bool:
    """Whether a compound's part is more than a letter or a stop word."""
    bare = _ELISION.sub("", part.lower())
    return len(bare) > 1 and bare not in stop_words()


def _compound_lemma(surface: str, table: "Table", code: str) -> str:
    """A hyphenated word's lemma: the table's ("e-mails" -> "e-mail", "mots-clés" ->
    "mot-clé"), else each part in the singular (`_singular`); no other inflection is undone
    ("rendez-vous" is not "rendre-vous")."""
    lemma = _LEMMA_FIXES.get(surface) or table.get(surface)
    if lemma:
        return lemma if isinstance(lemma, str) else lemma[0]
    return "-".join(_singular(part, table, code) for part in surface.split("-"))


def _singular(part: str, table: "Table", code: str) -> str:
    """A compound's part without the plural ending the table takes off ("traitants"), or, an
    English one the table does not know, its final "s" ("plug-ins", "follow-ups"; French has
    "mi-temps"); a stop word stays as it is (the table reads "sous" as the plural of "sou")."""
    if part in stop_words():
        return part
    lemma = _LEMMA_FIXES.get(part) or table.get(part)
    if lemma is None:
        plural = code == "en" and len(part) > 2 and part.endswith("s")
        plural = plural and not part.endswith(("ss", "us", "is"))
        return part[:-1] if plural else part
    if not isinstance(lemma, str):
        lemma = lemma[0] if lemma else part
    return lemma if part.endswith(("s", "x")) and lemma == part[:-1] else part


def _keep(
    word: str,
    table: "Table | None",
    memo: dict[str, str],
    stops: frozenset[str],
    adverbs_of: str | None,
    code: str = "xx",
) -> str:
    """The word's lemma, or "" to drop it (stop word, number, punctuation, one letter; an
    adverb of language `adverbs_of`, None: none: "honestly", "honnêtement" say how, never what,
    and named demo themes). `code`: the text's language, for its word classes."""
    if word in memo:
        return memo[word]
    surface = _CLITIC.sub("", _ELISION.sub("", word))
    if "-" in surface and table is not None:
        lemma = _compound_lemma(surface, table, code)
    else:
        lemma = surface if table is None else _LEMMA_FIXES.get(surface) or table.get(surface)
    if lemma is None and surface.endswith("s") and surface[:-1] in table:
        lemma = table.get(surface[:-1])  # plurals missing from the tables: "montres" -> "montre"
    lemma = lemma or surface
    if not isinstance(lemma, str):  # a few lookup entries hold a list of lemmas
        lemma = lemma[0] if lemma else surface
    if table is not None and lemma != surface:
        lemma = _noun_plural(surface, lemma, code) or lemma
    lemma = _ELISION.sub("", lemma.lower())
    keep = (
        len(surface) > 1
        and len(lemma) > 1
        and surface not in stops
        and lemma not in stops
        and (adverbs_of is None or surface in _MEANING_WORDS or not is_adverb(surface, adverbs_of))
        and _HAS_LETTER.search(lemma) is not None
        and "/" not in lemma
        and BREAK not in lemma
        and "@" not in lemma
        and not lemma.startswith(("#", "http", "www"))
    )
    memo[word] = lemma if keep else ""
    return memo[word]


def _clean(text: str) -> str:
    return _MASKED.sub(" ", text).lower().translate(_APOSTROPHES)


def _blank(match: re.Match) -> str:
    return " " * len(match.group())


def lemma_tokens(
    text: str,
    language: str | None,
    memos: dict[str, dict[str, str]],
    adverbs: bool = False,
    compounds: bool = True,
) -> list[tuple[str, int, int]]:
    """(lemma, start, end) of each word of `text`, as `lemma_documents` reads it, lemma "" for a
    dropped word (stop word, number); `start` is past an elision ("l'export": at "export").
    `memos`: word -> lemma per language, kept by the caller across texts (with one `adverbs`
    value). `adverbs`: keep adverbs (a search's words), which theme words leave out.
    `compounds`: a hyphenated compound is one word (`_word_spans`)."""
    code = (language or "en").lower()
    table = None if code not in LEMMA_LANGUAGES else lemma_table(code)
    memo = memos.setdefault(code if table is not None else "xx", {})
    masked = _SKIP.sub(_blank, _MASKED.sub(_blank, text)).translate(_APOSTROPHES)
    tokens, adverbs_of = [], None if adverbs else code
    for word, start, end in _word_spans(masked, code, compounds):
        word = word.lower()
        elided = _ELISION.match(word)
        lemma = _keep(word, table, memo, stop_words(code), adverbs_of, code)
        tokens.append((lemma, start + (elided.end() if elided else 0), end))
    return tokens


def lemma_documents(texts: Sequence[str], languages: Sequence[str | None]) -> list[str]:
    """One lemma document per text: lowercased lemmas, stop words removed, `CLAUSE` between two
    clauses, ending in `BREAK`."""
    if len(texts) != len(languages):
        raise ValueError("texts and languages must have the same length")
    out = [BREAK] * len(texts)
    groups: dict[str, list[int]] = {}
    for i, language in enumerate(languages):
        code = (language or "en").lower()
        groups.setdefault(code if code in LEMMA_LANGUAGES else "xx", []).append(i)
    for code, rows in groups.items():
        table = None if code == "xx" else lemma_table(code)
        memo: dict[str, str] = {}
        done: dict[str, str] = {}
        stops = stop_words(code)
        for i in rows:
            text = _clean(texts[i])
            if text not in done:
                clauses = [
                    " ".join(
                        lemma
                        for word, _, _ in _word_spans(clause, code)
                        if (lemma := _keep(word, table, memo, stops, code, code))
                    )
                    for clause in _CLAUSE_END.split(_SKIP.sub(" ", text))
                ]
                done[text] = " ".join([f" {CLAUSE} ".join(c for c in clauses if c), BREAK]).lstrip()
            out[i] = done[text]
    return out


def segment_ngrams(segment: str, max_n: int) -> list[str]:
    """1..max_n-grams of one insight's lemmas (text with no `BREAK`): words, then pairs, ...,
    never across `CLAUSE`, nor across the boundary of a phrase led by one of `LEADING_WORDS`."""
    clauses = [clause.split() for clause in segment.split(CLAUSE)]
    grams = [word for words in clauses for word in words]
    for n in range(2, max_n + 1):
        for words in clauses:
            grams.extend(
                " ".join(words[i : i + n])
                for i in range(len(words) - n + 1)
                if words[i + n - 1] not in LEADING_WORDS
                and (i == 0 or words[i - 1] not in LEADING_WORDS)
            )
    return grams


def ngrams(max_n: int) -> Callable[[str], list[str]]:
    """CountVectorizer analyzer: 1..max_n-grams of lemmas, never across `BREAK`."""

    def analyze(document: str) -> list[str]:
        return [g for segment in document.split(BREAK) for g in segment_ngrams(segment, max_n)]

    return analyze


def covered_first(
    candidates: Sequence[str],
    documents: Sequence[str],
    n: int,
    min_share: float,
    analyzer: Callable[[str], Iterable[str]] | None = None,
    min_rows: int = MIN_TERM_ROWS,
) -> tuple[list[str], int]:
    """The top `n` of ranked candidate terms, those found in at least `min_share` of the
    documents and in `min_rows` of them (all of them when fewer) first (c-TF-IDF alone ranked
    "couple payment" and "notting hill" first for a Banking77 card theme). Documents: a theme's
    lemma documents; `analyzer`: their n-grams, at least as long as the longest candidate
    (default: `ngrams` of that length). Returns the terms and how many of them are covered (the
    label uses only those)."""
    longest = max((len(term.split()) for term in candidates), default=1)
    analyzer = analyzer or ngrams(longest)
    grams = [set(analyzer(doc)) for doc in documents]
    if not grams:
        return list(candidates[:n]), 0
    least = max(min_share * len(grams), min(min_rows, len(grams)))
    found = {term: sum(term in g for g in grams) for term in candidates}
    ranked = sorted(candidates, key=lambda term: found[term] < least)  # stable: keeps order
    return ranked[:n], sum(found[term] >= least for term in ranked[:n])


def label_terms(keywords: Sequence[str], parts: int = 2) -> list[str]:
    """The terms of a short label from ranked keywords, e.g. ["csv export", "crash"]: no term
    made only of generic words when another one is there (`without_generic`); a phrase among
    the first few keywords replaces the chosen word it contains ("csv" -> "csv export"), one
    further down only when it joins two chosen words; a keyword sharing a word with the label is
    skipped ("long money" after "long transfer"): no word is said in two parts."""
    chosen: list[str] = []
    for rank, keyword in enumerate(without_generic(list(keywords))):
        words = set(keyword.split())
        have = {w for term in chosen for w in term.split()}
        covered = [term for term in chosen if set(term.split()) < words]
        others = {w for term in chosen if term not in covered for w in term.split()}
        # a phrase of two chosen words is read whatever its rank ("mode · dark" -> "dark mode"),
        # unless it repeats another part's word ("vraie solution · attente d'une vraie")
        if covered and (rank < 2 * parts or len(covered) > 1) and not words & others:
            chosen[chosen.index(covered[0])] = keyword
            chosen = [term for term in chosen if term not in covered[1:]]
        elif not words & have and len(chosen) < parts:
            chosen.append(keyword)
    return chosen


def related_parts(
    terms: Sequence[str], grams: Sequence[set[str]], min_ratio: float, min_lift: float
) -> list[str]:
    """`terms` (a label's parts, first part first) less each further part that does not belong
    with the first in the insights whose n-grams are `grams`: one found in fewer than
    `min_ratio` times as many insights as the first ("daily happy · losing": a rare second word
    glued to the first), or found with the first less often than `min_lift` times chance, i.e.
    another topic of a mixed theme ("version · calendar"). One part read by many beats two of
    which one is rare. 0 turns a check off."""
    if len(terms) < 2 or not grams:
        return list(terms)
    having = [{i for i, g in enumerate(grams) if term in g} for term in terms]
    first, n = having[0], len(grams)
    return [terms[0]] + [
        term
        for term, rows in zip(terms[1:], having[1:], strict=True)
        if len(rows) >= min_ratio * len(first)
        and len(rows & first) * n >= min_lift * len(rows) * len(first)
    ]


def make_label(keywords: Sequence[str], parts: int = 2) -> str:
    """`label_terms` joined, e.g. "csv export · crash"."""
    return LABEL_JOIN.join(label_terms(keywords, parts))
