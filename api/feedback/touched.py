"""An item's updated_at moves when a need link of one of its insights is made, moved or removed:
the insights export's need_id and need_title change with it, so a sync reading changed_since
must see the item again. Its own row's changes move it by themselves (Feedback.updated_at)."""

from collections.abc import Collection

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from api.storage.tables import Feedback, Insight, utcnow

PART = 500


def touch_items_of(session: Session, insight_ids: Collection[int]) -> None:
    """The items of these insights changed now (a merge moves thousands: in parts, within
    SQLite's limit on bound values)."""
    ids, now = list(insight_ids), utcnow()
    for start in range(0, len(ids), PART):
        items = select(Insight.feedback_id).where(Insight.id.in_(ids[start : start + PART]))
        session.execute(
            update(Feedback).where(Feedback.id.in_(items)).values(updated_at=now),
            execution_options={"synchronize_session": False},
        )
