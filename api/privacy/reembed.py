"""Texts an erasure masked, embedded again: the stored vector of "Hélène Garnier said she is
unhappy" still holds her name after the text became "[NAME] said she is unhappy", and a search
for her name would find it first. Done inside the erasure (there is no re-embedding job to hand
it to), in chunks, the embedder being the one ingestion embeds insights with."""

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from api.needs.matching import move_centroid
from api.privacy.masking import masked_insights
from api.storage.tables import Insight
from api.workspace import Workspace

CHUNK = 256  # texts per embedder call: ingestion's batches are of this order


@dataclass
class Reembedded:
    """Insights whose SQL vector changed in the erasure's transaction; their points are written
    to the vector store once it commits."""

    ids: list[int] = field(default_factory=list)

    def write(self, ws: Workspace) -> None:
        # imported here: api.ops.doctor imports the worker, which imports the privacy services
        from api.ops.doctor import reindex_insights

        reindex_insights(ws, self.ids)


def reembed_masked(session: Session, ws: Workspace, erased: Iterable[int]) -> Reembedded:
    """The insights masked in this session (but those erased) embedded again from their masked
    text; a need they are evidence of moves its centroid off the old vector onto the new."""
    wanted = sorted(masked_insights(session) - set(erased))
    done = Reembedded()
    for start in range(0, len(wanted), CHUNK):
        rows = session.scalars(
            select(Insight)
            .where(Insight.id.in_(wanted[start : start + CHUNK]), Insight.vector.is_not(None))
            .options(selectinload(Insight.link))
        ).all()
        if not rows:
            continue
        vectors = ws.tagger.embed([row.text for row in rows])
        for row, vector in zip(rows, vectors, strict=True):
            if row.link is not None:
                old = np.frombuffer(row.vector, np.float32)
                move_centroid(session, ws, row.link.need_id, old, sign=-1.0)
                move_centroid(session, ws, row.link.need_id, vector, sign=1.0)
            row.vector = np.asarray(vector, np.float32).tobytes()
            done.ids.append(row.id)
    masked_insights(session).clear()
    return done
