"""A query word typed in lower case, written as the stored insights write it: "sso" as "SSO",
"okta" as "Okta". The embedder is case-sensitive: "sso" scored its best hit 0.33 and then
unrelated text, "SSO" 0.51 with every hit on single sign-on; analysts type in lower case.

A word is restored when the stored texts (almost) always write it in one cased form, counting
only the occurrences that do not start a sentence (there any word is capitalised). The counts are
read once per database, then only for the insights stored since (ids are never reused), so a
search costs a dictionary look-up per word (docs/evaluation.md, "Lower-case queries"). The
service reads them in the background at start (`read_in_background`): the first search of a
process read every stored insight under the lock, ~3.5 s at 100,000."""

import logging
import re
import threading
import weakref
from collections import Counter

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from api.storage.tables import Insight

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
_LOCK = threading.Lock()


def cased_query(session: Session, query: str) -> str:
    """`query` with each word typed in lower case written as the stored insights write it.
    Reads the insights stored since the last call (all of them the first time)."""
    engine = session.get_bind()
    with _LOCK:  # one reader at a time: the counts are shared by every search of the process
        words = _READ.setdefault(engine, CasedWords())
        while True:
            rows = session.execute(
                select(Insight.id, Insight.text)
                .where(Insight.id > words.read_up_to)
                .order_by(Insight.id)
                .limit(READ_CHUNK)
            ).all()
            for row in rows:
                words.count(row.text)
            if len(rows) < READ_CHUNK:
                if rows:
                    words.read_up_to = rows[-1].id
                break
            words.read_up_to = rows[-1].id
        return words.restored(query)


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
