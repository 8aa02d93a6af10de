"""The audit trail of a contact's consent and address: an opt-out, an opt-in again (with the
date of the opt-out it ends, which the contact row forgets), an address given, changed or
cleared, each an event naming who did it. Addresses are named as the erasure trail names them
(keyed digests), never written out."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from api.audit import record
from api.privacy.keyed import trail_digest
from api.storage.tables import Contact


@dataclass(frozen=True)
class ContactState:
    """What the trail follows of a contact, taken before a change; `stored`: it existed."""

    stored: bool
    email: str | None
    email_key: str | None
    opted_out_at: datetime | None


def state_of(row: Contact | None) -> ContactState:
    if row is None:
        return ContactState(False, None, None, None)
    return ContactState(True, row.email, row.email_key, row.notifications_opted_out_at)


def address_digest(session: Session, email: str | None) -> str | None:
    # the key an erasure of this address is recorded under (privacy/service.audit_erasure)
    return trail_digest(session, "email", email.strip().casefold()) if email else None


def record_contact_changes(session: Session, actor: str, before: ContactState,
                           row: Contact) -> None:  # fmt: skip
    """One event per change of consent or address between `before` and the row as it is now.
    A new contact's address is no change (it came with it); its opt-out is one."""
    opted_out_at = row.notifications_opted_out_at
    if before.opted_out_at is not None and opted_out_at is None:
        record(session, actor, "contact.opt_in", "contact", row.id,
               {"opted_out_at": before.opted_out_at.isoformat()})  # fmt: skip
    elif before.opted_out_at is None and opted_out_at is not None:
        record(session, actor, "contact.opt_out", "contact", row.id, {})
    if before.stored and before.email_key != row.email_key:
        change = "set" if before.email is None else "cleared" if row.email is None else "changed"
        record(session, actor, "contact.email", "contact", row.id,
               {"change": change, "before": address_digest(session, before.email),
                "after": address_digest(session, row.email)})  # fmt: skip
