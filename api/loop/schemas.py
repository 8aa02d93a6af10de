"""What the loop's routes answer: a need's notifications with whom each one tells, and the
preview of whom a decision would tell."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

# A message as its reader gets it, for a team to proofread before (and after) it goes out.
BODY = (
    "The message as its reader gets it (the quote, the template in their language); its "
    "unsubscribe link is written [unsubscribe link]: it would opt the person out for whoever "
    "reads this."
)


class NotificationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    contact_id: str
    kind: str
    language: str
    email: str | None
    subject: str
    body: str = Field(
        ...,
        description=BODY + " Unsent: as written at the decision (rendered "
        "again when it goes out); sent: what went out.",
    )
    idempotency_key: str
    status: str
    channel: str | None
    attempts: int
    next_attempt_at: datetime | None
    # why it is not sent yet, in our words: "smtp mail.acme.com:587: SMTP 550 refused the
    # recipient" (the host, never the address nor the server's reply), a cancelled one's reason
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
    # who it tells, as their records say now (the contact's account)
    contact_name: str | None = None
    account_id: str | None = None
    account_name: str | None = None
    segment: str | None = None
    arr: float | None = None


class NotificationCounts(BaseModel):
    """A need's messages, counted by the decision each one tells: those of the need's own
    (a shipped need's `delivered` counts who was told it shipped, not a decline told before)."""

    kind: str | None = Field(..., description="The need's decision; null: not decided, all count.")
    delivered: int
    waiting: int
    left_out: int = Field(..., description="Never sent (see each status) or withdrawn.")
    opted_out: int = Field(
        0,
        description="Of left_out: messages withdrawn because their person opted out. "
        "GET /v1/needs/{id}/recipients' opted_out counts people a decision would leave out "
        "for it, before a message is written: the same once the need is decided, while an "
        "undecided need has no message here.",
    )
    told_before: dict[str, int] = Field(
        default_factory=dict, description="Per other decision, people told it (sent) before."
    )


class NotificationList(BaseModel):
    items: list[NotificationOut]
    counts: NotificationCounts


class NotRetried(BaseModel):
    """A notification retry leaves as it is: sent again, it would fail the same way."""

    id: int
    contact_id: str
    reason: str


class RetryOut(BaseModel):
    retried: int
    not_retried: list[NotRetried] = Field(default_factory=list)


class QuoteOut(BaseModel):
    insight_id: int
    feedback_id: int
    text: str
    source: str
    external_id: str  # the ticket's id in its source
    created_at: datetime


class FeedbackRef(BaseModel):
    """One of a person's messages behind a need, in a notification webhook's `feedback`."""

    id: int
    source: str
    external_id: str
    created_at: datetime


class RecipientOut(BaseModel):
    key: str  # the (need, address) idempotency key its message would carry
    contact_id: str  # the contact written to: the latest writer
    contact_ids: list[str]  # every contact id this person came under
    name: str | None
    email: str | None
    language: str
    subject: str
    body: str = Field(..., description=BODY)
    account_id: str | None
    account_name: str | None
    segment: str | None
    arr: float | None
    quotes: list[QuoteOut]  # the latest first
    excluded: str | None  # why the send would leave them out; null: they would be told


class RecipientsOut(BaseModel):
    need_id: int
    need_status: str
    kind: str
    channel: str
    to_notify: int
    excluded: int
    opted_out: int = Field(
        0,
        description="Of the excluded: people who opted out of notifications, whom the decision "
        "would leave out (a preview: GET /v1/needs/{id}/notifications' counts.opted_out counts "
        "the messages written and withdrawn for it, none before the decision).",
    )
    without_contact: int  # evidence whose feedback names no contact: no one to tell
    recipients: list[RecipientOut]


class DestinationBackoff(BaseModel):
    """A destination whose tries failed (api/loop/backoffs.py): while it backs off, none of its
    rows is tried, so e-mails or notifications wait without a failed try of their own."""

    destination: str = Field(
        ...,
        description="`SMTP server mail.acme.com:587`, `notification URL hooks.acme.com`, "
        "`theme alert URL chat.acme.com`, `webhook 3` (GET /v1/webhooks/3), or `a URL no "
        "longer set`.",
    )
    backing_off_until: datetime | None = Field(
        None, description="Nothing is sent there before then; null: tried when due."
    )
    failures: int = Field(..., description="Tries in a row that got no answer.")
    last_failure: str | None = Field(
        None, description="Its last failed try, answered or not: the host and what happened."
    )
    failed_at: datetime | None = None


class BackoffList(BaseModel):
    items: list[DestinationBackoff]
