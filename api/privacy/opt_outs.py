"""Opt-outs that outlive the contact. An erasure deletes the contact, and with it the date it
opted out: a CRM sync re-creating the person under another id, with the same address, made a
contact to notify again. The register of erasures knows the address (a request remembers it)
and, for an opted-out contact erased or expired, that it opted out (kind `opted_out`); a contact
given such an address starts opted out. Only an admin opts it in again."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.loop.unsubscribe import opt_out
from api.privacy.keyed import ADDRESS_KINDS, party_digest, register_digest
from api.storage.tables import Contact, ForgottenParty, email_key

OPTED_OUT = "opted_out"  # the register's kind for an opted-out contact's address


def address_forgotten(session: Session, email: str) -> bool:
    """The register holds this address (any case): erased on request, or opted out."""
    digests = [register_digest(session, party_digest(kind, email)) for kind in ADDRESS_KINDS]
    found = select(ForgottenParty.digest).where(ForgottenParty.digest.in_(digests)).limit(1)
    return session.scalar(found) is not None


def keep_opt_out(session: Session, row: Contact, address_before: str | None) -> None:
    """A contact given an address the register holds starts opted out (or stays so): the
    person asked not to hear from us, or to be forgotten."""
    if not row.email or row.notifications_opted_out_at is not None:
        return
    if email_key(row.email) == email_key(address_before or ""):
        return  # an address it held already: an admin may have opted it in since
    if address_forgotten(session, row.email):
        session.flush()  # a new contact's row exists before its notifications are looked up
        opt_out(session, [row])
