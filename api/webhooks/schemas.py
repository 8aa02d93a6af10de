"""What POST /v1/webhooks takes and what the webhook routes answer."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.web_address import webhook_url_problem
from api.webhooks.event_names import EVENTS


class WebhookIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "url": "https://desk.acme.com/hooks/boucle", "events": ["feedback.analysed"],
            "description": "Zendesk: write the tags back on the ticket",
        }]},
    )  # fmt: skip

    url: str = Field(..., description="Where each event is POSTed: an absolute http(s) address.")
    events: list[str] = Field(
        ..., min_length=1, description=f"Events to receive, some of: {', '.join(EVENTS)}."
    )
    secret: str | None = Field(
        None, min_length=16, max_length=200,
        description="Signs each body (X-Boucle-Signature-V2); unset: one is made and answered once.",
    )  # fmt: skip
    description: str | None = Field(None, max_length=500)

    @field_validator("url")
    @classmethod
    def absolute_address(cls, url: str) -> str:
        if problem := webhook_url_problem(url.strip()):
            raise ValueError(problem)
        return url.strip()

    @field_validator("events")
    @classmethod
    def known_events(cls, events: list[str]) -> list[str]:
        unknown = [event for event in events if event not in EVENTS]
        if unknown:
            raise ValueError(
                f"unknown event {', '.join(map(repr, unknown))}: send some of {', '.join(EVENTS)}"
            )
        return list(dict.fromkeys(events))  # each once, in the order given


class WebhookFailure(BaseModel):
    """A webhook's latest delivery that did not go through: what its receiver or the network
    said, for the page and `boucle webhooks list` to show why deliveries wait or failed."""

    delivery_id: int
    event: str
    status: str = Field(..., description="pending: tried again later; failed: given up (retry).")
    attempts: int
    error: str = Field(
        ...,
        description='How its last try ended, the host alone: "webhook desk.acme.com: HTTP 500", '
        '"webhook desk.acme.com: no connection (ConnectError)".',
    )
    created_at: datetime = Field(..., description="When the event was written.")


class WebhookOut(BaseModel):
    id: int
    url: str
    events: list[str]
    description: str | None
    secret_hint: str = Field(
        ...,
        description='The secret\'s last 4 characters ("…x7Qa"), to tell which one a receiver '
        'holds: the secret itself is answered once, when the webhook is made. "unreadable: '
        "sealed with another BOUCLE_SECRET_KEY\" when this workspace's key does not open it "
        "(a backup restored without its key).",
    )
    created_at: datetime
    # deliveries by status (pending, sent, failed): a receiver down shows as pending and failed
    deliveries: dict[str, int] = Field(default_factory=dict)
    last_failure: WebhookFailure | None = Field(
        None, description="Its latest delivery whose last try failed; null when none did."
    )
    backing_off_until: datetime | None = Field(
        None,
        description="Set while the receiver is backing off after a timeout or no connection: "
        "none of its deliveries is tried before then. Null: tried when due.",
    )
    receiver_problem: str | None = Field(
        None,
        description="Its receiver's last failed try, answered or not: the host and what happened "
        "(`desk.acme.com: no answer within 10 s`, `desk.acme.com: HTTP 503`), kept after it "
        "answers again.",
    )
    receiver_problem_at: datetime | None = None


class WebhookCreated(WebhookOut):
    secret: str = Field(..., description="Shown this once: keep it to check the signatures.")


class WebhookList(BaseModel):
    items: list[WebhookOut]
