"""Linking actionable insights to the needs they express, at ingestion and on request."""

from collections.abc import Sequence

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from analyzer.needs import ACTIONABLE_INTENTS, centroid, decide
from api.feedback.touched import touch_items_of
from api.loop.outbox import sync_outbox
from api.search.service import closest_insights
from api.storage.tables import Insight, Need, NeedLink, NeedSuggestion, utcnow
from api.vectors import VectorFilter
from api.workspace import INSIGHTS, NEEDS, Workspace

# Needs looked at per insight. The best one decides a link; without one, every candidate above the
# review threshold is suggested: the right need is the best one for 0.48 of mini-bar's items but
# among the best three for 0.70 (docs/evaluation.md, best-matching insight). Needs a person
# rejected for the insight are left out, and the next ones take their places.
CANDIDATES = 3


def is_actionable(insight: Insight) -> bool:
    """An actionable intent, or a negative tone: a complaint the intent head missed still
    deserves its need (the heads' recall is measured in docs/evaluation.md, and not perfect)."""
    if insight.sentiment_label == "negative":
        return True
    return any(intent["label"] in ACTIONABLE_INTENTS for intent in insight.intents)


def match_insights(
    session: Session, ws: Workspace, insights: Sequence[tuple[Insight, np.ndarray]]
) -> dict[int, int]:
    """Link or suggest each actionable insight's best need; returns insight id -> linked need."""
    linked: dict[int, int] = {}
    rejected = rejected_pairs(session, [i.id for i, _ in insights])
    for insight, vector in insights:
        if not is_actionable(insight):
            continue
        refused = sum(i == insight.id for i, _ in rejected)
        hits = [
            h
            for h in ws.vectors.search(NEEDS, vector, CANDIDATES + refused)
            if (insight.id, h.id) not in rejected
        ][:CANDIDATES]
        if hits and decide(hits[0].score, ws.thresholds) == "link":
            add_link(session, ws, insight, hits[0].id, "auto", hits[0].score, vector)
            linked[insight.id] = hits[0].id
            continue
        for hit in hits:
            if decide(hit.score, ws.thresholds) == "suggest":
                session.add(NeedSuggestion(insight_id=insight.id, need_id=hit.id, score=hit.score))
    return linked


def rejected_pairs(session: Session, insight_ids: list[int]) -> set[tuple[int, int]]:
    if not insight_ids:
        return set()
    query = select(NeedSuggestion.insight_id, NeedSuggestion.need_id).where(
        NeedSuggestion.insight_id.in_(insight_ids), NeedSuggestion.status == "rejected"
    )
    return {(i, n) for i, n in session.execute(query)}


def add_link(
    session: Session,
    ws: Workspace,
    insight: Insight,
    need_id: int,
    how: str,
    score: float | None,
    vector: np.ndarray | None = None,
) -> NeedLink:
    """Link (or re-link) an insight; the need's centroid moves towards its new evidence."""
    vector = vector if vector is not None else insight_vector(insight)
    old = session.scalar(select(NeedLink).where(NeedLink.insight_id == insight.id))
    if old is not None:
        move_centroid(session, ws, old.need_id, vector, sign=-1.0)
        if old.need_id != need_id and (loser := session.get(Need, old.need_id)) is not None:
            # the need that loses evidence says where it went (an insight has one need)
            moved = {"event": "evidence_moved", "at": utcnow().isoformat(),
                     "insight": insight.id, "to": need_id, "how": how}  # fmt: skip
            loser.lineage = [*(loser.lineage or []), moved]
        session.delete(old)
        session.flush()
    link = NeedLink(insight_id=insight.id, need_id=need_id, how=how, score=score)
    session.add(link)
    session.flush()
    move_centroid(session, ws, need_id, vector, sign=1.0)
    supersede_suggestions(session, insight.id)
    touch_items_of(session, [insight.id])  # its item's exported need changed
    # a shipped or declined need tells whoever joins it (and not whoever left it)
    for touched in {need_id, old.need_id if old is not None else need_id}:
        if (need := session.get(Need, touched)) is not None:
            sync_outbox(session, need)
    return link


def supersede_suggestions(session: Session, insight_id: int) -> None:
    """A linked insight's other pending suggestions no longer wait for a person."""
    session.execute(
        update(NeedSuggestion)
        .where(NeedSuggestion.insight_id == insight_id, NeedSuggestion.status == "pending")
        .values(status="superseded", decided_at=utcnow())
    )


def insight_vector(insight: Insight) -> np.ndarray | None:
    return None if insight.vector is None else np.frombuffer(insight.vector, dtype=np.float32)


def move_centroid(
    session: Session, ws: Workspace, need_id: int, vector: np.ndarray | None, sign: float
) -> None:
    """A need's vector is the sum of its evidence (and title) vectors; the store keeps its
    direction, so matching follows what customers actually say."""
    need = session.get(Need, need_id)
    if need is None or vector is None:
        return
    total = np.frombuffer(need.vector, dtype=np.float32) if need.vector else np.zeros_like(vector)
    total = total + sign * vector
    need.vector = total.astype(np.float32).tobytes()
    if np.linalg.norm(total) > 1e-6:
        ws.vectors.upsert(NEEDS, [need.id], centroid(total)[None, :], [need_payload(need)])


def need_payload(need: Need) -> dict:
    return {"status": need.status}


def set_insight_need(ws: Workspace, insight_ids: Sequence[int], need_id: int | None) -> None:
    """Keep the search filter `need` in step with the links."""
    if insight_ids:
        ws.vectors.set_payload(
            INSIGHTS, list(insight_ids), {"need_id": need_id if need_id is not None else -1}
        )


def unlinked_filter() -> VectorFilter:
    return VectorFilter(equals={"need_id": -1})


CLAIM_LIMIT = 1_000  # unlinked insights looked at when a need is created


def claim_similar(session: Session, ws: Workspace, need_id: int) -> tuple[int, int]:
    """A new need looks for its evidence among the unlinked insights already stored: links above
    the auto threshold, suggestions above review. Returns (linked, suggested)."""
    need = session.get(Need, need_id)
    if need is None or need.vector is None:
        return 0, 0
    vector = centroid(np.frombuffer(need.vector, dtype=np.float32))
    # exact as search decides: a graph walk would leave most copies of a text unlinked
    hits, _ = closest_insights(ws, vector, CLAIM_LIMIT, unlinked_filter(), ws.thresholds.review)
    rows = {
        i.id: i
        for i in session.scalars(select(Insight).where(Insight.id.in_([h.id for h in hits])))
    }
    rejected = rejected_pairs(session, list(rows))
    pending = set(
        session.scalars(
            select(NeedSuggestion.insight_id).where(
                NeedSuggestion.need_id == need_id, NeedSuggestion.insight_id.in_(list(rows))
            )
        )
    )
    linked, suggested = [], 0
    for hit in hits:
        insight = rows.get(hit.id)
        if insight is None or insight.link is not None or not is_actionable(insight):
            continue
        if (insight.id, need_id) in rejected or insight.id in pending:
            continue
        if decide(hit.score, ws.thresholds) == "link":
            add_link(session, ws, insight, need_id, "auto", hit.score)
            linked.append(insight.id)
        else:
            session.add(NeedSuggestion(insight_id=insight.id, need_id=need_id, score=hit.score))
            suggested += 1
    session.flush()
    set_insight_need(ws, linked, need_id)
    return len(linked), suggested
