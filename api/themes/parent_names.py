"""After a refit writes the tree, each parent reads as the themes it holds then. Discovery names
a parent from the themes it grouped, but a theme a person moved stays under the parent they
chose: a cold refit named a parent "dark mode · theme" whose one theme was about offline mode
(dark mode had been moved elsewhere). And no theme reads as its parent ("cancelling at the end
· close account" over the same): the theme gets its distinguishing word (`set_apart`)."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.storage.tables import Theme
from api.themes.apart import set_apart
from api.themes.service import relabel_parent


def name_parents_after_children(session: Session, grouped: dict[int, set[int]]) -> None:
    """`grouped`: parent id -> the theme ids discovery named it from. A parent holding other
    themes now is named after them (`relabel_parent`); then any theme named as its parent is
    set apart from it."""
    session.flush()
    themes = list(session.scalars(select(Theme).where(Theme.status == "active")))
    under: dict[int, list[Theme]] = {}
    for theme in themes:
        if theme.level == "theme" and theme.parent_id is not None:
            under.setdefault(theme.parent_id, []).append(theme)
    for parent in (t for t in themes if t.level == "parent" and t.id in under):
        children = under[parent.id]
        if {c.id for c in children} != grouped.get(parent.id, set()):
            relabel_parent(session, parent, by_size=True)
        for child in children:
            if child.name.casefold() == parent.name.casefold() or any(
                label == (parent.names or {}).get(code)
                for code, label in (child.names or {}).items()
            ):
                set_apart(child, parent)
