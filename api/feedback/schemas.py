"""Feedback as the API takes and gives it."""

import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PlainSerializer,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from analyzer.markup import has_content
from api.accounts.schemas import AccountIn, ContactIn
from api.params import (
    TEXT_LANGUAGE,
    AccountKey,
    ContactKey,
    Id,
    IsoMoment,
    TextLanguage,
    integer_id_as_text,
    joined_zone,
    not_in_the_future,
    plain_json,
    text_or_integer,
)
from api.redacted_json import redacted_metadata
from api.search.cells import score_cell
from api.storage.tables import source_key
from api.tagging.schemas import (
    MAX_TEXT_CHARS,
    TAGS,
    IntentOut,
    SentimentOut,
    UrgencyOut,
)
from api.unique_ids import each_once, plain_id, positions_by_id
from api.voc.scales import off_scale

MAX_ITEMS = 1_000
SOURCE_PATTERN = r"^[\w.:/-]+$"
SOURCE_KEY_CHARS = 120  # feedback.source_key's column (migration 0014)
TEXT_LEFT_OUT = object()  # what FeedbackIn reads for a text not sent (text_left_out)


def null_as_empty(value: object) -> object:
    """`metadata: null` is no metadata, as null is "not given" for every other optional field
    (a client serialising an unset field writes null)."""
    return {} if value is None else value


Metadata = Annotated[dict, BeforeValidator(null_as_empty, json_schema_input_type=dict | None)]


class FeedbackIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: str = Field(..., min_length=1, max_length=100,
                        json_schema_extra={"pattern": SOURCE_PATTERN},
                        description="Where it came from: zendesk, app_store, nps_survey, ...")  # fmt: skip
    external_id: str = Field(..., min_length=1, max_length=300,
                             json_schema_extra=text_or_integer,
                             description="The item's id in its source, a string or an integer "
                             "(9003 is stored as \"9003\"); (source, external_id) is unique, "
                             "the source whatever its case.")  # fmt: skip
    # before score: a `survey` key in it says which scale the score is on
    metadata: Metadata = Field(
        default_factory=dict, description="Your own fields (app_version, plan, ...); null: none."
    )
    # before text: whether text may be empty depends on it
    score: float | None = Field(
        None,
        ge=-100,
        le=100,
        allow_inf_nan=False,
        strict=True,  # "5" is refused as text 42 is, not read as 5
        description='Survey score or stars, a JSON number (5, not "5").',
    )
    text: str = Field(
        "",
        max_length=MAX_TEXT_CHARS,
        validate_default=True,
        description="The customer's words. May be empty only for a survey answer with a score "
        "and no comment (stored, counted in NPS/CSAT, no insight).",
    )
    created_at: IsoMoment | None = Field(
        None,
        description="When the customer wrote it, ISO 8601 with a timezone "
        "(2026-03-01T10:00:00Z; a number is refused, not read as Unix time); now if omitted.",
    )
    language: TextLanguage = Field(None, description=TEXT_LANGUAGE)
    account: AccountIn | None = None
    account_id: AccountKey | None = Field(None, min_length=1, max_length=200)
    contact: ContactIn | None = None
    contact_id: ContactKey | None = Field(None, min_length=1, max_length=200)

    _metadata_plain = field_validator("metadata")(plain_json)
    _metadata_redacted = field_validator("metadata")(redacted_metadata)

    _external_id_as_text = field_validator("external_id", mode="before")(integer_id_as_text)

    @field_validator("external_id")
    @classmethod
    def without_edge_spaces(cls, value: str) -> str:
        """ " 1" was stored beside "1" as another item: an id padded by a template or a CSV
        tool is refused, not trimmed (an item stored padded before stays reachable)."""
        if not value.strip():
            raise ValueError("is blank: send the item's id in its source")
        if value != value.strip():
            raise ValueError(
                f"{value!r} has spaces at its start or end: send it without them "
                f"({value.strip()!r}), or it is another item than {value.strip()!r}"
            )
        return value

    @field_validator("source")
    @classmethod
    def source_name(cls, value: str) -> str:
        if not re.fullmatch(SOURCE_PATTERN, value):
            example = re.sub(r"[^\w.:/-]+", "_", value).strip("_") or "web_widget"
            raise ValueError(
                f"{value!r} is not a source name: use letters, digits, _ . : / and - only "
                f"(e.g. {example!r})"
            )
        if len(source_key(value)) > SOURCE_KEY_CHARS:  # "ß" folds to "ss": the key is longer
            raise ValueError(
                f"is {len(source_key(value))} characters once its case is folded (ß is ss), over "
                f"{SOURCE_KEY_CHARS}: shorten it"
            )
        return value

    @field_validator("score")
    @classmethod
    def on_its_survey_scale(cls, score: float | None, info: ValidationInfo) -> float | None:
        problem = off_scale(score, info.data.get("source"), info.data.get("metadata"))
        if problem:
            raise ValueError(problem)
        return score

    @model_validator(mode="before")
    @classmethod
    def text_left_out(cls, data: object) -> object:
        """A text left out marked as such, to be told from one sent empty (`text_given`)."""
        if isinstance(data, dict) and "text" not in data:
            return {**data, "text": TEXT_LEFT_OUT}
        return data

    @field_validator("text", mode="before")
    @classmethod
    def text_given(cls, text: object, info: ValidationInfo) -> object:
        if text is not TEXT_LEFT_OUT:
            return text
        if "score" in info.data and info.data["score"] is None:  # a bad score is said alone
            raise ValueError(
                "text is required: send the feedback's words (only a survey answer with a "
                "score may leave them out)"
            )
        return ""

    @field_validator("text")
    @classmethod
    def words_or_a_score(cls, text: str, info: ValidationInfo) -> str:
        if not has_content(text):
            # no score: none given, or one refused, which is said alone (an NPS answer of 11
            # has a score: "text is empty" was a second, false error)
            if "score" in info.data and info.data["score"] is None:
                raise ValueError(
                    "text is empty once whitespace, markup and invisible characters are "
                    "removed: send the feedback's words (only a survey answer with a score may "
                    "have none)"
                )
            return ""
        return text

    _created_at_zone = field_validator("created_at", mode="before")(joined_zone)
    _created_at_not_in_the_future = field_validator("created_at")(not_in_the_future)

    @model_validator(mode="after")
    def one_way_to_name_each(self) -> "FeedbackIn":
        if self.account and self.account_id and self.account.id != self.account_id:
            raise ValueError("account.id and account_id differ: give one of them")
        if self.contact and self.contact_id and self.contact.id != self.contact_id:
            raise ValueError("contact.id and contact_id differ: give one of them")
        return self

    @property
    def account_ref(self) -> str | None:
        return self.account.id if self.account else self.account_id

    @property
    def contact_ref(self) -> str | None:
        return self.contact.id if self.contact else self.contact_id

    @property
    def key(self) -> tuple[str, str]:
        """What tells items apart: the source whatever its case, and the external id."""
        return source_key(self.source), self.external_id


class FeedbackEdit(BaseModel):
    """PUT /v1/feedback/{id}: the message as its source has it now. Read as POST reads an item
    sent with the stored source and external id (the same checks, the same errors)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field("", max_length=MAX_TEXT_CHARS,
                      description="The customer's words now (a typo fixed, details added).")  # fmt: skip
    score: float | None = Field(None, strict=True, allow_inf_nan=False,
                                description="Survey score or stars; left out: none.")  # fmt: skip
    metadata: Metadata = Field(default_factory=dict, description="Left out or null: none.")
    language: TextLanguage = Field(None, description=TEXT_LANGUAGE)
    # Taken only to refuse them in words: "unknown field" read as a typo to fix, not as a key
    # an edit cannot move. Hidden from the schema and left out of `as_item`.
    source: SkipJsonSchema[object] = Field(None, exclude=True)
    external_id: SkipJsonSchema[object] = Field(None, exclude=True)

    @field_validator("source", "external_id", mode="before")
    @classmethod
    def key_not_edited(cls, value: object, info: ValidationInfo) -> object:
        raise ValueError(
            f"{info.field_name} cannot be changed by an edit: source and external_id identify "
            "the item; leave them out and address it by its id in the URL (GET /v1/feedback"
            "?source=...&external_id=... finds the id)"
        )

    def as_item(self, source: str, external_id: str) -> FeedbackIn:
        """The item as POST /v1/feedback would take it; a ValidationError names the field."""
        # fields left out stay left out: a text left out is said to be required, not empty
        sent = self.model_dump(exclude_unset=True)
        return FeedbackIn(source=source, external_id=external_id, **sent)


class FeedbackBatch(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "source": "zendesk",
                            "external_id": "zd-1001",
                            "text": "The CSV export crashes since the update. Please fix it!",
                            "created_at": "2026-11-20T09:30:00Z",
                            "account": {
                                "id": "acme",
                                "name": "Acme",
                                "arr": 120000,
                                "segment": "enterprise",
                            },  # fmt: skip
                        }
                    ]
                }
            ]
        },
    )

    items: list[FeedbackIn] = Field(
        ...,
        min_length=1,
        max_length=MAX_ITEMS,
        description="Each item once: a (source, external_id) repeated in a batch is a 422.",
    )

    # A repeat was answered `duplicate` and its text dropped: the update lost, silently.
    @model_validator(mode="wrap")
    @classmethod
    def each_item_once(cls, data: object, handler: ModelWrapValidatorHandler) -> "FeedbackBatch":
        return each_once(data, handler, cls.__name__, repeated_items(data))


def raw_key(item: dict) -> tuple[str, str] | None:
    """A raw item's (source, external_id) as `FeedbackIn.key` tells items apart; None when
    either is not one (the item's own error says so)."""
    source, external_id = item.get("source"), plain_id(item.get("external_id"))
    if not isinstance(source, str) or external_id is None:
        return None
    return source_key(source), external_id


def repeated_items(data: object) -> str | None:
    """The 422's words for a batch holding an item twice: each repeated (source, external_id),
    as its first item writes it, and the indexes of the items that hold it."""
    repeats = positions_by_id(data, raw_key)
    if not repeats:
        return None
    items = data["items"]  # positions_by_id found them
    named = []
    for where in list(repeats.values())[:10]:
        first = items[where[0]]
        named.append(f"source {first['source']!r} external_id {plain_id(first['external_id'])!r} "
                     f"({indexes(where)})")  # fmt: skip
    return (f"item ids (source, external_id) must be unique; repeated: {', '.join(named)}: "
            "send each item once, in its latest version")  # fmt: skip


def indexes(where: list[int], shown: int = 5) -> str:
    """Where a repeated item is: "items 0 and 3", or "items 0, 1, 2, 3, 4 and 995 more" (a
    batch of one item 1,000 times is said in a line)."""
    *others, last = [str(index) for index in where[:shown]]
    if len(where) > shown:
        return f"items {', '.join([*others, last])} and {len(where) - shown:,} more"
    return f"items {', '.join(others)} and {last}"


class SuggestedNeed(BaseModel):
    id: int
    score: float


class StoredInsight(BaseModel):
    """A stored insight, with its id and the theme and need it joined."""

    id: int
    position: int
    text: str
    start: int
    end: int
    sentiment: SentimentOut | None
    intents: list[IntentOut]
    urgency: UrgencyOut | None
    theme_id: int | None
    need_id: int | None
    need_link: Literal["auto", "accepted", "manual"] | None
    link_score: float | None
    suggested_need: SuggestedNeed | None = Field(
        None,
        description="Not linked, but its best need scored between the review and auto "
        "thresholds: that need and score, waiting in GET /v1/needs/suggestions (a pending "
        "suggestion; null once linked, rejected or when none was queued).",
    )


class IngestedItem(BaseModel):
    external_id: str
    source: str
    id: int | None = Field(..., description="null when the item is `forgotten`.")
    status: Literal["created", "duplicate", "updated", "forgotten"] = Field(
        ...,
        description="forgotten: this source + external_id was erased on request "
        "(DELETE /v1/feedback/{id}, DELETE /v1/feedback?source=&external_id=, "
        "/v1/contacts/{id}, ...); it is not stored again. updated: PUT /v1/feedback/{id} "
        "stored the edit and analysed it again (a PUT of what is stored answers duplicate).",
    )
    changed: bool = Field(
        False,
        description="A duplicate whose text, score or metadata differ from the stored item "
        "(its text compared once normalised and redacted as stored): the edit was NOT stored, "
        "the first version is kept (PUT /v1/feedback/{id} stores it). false for an identical "
        "re-send, `created`, `updated` and `forgotten`. "
        "Told to a key with the `read` scope only, as a duplicate's `tags` and `insights` are "
        "(else false, {} and []: a write-only key learns nothing stored by re-sending).",
    )
    analysis: Literal["done", "pending"] | None = Field(
        ...,
        description="pending: stored, analysis failed for now; the worker retries it. "
        "null for a forgotten item.",
    )
    withheld: bool = Field(
        False,
        description="true: a duplicate sent with a key without the `read` scope, whose stored "
        "analysis (language, sentiment, intents, urgency, tags, insights) is left out, not "
        "empty: read it with a `read` key (GET /v1/feedback/{id}), or tag with POST /v1/tag.",
    )
    language: str | None = Field(
        None, description="The message's language, as POST /v1/tag gives it (null: pending)."
    )
    sentiment: SentimentOut | None = Field(
        None,
        description="The whole message's sentiment, intents and urgency, as POST /v1/tag "
        "gives them (null and [] while pending; for a duplicate, what is stored, with the "
        "`read` scope only, as its insights).",
    )
    intents: list[IntentOut] = Field(default_factory=list)
    urgency: UrgencyOut | None = None
    tags: dict = Field(
        default_factory=dict,
        description="The item's tags, as in POST /v1/tag (what a help-desk bridge routes on, "
        "without reading the item back). " + TAGS,
    )
    insights: list[StoredInsight]
    contact_id: str | None = Field(
        None,
        description="The contact the item is stored under (null: none). Not always the one "
        "sent: an inline `contact` whose e-mail address another contact holds, or a "
        "`contact_id` that is a stored contact's address, makes the item that contact's (said "
        "in `warnings`); a re-send never replaces a stored item's contact (`contact_ignored`). "
        "null for a key without the `read` scope.",
    )
    contact_attached: bool = Field(
        False,
        description="true: a duplicate brought a contact (`contact` or `contact_id`) and the "
        "stored item had none: the item is now that contact's, the contact created or filled as "
        "for a new item (and the item given the contact's account if it had none). A stored "
        "item's contact is never replaced: another one is named in `contact_ignored`. false for "
        "a key without the `read` scope, whatever was attached (it would say what is stored).",
    )
    account_attached: bool = Field(
        False, description="The same for the account (`account`, `account_id`, or the contact's)."
    )
    contact_ignored: list[str] = Field(
        default_factory=list,
        description="Fields of the inline `contact` not written: sent with feedback, a contact "
        "is created or its empty fields filled, never changed (PUT /v1/contacts/{id} changes "
        "it): the fields whose value differs from the stored one. A duplicate writes none of "
        "its contact's fields unless it attaches it (`contact_attached`): those that differ are "
        "named, and every field sent (`id` included) when it names another contact than the "
        "stored item's, which stays. Empty for a key without the `read` scope, whatever was "
        "kept: naming any would say that the contact exists.",
    )
    account_ignored: list[str] = Field(
        default_factory=list,
        description="The same for the inline `account` or `account_id` (PUT /v1/accounts/{id} "
        "changes it).",
    )
    warnings: list[str] = Field(
        default_factory=list,
        description="What was stored other than as sent, and why: the item given another "
        "contact than the one it names (`contact_id`), which was neither created nor changed; "
        "a `contact_id` no contact had, created empty (no e-mail, name nor account). "
        "Empty for a key without the `read` scope.",
    )


class IngestResponse(BaseModel):
    items: list[IngestedItem]


class AccountBrief(BaseModel):
    id: str
    name: str | None
    segment: str | None
    arr: float | None


# A stored survey score in JSON as the CSV exports write it: NPS 7 is 7, not 7.0; CSAT 4.5 stays.
StoredScore = Annotated[
    float | None, PlainSerializer(score_cell, return_type=float | int | None, when_used="json")
]


def whole_seconds(moment: datetime) -> datetime:
    """A received_at as it is written out: to the second, as the README writes times
    (2026-11-02T10:00:00Z). The store keeps the microseconds: the worker and theme refits compare
    it with times of their own, and an item received just after a refit must stay after it."""
    return moment.replace(microsecond=0)


ReceivedAt = Annotated[datetime, AfterValidator(whole_seconds)]


class MessageRecord(BaseModel):
    """A stored message without its insights: a line of the messages export
    (GET /v1/feedback/export?format=jsonl)."""

    id: int
    source: str
    external_id: str
    status: Literal["pending", "analysed"]
    text: str | None = Field(..., description="Redacted text; null while analysis is pending.")
    language: str | None
    created_at: datetime
    received_at: ReceivedAt
    updated_at: ReceivedAt = Field(
        description="When it last changed: stored, edited, analysed (again), an analysis "
        "failed, or a need link of one of its insights was made, moved or removed. A sync asks "
        "for `changed_since` its last run (see README, Syncing)."
    )
    score: StoredScore
    metadata: dict
    account: AccountBrief | None
    contact_id: str | None
    sentiment: SentimentOut | None
    intents: list[IntentOut]
    urgency: UrgencyOut | None
    tags: dict = Field(description=TAGS)


class FeedbackOut(MessageRecord):
    insights: list[StoredInsight]
    attempts: int = Field(
        description="Failed analyses of a pending item since its last retry; the worker tries "
        "again after a growing wait, and stops at 20 (POST /v1/feedback/retry)."
    )
    last_error: str | None = Field(
        description="Why its last analysis failed: the error's type, where it was raised and, for "
        "a database error, the constraint, table or SQLSTATE it names (never its message, which "
        "may quote the text); null once analysed."
    )


class FeedbackRetry(BaseModel):
    """POST /v1/feedback/retry: which failed items the worker should try again now."""

    model_config = ConfigDict(extra="forbid")

    ids: list[Id] | None = Field(
        None, min_length=1, max_length=MAX_ITEMS, description="Pending items, by Boucle's id."
    )
    all_failed: bool = Field(False, description="Every pending item that failed at least once.")

    @model_validator(mode="after")
    def one_way_to_choose(self) -> "FeedbackRetry":
        if (self.ids is None) == (not self.all_failed):
            raise ValueError('give "ids": [...] or "all_failed": true, one of the two')
        return self


class RetryAnswer(BaseModel):
    retried: int = Field(description="Failed pending items given their tries back.")


# GET /v1/feedback's and search's `warnings` (api/search/service.py values_matching_nothing)
FILTER_WARNINGS = (
    "A source, segment, language, account or tag filter value that nothing stored has (a typo? "
    "a name for an id?), said: the {found} are none or fewer than meant. So is an empty page asked past "
    "the end (search's `offset` past the last hit; newest first, a `cursor` past the last item). "
    "In a file: the X-Boucle-Warning header."
)


class FeedbackPage(BaseModel):
    items: list[FeedbackOut]
    next_cursor: int | None = Field(
        ...,
        description="Pass as `cursor` for the next page. Newest first: null on the last page. "
        "`order=oldest`: never null once a cursor was sent; an empty page (nothing new) gives "
        "the cursor sent back, to store and send again later.",
    )
    warnings: list[str] = Field(
        default_factory=list, description=FILTER_WARNINGS.format(found="items")
    )
