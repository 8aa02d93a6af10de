"""What similar insights start from: one insight, or a message (by its id, or its source and
external_id, as an analyst holding a ticket knows it) standing for all of its insights."""

from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.errors import NotFound
from api.storage.tables import Feedback, Insight, source_key


class NoInsight(ValueError):
    """A message with nothing to compare: not analysed yet, or a score with no text (a 422)."""


@dataclass(frozen=True)
class Seed:
    """The insights similar hits are ranked against; they and their texts are not hits."""

    ids: list[int]
    texts: list[str]
    vectors: list[np.ndarray]
    # the insights' stored sentiment scores: what the seed says, read as a query's (polarity.py)
    sentiments: list[float | None]

    def vector(self) -> np.ndarray | None:
        """One insight's own vector; a message's insights' mean direction (what the message says
        as a whole); None when no insight has a vector yet (no hits, as before a reindex)."""
        if len(self.vectors) <= 1:
            return self.vectors[0] if self.vectors else None
        mean = np.mean(self.vectors, axis=0)
        return (mean / np.linalg.norm(mean)).astype(np.float32)


def seed_of(insights: list[Insight]) -> Seed:
    return Seed(
        ids=[insight.id for insight in insights],
        texts=[insight.text for insight in insights],
        vectors=[np.frombuffer(i.vector, dtype=np.float32) for i in insights if i.vector],
        sentiments=[insight.sentiment_score for insight in insights],
    )


def insight_seed(session: Session, insight_id: int) -> Seed:
    insight = session.get(Insight, insight_id)
    if insight is None:
        raise NotFound(f"no insight with id {insight_id}")
    return seed_of([insight])


def feedback_seed(session: Session, feedback: Feedback) -> Seed:
    """The message's insights; NoInsight when it has none, saying why."""
    if feedback.status != "analysed":
        raise NoInsight(f"feedback {feedback.id} is not analysed yet: it has no insight to "
                        "compare; ask again once its status is analysed")  # fmt: skip
    if not feedback.insights:
        raise NoInsight(f"feedback {feedback.id} has no insight to compare (a score with no "
                        "text, or no words left once redacted): start from another one")  # fmt: skip
    return seed_of(feedback.insights)


def feedback_by_id(session: Session, feedback_id: int) -> Feedback:
    feedback = session.get(Feedback, feedback_id)
    if feedback is None:
        raise NotFound(f"no feedback with id {feedback_id}")
    return feedback


def feedback_by_key(session: Session, source: str, external_id: str) -> Feedback:
    """The message as ingest tells it apart: its source in any case ("Zendesk" is "zendesk"),
    its external_id exactly; the exact spelling first (a case-twin stored before 0014)."""
    found = session.scalar(
        select(Feedback)
        .where(Feedback.external_id == external_id)
        .where((Feedback.source_key == source_key(source)) | (Feedback.source == source))
        .order_by((Feedback.source == source).desc(), Feedback.id)
        .limit(1)
    )
    if found is None:
        raise NotFound(f"no feedback from source {source!r} with external_id {external_id!r}")
    return found
