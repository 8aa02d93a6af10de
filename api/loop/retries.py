"""Sending a need's notifications again: those that failed (the channel was down past every try,
or refused the address) and those that had no usable address once their contact has one. A
message that would fail the same way (no address yet, an example address: demo or test data,
never sent) is not retried, and the answer and the preview say why and what to fix."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.loop.backoffs import end_backoff
from api.loop.channels import example_address, never_sent
from api.loop.delivery import channel_from
from api.loop.schemas import NotRetried, RetryOut
from api.settings import Settings
from api.storage.loop_tables import Notification
from api.storage.tables import Contact

RETRIED = ("failed", "undeliverable")


def cannot_retry(row: Notification, contact: Contact | None) -> str | None:
    """Why sending `row` again would fail as it did (None: a retry may deliver it): undeliverable
    for its contact's address, which has not changed since."""
    if row.status != "undeliverable":
        return None  # failed: the channel may be back, the address corrected
    email = (contact.email or "").strip() if contact else ""
    if not email:
        return f"contact {row.contact_id} has no e-mail address: add one to tell them"
    if example_address(email):
        return f"{never_sent(email)}: correct the contact's e-mail address to tell them"
    return None


def retry_failed(session: Session, need_id: int) -> RetryOut:
    """Due again now, tries counted afresh: each failed or undeliverable message of the need
    that a retry may deliver; the others are named with the reason."""
    rows = session.execute(
        select(Notification, Contact)
        .outerjoin(Contact, Contact.id == Notification.contact_id)
        .where(Notification.need_id == need_id, Notification.status.in_(RETRIED))
        .order_by(Notification.id)
    ).all()
    retried, kept = 0, []
    for row, contact in rows:
        if reason := cannot_retry(row, contact):
            kept.append(NotRetried(id=row.id, contact_id=row.contact_id, reason=reason))
            continue
        row.status, row.attempts, row.next_attempt_at = "pending", 0, None
        retried += 1
    return RetryOut(retried=retried, not_retried=kept)


def retry_need(session: Session, settings: Settings, need_id: int) -> RetryOut:
    """`retry_failed`, and the channel's back-off (the notification URL's, the SMTP server's)
    ends, as a webhook's retry ends its own: the messages go at the next tick, not once a
    back-off of up to 6 hours runs out."""
    retried = retry_failed(session, need_id)
    if channel := channel_from(settings):
        end_backoff(session, channel.destination)
    return retried
