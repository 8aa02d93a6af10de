"""A contact's consent to closing-the-loop notifications: each message carries a link with the
contact's unguessable token (GET shows a confirmation page, POST, as a mail client's one-click
List-Unsubscribe does, opts out); an opted-out person is skipped by the preview and the outbox,
and what waits for them is cancelled."""

from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from api.audit import record
from api.privacy.keyed import trail_digest
from api.settings import get_settings
from api.storage.loop_tables import Notification
from api.storage.tables import Contact, new_unsubscribe_token

OPTED_OUT = "opted out of notifications"
PATH = "/v1/unsubscribe/"
# What a message's body shows instead of its link wherever it is read back (the API, an access
# export): the link opts the person out for whoever holds it (docs/privacy.md).
UNSUBSCRIBE_LINK = "[unsubscribe link]"


def unsubscribe_url(session: Session, contact: Contact) -> str:
    """The contact's link, at the workspace's public address (BOUCLE_PUBLIC_URL)."""
    if not contact.unsubscribe_token:  # a row written before its flush gave it one
        contact.unsubscribe_token = new_unsubscribe_token()
    base = session.info.get("link_base") or get_settings().link_base
    return f"{base}{PATH}{contact.unsubscribe_token}"


def without_link(body: str, link: str | None) -> str:
    """A message's body as a team proofreads it: its unsubscribe link said, not given."""
    return body.replace(link, UNSUBSCRIBE_LINK) if link and body else body


def opt_out_reason(contacts: list[Contact]) -> str | None:
    """Why these contacts (one person) are not told: one of them opted out; None: none did."""
    dates = [c.notifications_opted_out_at for c in contacts if c.notifications_opted_out_at]
    if not dates:
        return None
    return f"{OPTED_OUT} on {min(dates):%Y-%m-%d}"


def contact_of_token(session: Session, token: str) -> Contact | None:
    if not token or len(token) > 64:
        return None
    return session.scalar(select(Contact).where(Contact.unsubscribe_token == token).limit(1))


def last_message_language(session: Session, contact: Contact) -> str | None:
    """The language of the latest message written to them: the one whose link they followed,
    for a person with no language on file (written in their quote's, recipients.language_of)."""
    return session.scalar(
        select(Notification.language)
        .where(Notification.contact_id == contact.id)
        .order_by(Notification.id.desc())
        .limit(1)
    )


def same_person(session: Session, contact: Contact) -> list[Contact]:
    """The contact and every other contact with its address (any case): one person."""
    if not contact.email:
        return [contact]
    folded = contact.email.strip().casefold()
    rows = session.scalars(select(Contact).where(Contact.email.is_not(None)))
    return [c for c in rows if c.id == contact.id or c.email.strip().casefold() == folded]


def opt_out(session: Session, contacts: list[Contact]) -> int:
    """Opt these contacts out (a first date is kept) and cancel what has not gone out to them
    (a failed one too: a retry must not send it); returns how many were cancelled."""
    now = datetime.now(UTC)
    for contact in contacts:
        if contact.notifications_opted_out_at is None:
            contact.notifications_opted_out_at = now
    return session.execute(
        update(Notification)
        .where(Notification.contact_id.in_([c.id for c in contacts]),
               Notification.status.in_(("pending", "failed", "undeliverable")))
        .values(status="cancelled", next_attempt_at=None, last_error=opt_out_reason(contacts))
        .execution_options(synchronize_session=False)
    ).rowcount  # fmt: skip


def unsubscribe(session: Session, token: str) -> dict | None:
    """The link's opt-out, for the person (every contact with the address); None for a token
    no contact holds (an erased one, a typo). The trail records it by keyed digests."""
    contact = contact_of_token(session, token)
    if contact is None:
        return None
    already = contact.notifications_opted_out_at is not None
    people = same_person(session, contact)
    cancelled = opt_out(session, people)
    for person in people:
        record(session, "unsubscribe link", "unsubscribe", "contact",
               trail_digest(session, "contact", person.id),
               {"cancelled": cancelled, "already": already})  # fmt: skip
    return {"unsubscribed": True, "already": already, "cancelled": cancelled}
