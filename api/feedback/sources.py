"""The sources feedback came from, with how many messages each: what a filter can name."""

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from api.search.spellings import named_by_most_used
from api.storage.tables import Feedback


class SourceCount(BaseModel):
    source: str = Field(
        ...,
        description="As most of its messages spell it (the filters match it in any case).",
    )
    feedback: int = Field(..., description="Messages stored from it.")


class SourceList(BaseModel):
    model_config = {"json_schema_extra": {"examples": [{"items": [
        {"source": "zendesk", "feedback": 412}, {"source": "nps_survey", "feedback": 96},
    ]}]}}  # fmt: skip

    items: list[SourceCount] = Field(..., description="Most messages first, then by name.")


def stored_sources(session: Session) -> SourceList:
    """Case twins ("Zendesk", "zendesk") are one source, as ingest and the filters tell them
    apart, named by the spelling most of its messages have (a twin stored before migration
    0014, keyed "<key>#<id>", counts with its source)."""
    counts = named_by_most_used(session, Feedback.source)
    items = [SourceCount(source=source, feedback=count) for source, count in counts.items()]
    return SourceList(items=sorted(items, key=lambda s: (-s.feedback, s.source)))
