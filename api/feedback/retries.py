"""Items whose analysis failed: when the worker tries again (exponential back-off), when it
stops (MAX_ATTEMPTS), and a person's "try again now" once the fault is fixed."""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from api.settings import Settings
from api.storage.db import Database
from api.storage.tables import Feedback

MAX_ATTEMPTS = 20  # after that an item waits for a person: `boucle feedback retry`


def analysis_backoff(settings: Settings, attempts: int) -> timedelta:
    """The wait after the `attempts`-th failure: the base doubled each time, capped."""
    base, cap = settings.analysis_backoff_s, settings.analysis_backoff_max_s
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), cap))


def next_attempt_at(settings: Settings, attempts: int) -> datetime:
    return datetime.now(UTC) + analysis_backoff(settings, attempts)


def retry_failed(db: Database, ids: Sequence[int] | None = None) -> int:
    """Give failed pending items (`ids`, or all of them) their tries back, due now: the worker
    takes them at its next tick. Returns how many were reset; their last error is kept until
    an analysis succeeds."""
    statement = (
        update(Feedback)
        .where(Feedback.status == "pending", Feedback.attempts > 0)
        .values(attempts=0, next_attempt_at=None)
    )
    if ids is not None:
        statement = statement.where(Feedback.id.in_(list(ids)))
    with db.session() as session:
        return session.execute(statement).rowcount or 0
