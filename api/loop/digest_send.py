"""Sending the digest (`boucle digest send`, POST /v1/digest/send): written to the notification
outbox, one message per address of BOUCLE_DIGEST_RECIPIENTS, and delivered by the worker through
the loop's channel as every notification is. Once per period: a period's key (its day, ISO week
or month in BOUCLE_TIMEZONE) is in each message's idempotency key, so sending twice in one week
writes the week's digest once."""

from datetime import UTC, datetime

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.errors import Conflict
from api.loop.digest import SURVEYS, VocSources, as_markdown, digest
from api.loop.outbox import unsent_state
from api.loop.recipients import address_digest, plain_address_digest
from api.storage.db import insert_new_rows
from api.storage.loop_tables import Notification
from api.storage.tables import email_key
from api.timezone import in_zone
from api.workspace import Workspace

DIGEST = "digest"  # the notifications' kind


class DigestSent(BaseModel):
    period: str = Field(..., description="day, week or month")
    period_key: str = Field(
        ..., description="The period it is sent once for, in BOUCLE_TIMEZONE: 2026-03-05, "
        "2026-W10 or 2026-03."
    )  # fmt: skip
    subject: str
    queued: list[str] = Field(..., description="Addresses its message was written for now.")
    already: list[str] = Field(
        ..., description="Addresses that have this period's digest in the outbox already."
    )
    notification_ids: list[int] = Field(..., description="The outbox rows, new and earlier.")


def period_key(period: str, moment: datetime, zone: str) -> str:
    """The calendar period `moment` falls in, in `zone`: its day, ISO week or month."""
    local = in_zone(moment, zone)
    if period == "day":
        return local.date().isoformat()
    if period == "week":
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{local:%Y-%m}"


def digest_key(session: Session, period: str, key: str, email: str) -> str:
    """Stable per (period, address); the address keyed, as the loop's keys hold it."""
    return f"boucle:digest:{period}:{key}:to:{address_digest(session, email_key(email) or '')}"


def plain_digest_key(period: str, key: str, email: str) -> str:
    """The key of a digest written before keys were keyed (the address's plain sha256)."""
    return f"boucle:digest:{period}:{key}:to:{plain_address_digest(email_key(email) or '')}"


def period_keys(session: Session, period: str, key: str, emails: list[str]) -> dict[str, str]:
    """Address -> the key of its digest this period: the plain one where a row written before
    keys were keyed holds it (that digest is not written, nor sent, again), else the keyed one."""
    plain = {email: plain_digest_key(period, key, email) for email in emails}
    stored = set(session.scalars(
        select(Notification.idempotency_key)
        .where(Notification.idempotency_key.in_(list(plain.values())))
    ))  # fmt: skip
    return {email: plain[email] if plain[email] in stored else digest_key(session, period, key, email)
            for email in emails}  # fmt: skip


def send_digest(ws: Workspace, period: str = "week", as_of: datetime | None = None,
                sources: VocSources = SURVEYS) -> DigestSent:  # fmt: skip
    """The period's digest, written to the outbox for every recipient who has not got it yet
    (Conflict when BOUCLE_DIGEST_RECIPIENTS names nobody); NPS and CSAT from `sources` (GET
    /v1/digest's `nps_source` and `csat_source`)."""
    recipients = ws.settings.digest_recipients
    if not recipients:
        raise Conflict(
            "no one to send the digest to: set BOUCLE_DIGEST_RECIPIENTS to a JSON list of "
            'addresses (["pm@acme.com"]) and restart; GET /v1/digest reads it meanwhile'
        )
    moment = as_of or datetime.now(UTC)
    key = period_key(period, moment, ws.settings.timezone)
    written = digest(ws, period, moment, sources=sources)
    subject = f"Boucle digest: {period} to {written['until']:%Y-%m-%d}"
    body = as_markdown(written)
    with ws.db.session() as session:
        keys = period_keys(session, period, key, recipients)
    rows = []
    for email, idempotency_key in keys.items():
        status, error = unsent_state(email)
        rows.append({"need_id": None, "contact_id": None, "kind": DIGEST, "language": "en",
                     "email": email, "subject": subject, "body": body, "status": status,
                     "last_error": error, "attempts": 0, "idempotency_key": idempotency_key})  # fmt: skip
    with ws.db.session() as session:
        new = insert_new_rows(session, Notification.__table__, rows, ["idempotency_key"])
        stored = dict(session.execute(
            select(Notification.idempotency_key, Notification.id)
            .where(Notification.idempotency_key.in_(list(keys.values())))
        ).all())  # fmt: skip
    ids = [stored[k] for k in keys.values()]
    return DigestSent(
        period=period, period_key=key, subject=subject,
        queued=[e for e, k in keys.items() if stored[k] in new],
        already=[e for e, k in keys.items() if stored[k] not in new],
        notification_ids=ids,
    )  # fmt: skip
