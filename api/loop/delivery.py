"""The worker's side of the outbox: deliver what is due, retry failures with exponential
back-off, give up after `max_attempts` (status `failed`, visible per need)."""

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select

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
    now = datetime.now(UTC)
    with ws.db.session() as session:
        due = list(session.scalars(
            select(Notification.id)
            .where(Notification.status == "pending",
                   or_(Notification.next_attempt_at.is_(None), Notification.next_attempt_at <= now))
            .order_by(Notification.id).limit(BATCH)
        ))  # fmt: skip
    delivered = 0
    for notification_id in due:
        with ws.db.session() as session:
            row = session.get(Notification, notification_id)
            if row is None or row.status != "pending":
                continue
            row.attempts += 1
            try:
                channel.send(row)  # a crash after this line resends: the key lets them drop it
            except Undeliverable as error:
                row.status, row.last_error = "undeliverable", str(error)
            except DeliveryError as error:
                row.last_error = str(error)
                if row.attempts >= ws.settings.notify_max_attempts:
                    row.status = "failed"
                else:
                    row.next_attempt_at = now + backoff(ws.settings, row.attempts)
                log.warning("notification %d: %s", row.id, error)
            else:
                row.status, row.sent_at, row.channel, row.last_error = (
                    "sent",
                    now,
                    channel.name,
                    None,
                )
                delivered += 1
    return delivered
