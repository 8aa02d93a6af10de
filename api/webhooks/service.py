"""Registering, listing and removing webhooks: plain functions used by the routes and by
`boucle webhooks`."""

import secrets
from datetime import UTC, datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from api.audit import record
from api.errors import Conflict, NotFound
from api.loop.backoffs import end_backoff, forget, subscription_destination
from api.sealed import WrongKey
from api.storage.db import Database
from api.storage.loop_tables import DeliveryBackoff
from api.storage.webhook_tables import WebhookDelivery, WebhookSubscription
from api.web_address import address_shown, same_address
from api.webhooks.schemas import WebhookCreated, WebhookFailure, WebhookIn, WebhookOut
from api.webhooks.sealing import sealed_secret, signing_secret

# How the caller removes webhook {id}: the conflict's message says it in the caller's words.
API_REMOVAL = "DELETE /v1/webhooks/{id}"


def add_webhook(
    db: Database, wanted: WebhookIn, actor: str, removal: str = API_REMOVAL
) -> WebhookCreated:
    """A new subscription; its secret is answered here only (made when none is given) and
    stored sealed (api/webhooks/sealing.py). The audit trail holds who sends feedback where,
    never the secret."""
    secret = wanted.secret or "whsec_" + secrets.token_urlsafe(32)
    with db.session() as session:
        wanted_address = same_address(wanted.url)  # a few rows: compared here, not in SQL
        same = next((row for row in session.scalars(select(WebhookSubscription))
                     if same_address(row.url) == wanted_address), None)  # fmt: skip
        if same is not None:  # two subscriptions would send every event twice
            raise Conflict(f"webhook {same.id} already posts to {address_shown(wanted.url)}"
                           f"{written_as(same.url, wanted.url)}: remove it first "
                           f"({removal.format(id=same.id)}) to change its events or secret")  # fmt: skip
        row = WebhookSubscription(url=wanted.url, events=wanted.events,
                                  secret=sealed_secret(session, secret),
                                  description=wanted.description)  # fmt: skip
        session.add(row)
        session.flush()
        record(session, actor, "add", "webhook", row.id,
               {"url": address_shown(row.url), "events": row.events})  # fmt: skip
        return WebhookCreated(**described(session, row).model_dump(), secret=secret)


def written_as(stored: str, wanted: str) -> str:
    """Where a conflict's stored address is written otherwise than the one sent: how, and why
    they are one receiver."""
    if address_shown(stored) == address_shown(wanted):
        return ""
    return (f" (registered as {address_shown(stored)}: a trailing slash, the host's case or its "
            "default port written out make no other receiver)")  # fmt: skip


def list_webhooks(db: Database) -> list[WebhookOut]:
    with db.session() as session:
        rows = session.scalars(select(WebhookSubscription).order_by(WebhookSubscription.id))
        return [described(session, row) for row in rows]


def get_webhook(db: Database, webhook_id: int) -> WebhookOut:
    with db.session() as session:
        return described(session, found(session, webhook_id))


def remove_webhook(db: Database, webhook_id: int, actor: str) -> None:
    """The subscription and its deliveries, sent or not: nothing more goes to its URL."""
    with db.session() as session:
        row = found(session, webhook_id)
        session.execute(delete(WebhookDelivery).where(WebhookDelivery.subscription_id == row.id))
        forget(session, subscription_destination(row.id))
        record(session, actor, "remove", "webhook", row.id, {"url": address_shown(row.url)})
        session.delete(row)


def retry_webhook(db: Database, webhook_id: int) -> int:
    """A webhook's failed deliveries (its receiver was down past every try) go out again, at
    the next tick: its back-off, if any, ends."""
    with db.session() as session:
        row = found(session, webhook_id)
        done = session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.subscription_id == row.id, WebhookDelivery.status == "failed")
            .values(status="pending", attempts=0, next_attempt_at=None)
        )  # fmt: skip
        end_backoff(session, subscription_destination(row.id))
        return done.rowcount


def found(session: Session, webhook_id: int) -> WebhookSubscription:
    row = session.get(WebhookSubscription, webhook_id)
    if row is None:
        raise NotFound(f"no webhook {webhook_id}: GET /v1/webhooks lists them")
    return row


# A secret sealed with another workspace's key (a backup restored without its key) has no hint.
UNREADABLE_HINT = "unreadable: sealed with another BOUCLE_SECRET_KEY"


def secret_hint(session: Session, row: WebhookSubscription) -> str:
    """Enough of the secret to tell it from another (made or given: 16 characters at least),
    too little to sign with."""
    try:
        return "…" + signing_secret(session, row)[-4:]
    except WrongKey:
        return UNREADABLE_HINT


def described(session: Session, row: WebhookSubscription) -> WebhookOut:
    """The subscription without its secret (its hint only), with its deliveries counted by status and its
    latest failure and its back-off (api/loop/backoffs.py)."""
    counts = session.execute(
        select(WebhookDelivery.status, func.count())
        .where(WebhookDelivery.subscription_id == row.id).group_by(WebhookDelivery.status)
    )  # fmt: skip
    state = session.get(DeliveryBackoff, subscription_destination(row.id))
    until = state.until if state is not None and state.until else None
    backing_off = until if until is not None and until > datetime.now(UTC) else None
    return WebhookOut(id=row.id, url=row.url, events=row.events, description=row.description,
                      secret_hint=secret_hint(session, row), created_at=row.created_at, deliveries=dict(counts.all()),
                      last_failure=last_failure(session, row.id),
                      backing_off_until=backing_off,
                      receiver_problem=state.last_failure if state is not None else None,
                      receiver_problem_at=state.failed_at if state is not None else None)  # fmt: skip


def last_failure(session: Session, webhook_id: int) -> WebhookFailure | None:
    """The webhook's latest delivery whose last try failed (a delivered one forgets its errors):
    waiting for another try, or given up."""
    failed = session.scalars(
        select(WebhookDelivery)
        .where(WebhookDelivery.subscription_id == webhook_id,
               WebhookDelivery.last_error.is_not(None))
        .order_by(WebhookDelivery.id.desc()).limit(1)
    ).first()  # fmt: skip
    if failed is None:
        return None
    return WebhookFailure(delivery_id=failed.id, event=failed.event, status=failed.status,
                          attempts=failed.attempts, error=failed.last_error,
                          created_at=failed.created_at)  # fmt: skip
