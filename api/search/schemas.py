"""Search requests and results; the filters are shared with GET /v1/feedback."""

from datetime import datetime
from typing import Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from analyzer import INTENT_LABELS, SENTIMENT_LABELS, URGENCY_LEVELS
from api.feedback.schemas import FILTER_WARNINGS, AccountBrief, ReceivedAt, StoredScore
from api.params import Id, iso_639_1, not_one_of, workspace_moment
from api.search.metadata import checked_metadata
from api.search.tags import tag_value
from api.tagging.schemas import TAGS, IntentOut, SentimentOut, UrgencyOut

OneOrMany = str | list[str] | None


def as_list(value) -> list | None:
    """A filter's value as a list (one value or many); None when the filter is not set."""
    if value is None:
        return None
    return value if isinstance(value, list) else [value]


# Several values: a list (JSON), the parameter repeated (?source=a&source=b), or, where a value
# can hold no comma, a comma list as BI tools write it (?source=a,b). Account ids and segments
# may hold commas (they are the caller's own text), so they are never split.
COMMA_LISTS = ("source", "language", "sentiment", "intent", "urgency", "need", "theme")
SEVERAL = "repeat the parameter for several values, or give a JSON list"


def split_commas(value):
    """A comma list as a list: "a,b" as ["a", "b"], ["a,b", "c"] as ["a", "b", "c"]."""
    values = as_list(value)
    if not values or not any(isinstance(v, str) and "," in v for v in values):
        return value
    return [p.strip() for v in values for p in (v.split(",") if isinstance(v, str) else [v])]


def score_bound(description: str):
    """A bound on the feedback's score: on the scale ingest takes (-100 to 100), a JSON number
    in a body (query parameters and options are text: Filters.from_text reads them)."""
    return Field(None, ge=-100, le=100, allow_inf_nan=False, strict=True, description=description)


def one_or_many_wanted(field: str) -> str:
    """What a filter that takes one value or a list wants, said when it got another type."""
    if field in ("need", "theme"):
        return f"give a {field} id (a positive integer) or a list of ids"
    if field == "tag":
        return "give a tag (tagger:label, text) or a list of them"
    return f"give a {field} (text) or a list of them"


class Filters(BaseModel):
    """Each field narrows the results; a list means any of its values. A comma list ("a,b") is
    a list too, but for account and segment (whose values may hold a comma). A theme or need id
    that is not stored is a 404 (api/search/service.py stored_ids_only)."""

    model_config = ConfigDict(extra="forbid")

    source: OneOrMany = None
    language: OneOrMany = None
    created_from: AwareDatetime | None = Field(
        None,
        description="ISO 8601; a day (2026-11-01) starts at its midnight in BOUCLE_TIMEZONE; "
        "a time with no zone is in BOUCLE_TIMEZONE too",
    )
    created_to: AwareDatetime | None = Field(
        None,
        description="ISO 8601; a day (2026-11-30) includes all of it, in BOUCLE_TIMEZONE; "
        "a time with no zone is in BOUCLE_TIMEZONE too",
    )
    changed_since: AwareDatetime | None = Field(
        None,
        description="Only items whose updated_at is at or after this (ISO 8601; a day starts at "
        "its midnight in BOUCLE_TIMEZONE): stored, edited, analysed again or relinked since. "
        "A nightly sync sends the time its last run started.",
    )
    sentiment: OneOrMany = Field(None, description="negative, neutral, positive")
    intent: OneOrMany = Field(None, description="bug_report, feature_request, ...")
    urgency: OneOrMany = Field(None, description="low, normal, high, critical")
    account: OneOrMany = Field(None, description="Account ids, as given (never split on commas).")
    segment: OneOrMany = Field(None, description="Any case; never split on commas.")
    need: Id | list[Id] | None = None
    theme: Id | list[Id] | None = None
    # strict, as every boolean and number of a body: "no" or 0 is never read as a choice
    unthemed: bool = Field(
        False,
        strict=True,
        description="Only insights in no theme: new topics, until a refit makes one.",
    )
    score_min: float | None = score_bound(
        "Only messages with a score (survey answer, stars) of at least this."
    )
    score_max: float | None = score_bound(
        "Only messages with a score of at most this: 6 for NPS detractors."
    )
    metadata: dict[str, str] | None = Field(
        None,
        description="Only messages whose metadata holds each key with exactly this value, as "
        'text: {"app_version": "5.2.0"} (columns kept by `boucle import --keep`).',
    )
    tag: OneOrMany = Field(
        None,
        description="Only messages a custom tagger tagged with this label, written "
        "tagger:label (queues:billing; a multi-label tagger's: any label that applies; "
        "queues:unknown for out-of-scope ones). Never split on commas.",
    )

    @classmethod
    def from_text(cls, **values) -> "Filters":
        """Filters from query parameters or command-line options, whose numbers come as text
        ("6"): read as numbers there, where a JSON body must send numbers."""
        return cls.model_validate(values, strict=False)

    @field_validator("metadata", mode="after")
    @classmethod
    def metadata_pairs(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        return None if value is None else checked_metadata(value)

    # Defined first, so that it wraps the type check only (not the checks of values below).
    @field_validator(*COMMA_LISTS, "account", "segment", "tag", mode="wrap")
    @classmethod
    def one_or_many(cls, value, handler, info: ValidationInfo):
        """Comma lists split; a value of the wrong type gets one message, not one per member of
        the union ("str" and "list[str]") as pydantic gives; true is no id (pydantic read 1)."""
        if info.field_name in COMMA_LISTS:
            value = split_commas(value)
        if any(isinstance(v, bool) for v in as_list(value) or []):
            raise ValueError(one_or_many_wanted(info.field_name))
        try:
            return handler(value)
        except ValidationError:
            raise ValueError(one_or_many_wanted(info.field_name)) from None

    @field_validator("tag", mode="after")
    @classmethod
    def tagger_labels(cls, value: OneOrMany) -> OneOrMany:
        """Each tagger:label as stored (a label trimmed, NFC), or what to write instead."""
        if value is None:
            return value
        values = [tag_value(tag) for tag in as_list(value)]
        return values if isinstance(value, list) else values[0]

    @field_validator("unthemed", mode="after")
    @classmethod
    def theme_or_unthemed(cls, unthemed: bool, info: ValidationInfo) -> bool:
        if unthemed and info.data.get("theme") is not None:
            raise ValueError("give theme or unthemed, not both")
        return unthemed

    @field_validator("created_from", "created_to", "changed_since", mode="before")
    @classmethod
    def read_in_workspace_zone(cls, value, info: ValidationInfo):
        return workspace_moment(value, end_of_day=info.field_name == "created_to")

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
        """A misspelt label would match nothing and look like an empty result: say so. Any case
        ("Negative"), as sources and segments are: the labels are stored in lower case."""
        known = {"sentiment": SENTIMENT_LABELS, "intent": INTENT_LABELS,
                 "urgency": URGENCY_LEVELS}[info.field_name]  # fmt: skip
        labels = [label.strip().lower() for label in as_list(value) or []]
        for given, label in zip(as_list(value) or [], labels, strict=True):
            if label not in known:
                raise ValueError(f"{not_one_of(info.field_name, given, known)} ({SEVERAL})")
        return labels if isinstance(value, list) else (labels[0] if labels else value)

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
                    f"{code!r} is not a language code; use ISO 639-1 (en, fr, ...) or und "
                    f"({SEVERAL})"
                ) from None
        return codes if isinstance(value, list) else (codes[0] if codes else value)

    @field_validator("created_to", mode="after")
    @classmethod
    def dates_in_order(cls, created_to: datetime | None, info: ValidationInfo):
        """Checked on created_to, so that the 422 names a field (a model's check names none)."""
        created_from = info.data.get("created_from")
        if created_from and created_to and created_from > created_to:
            raise ValueError("is before created_from: swap the two dates")
        return created_to

    @field_validator("score_max", mode="after")
    @classmethod
    def scores_in_order(cls, score_max: float | None, info: ValidationInfo):
        score_min = info.data.get("score_min")
        if score_min is not None and score_max is not None and score_min > score_max:
            raise ValueError(f"is under score_min ({score_min:g}): swap the two scores")
        return score_max


# A page of hits (JSON) holds at most PAGE_LIMIT; a file, read by a person or a script at once,
# up to FILE_LIMIT. Deeper than MAX_OFFSET, ranking every vector again for each page is wasted:
# narrow the filters instead.
PAGE_LIMIT = 200
FILE_LIMIT = 5_000
MAX_OFFSET = 10_000
# POST /v1/search's min_score and GET /v1/insights/{id}/similar's: one bound, one description.
MIN_SCORE = (
    "Leave out hits scoring under this (-1 to 1, see a hit's score; unrelated text scores "
    "about 0.2 or less, a close paraphrase 0.6 and up)."
)


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
    # strict, as every number and boolean of a body: "10", 1.0 or "yes" is a 422 saying what to
    # send (errors.as_json), never a guess ("no" read as true)
    limit: int = Field(
        10,
        ge=1,
        strict=True,
        le=FILE_LIMIT,
        description=f"Hits in the page: at most {PAGE_LIMIT}, or {FILE_LIMIT:,} in a file "
        "(?format=csv|jsonl).",
    )
    offset: int = Field(
        0,
        ge=0,
        le=MAX_OFFSET,
        strict=True,
        description="Hits to skip: pass the last page's next_offset.",
    )
    min_score: float | None = Field(None, ge=-1, le=1, strict=True, description=MIN_SCORE)
    filters: Filters = Field(default_factory=Filters)
    distinct: bool | None = Field(
        None,
        strict=True,
        description="Fold repeats of the same text into one hit (see same_text); false: "
        "every insight, repeats included. Unset: folded in a JSON page, not in a file "
        "(?format=), so that a file's rows add up (accounts, ARR).",
    )
    polarity: bool = Field(
        True,
        strict=True,
        description="When the query reads clearly positive or negative (the sentiment head, "
        "|p(positive) - p(negative)| >= 0.5), hits whose stored sentiment clearly says the "
        'opposite score BOUCLE_SEARCH_POLARITY_PENALTY lower: "too expensive" no longer '
        'ranks "worth every penny" high. false: by meaning and words alone.',
    )


class FeedbackBrief(BaseModel):
    id: int
    source: str
    external_id: str
    created_at: datetime
    updated_at: ReceivedAt = Field(description="When the item last changed (GET /v1/feedback).")
    language: str | None
    score: StoredScore
    tags: dict = Field(default_factory=dict, description=TAGS)
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
    theme_name: str | None = Field(
        None, description="The theme's label (as discovery or a person named it)."
    )
    need_id: int | None
    need_title: str | None = Field(None, description="The need's title.")
    feedback: FeedbackBrief
    account: AccountBrief | None


class SearchHit(InsightRecord):
    score: float = Field(
        ...,
        description="Cosine similarity to the query (or insight). In a search, among the 100 "
        "closest, raised for the query's words the text holds: 1 - (1 - cosine)(1 - "
        "BOUCLE_SEARCH_WORD_BOOST × share of the words held); never above 1. Lowered by "
        "BOUCLE_SEARCH_POLARITY_PENALTY when the hit clearly says the opposite of the query "
        "or similar insights' seed (see the answer's polarity).",
    )
    same_text: int = Field(
        0, description="Other insights among the closest with this same text, folded into this hit."
    )


class SearchResponse(BaseModel):
    items: list[SearchHit]
    next_offset: int | None = Field(
        None,
        description="Pass as `offset` for the next page; null when no hit is left after this one.",
    )
    polarity: Literal["positive", "negative"] | None = Field(
        None,
        description="How a search read its query when it ranked hits saying the opposite "
        "lower (request `polarity`), or similar insights their seed (its stored sentiment; a "
        "message's: its insights' mean); null: it reads as neither, or polarity was not used.",
    )
    warnings: list[str] = Field(
        default_factory=list, description=FILTER_WARNINGS.format(found="hits")
    )
