"""The query's own words in a hit's text: a boost for the semantic candidates that say them.

A short query ("too expensive", "trop cher", "price") embeds as a vague point: insights about
anything costly or negative sit as close to it as those that say the word. Ranking the closest
candidates again with the share of the query's words each one holds puts those first, while the
embedding still finds the paraphrases and the other languages.

Words are compared as lemmas (spaCy's English and French lookup tables, as theme keywords are
made, both tables whatever the text's language: a query's language is unknown), stop words
aside ("too", "trop", "the"): "prices" holds "price", "chère" holds "cher"."""

import logging
import threading
import unicodedata
from collections.abc import Callable, Iterable

from analyzer.themes.labels import lemma_tokens
from api.failures import failure_logged

log = logging.getLogger("boucle.search")

# Lemmatised with both tables: a query or a text may be in either language, and a word the other
# table does not know comes back as itself.
LEMMA_LANGUAGES = ("en", "fr")
# Intensifiers that theme keywords keep but a query's meaning does not need ("trop cher" is about
# "cher"); spaCy already drops "too", "very", "très".
QUERY_FILLERS = frozenset({"trop", "vraiment", "bien", "beaucoup"})


class QueryWords:
    """The content words of a query, each as the set of forms that count as it in a text."""

    def __init__(self, query: str) -> None:
        self._memos: dict[str, dict[str, str]] = {}
        per_language = [self._lemmas(query, code) for code in LEMMA_LANGUAGES]
        # the same word read by each table: one word, matched by either of its lemmas
        self.words = [
            {form for form in forms if form}
            for forms in zip(*per_language, strict=True)
            if any(forms) and not QUERY_FILLERS & set(forms)
        ]

    def __bool__(self) -> bool:
        return bool(self.words)

    def share_in(self, text: str) -> float:
        """The share (0 to 1) of the query's words that `text` holds."""
        if not self.words:
            return 0.0
        held = self._forms(text)
        return sum(1 for forms in self.words if forms & held) / len(self.words)

    def _forms(self, text: str) -> set[str]:
        return {lemma for code in LEMMA_LANGUAGES for lemma in self._lemmas(text, code) if lemma}

    def _lemmas(self, text: str, code: str) -> list[str]:
        # hyphenated compounds in their parts: both tables' readings pair up word by word
        # (French cuts "peut-on" where English keeps it), and "mail" finds "e-mail"
        return [
            stem(lemma)
            for lemma, _, _ in lemma_tokens(text, code, self._memos, adverbs=True, compounds=False)
        ]


def warm_up() -> None:
    """Load the lemma tables now (seconds: spaCy's French package) rather than on a first search."""
    QueryWords("warm up")


class WordTables:
    """Whether the lemma tables the word boost reads are loaded. A serving process loads them in
    a background thread (`in_background`): seconds, under load up to 14, that start-up and
    /readyz no longer wait for; searches until then rank by meaning alone, said once in the
    log. Built plainly (the CLI, the worker, tests), the tables load on a first search."""

    def __init__(self) -> None:
        self._loaded = threading.Event()
        self._loaded.set()  # on demand: QueryWords loads them where it first needs them
        self._said = threading.Lock()  # held once it was said that a search went without them

    @classmethod
    def in_background(cls, load: Callable[[], None] = warm_up) -> "WordTables":
        tables = cls()
        tables._loaded.clear()
        threading.Thread(target=tables._load, args=(load,), daemon=True,
                         name="search-word-tables").start()  # fmt: skip
        return tables

    def _load(self, load: Callable[[], None]) -> None:
        try:
            load()
        except Exception as error:  # searches go on by meaning alone; why, without a message
            log.error("search word tables failed to load: %s; searches rank by meaning alone",
                      failure_logged(error))  # fmt: skip
            return
        self._loaded.set()
        log.info("search word tables loaded: searches rank by the query's words too")

    def ready(self) -> bool:
        """True once the tables are loaded (or load on demand); the first False is logged."""
        if self._loaded.is_set():
            return True
        if self._said.acquire(blocking=False):
            log.info("search word tables still loading: searches rank by meaning alone until "
                     "then (BOUCLE_SEARCH_WORD_BOOST)")  # fmt: skip
        return False

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the tables are loaded; False if `timeout` passed first."""
        return self._loaded.wait(timeout)


def stem(lemma: str) -> str:
    """A lemma without accents and a final "s" then "e": the lookup tables leave some forms as
    they are ("chère", "lentes"), which then match "cher" and "lent" ("" stays "")."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", lemma) if not unicodedata.combining(c))
    for end in ("s", "e"):
        if len(plain) > 3 and plain.endswith(end):
            plain = plain[:-1]
    return plain


def boosted(cosine: float, share: float, boost: float) -> float:
    """A hit's score: its cosine moved `boost` × `share` of the way to 1, i.e.
    1 - (1 - cosine)(1 - boost × share). Never above 1, the plain cosine when no word is held,
    and the same raise is worth less to a hit already close in meaning."""
    return 1 - (1 - cosine) * (1 - boost * share)


def lowest_cosine(min_score: float | None, boost: float) -> float | None:
    """The least cosine a hit needs to reach `min_score` once boosted (holding every word)."""
    if min_score is None or boost >= 1:
        return None if min_score is None else -1.0
    return max(-1.0, 1 - (1 - min_score) / (1 - boost))


def shares(words: QueryWords, texts: Iterable[tuple[int, str]]) -> dict[int, float]:
    """Each text's share of the query's words, by id."""
    return {i: words.share_in(text) for i, text in texts}
