"""Accounts and contacts: upserts that keep what was stored unless a field is given anew."""

from collections.abc import Iterable

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


def ensure_contacts(session: Session, ids: Iterable[str]) -> None:
    for contact_id in set(ids):
        if session.get(Contact, contact_id) is None:
            session.add(Contact(id=contact_id, attributes={}))
    session.flush()
