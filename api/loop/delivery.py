"""The worker's side of the outbox (and of theme alerts): deliver what is due, retry failures
with exponential back-off, give up after `max_attempts` (status `failed`, visible per need)."""

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select, update

from api.loop.channels import Channel, DeliveryError, SmtpChannel, Undeliverable, WebhookChannel
from api.settings import Settings
from api.storage.loop_tables import Notification
from api.workspace import Workspace

log = logging.getLogger("boucle.loop")
BATCH = 50


def channel_from(settings: Settings) -> Channel | None:
    if settings.notify_channel == "webhook" and settings.webhook_url:
        return WebhookChannel(settings.webhook_url, settings.webhook_secret or "")
    if settings.notify_channel == "smtp" and settings.smtp_host:
        return SmtpChannel(settings.smtp_host, settings.smtp_port, settings.smtp_from,
                           settings.smtp_user, settings.smtp_password, settings.smtp_starttls)  # fmt: skip
    return None


def backoff(settings: Settings, attempts: int) -> timedelta:
    return timedelta(seconds=min(settings.notify_backoff_s * 2 ** (attempts - 1), 6 * 3600))


def deliver_due(ws: Workspace, channel: Channel | None = None) -> int:
    """Send every due notification once; returns how many were delivered."""
    channel = channel or channel_from(ws.settings)
    if channel is None:
        return 0  # no channel configured: rows wait, nothing is lost
    return deliver_pending(ws, Notification, channel.send, channel.name)


# One tick sends for at most this long, so a slow receiver cannot hold up the worker's other jobs.
TICK_BUDGET_S = 60.0


def deliver_pending(ws: Workspace, model: type, send: Callable, channel_name: str) -> int:
    """One try for each due pending row of an outbox table (notifications, theme alerts: both
    have status, attempts, next_attempt_at, last_error, sent_at); returns how many were sent.
    Each row is claimed before it is sent, so concurrent workers never send it twice."""
    started = time.monotonic()
    with ws.db.session() as session:
        due = list(session.scalars(
            select(model.id)
            .where(model.status == "pending",
                   or_(model.next_attempt_at.is_(None), model.next_attempt_at <= datetime.now(UTC)))
            .order_by(model.id).limit(BATCH)
        ))  # fmt: skip
    delivered = 0
    for row_id in due:
        if time.monotonic() - started > TICK_BUDGET_S:
            break  # the rest stay due for the next tick
        if not claim(ws, model, row_id):
            continue
        with ws.db.session() as session:
            row = session.get(model, row_id)
            try:
                send(row)  # a crash after this line resends: the key lets them drop it
            except Undeliverable as error:
                row.status, row.last_error = "undeliverable", str(error)
            except DeliveryError as error:
                row.last_error = str(error)
                if row.attempts >= ws.settings.notify_max_attempts:
                    row.status = "failed"
                else:  # back-off counts from the end of this try, not the start of the batch
                    row.next_attempt_at = datetime.now(UTC) + backoff(ws.settings, row.attempts)
                log.warning("%s %d: %s", model.__tablename__, row.id, error)
            else:
                row.status, row.sent_at, row.last_error = "sent", datetime.now(UTC), None
                row.next_attempt_at = None
                if hasattr(row, "channel"):
                    row.channel = channel_name
                delivered += 1
    return delivered


def claim(ws: Workspace, model: type, row_id: int) -> bool:
    """Take one due row for this worker (counting the try) by moving its next try ahead by the
    claim time: another worker (a second server process, `boucle worker`) skips it, and if this
    one dies mid-send it is due again. False when another took it or it is no longer due."""
    now = datetime.now(UTC)
    with ws.db.session() as session:
        taken = session.execute(
            update(model)
            .where(model.id == row_id, model.status == "pending",
                   or_(model.next_attempt_at.is_(None), model.next_attempt_at <= now))
            .values(next_attempt_at=now + timedelta(seconds=ws.settings.notify_claim_s),
                    attempts=model.attempts + 1)
            .execution_options(synchronize_session=False)
        )  # fmt: skip
        return taken.rowcount == 1
