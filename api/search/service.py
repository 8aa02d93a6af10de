"""Semantic search and similar insights: the vector store ranks, SQL fills in the rows."""

from collections.abc import Sequence

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from api.errors import NotFound
from api.feedback.views import account_brief, insight_parts
from api.search.schemas import FeedbackBrief, Filters, SearchHit, as_list
from api.storage.tables import Feedback, Insight
from api.vectors import VectorFilter, VectorHit
from api.workspace import INSIGHTS, Workspace


def vector_filter(filters: Filters, exclude: Sequence[int] = ()) -> VectorFilter:
    any_of = {
        field: as_list(getattr(filters, name))
        for name, field in (
            ("source", "source"),
            ("language", "language"),
            ("sentiment", "sentiment"),
            ("intent", "intents"),
            ("urgency", "urgency"),
            ("account", "account_id"),
            ("segment", "segment"),
            ("need", "need_id"),
            ("theme", "theme_id"),
        )  # fmt: skip
        if getattr(filters, name) is not None
    }
    ranges = {}
    if filters.created_from or filters.created_to:
        ranges["created_ts"] = (
            filters.created_from.timestamp() if filters.created_from else None,
            filters.created_to.timestamp() if filters.created_to else None,
        )
    return VectorFilter(any_of=any_of, ranges=ranges, exclude_ids=list(exclude))


# Identical texts (templated messages, copy-pasted tickets) come back side by side: fetch this
# many times the limit and fold each text's repeats into its first hit.
OVERFETCH = 3


def search(
    ws: Workspace, query: str, limit: int, filters: Filters, distinct: bool = True
) -> list[SearchHit]:
    vector = ws.tagger.embed([query])[0]
    return ranked_hits(ws, vector, limit, vector_filter(filters), distinct)


def similar(
    ws: Workspace, insight_id: int, limit: int, filters: Filters, distinct: bool = True
) -> list[SearchHit]:
    with ws.db.session() as session:
        insight = session.get(Insight, insight_id)
        if insight is None:
            raise NotFound(f"no insight with id {insight_id}")
        if insight.vector is None:
            return []
        vector = np.frombuffer(insight.vector, dtype=np.float32)
    where = vector_filter(filters, exclude=[insight_id])
    return ranked_hits(ws, vector, limit, where, distinct)


def ranked_hits(
    ws: Workspace, vector: np.ndarray, limit: int, where: VectorFilter, distinct: bool
) -> list[SearchHit]:
    if not distinct:
        return hits_out(ws, ws.vectors.search(INSIGHTS, vector, limit, where))
    return fold_same_text(
        hits_out(ws, ws.vectors.search(INSIGHTS, vector, limit * OVERFETCH, where)), limit
    )


def fold_same_text(hits: list[SearchHit], limit: int) -> list[SearchHit]:
    """The first `limit` distinct texts (case, spacing and end punctuation aside), best first;
    each counts the repeats folded into it."""
    kept: dict[str, SearchHit] = {}
    for hit in hits:
        key = " ".join(hit.text.casefold().split()).strip(" .,;:!?\"'«»“”")
        if key in kept:
            kept[key].same_text += 1
        elif len(kept) < limit:
            kept[key] = hit
    return list(kept.values())


def hits_out(ws: Workspace, hits: list[VectorHit]) -> list[SearchHit]:
    if not hits:
        return []
    with ws.db.session() as session:
        query = (
            select(Insight)
            .where(Insight.id.in_([hit.id for hit in hits]))
            .options(selectinload(Insight.feedback), selectinload(Insight.link))
        )
        rows = {row.id: row for row in session.scalars(query)}
        results = []
        for hit in hits:
            insight = rows.get(hit.id)
            if insight is None:  # a vector whose row is gone; the worker's reindex repairs it
                continue
            results.append(SearchHit(score=round(hit.score, 4), **insight_record(insight)))
        return results


def insight_record(insight: Insight) -> dict:
    """An InsightRecord's fields; the insight's feedback and need link are loaded."""
    feedback: Feedback = insight.feedback
    return {
        "insight_id": insight.id,
        **insight_parts(insight),
        "need_id": insight.link.need_id if insight.link else None,
        "theme_id": insight.theme_id,
        "feedback": FeedbackBrief(
            id=feedback.id,
            source=feedback.source,
            external_id=feedback.external_id,
            created_at=feedback.created_at,
            language=feedback.language,
            score=feedback.score,
            tags=feedback.tags or {},
        ),
        "account": account_brief(feedback),
    }
