"""`boucle doctor`: SQL is the source of truth; the vector store must hold exactly one point per
stored insight vector (and per live need), with the payload SQL implies. Checks, and repairs;
and checks the key that seals webhook secrets opens them (api/ops/sealing_key.py)."""

from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from analyzer.needs import centroid
from api.feedback.retries import retry_failed
from api.feedback.service import insight_payload
from api.needs.matching import need_payload
from api.ops.sealing_key import SealingKeyCheck, check_sealing_key
from api.storage.tables import Feedback, Insight, Need
from api.worker import drain_pending
from api.workspace import INSIGHTS, NEEDS, Workspace, claim_rebuilt

CHUNK = 2_000


@dataclass
class Report:
    insights: int = 0
    missing_vectors: list[int] = field(default_factory=list)  # in SQL, not in the store
    orphan_vectors: list[int] = field(default_factory=list)  # in the store, not in SQL
    needs_missing: list[int] = field(default_factory=list)
    needs_orphans: list[int] = field(default_factory=list)
    pending: int = 0
    repaired: bool = False
    secret_key: SealingKeyCheck | None = None  # the key that seals webhook secrets

    @property
    def vectors_agree(self) -> bool:
        drift = (self.missing_vectors, self.orphan_vectors, self.needs_missing, self.needs_orphans)
        return not any(drift) and not self.pending

    @property
    def healthy(self) -> bool:
        return self.vectors_agree and (self.secret_key is None or self.secret_key.healthy)

    def summary(self) -> dict:
        return {"insights": self.insights, "missing_vectors": len(self.missing_vectors),
                "orphan_vectors": len(self.orphan_vectors), "needs_missing": len(self.needs_missing),
                "needs_orphans": len(self.needs_orphans), "pending": self.pending,
                "healthy": self.healthy, "repaired": self.repaired,
                "secret_key": self.secret_key.summary() if self.secret_key else None}  # fmt: skip


def check(ws: Workspace) -> Report:
    with ws.db.session() as session:
        sql_insights = set(session.scalars(select(Insight.id).where(Insight.vector.is_not(None))))
        sql_needs = set(session.scalars(
            select(Need.id).where(Need.merged_into_id.is_(None), Need.vector.is_not(None))))  # fmt: skip
        pending = session.scalar(select(func.count()).where(Feedback.status == "pending"))
    stored_insights, stored_needs = set(ws.vectors.ids(INSIGHTS)), set(ws.vectors.ids(NEEDS))
    return Report(
        insights=len(sql_insights),
        missing_vectors=sorted(sql_insights - stored_insights),
        orphan_vectors=sorted(stored_insights - sql_insights),
        needs_missing=sorted(sql_needs - stored_needs),
        needs_orphans=sorted(stored_needs - sql_needs),
        pending=pending or 0,
        secret_key=check_sealing_key(ws.settings, ws.db),
    )


def reindex_insights(ws: Workspace, ids: list[int]) -> None:
    """Write the points of these insights from SQL: vector and payload, links and themes included."""
    for start in range(0, len(ids), CHUNK):
        with ws.db.session() as session:
            rows = session.scalars(
                select(Insight)
                .where(Insight.id.in_(ids[start : start + CHUNK]))
                .options(selectinload(Insight.feedback), selectinload(Insight.link))
            ).all()
            if rows:
                ws.vectors.upsert(
                    INSIGHTS, [r.id for r in rows],
                    np.vstack([np.frombuffer(r.vector, dtype=np.float32) for r in rows]),
                    [insight_payload(r, r.feedback, r.link.need_id if r.link else None) for r in rows],
                )  # fmt: skip


def reindex_needs(ws: Workspace, ids: list[int]) -> None:
    with ws.db.session() as session:
        for need in session.scalars(select(Need).where(Need.id.in_(ids))):
            vector = centroid(np.frombuffer(need.vector, dtype=np.float32))
            ws.vectors.upsert(NEEDS, [need.id], vector[None, :], [need_payload(need)])


def repair(ws: Workspace, rebuild: bool = False) -> Report:
    """Analyse what is pending (items that failed included: their tries are given back, as
    `boucle feedback retry --all-failed` does), write missing points, delete orphans; `rebuild`
    rewrites every point from SQL (after a restore, or to refresh payloads)."""
    retry_failed(ws.db)
    drain_pending(ws, due_only=False)
    found = check(ws)
    if rebuild:
        with ws.db.session() as session:
            every = list(session.scalars(select(Insight.id).where(Insight.vector.is_not(None))))
            needs = list(session.scalars(
                select(Need.id).where(Need.merged_into_id.is_(None), Need.vector.is_not(None))))  # fmt: skip
        reindex_insights(ws, every)
        reindex_needs(ws, needs)
    else:
        reindex_insights(ws, found.missing_vectors)
        reindex_needs(ws, found.needs_missing)
    ws.vectors.delete(INSIGHTS, found.orphan_vectors)
    ws.vectors.delete(NEEDS, found.needs_orphans)
    after = check(ws)
    after.repaired = True
    claim_rebuilt(ws)  # every vector is in this store now: their home moves here if it was not
    return after
