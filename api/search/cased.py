"""A query word typed in lower case, written as the stored insights write it: "sso" as "SSO",
"okta" as "Okta". The embedder is case-sensitive: "sso" scored its best hit 0.33 and then
unrelated text, "SSO" 0.51 with every hit on single sign-on; analysts type in lower case.

A word is restored when the stored texts (almost) always write it in one cased form, counting
only the occurrences that do not start a sentence (there any word is capitalised). The counts are
read once per database, then only for the insights stored since (ids are never reused), so a
search costs a dictionary look-up per word (docs/evaluation.md, "Lower-case queries"). The
service reads them in the background at start (`read_in_background`): the first search of a
process read every stored insight under the lock, ~3.5 s at 100,000.

Insights also go (`boucle forget`, an edited item analysed again) or have a name masked in
place (a forgotten person's, in what stays): words of texts no longer stored must not decide how
a query reads. Each search compares how many insights the counts hold with how many are stored
(one count, read from an index), and how many people were forgotten; on a difference the counts
are read again from scratch in the background (`recounting`), the searches meanwhile reading
the old ones."""

import logging
import re
import threading
import weakref
from collections import Counter

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from api.storage.tables import ForgottenParty, Insight

# A word: letters, then letters or digits ("SSO", "OAuth2", "S3" is not one: no second letter).
_WORD = re.compile(r"[^\W\d_][^\W_]*")
# What ends a sentence (or a title before a colon): the next word is capitalised whatever it is.
_SENTENCE_END = re.compile(r"[.!?…:;\n]+")
# A cased form stands for the word when it is at least this share of the word's occurrences (not
# starting a sentence) and seen this many times: one "Export" in a title is not the corpus' usage.
CASED_SHARE = 0.9
CASED_SEEN = 2
READ_CHUNK = 5_000


class CasedWords:
    """Each word form counted over the stored insights read so far (a sentence's first word
    aside), and the cased forms of each lower-case word."""

    def __init__(self) -> None:
        self.read_up_to = 0  # the newest insight id counted
        self.insights = 0  # how many were counted
        self.forgotten = 0  # people forgotten (whose names are masked) when it was first read
        self.seen: Counter[str] = Counter()
        self.cased: dict[str, set[str]] = {}

    def count(self, text: str) -> None:
        for sentence in _SENTENCE_END.split(text):
            forms = _WORD.findall(sentence)[1:]  # a sentence's first word: any case
            self.seen.update(forms)
            for form in forms:
                if not form.islower():
                    self.cased.setdefault(form.lower(), set()).add(form)

    def form_of(self, word: str) -> str:
        """`word` as the corpus writes it, or as typed: only a word typed all in lower case."""
        if not word.islower() or word not in self.cased:
            return word
        form = max(sorted(self.cased[word]), key=self.seen.__getitem__)
        seen = self.seen[form]
        total = self.seen[word] + sum(self.seen[other] for other in self.cased[word])
        return form if seen >= CASED_SEEN and seen >= CASED_SHARE * total else word

    def restored(self, query: str) -> str:
        return _WORD.sub(lambda word: self.form_of(word.group()), query)


_READ: weakref.WeakKeyDictionary[Engine, CasedWords] = weakref.WeakKeyDictionary()
_RECOUNTS: weakref.WeakKeyDictionary[Engine, threading.Thread] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def cased_query(session: Session, query: str) -> str:
    """`query` with each word typed in lower case written as the stored insights write it.
    Reads the insights stored since the last call (all of them the first time); once some
    counted are gone or masked, counts them all again in the background."""
    engine = session.get_bind()
    with _LOCK:  # one reader at a time: the counts are shared by every search of the process
        words = _READ.setdefault(engine, CasedWords())
        first = words.read_up_to == 0
        read_new(session, words)
        if first:
            words.forgotten = forgotten_people(session)
        elif outdated(session, words):
            recount(engine)
        return words.restored(query)


def read_new(session: Session, words: CasedWords) -> None:
    """Count the insights stored after the newest one `words` counted."""
    while True:
        rows = session.execute(
            select(Insight.id, Insight.text)
            .where(Insight.id > words.read_up_to)
            .order_by(Insight.id)
            .limit(READ_CHUNK)
        ).all()
        for row in rows:
            words.count(row.text)
        words.insights += len(rows)
        if rows:
            words.read_up_to = rows[-1].id
        if len(rows) < READ_CHUNK:
            return


def forgotten_people(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ForgottenParty)) or 0


def outdated(session: Session, words: CasedWords) -> bool:
    """Whether insights counted were deleted (fewer stored than counted, every newer one just
    read: one stored meanwhile only hides a deletion until the next search), or people were
    forgotten since (their names masked in the texts that stay). The whole table's count: SQLite
    reads it from an index, where one over an id range walks the rows (2 KB vectors inline)."""
    stored = session.scalar(select(func.count()).select_from(Insight)) or 0
    return stored < words.insights or forgotten_people(session) != words.forgotten


def recount(engine: Engine) -> None:
    """Count every stored insight again, in a thread, then serve those counts (under _LOCK)."""
    running = _RECOUNTS.get(engine)
    if running is not None and running.is_alive():
        return

    def read() -> None:
        fresh = CasedWords()
        try:
            with Session(engine) as session:
                fresh.forgotten = forgotten_people(session)
                read_new(session, fresh)  # the bulk, while searches read the old counts
                with _LOCK:
                    read_new(session, fresh)  # what was stored meanwhile
                    _READ[engine] = fresh
        except Exception as error:  # the next search finds them outdated and tries again
            log.warning("lower-case word forms not read again: %s", type(error).__name__)

    thread = threading.Thread(target=read, name="search-cased-recount", daemon=True)
    _RECOUNTS[engine] = thread
    thread.start()


def recounting(engine: Engine) -> threading.Thread | None:
    """The recount running or last run for `engine`'s database, if any."""
    with _LOCK:
        return _RECOUNTS.get(engine)


log = logging.getLogger("boucle.search")


def read_in_background(database) -> threading.Thread:
    """Count the stored insights' word forms now, off the request path (`database`: a
    api.storage Database); a search meanwhile waits for the lock, as it would have read them."""

    def read() -> None:
        try:
            with database.session() as session:
                cased_query(session, "")
        except Exception as error:  # the first search reads them instead
            log.warning("lower-case word forms not read at start: %s", type(error).__name__)

    thread = threading.Thread(target=read, name="search-cased-words", daemon=True)
    thread.start()
    return thread
