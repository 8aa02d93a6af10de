"""Request and response models of the tagging routes."""

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    field_validator,
    model_validator,
)

from analyzer.markup import has_content
from api.accounts.schemas import EMAIL, PERSON_NAME
from api.params import TEXT_LANGUAGE, TextLanguage, integer_id_as_text, text_or_integer
from api.unique_ids import each_id_once

MAX_TEXT_CHARS = 20_000
MAX_BATCH_ITEMS = 1_000

EXAMPLE_TEXT = (
    "Hi, the CSV export crashes every time since yesterday's update and my team needs it today. "
    "Also, please add a dark mode! Thanks, Anna"
)


TAGS = (
    "Live custom taggers' answers, {tagger: {label, score}}: the top label and its score; a "
    "multi-label tagger adds `labels`, every label that applies (none: [] and label 'unknown')."
)

# The validator below gives the clear message; this says the same in the OpenAPI schema.
NOT_BLANK = {"minLength": 1, "pattern": r"\S"}


def not_blank(text: str) -> str:
    if not has_content(text):
        raise ValueError(
            "text is empty once whitespace, markup and invisible characters are removed: "
            "send the feedback's words"
        )
    return text


class TagContact(BaseModel):
    """Whom a text is from, as POST /v1/feedback's `contact` gives them: their name is masked in
    the text, whole and each word of it alone (nothing is stored)."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = PERSON_NAME
    email: str | None = EMAIL

    @property
    def names(self) -> list[str]:
        """The names to mask, as ingestion gives its contact's (an address is masked anyway)."""
        return [self.name] if self.name else []


class TagRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"text": EXAMPLE_TEXT, "language": None}]}
    )

    text: str = Field(
        ...,
        max_length=MAX_TEXT_CHARS,
        description="The feedback, any length up to 20,000 characters.",
        json_schema_extra=NOT_BLANK,
    )
    language: TextLanguage = Field(None, description=TEXT_LANGUAGE)

    contact: TagContact | None = Field(
        None,
        description="Whom the text is from: their name (and their first name or surname alone) "
        "is masked as [NAME] in redacted_text, as at ingest.",
    )

    _text_not_blank = field_validator("text")(not_blank)

    @property
    def names(self) -> list[str]:
        return self.contact.names if self.contact else []


class BatchItem(TagRequest):
    model_config = ConfigDict(  # its own example: TagRequest's has no id
        extra="forbid",
        json_schema_extra={"examples": [{"id": "t-1", "text": EXAMPLE_TEXT, "language": None}]},
    )

    id: str = Field(..., min_length=1, max_length=200, json_schema_extra=text_or_integer,
                    description="Your id, a string or an integer, echoed back as a string "
                    "(7 is \"7\"), as POST /v1/feedback stores an external_id.")  # fmt: skip

    _id_as_text = field_validator("id", mode="before")(integer_id_as_text)


class BatchRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {"id": "t-1", "text": EXAMPLE_TEXT},
                        {"id": "t-2", "text": "L'appli plante à l'ouverture, je vais résilier."},
                    ]
                }
            ]
        },
    )

    items: list[BatchItem] = Field(..., min_length=1, max_length=MAX_BATCH_ITEMS)

    @model_validator(mode="wrap")
    @classmethod
    def unique_ids(cls, data: object, handler: ModelWrapValidatorHandler) -> "BatchRequest":
        return each_id_once(data, handler, cls.__name__)


class SentimentOut(BaseModel):
    label: str = Field(..., description="negative, neutral or positive")
    score: float = Field(..., ge=-1, le=1)


class IntentOut(BaseModel):
    label: str
    score: float = Field(..., ge=0, le=1)


class UrgencyOut(BaseModel):
    level: str = Field(..., description="low, normal, high or critical")
    score: float = Field(..., ge=0, le=1)


class TaggedInsight(BaseModel):
    """One insight of a tagging answer (POST /v1/tag): nothing is stored, so no id."""

    text: str
    start: int = Field(..., description="Offset of the insight in redacted_text.")
    end: int
    sentiment: SentimentOut | None
    intents: list[IntentOut]
    urgency: UrgencyOut | None


class TagResult(BaseModel):
    language: str | None
    redacted_text: str
    sentiment: SentimentOut | None
    intents: list[IntentOut]
    urgency: UrgencyOut | None
    insights: list[TaggedInsight]
    tags: dict[str, dict] = Field(default_factory=dict, description=TAGS)


class BatchResultItem(TagResult):
    id: str


class BatchResponse(BaseModel):
    items: list[BatchResultItem]


class IntentLabel(BaseModel):
    label: str
    threshold: float = Field(..., description="An intent is given at or above this score.")
    trained_threshold: float = Field(
        ..., description="The threshold chosen at training (best cross-validated F1)."
    )
    cv_f1: float | None = Field(None, description="Cross-validated F1 at the trained threshold.")


class LabelsResponse(BaseModel):
    """What the tagging answers can hold, and the thresholds in force on this server."""

    languages: list[str]
    sentiment: list[str]
    intents: list[IntentLabel]
    urgency: list[str]
    stages: list[str]
