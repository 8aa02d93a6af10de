"""The accounts and contacts an item brings, written as ingest writes them: created, or their
empty fields filled, never changed (`fill_only`)."""

from collections.abc import Sequence

from sqlalchemy.orm import Session

from api.accounts.service import (
    ensure_accounts,
    ensure_contacts,
    fill_only,
    inline_contact,
    same_person,
    upsert_account,
)
from api.feedback.schemas import FeedbackIn
from api.storage.tables import Account, Contact


def upsert_people(session: Session, items: Sequence[FeedbackIn]) -> tuple[
    dict[str, str | None], dict[str, str], dict[str, str], dict[tuple[str, str], dict]
]:  # fmt: skip
    """Store the items' accounts and contacts, creating or filling only (`fill_only`); returns
    the accounts whose segment changed, the contact refs that are a known contact's e-mail
    address (`same_person`), each bare account ref's account id (`ensure_accounts`) and, by
    item key, the inline fields left out ({"contact": {"email": True}})."""
    moved: dict[str, str | None] = {}
    ignored: dict[tuple[str, str], dict[str, dict[str, bool]]] = {}
    for item in items:
        if item.account:
            before = session.get(Account, item.account.id)
            segment = before.segment if before is not None else None
            account, kept = fill_only(before, item.account)
            ignored.setdefault(item.key, {})["account"] = kept
            row = upsert_account(session, account)
            if before is not None and row.segment != segment:
                moved[row.id] = row.segment
    session.flush()
    # a bare ref is the account of that id or name, any case (ensure_accounts)
    accounts = ensure_accounts(
        session, [i.account_id for i in items if i.account_id and not i.account]
    )
    inline: dict[str, str] = {}
    for item in items:
        if item.contact:
            sent = item.contact
            # an id that is an address another contact holds is that contact, as a bare ref is
            if holder := same_person(session, [sent.id]).get(sent.id):
                sent = sent.model_copy(update={"id": holder})
                inline[item.contact.id] = holder
            stored = session.get(Contact, sent.id)
            contact, kept = fill_only(stored, sent)
            ignored.setdefault(item.key, {})["contact"] = kept
            if (
                contact.account_id is None
                and item.account_ref
                and not (stored and stored.account_id)
            ):
                account_id = accounts.get(item.account_ref, item.account_ref)
                contact = contact.model_copy(update={"account_id": account_id})
                contact.model_fields_set.add("account_id")
            # an address another contact holds makes the item that contact's, never refused
            holder = inline_contact(session, contact)
            if holder != item.contact.id:
                inline[item.contact.id] = holder
            session.flush()  # the next item's contact sees this one's address
    bare = [item for item in items if item.contact_id and not item.contact]
    known = same_person(session, [item.contact_id for item in bare])
    ensure_contacts(session, [(known.get(i.contact_id, i.contact_id),
                               accounts.get(i.account_ref, i.account_ref)) for i in bare])  # fmt: skip
    return moved, {**known, **inline}, accounts, ignored
