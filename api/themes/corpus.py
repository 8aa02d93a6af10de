"""What a refit reads from SQL: every insight's id and theme (small), the fitted sample's vectors,
texts and languages, and the other vectors streamed in chunks, so memory stays flat however many
insights are stored."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.storage.tables import Feedback, Insight, Theme

_IDS_PER_QUERY = 5_000  # an IN list per query (SQLite allows 32,766 parameters)


@dataclass
class Corpus:
    ids: np.ndarray
    vectors: np.ndarray
    texts: list[str]
    languages: list[str | None]
    themes: np.ndarray  # current theme id per insight, -1 for none


def row_themes(session: Session) -> tuple[np.ndarray, np.ndarray]:
    """(insight ids, current theme id or -1) of every insight with a vector, by id."""
    rows = session.execute(
        select(Insight.id, Insight.theme_id).where(Insight.vector.is_not(None)).order_by(Insight.id)
    ).all()
    ids = np.fromiter((r.id for r in rows), dtype=np.int64, count=len(rows))
    themes = np.fromiter(
        (r.theme_id if r.theme_id is not None else -1 for r in rows),
        dtype=np.int64,
        count=len(rows),
    )
    return ids, themes


def themes_changed_at(session: Session) -> datetime | None:
    """When the themes last changed (a refit, or a person's edit); None before any theme."""
    return session.scalar(select(func.max(Theme.updated_at)))


def received_since(session: Session, when: datetime | None) -> np.ndarray:
    """Ids of the insights whose feedback arrived after `when`, sorted (none when None)."""
    if when is None:
        return np.zeros(0, dtype=np.int64)
    query = (
        select(Insight.id)
        .join(Feedback, Feedback.id == Insight.feedback_id)
        .where(Feedback.received_at > when)
        .order_by(Insight.id)
    )
    return np.fromiter(session.scalars(query), dtype=np.int64)


def load_corpus(session: Session, ids: np.ndarray | None = None) -> Corpus:
    """Every insight with a vector, or only those of `ids` (sorted), by id."""
    query = (
        select(Insight.id, Insight.vector, Insight.text, Feedback.language, Insight.theme_id)
        .join(Feedback, Feedback.id == Insight.feedback_id)
        .where(Insight.vector.is_not(None))
        .order_by(Insight.id)
    )
    if ids is None:
        rows = session.execute(query).all()
    else:
        rows = []
        for start in range(0, len(ids), _IDS_PER_QUERY):
            chunk = [int(i) for i in ids[start : start + _IDS_PER_QUERY]]
            rows.extend(session.execute(query.where(Insight.id.in_(chunk))).all())
    if not rows:
        return Corpus(np.zeros(0, np.int64), np.zeros((0, 0), np.float32), [], [], np.zeros(0))
    vectors = np.empty((len(rows), len(rows[0].vector) // 4), dtype=np.float32)
    for row, r in enumerate(rows):
        vectors[row] = np.frombuffer(r.vector, dtype=np.float32)
    return Corpus(
        ids=np.array([r.id for r in rows], dtype=np.int64),
        vectors=vectors,
        texts=[r.text for r in rows],
        languages=[r.language for r in rows],
        themes=np.array([r.theme_id if r.theme_id is not None else -1 for r in rows]),
    )


def stream_vectors(
    session: Session, last: int, chunk: int = 10_000
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(ids, float32 vectors) of every insight with a vector up to id `last`, by id, `chunk` rows
    at a time (keyset pages: each query starts after the last id seen)."""
    after = -1
    while True:
        rows = session.execute(
            select(Insight.id, Insight.vector)
            .where(Insight.vector.is_not(None), Insight.id > after, Insight.id <= last)
            .order_by(Insight.id)
            .limit(chunk)
        ).all()
        if not rows:
            return
        ids = np.fromiter((r.id for r in rows), dtype=np.int64, count=len(rows))
        vectors = np.empty((len(rows), len(rows[0].vector) // 4), dtype=np.float32)
        for row, r in enumerate(rows):
            vectors[row] = np.frombuffer(r.vector, dtype=np.float32)
        yield ids, vectors
        after = int(ids[-1])


def align(corpus: Corpus, ids: np.ndarray) -> tuple[Corpus, np.ndarray]:
    """`corpus` less its rows missing from `ids` (sorted), and the positions in `ids` of the rest.
    On PostgreSQL each read sees the latest commits: an insight stored or erased between reading
    `ids` and the corpus is left to the next refit."""
    at = np.searchsorted(ids, corpus.ids)
    known = np.zeros(len(at), dtype=bool)
    inside = at < len(ids)
    known[inside] = ids[at[inside]] == corpus.ids[inside]
    if known.all():
        return corpus, at
    keep = np.flatnonzero(known)
    rows = Corpus(corpus.ids[keep], corpus.vectors[keep], [corpus.texts[i] for i in keep],
                  [corpus.languages[i] for i in keep], corpus.themes[keep])  # fmt: skip
    return rows, at[keep]
