"""The tables of closing the loop: the notification outbox and its editable templates, and the
alerts of emerging themes."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.storage.tables import Base, UtcDateTime, utcnow


class Notification(Base):
    """One message to one contact about one need's decision: at most one per (need, contact,
    kind), so a customer told a need was declined can be told when it ships (0031). A digest
    (kind `digest`, api/loop/digest_send.py) is about no need and to no contact: to an address
    of BOUCLE_DIGEST_RECIPIENTS, once per period (its idempotency key)."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("need_id", "contact_id", "kind", name="uq_notification_need_contact_kind"),
        Index("ix_notifications_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    need_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id"), index=True)
    contact_id: Mapped[str | None] = mapped_column(ForeignKey("contacts.id"))
    kind: Mapped[str] = mapped_column(String(16))  # shipped | declined | digest
    language: Mapped[str] = mapped_column(String(8))
    email: Mapped[str | None] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # the link that stops this contact's notifications (List-Unsubscribe), as sent
    unsubscribe_url: Mapped[str | None] = mapped_column(String(600))
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    # pending | sent | failed (gave up) | undeliverable (e.g. e-mail channel, no address) |
    # cancelled (the need was reopened before it went out)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    channel: Mapped[str | None] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class NotificationTemplate(Base):
    __tablename__ = "notification_templates"
    __table_args__ = (UniqueConstraint("kind", "language", name="uq_template_kind_language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class ThemeAlert(Base):
    """A theme that started emerging, or unthemed growth (no theme), for the product team's
    webhook: one row per episode (the key holds the day it started), delivered at least once with
    the key, like notifications."""

    __tablename__ = "theme_alerts"
    __table_args__ = (Index("ix_theme_alerts_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # emerging | new | unthemed (theme_id null)
    payload: Mapped[dict] = mapped_column(JSON)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    # pending | sent | failed | not_sent (no alert webhook set; registered webhooks took it)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class DeliveryBackoff(Base):
    """Where deliveries go (a registered webhook, the notification or alert URL, the SMTP
    server) that stopped answering: its rows wait until `until`, so a dead receiver costs one
    timeout per back-off period, not one per worker tick. Kept in the database: every worker
    and a restart see it, and GET /v1/webhooks shows it."""

    __tablename__ = "delivery_backoffs"

    # `webhook:<id>`, `url:<digest of the URL>`, `smtp:<host>:<port>` (api/loop/backoffs.py)
    destination: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)  # in a row without an answer
    until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # the last failed try, answered or not: what happened and the host, never a message
    last_failure: Mapped[str | None] = mapped_column(String(300))
    failed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
