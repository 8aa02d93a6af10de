"""A theme filter names themes or parents: a parent stands for the themes under it."""

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from api.storage.tables import Theme


def in_themes(column, ids: list[int]):
    """SQL: `column` (a theme id) is one of `ids` or has one of them as its parent."""
    return or_(column.in_(ids), column.in_(select(Theme.id).where(Theme.parent_id.in_(ids))))


def with_children(session: Session, ids: list[int]) -> list[int]:
    """`ids` and the themes under any parent among them, for the vector store's filter."""
    children = session.scalars(select(Theme.id).where(Theme.parent_id.in_(ids)))
    return sorted({*ids, *children})
