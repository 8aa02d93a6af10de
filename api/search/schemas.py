"""Search requests and results; the filters are shared with GET /v1/feedback."""

from datetime import datetime

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from analyzer import INTENT_LABELS, SENTIMENT_LABELS, URGENCY_LEVELS
from api.feedback.schemas import AccountBrief
from api.params import Id, filter_moment, iso_639_1
from api.tagging.schemas import IntentOut, SentimentOut, UrgencyOut

OneOrMany = str | list[str] | None


def as_list(value) -> list | None:
    """A filter's value as a list (one value or many); None when the filter is not set."""
    if value is None:
        return None
    return value if isinstance(value, list) else [value]


class Filters(BaseModel):
    """Each field narrows the results; a list means any of its values."""

    model_config = ConfigDict(extra="forbid")

    source: OneOrMany = None
    language: OneOrMany = None
    created_from: AwareDatetime | None = Field(
        None, description="ISO 8601; a day (2026-11-01) starts at 00:00 UTC, no zone means UTC"
    )
    created_to: AwareDatetime | None = Field(
        None, description="ISO 8601; a day (2026-11-30) includes all of it, no zone means UTC"
    )
    sentiment: OneOrMany = Field(None, description="negative, neutral, positive")
    intent: OneOrMany = Field(None, description="bug_report, feature_request, ...")
    urgency: OneOrMany = Field(None, description="low, normal, high, critical")
    account: OneOrMany = None
    segment: OneOrMany = None
    need: Id | list[Id] | None = None
    theme: Id | list[Id] | None = None
    unthemed: bool = Field(
        False, description="Only insights in no theme: new topics, until a refit makes one."
    )

    @model_validator(mode="after")
    def theme_or_unthemed(self) -> "Filters":
        if self.unthemed and self.theme is not None:
            raise ValueError("give theme or unthemed, not both")
        return self

    @field_validator("created_from", "created_to", mode="before")
    @classmethod
    def read_as_utc(cls, value, info: ValidationInfo):
        return filter_moment(value, end_of_day=info.field_name == "created_to")

    @field_validator("*", mode="after")
    @classmethod
    def no_empty_lists(cls, value):
        if isinstance(value, list) and not value:
            raise ValueError("an empty list matches nothing: leave the filter out instead")
        if any(isinstance(v, str) and not v.strip() for v in as_list(value) or []):
            raise ValueError("an empty value: give one, or leave the filter out")
        return value

    @field_validator("sentiment", "intent", "urgency", mode="after")
    @classmethod
    def known_labels(cls, value: OneOrMany, info: ValidationInfo) -> OneOrMany:
        """A misspelt label would match nothing and look like an empty result: say so."""
        known = {"sentiment": SENTIMENT_LABELS, "intent": INTENT_LABELS,
                 "urgency": URGENCY_LEVELS}[info.field_name]  # fmt: skip
        for label in as_list(value) or []:
            if label not in known:
                raise ValueError(
                    f"{label!r} is not {'an' if info.field_name[0] in 'aeiou' else 'a'} "
                    f"{info.field_name}; use one of {', '.join(known)}"
                )
        return value

    @field_validator("language", mode="after")
    @classmethod
    def language_codes(cls, value: OneOrMany) -> OneOrMany:
        """The codes as ingestion stores them: "FR", "fr-CA", "fr_FR" -> "fr"."""
        codes = []
        for code in as_list(value) or []:
            if code.strip().lower() == "und":
                codes.append("und")
                continue
            try:
                codes.append(iso_639_1(code))
            except ValueError:
                raise ValueError(
                    f"{code!r} is not a language code; use ISO 639-1 (en, fr, ...) or und"
                ) from None
        return codes if isinstance(value, list) else (codes[0] if codes else value)

    @model_validator(mode="after")
    def dates_in_order(self) -> "Filters":
        if self.created_from and self.created_to and self.created_from > self.created_to:
            raise ValueError("created_from is after created_to: swap them")
        return self


class SearchRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "query": "export crashes",
                    "limit": 10,
                    "filters": {"language": ["en", "fr"], "sentiment": "negative"},
                }
            ]  # fmt: skip
        },
    )

    query: str = Field(..., min_length=1, max_length=2_000, pattern=r"\S")
    limit: int = Field(10, ge=1, le=200)
    offset: int = Field(
        0, ge=0, le=10_000, description="Hits to skip: the next page starts at offset + limit."
    )
    min_score: float | None = Field(
        None,
        ge=-1,
        le=1,
        description="Leave out hits less similar than this (cosine, -1 to 1; unrelated "
        "text scores about 0.2 or less, a close paraphrase 0.6 and up).",
    )
    filters: Filters = Field(default_factory=Filters)
    distinct: bool = Field(
        True,
        description="Fold repeats of the same text into one hit (see same_text); false: "
        "every insight, repeats included.",
    )


class FeedbackBrief(BaseModel):
    id: int
    source: str
    external_id: str
    created_at: datetime
    language: str | None
    score: float | None
    tags: dict = Field(
        default_factory=dict, description="Live custom taggers' answers: {tagger: {label, score}}."
    )
    metadata: dict = Field(
        default_factory=dict, description="The item's own fields (`boucle import --keep`)."
    )


class InsightRecord(BaseModel):
    """One stored insight with its feedback and account: a search hit without its score, and a
    row of the insights export."""

    insight_id: int
    text: str
    sentiment: SentimentOut | None
    intents: list[IntentOut]
    urgency: UrgencyOut | None
    theme_id: int | None
    need_id: int | None
    feedback: FeedbackBrief
    account: AccountBrief | None


class SearchHit(InsightRecord):
    score: float = Field(..., description="Cosine similarity to the query.")
    same_text: int = Field(
        0, description="Other insights among the closest with this same text, folded into this hit."
    )


class SearchResponse(BaseModel):
    items: list[SearchHit]
