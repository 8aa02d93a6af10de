"""The sources feedback came from, with how many messages each: what a filter can name."""

from pydantic import BaseModel, Field
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from api.storage.tables import Feedback


class SourceCount(BaseModel):
    source: str = Field(..., description="As stored (the filters match it in any case).")
    feedback: int = Field(..., description="Messages stored from it.")


class SourceList(BaseModel):
    model_config = {"json_schema_extra": {"examples": [{"items": [
        {"source": "zendesk", "feedback": 412}, {"source": "nps_survey", "feedback": 96},
    ]}]}}  # fmt: skip

    items: list[SourceCount] = Field(..., description="Most messages first, then by name.")


# along uq_feedback_source_key_external_id on both stores (tests/test_sources.py reads the plans)
COUNT_BY_KEY = select(Feedback.source_key, func.count()).group_by(Feedback.source_key)


def stored_sources(session: Session) -> SourceList:
    """Counted on source_key, which the idempotency index leads with (no table scan), then one
    index seek per source for its spelling. Case twins ("Helpdesk", "helpdesk") are one source,
    as ingest and the filters tell them apart; a twin stored before migration 0014 is keyed
    "<key>#<id>" and counts with its source."""
    counts: dict[str, int] = {}
    for key, count in session.execute(COUNT_BY_KEY):
        plain = key.split("#", 1)[0]
        counts[plain] = counts.get(plain, 0) + count
    items = [
        SourceCount(source=spelling(session, key), feedback=count) for key, count in counts.items()
    ]
    return SourceList(items=sorted(items, key=lambda s: (-s.feedback, s.source)))


def spelling(session: Session, key: str) -> str:
    """The source as a message stored from it spells it: the first along the index (ordering
    by id would read every message of a large source)."""
    return session.scalar(first_spelling(key)) or key


def first_spelling(key: str) -> Select:
    return select(Feedback.source).where(Feedback.source_key == key).limit(1)
