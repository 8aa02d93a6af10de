"""A parent with no theme under it any more (its themes moved out or merged away) leaves the tree:
it holds no insights of its own, so it would be a row of size 0 named after themes it no longer
has. It is retired, its name (a person's too) and its lineage kept, the reason said there; a
theme moved back under it (an undo) restores it."""

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.storage.tables import Theme
from api.themes.lineage import event

NO_THEMES_LEFT = "no themes left"


def retire_empty_parents(session: Session, parent_ids: Iterable[int | None], by: str) -> list[int]:
    """Retire those of `parent_ids` (the parents that just lost a theme) no active theme is under
    any more; their ids. `by`: who emptied them (a person moving or merging, or "refit")."""
    under = select(Theme.parent_id).where(
        Theme.status == "active", Theme.level == "theme", Theme.parent_id.is_not(None)
    )
    empty = session.scalars(
        select(Theme)
        .where(Theme.id.in_({i for i in parent_ids if i is not None}), Theme.level == "parent",
               Theme.status == "active", Theme.id.not_in(under))
        .order_by(Theme.id)
    ).all()  # fmt: skip
    for parent in empty:
        parent.status = "retired"
        parent.lineage = [*parent.lineage, event("retired", by=by, reason=NO_THEMES_LEFT)]
    return [parent.id for parent in empty]


def restore_emptied_parent(session: Session, parent_id: int, by: str) -> None:
    """A parent retired because its last theme left (not one a refit no longer found) is active
    again when a person puts a theme back under it: moving a theme out by mistake is undone."""
    parent = session.get(Theme, parent_id)
    if parent is None or parent.level != "parent" or parent.status != "retired":
        return
    last = parent.lineage[-1] if parent.lineage else {}
    if (last.get("event"), last.get("reason")) == ("retired", NO_THEMES_LEFT):
        parent.status = "active"
        parent.lineage = [*parent.lineage, event("restored", by=by)]
