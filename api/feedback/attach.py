"""The people a re-sent item brings. A help desk sends a ticket first without its requester (or
account) and again once it knows them: a stored item that has none gets them, created or
filled as a first send would; one that has a contact or account keeps it (a replayed backlog
puts back no one), and what was left out is named (`contact_ignored`, `account_ignored`)."""

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.accounts.schemas import AccountIn, ContactIn
from api.accounts.service import accounts_named, accounts_of_contacts, fill_only, same_person
from api.feedback.people import upsert_people
from api.feedback.schemas import FeedbackIn
from api.storage.tables import Account, Contact, Feedback

# kind ("contact", "account") -> field sent -> whether it differs from what is stored
Ignored = dict[str, dict[str, bool]]


def attach_people(
    session: Session, feedback_id: int, item: FeedbackIn
) -> tuple[set[str], Ignored, dict[str, str | None]]:
    """Give stored item `feedback_id` the contact and account re-sent `item` names where it has
    none, written as a first send writes them; returns what was attached ({"contact",
    "account"}), the fields left out, and the accounts whose segment changed (for search)."""
    row = session.scalars(
        select(Feedback).where(Feedback.id == feedback_id).with_for_update(of=Feedback)
    ).one_or_none()
    if row is None:  # erased since it was found
        return set(), {}, {}
    had_contact, had_account = row.contact_id, row.account_id
    wants_contact = had_contact is None and item.contact_ref is not None
    wants_account = had_account is None and item.account_ref is not None
    ignored: Ignored = {}
    if had_contact is not None and item.contact_ref is not None:
        same = same_contact(session, had_contact, item.contact_ref)
        ignored["contact"] = left_out(session.get(Contact, had_contact), same, item.contact)
    if had_account is not None and item.account_ref is not None:
        same = same_account(session, had_account, item.account_ref)
        ignored["account"] = left_out(session.get(Account, had_account), same, item.account)
    if not (wants_contact or wants_account):
        return set(), ignored, {}
    # Only the missing part is written; a new contact joins the item's stored account, as it
    # would have joined the account sent with a first send.
    sent = item.model_copy(update={
        "contact": item.contact if wants_contact else None,
        "contact_id": item.contact_id if wants_contact else None,
        "account": item.account if wants_account else None,
        "account_id": item.account_id if wants_account else had_account,
    })  # fmt: skip
    moved, known_people, known_accounts, written = upsert_people(session, [sent])
    attached = set()
    if wants_contact:
        row.contact_id = known_people.get(sent.contact_ref, sent.contact_ref)
        attached.add("contact")
        ignored["contact"] = written.get(sent.key, {}).get("contact", {})
    if wants_account:
        row.account_id = known_accounts.get(sent.account_ref, sent.account_ref)
        ignored["account"] = written.get(sent.key, {}).get("account", {})
    elif had_account is None:  # a contact and no account: the contact's, as at a first send
        row.account_id = accounts_of_contacts(session, [row.contact_id]).get(row.contact_id)
    if row.account_id is not None and had_account is None:
        attached.add("account")
    session.flush()
    return attached, ignored, moved


def left_out(
    stored: Account | Contact | None, same: bool, sent: AccountIn | ContactIn | None
) -> dict[str, bool]:
    """The re-sent contact's or account's fields not written to the item's own: every field
    (`id` too) of another one; of the same one, those that differ (`fill_only`)."""
    if not same:
        return dict.fromkeys(sent.model_fields_set | {"id"} if sent else {"id"}, True)
    return fill_only(stored, sent)[1] if sent else {}


def same_contact(session: Session, stored_id: str, ref: str) -> bool:
    """`ref` names the stored contact: by its id, or by an address it holds."""
    return same_person(session, [ref]).get(ref, ref) == stored_id


def same_account(session: Session, stored_id: str, ref: str) -> bool:
    """`ref` names the stored account: by its id or name, any case (as `ensure_accounts`)."""
    return ref == stored_id or accounts_named(session, [ref]).get(ref.casefold()) == stored_id


def attach_all(
    session: Session, repeats: Sequence[tuple[int, FeedbackIn]]
) -> tuple[list[tuple[set[str], Ignored]], dict[str, str | None]]:
    """`attach_people` for each (stored id, re-sent item), in order."""
    answers, moved = [], {}
    for feedback_id, item in repeats:
        attached, ignored, segments = attach_people(session, feedback_id, item)
        answers.append((attached, ignored))
        moved.update(segments)
    return answers, moved
