"""Accounts and contacts: upserts that keep what was stored unless a field is given anew."""

import re
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.accounts.schemas import AccountIn, ContactIn
from api.storage.tables import Account, Contact


def upsert_account(session: Session, account: AccountIn, given: set[str] | None = None) -> Account:
    """Create or update; only fields the caller gave (`given`, default: all set) change."""
    fields = given if given is not None else account.model_fields_set
    row = session.get(Account, account.id) or session.merge(Account(id=account.id, attributes={}))
    for name in ("name", "arr", "segment", "plan"):
        if name in fields:
            setattr(row, name, getattr(account, name))
    if "attributes" in fields:
        row.attributes = {**(row.attributes or {}), **account.attributes}
    return row


def upsert_contact(session: Session, contact: ContactIn, given: set[str] | None = None) -> Contact:
    fields = given if given is not None else contact.model_fields_set
    if contact.account_id and "account_id" in fields:
        ensure_accounts(session, [contact.account_id])
    row = session.get(Contact, contact.id) or session.merge(Contact(id=contact.id, attributes={}))
    for name in ("account_id", "email", "name", "language"):
        if name in fields:
            setattr(row, name, getattr(contact, name))
    if "attributes" in fields:
        row.attributes = {**(row.attributes or {}), **contact.attributes}
    return row


def ensure_accounts(session: Session, ids: Iterable[str]) -> None:
    """Referenced accounts exist (as bare ids if nothing else is known yet): lose no reference."""
    for account_id in set(ids):
        if session.get(Account, account_id) is None:
            session.add(Account(id=account_id, attributes={}))
    session.flush()


# A contact id that is an e-mail address (a ticket's requester, a survey's respondent) is how
# the customer is reached: without it as `email`, closing the loop could not tell them.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def ensure_contacts(session: Session, refs: Iterable[str | tuple[str, str | None]]) -> None:
    """Referenced contacts exist. A ref may carry the account its item names: a new contact
    belongs to it, and one known by its id alone gets it; an id that is an e-mail address is
    the contact's e-mail until one is given."""
    accounts: dict[str, str | None] = {}
    for ref in refs:
        contact_id, account_id = ref if isinstance(ref, tuple) else (ref, None)
        accounts[contact_id] = accounts.get(contact_id) or account_id
    for contact_id, account_id in accounts.items():
        row = session.get(Contact, contact_id)
        if row is None:
            row = Contact(id=contact_id, attributes={})
            session.add(row)
        if row.email is None and _EMAIL.match(contact_id):
            row.email = contact_id
        if row.account_id is None and account_id:
            row.account_id = account_id
    session.flush()


def same_person(session: Session, refs: Iterable[str]) -> dict[str, str]:
    """Contact refs that are e-mail addresses, mapped to the contact who already holds that
    address (compared without case) when no contact has the ref as its id: a survey's respondent
    or a ticket's requester is the CRM contact of that address, not a second person to tell
    twice. Refs differing only in case within one batch become the first one's contact."""
    unknown = list(dict.fromkeys(ref for ref in refs if _EMAIL.match(ref)))
    stored: set[str] = set()
    for start in range(0, len(unknown), 500):
        chunk = unknown[start : start + 500]
        stored.update(session.scalars(select(Contact.id).where(Contact.id.in_(chunk))))
    unknown = [ref for ref in unknown if ref not in stored]
    holders: dict[str, str] = {}
    lowered = sorted({ref.lower() for ref in unknown})
    for start in range(0, len(lowered), 500):
        query = select(Contact.id, Contact.email).where(
            func.lower(Contact.email).in_(lowered[start : start + 500])
        )
        for contact_id, email in sorted(session.execute(query)):  # the smallest id holds it
            holders.setdefault(email.casefold(), contact_id)
    mapped: dict[str, str] = {}
    for ref in unknown:
        holder = holders.setdefault(ref.casefold(), ref)
        if holder != ref:
            mapped[ref] = holder
    return mapped


def accounts_of_contacts(session: Session, ids: Iterable[str]) -> dict[str, str]:
    """The account each contact belongs to, for items that name a contact and no account."""
    wanted, found = list(set(ids)), {}
    for start in range(0, len(wanted), 500):
        query = select(Contact.id, Contact.account_id).where(
            Contact.id.in_(wanted[start : start + 500]), Contact.account_id.is_not(None)
        )
        found.update({contact_id: account_id for contact_id, account_id in session.execute(query)})
    return found
