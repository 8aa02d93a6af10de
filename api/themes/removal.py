"""A theme a person seeded by mistake is deleted: it leaves the tree as `retired` (its row, name
and lineage kept, so links and filters on its id still say what became of it), and its insights
go to the nearest remaining theme, as ingest would place them, or to none."""

from collections import Counter

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from api.audit import record
from api.errors import Conflict
from api.storage.tables import Insight, Theme
from api.themes.corpus import load_corpus
from api.themes.empty_parents import retire_empty_parents
from api.themes.index import ThemeIndex
from api.themes.lineage import event
from api.themes.service import get_theme, relabel_parent
from api.workspace import INSIGHTS, Workspace

DELETED = "deleted"  # the `reason` of the "retired" lineage event a deletion writes


def deletable(theme: Theme) -> None:
    """A 409 saying why, unless `theme` is an active seeded theme: one discovery found comes
    back at the next refit, so it is merged or renamed instead."""
    if theme.level != "theme":
        raise Conflict(f"theme {theme.id} is a parent: move its themes out or merge them away, "
                       "and it leaves the tree by itself")  # fmt: skip
    if theme.status != "active":
        raise Conflict(f"theme {theme.id} is already {theme.status}: nothing to delete")
    if theme.seed_vector is None:
        raise Conflict(f"theme {theme.id} was found by discovery, not seeded: a refit would find "
                       "it again; merge it into another theme (POST /v1/themes/merge) instead")  # fmt: skip


def rehome(session: Session, ws: Workspace, insight_ids: list[int]) -> Counter:
    """Each of the insights in the nearest active theme at least `min_similarity` close (the
    deleted one no longer among them), or in none; how many went to each theme id (None: none)."""
    index = ThemeIndex(ws.themes.min_similarity)
    index.reload(session)
    corpus = load_corpus(session, np.array(sorted(insight_ids), dtype=np.int64))
    places = index.assign(corpus.vectors) if len(corpus.ids) else []
    went: Counter = Counter()
    by_theme: dict[int | None, list[int]] = {}
    rows = [
        {"id": insight_id, "theme_id": theme_id, "theme_score": score}
        for insight_id, (theme_id, score) in zip(corpus.ids.tolist(), places, strict=True)
    ]
    if rows:
        session.execute(update(Insight), rows)  # by primary key, in one statement per batch
    for row in rows:
        by_theme.setdefault(row["theme_id"], []).append(row["id"])
    without_vector = set(insight_ids) - set(corpus.ids.tolist())
    if without_vector:  # no vector to place it by: in no theme
        session.execute(update(Insight).where(Insight.id.in_(without_vector))
                        .values(theme_id=None, theme_score=None))  # fmt: skip
        by_theme.setdefault(None, []).extend(without_vector)
    for theme_id, moved in by_theme.items():
        went[theme_id] = len(moved)
        if theme_id is not None:
            get_theme(session, theme_id).size += len(moved)
        for start in range(0, len(moved), 1_000):
            ws.vectors.set_payload(INSIGHTS, moved[start : start + 1_000], {"theme_id": theme_id})
    return went


def delete_theme(ws: Workspace, theme_id: int, actor: str) -> dict:
    """Retire the seeded theme `theme_id` (a 409 for any other) and re-place its insights;
    what became of them: `{"successors": [theme ids, most insights first], "unthemed": n}`."""
    with ws.db.session() as session:
        theme = get_theme(session, theme_id)
        deletable(theme)
        theme.status = "retired"
        session.flush()  # out of the themes its insights are placed among
        members = list(session.scalars(select(Insight.id).where(Insight.theme_id == theme_id)))
        went = rehome(session, ws, members)
        unthemed = went.pop(None, 0)
        successors = [t for t, _ in went.most_common()]
        theme.quotes, theme.size = [], 0
        theme.lineage = [*theme.lineage, event("retired", by=actor, reason=DELETED,
                                               successors=successors, unthemed=unthemed)]  # fmt: skip
        if theme.parent_id is not None:  # its parent is named after the themes it has left
            relabel_parent(session, get_theme(session, theme.parent_id))
            retire_empty_parents(session, [theme.parent_id], by=actor)
        outcome = {"successors": successors, "unthemed": unthemed}
        record(session, actor, "theme.delete", "theme", theme_id,
               {"name": theme.name, "insights": len(members), **outcome})  # fmt: skip
        session.flush()
        ws.themes.reload(session)
        return outcome
