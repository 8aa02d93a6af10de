"""Retention: feedback older than BOUCLE_RETENTION_DAYS (by `created_at`, when the customer
wrote it) is erased as an erasure on request erases it, with everything derived, but its key
is not remembered: the source re-sending it is stored again (and expires again at the next
pass if it is still that old)."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.audit import record
from api.privacy.purge import want_purge
from api.privacy.schemas import Erasure
from api.privacy.service import CHUNK, erase_items, run_erasure
from api.storage.tables import Feedback
from api.workspace import Workspace


def retention_cutoff(days: int, now: datetime | None = None) -> datetime:
    return (now or datetime.now(UTC)) - timedelta(days=days)


def count_before(session: Session, cutoff: datetime) -> int:
    return session.scalar(select(func.count()).where(Feedback.created_at < cutoff)) or 0


def erase_before(ws: Workspace, cutoff: datetime, actor: str, wait: bool = False) -> Erasure:
    """Erase every item written before `cutoff`, CHUNK items a transaction (a long purge does
    not hold the write lock for minutes); one audit event with the counts. `wait`: rewrite the
    embedded vector store now (the CLI), else in the background."""
    erasure = Erasure()
    while True:

        def erase(session: Session) -> tuple[Erasure, list[int]]:
            ids = list(session.scalars(
                select(Feedback.id).where(Feedback.created_at < cutoff)
                .order_by(Feedback.id).limit(CHUNK)
            ))  # fmt: skip
            return erase_items(session, ws, ids, remember=False)

        done = run_erasure(ws, erase)
        if not done.feedback:
            break
        erasure.add(done)
    if erasure.feedback:
        with ws.db.session() as session:
            detail = {"before": cutoff.isoformat(), **erasure.model_dump()}
            record(session, actor, "expire", "feedback", cutoff.date().isoformat(), detail)
        ws.db.compact()  # the erased pages leave SQLite's log
        if erasure.insights:
            want_purge(ws, wait=wait)
    return erasure
