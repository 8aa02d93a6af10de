"""Voice-of-the-customer requests and reports as the API takes and gives them."""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.feedback.schemas import StoredScore
from api.params import AccountKey, ContactKey, IsoMoment, not_in_the_future

MAX_SENDS = 1_000
FEW_ANSWERS = 5  # under this many answers an NPS swings by 20 points or more with one answer


def too_few(responses: int) -> bool:
    """A figure resting on too few answers to rely on (`few_answers`): the API's, the page's,
    the digest's and the terminal's rule."""
    return responses < FEW_ANSWERS


NAME = r"^[\w.:/-]+$"
# The VoC reports' `warnings` (api/voc/service.py segments_matching_nothing)
SEGMENT_WARNINGS = (
    "A `segment` no account has (a typo?), said: the figures are zeros or fewer than meant "
    "(\"no account has segment 'enterprse'; segments stored: enterprise, smb\"), as GET "
    "/v1/needs/{id}/impact says it. In a CSV file: the X-Boucle-Warning header."
)


# Survey sends ---------------------------------------------------------------------------------


class SendIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    survey: str = Field(..., min_length=1, max_length=100, pattern=NAME,
                        description="nps, csat or any survey name.")  # fmt: skip
    contact_id: ContactKey = Field(..., min_length=1, max_length=200, pattern=r"^\S(.*\S)?$")
    account_id: AccountKey | None = Field(None, min_length=1, max_length=200, pattern=r"^\S(.*\S)?$",
                                   description="The contact's account is used when left out.")  # fmt: skip
    sent_at: IsoMoment = Field(..., description="When it was sent, with a timezone.")
    external_id: str | None = Field(None, min_length=1, max_length=300,
                                    description="The send's id in your survey tool.")  # fmt: skip

    _sent_at_not_in_the_future = field_validator("sent_at")(not_in_the_future)

    @field_validator("survey")
    @classmethod
    def survey_without_case(cls, survey: str) -> str:
        return survey.lower()  # "NPS" and "nps" are one survey


class SendBatch(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"sends": [
            {"survey": "nps", "contact_id": "c-1", "account_id": "acme",
             "sent_at": "2026-11-02T09:00:00Z", "external_id": "delighted-991"},
        ]}]},
    )  # fmt: skip

    sends: list[SendIn] = Field(..., min_length=1, max_length=MAX_SENDS)


class SendResult(BaseModel):
    id: int
    survey: str
    contact_id: str = Field(
        ...,
        description="The contact it is stored under: an address sent as the id is the contact "
        "holding it (to a key without `read`, the id as sent: the holder's id confirmed it).",
    )
    external_id: str | None
    status: str = Field(..., description="created, or duplicate when already stored.")


class SendResponse(BaseModel):
    items: list[SendResult]


# Follow-up actions ----------------------------------------------------------------------------


# What a team does after reading an item; follow-up reports filter on them (?kind=).
ACTION_KINDS = ("reply", "call", "email", "meeting", "ticket", "note")


class ActionIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [
            {"kind": "reply", "at": "2026-11-02T10:15:00Z", "by": "anna", "note": "Sent a fix ETA"}
        ]},
    )  # fmt: skip

    kind: str = Field(..., min_length=1, max_length=32,
                      description=f"One of {', '.join(ACTION_KINDS)}.")  # fmt: skip
    at: IsoMoment | None = Field(None, description="When it was done; now if left out.")

    @field_validator("kind")
    @classmethod
    def known_kind(cls, kind: str) -> str:
        """A typo ("repyl", "telepathy") was stored as a kind of its own, counted by no report
        that asks for the usual kinds."""
        if kind not in ACTION_KINDS:
            raise ValueError(f"unknown kind {kind!r}: use one of {', '.join(ACTION_KINDS)}")
        return kind

    _at_not_in_the_future = field_validator("at")(not_in_the_future)
    by: str | None = Field(None, min_length=1, max_length=200)
    note: str | None = Field(None, max_length=5_000)


class ActionOut(BaseModel):
    id: int
    feedback_id: int
    kind: str
    at: datetime
    by: str | None
    note: str | None
    created_at: datetime


class ActionList(BaseModel):
    items: list[ActionOut]


# NPS and CSAT ---------------------------------------------------------------------------------


class NpsStats(BaseModel):
    responses: int
    promoters: int = Field(..., description="Scores 9 and 10.")
    passives: int = Field(..., description="Scores 7 and 8.")
    detractors: int = Field(..., description="Scores 0 to 6.")
    nps: float | None = Field(..., description="% promoters − % detractors; null with no answer.")
    few_answers: bool = Field(
        ...,
        description=f"Under {FEW_ANSWERS} answers: one answer moves this NPS by 20 points or more.",
    )


class Previous(BaseModel):
    """The window of the same length just before the report's (created_from to created_to, or
    to now): 1 to 30 November is compared with 2 to 31 October."""

    start: datetime
    end: datetime
    days: int = Field(..., description="Its length, the report's own, in days.")


PREVIOUS = "The window of the same length just before this one; null without created_from."


class PeriodMark(BaseModel):
    period_start: date
    label: str = Field(
        ...,
        description='"Sep 2026", "Q3 2026", "week of 7 Sep 2026", "8 Sep 2026"; a period the '
        'range cuts says which part it holds: "Sep 2026 (from 8 Sep)"; today\'s day, '
        '"7 Dec 2026 (so far)".',
    )
    partial: bool = Field(
        ...,
        description="The range starts after this period's first day or ends before its last "
        "(in BOUCLE_TIMEZONE), or the period is still running (today's day included): its "
        "figures are not the whole period's.",
    )


class NpsPrevious(Previous):
    overall: NpsStats


class NpsPeriod(NpsStats, PeriodMark):
    pass


class NpsSegment(NpsStats):
    segment: str


class NpsReport(BaseModel):
    survey: str
    source: str
    period: str
    created_from: datetime | None
    created_to: datetime | None
    overall: NpsStats
    periods: list[NpsPeriod]
    segments: list[NpsSegment]
    ignored: int = Field(
        ..., description="Answers with no score, or one outside 0–10 or not whole (7.5)."
    )
    previous: NpsPrevious | None = Field(None, description=PREVIOUS)
    change: float | None = Field(
        None, description="overall.nps − previous.overall.nps, in points; null if either is."
    )
    warnings: list[str] = Field(default_factory=list, description=SEGMENT_WARNINGS)


class CsatStats(BaseModel):
    responses: int
    average: float | None
    distribution: dict[str, int] = Field(..., description="Answers per score, '1' to '5'.")
    satisfied: int = Field(..., description="Scores 4 and 5.")
    satisfied_share: float | None


class CsatPrevious(Previous):
    overall: CsatStats


class CsatPeriod(CsatStats, PeriodMark):
    pass


class CsatSegment(CsatStats):
    segment: str


class CsatReport(BaseModel):
    survey: str
    source: str
    period: str
    created_from: datetime | None
    created_to: datetime | None
    overall: CsatStats
    periods: list[CsatPeriod]
    segments: list[CsatSegment]
    ignored: int = Field(
        ..., description="Answers with no score, or one outside 1–5 or not whole (4.5)."
    )
    previous: CsatPrevious | None = Field(None, description=PREVIOUS)
    change: float | None = Field(
        None, description="overall.average − previous.overall.average; null if either is."
    )
    warnings: list[str] = Field(default_factory=list, description=SEGMENT_WARNINGS)


# Response rates -------------------------------------------------------------------------------


class RateStats(BaseModel):
    sends: int
    responses: int = Field(..., description="Sends whose window has closed, answered within it.")
    awaiting: int = Field(
        ...,
        description="Sends whose window is still open, answered or not: left out of the rate, "
        "so that a period in progress is not read from its quickest answers alone.",
    )
    answered_so_far: int = Field(
        ..., description="Of the awaiting sends, those answered already (not in the rate yet)."
    )
    answered_late: int = Field(
        0,
        description="Sends whose window has closed, answered after it (window_days): counted "
        "in NPS, not in responses nor the rate, which measure answers within the window.",
    )
    counted: int = Field(
        ..., description="sends − awaiting: the sends the rate is out of (window closed)."
    )
    rate: float | None = Field(..., description="responses / counted, 0 to 1.")


class RatePrevious(Previous):
    overall: RateStats


class RatePeriod(RateStats, PeriodMark):
    pass


class RateSegment(RateStats):
    segment: str


class ResponseRateReport(BaseModel):
    survey: str
    source: str
    window_days: int
    period: str
    as_of: datetime
    overall: RateStats
    periods: list[RatePeriod]
    segments: list[RateSegment]
    previous: RatePrevious | None = Field(
        None,
        description="The sends of the same length of time just before; null without sent_from.",
    )
    change: float | None = Field(
        None,
        description="overall.rate − previous.overall.rate (0.05: 5 points); null if either is.",
    )
    warnings: list[str] = Field(default_factory=list, description=SEGMENT_WARNINGS)


class NonRespondent(BaseModel):
    contact_id: str
    email: str | None
    name: str | None
    account_id: str | None
    account_name: str | None
    segment: str
    sends: int = Field(..., description="Sends unanswered since the contact's last answer.")
    last_sent_at: datetime
    awaiting: bool = Field(..., description="The last send's window is still open.")
    answered_late_at: datetime | None = Field(
        None,
        description="In `answered_late`: when the contact answered their last send, after its "
        "window (not a non-respondent); null in `items`.",
    )


class NonRespondentList(BaseModel):
    survey: str
    since: datetime | None
    as_of: datetime
    window_days: int
    total: int
    items: list[NonRespondent]
    answered_late: list[NonRespondent] = Field(
        default_factory=list,
        description="Contacts whose last send was answered after its window (window_days): no "
        "non-respondents (their answer counts in NPS), listed apart, not in `total`.",
    )
    warnings: list[str] = Field(default_factory=list, description=SEGMENT_WARNINGS)


# Follow-up ------------------------------------------------------------------------------------


class WaitingItem(BaseModel):
    feedback_id: int
    source: str
    created_at: datetime
    waiting_hours: float
    reasons: list[str] = Field(..., description="detractor, negative")
    score: StoredScore  # NPS 3, not 3.0, as the exports write it
    sentiment: str | None
    account_id: str | None
    account_name: str | None
    text: str | None


class FollowUpReport(BaseModel):
    target_hours: float
    as_of: datetime
    created_from: datetime | None
    created_to: datetime | None
    total: int = Field(..., description="Detractors and negative items in the window.")
    handled: int = Field(..., description="With a first action by as_of.")
    waiting: int
    overdue: int = Field(..., description="Waiting for longer than the target.")
    median_hours: float | None = Field(..., description="Created to first action, handled items.")
    within_target: int
    within_target_share: float | None = Field(
        ..., description="within_target / (handled + overdue): items whose outcome is known."
    )
    oldest_waiting: list[WaitingItem]
    warnings: list[str] = Field(
        default_factory=list,
        description=(
            "A `source` or `segment` value nothing stored has (a typo?), said, as on GET "
            "/v1/feedback: the figures are zeros or fewer than meant."
        ),
    )


# Account health -------------------------------------------------------------------------------


class HealthComponent(BaseModel):
    name: str
    score: float | None = Field(..., description="0 to 100; null when the signal is missing.")
    weight: float
    effective_weight: float = Field(
        ...,
        description="Its share once missing signals are removed (of at least 0.5: under a coverage of "
        "0.5 the rest reads a neutral 50).",
    )
    detail: dict
    reason: str | None = Field(..., description="Why it drags the score down (below 50).")


class ChurnItem(BaseModel):
    """An item that says the customer may leave, as a reader recognises it."""

    feedback_id: int
    source: str
    external_id: str = Field(..., description="Its id in the source (the ticket number).")
    excerpt: str = Field(..., description="What it says: its churn_risk insight, on one line.")
    score: float = Field(
        ...,
        description="Its churn_risk score (0-1, calibrated), counted in full for 30 days, then "
        "less each day to none at 90: the health score is capped at 40 while the items' counted "
        "scores add up to 0.5 or more.",
    )
    created_at: datetime = Field(..., description="When it was said: its weight fades with age.")


class AccountHealth(BaseModel):
    account_id: str
    name: str | None
    segment: str | None
    arr: float | None
    as_of: datetime
    score: float | None = Field(..., description="0 to 100, higher is healthier.")
    coverage: float = Field(..., description="Sum of the weights of the signals present.")
    components: list[HealthComponent]
    churn_threats: int = Field(
        0,
        description="Items of the last 90 days tagged churn_risk: their scores, in full for 30 "
        "days then fading to none at 90, cap the score at 40 once they add up to 0.5.",
    )
    churn_items: list[int] = Field(default_factory=list, description="Those items' ids.")
    churn_quotes: list[ChurnItem] = Field(
        default_factory=list, description="Those items' source, external id and excerpt."
    )
    answers: int = Field(
        0, description="NPS and CSAT answers of the 180 days the survey signals rest on."
    )
    reasons: list[str] = Field(default_factory=list, description="Why it is at risk, worst first.")
    formula: str


class AtRiskAccount(BaseModel):
    account_id: str
    name: str | None
    segment: str | None
    arr: float | None
    score: float = Field(..., description="The health score, as GET /v1/accounts/{id}/health.")
    ranked_score: float = Field(
        ...,
        description="What the list is ordered by: the score with its NPS and CSAT signals each "
        "shrunk toward the workspace's mean, (n·s + 5·m) / (n + 5) for n answers: an NPS −100 "
        "from 1 answer does not outrank 30 answers that average slightly better.",
    )
    coverage: float
    answers: int = Field(
        ..., description="NPS and CSAT answers behind the score: an NPS −100 from 1 answer is 1."
    )
    churn_items: list[int] = Field(..., description="Items of 90 days tagged churn_risk.")
    churn_quotes: list[ChurnItem] = Field(
        default_factory=list, description="Those items' source, external id and excerpt."
    )
    reasons: list[str]


class AtRiskList(BaseModel):
    as_of: datetime
    formula: str
    at_risk: int = Field(
        ..., description="Accounts scored under 50 (the segments asked for), beyond `limit` too."
    )
    arr_at_risk: float = Field(..., description="The sum of those accounts' ARR.")
    items: list[AtRiskAccount]
    warnings: list[str] = Field(default_factory=list, description=SEGMENT_WARNINGS)
