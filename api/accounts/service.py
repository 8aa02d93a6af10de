"""Accounts and contacts: upserts that keep what was stored unless a field is given anew (an
import, PATCH), or that replace the whole record (PUT)."""

import re
from collections.abc import Iterable
from typing import TypeVar

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.orm import Session

from api.accounts.contact_trail import record_contact_changes, state_of
from api.accounts.schemas import AccountIn, ContactIn
from api.errors import Conflict
from api.loop.unsubscribe import opt_out
from api.privacy.opt_outs import keep_opt_out
from api.storage import loop_tables  # noqa: F401 - its tables' foreign keys to contacts
from api.storage.db import starts_with_folded
from api.storage.tables import Account, Base, Contact, email_key

CHUNK = 500  # ids a query's IN list holds
Person = TypeVar("Person", AccountIn, ContactIn)


def upsert_account(session: Session, account: AccountIn, given: set[str] | None = None,
                   replace: bool = False) -> Account:  # fmt: skip
    """Create or update; only fields the caller gave (`given`, default: all set) change, and
    `attributes` are merged. `replace`: every field is set as `account` has it (a field left
    out is cleared), `attributes` too."""
    fields = given if given is not None else account.model_fields_set
    if replace:
        fields = set(AccountIn.model_fields)
    row = session.get(Account, account.id) or session.merge(Account(id=account.id, attributes={}))
    for name in ("name", "arr", "segment", "plan"):
        if name in fields:
            setattr(row, name, getattr(account, name))
            row.auto_created = False  # something is known of it now: a real account
    if "attributes" in fields:
        row.attributes = merged(row.attributes, account.attributes, replace)
    return row


def merged(stored: dict | None, given: dict, replace: bool) -> dict:
    """Attributes after an update: the given ones over the stored ones, or alone (`replace`)."""
    return dict(given) if replace else {**(stored or {}), **given}


def upsert_contact(session: Session, contact: ContactIn, given: set[str] | None = None,
                   replace: bool = False, actor: str = "import") -> Contact:  # fmt: skip
    """Create or update, one contact per e-mail address (see `claim_email`); `given` and
    `replace` as for `upsert_account`; `actor`: who the audit trail says changed its consent
    or address."""
    fields = given if given is not None else contact.model_fields_set
    if replace:
        fields = set(ContactIn.model_fields)
    stored = session.get(Contact, contact.id)
    # first: a refusal writes nothing; an address the contact holds already is not claimed anew
    if contact.email and "email" in fields and not holds(stored, contact.email):
        claim_email(session, contact.id, contact.email)
    return write_contact(session, contact, fields, replace, actor)


def kept_from_write_only(session: Session, contact: ContactIn) -> tuple[ContactIn, list[str]]:
    """What a key without `read` may write of `contact`, and why each refused part was kept
    ("email moved", "email taken", "notifications"). Its answer must not depend on what is
    stored (a refusal confirmed a guessed address), so nothing is refused: a stored address
    stays (moving or clearing it takes `admin`), an address another contact holds is not given
    (one contact per address; `claim_email`), an opt-out stays (opting in again takes `admin`),
    and the rest is written."""
    stored = session.get(Contact, contact.id)
    kept = contact.model_copy()
    why: list[str] = []
    if stored is not None and stored.email:
        if contact.email and not holds(stored, contact.email):
            why.append("email moved")
        kept.email = stored.email  # a PUT without it, or with another one, leaves it
    elif contact.email and refuses_email(session, contact.id, contact.email):
        why.append("email taken")
        kept.email = None
        kept.model_fields_set.discard("email")
    if stored is not None and not stored.notifications and contact.notifications is True:
        why.append("notifications")
        kept.notifications = None  # written as "kept as stored"
    return kept, why


def write_contact(session: Session, contact: ContactIn, fields: set[str],
                  replace: bool = False, actor: str = "import") -> Contact:  # fmt: skip
    """The contact created or updated with `fields`, its address as it comes; a change of its
    consent or address is recorded in the audit trail under `actor`."""
    account_id = contact.account_id
    if account_id and "account_id" in fields:  # "ACME" in a contacts file is account "acme"
        account_id = ensure_accounts(session, [account_id])[account_id]
    stored = session.get(Contact, contact.id)
    before = state_of(stored)
    row = stored or session.merge(Contact(id=contact.id, attributes={}))
    address_before = row.email
    for name in ("email", "name", "language"):
        if name in fields:
            setattr(row, name, getattr(contact, name))
    if "account_id" in fields:
        row.account_id = account_id
    if "attributes" in fields:
        row.attributes = merged(row.attributes, contact.attributes, replace)
    if "notifications" in fields and contact.notifications is not None:
        set_consent(session, row, contact.notifications)
    keep_opt_out(session, row, address_before)  # after: an erased person is not opted in anew
    record_contact_changes(session, actor, before, row)
    return row


def set_consent(session: Session, row: Contact, notifications: bool) -> None:
    """Opt the contact out (cancelling what waits for them), or back in."""
    if not notifications:
        session.flush()  # a new contact's row exists before its notifications are looked up
        opt_out(session, [row])
    else:
        row.notifications_opted_out_at = None


def fill_only(stored: Account | Contact | None, sent: Person) -> tuple[Person, dict[str, bool]]:
    """An account or contact sent inline with feedback, as it may be written: it creates one,
    or fills what is empty, never overwrites (a write-only key could otherwise re-point anyone's
    e-mail at itself); changes go through PUT /v1/contacts|accounts or `boucle import --kind`.
    Returns what to upsert and the sent fields left out, each with whether its value differs
    from the stored one (e-mail addresses without case)."""
    if stored is None:
        return sent, {}
    kept: dict[str, bool] = {}
    for name in sent.model_fields_set - {"id", "attributes"}:
        value, given = getattr(stored, name), getattr(sent, name)
        if value is not None and value != "":
            same = (
                email_key(value) == email_key(given)
                if name == "email" and given
                else value == given
            )
            kept[name] = not same
    allowed = sent.model_copy()
    if "attributes" in sent.model_fields_set:  # a new key fills; a stored key keeps its value
        known = stored.attributes or {}
        allowed.attributes = {k: v for k, v in sent.attributes.items() if k not in known}
        if len(allowed.attributes) < len(sent.attributes):
            kept["attributes"] = any(
                known[k] != v for k, v in sent.attributes.items() if k in known
            )
    allowed.model_fields_set.difference_update(kept.keys() - {"attributes"})
    return allowed, kept


def inline_contact(session: Session, contact: ContactIn) -> str:
    """An item's inline contact, stored one per e-mail address as the contacts import keeps them;
    returns the id of the item's contact. Where `claim_email` would refuse it (the address is
    another contact's), the item is that contact's instead, its blank fields filled from this
    one: the item is stored, and no second person with that address is made."""
    fields = contact.model_fields_set
    stored = session.get(Contact, contact.id)
    if contact.email and "email" in fields and not holds(stored, contact.email):
        try:
            claim_email(session, contact.id, contact.email)
        except Conflict:
            holder = email_holder(session, contact.email, contact.id)
            for name in ("name", "language"):
                if name in fields and getattr(holder, name) is None:
                    setattr(holder, name, getattr(contact, name))
            if contact.account_id and "account_id" in fields and holder.account_id is None:
                holder.account_id = ensure_accounts(session, [contact.account_id])[
                    contact.account_id
                ]
            if "attributes" in fields:
                holder.attributes = {**contact.attributes, **(holder.attributes or {})}
            return holder.id
    return write_contact(session, contact, fields, actor="feedback ingest").id


def holds(contact: Contact | None, email: str) -> bool:
    """The stored contact has this address already (in any case): it stays the item's, even
    where a duplicate made before the rule has it too."""
    return contact is not None and contact.email_key == email_key(email)


def email_holder(session: Session, email: str, besides: str) -> Contact | None:
    """Another contact holding the address, in any case (the smallest id first)."""
    query = (
        select(Contact)
        .where(Contact.email_key == email_key(email), Contact.id != besides)
        .order_by(Contact.id)
    )
    return session.scalars(query).first()


def claim_email(session: Session, contact_id: str, email: str) -> None:
    """One contact per e-mail address. The address held by a contact keyed by that address (a
    survey respondent, a ticket requester, a contacts file imported without its id column)
    makes it the contact of the new id: it is re-keyed, its items, survey sends and
    notifications with it, rather than a second person being made. Held by a contact with an id
    of its own, or given to an id already stored, it is refused (Conflict: a 409, a rejected
    import row): two CRM records of one person are for the CRM to merge."""
    holder = email_holder(session, email, contact_id)
    if holder is None:
        return
    if refuses_email(session, contact_id, email, holder):
        raise Conflict(
            f"e-mail {email!r} already belongs to contact {holder.id!r}: one contact per "
            f"address; import that contact under id {holder.id!r}, or give {holder.id!r} another "
            "e-mail first"
        )
    rekey_contact(session, holder, contact_id)


def refuses_email(
    session: Session, contact_id: str, email: str, holder: Contact | None = None
) -> bool:
    """`claim_email` would refuse the address to this id: another contact with an id of its own
    holds it, or one holds it and this id is stored already."""
    holder = holder or email_holder(session, email, contact_id)
    if holder is None:
        return False
    return email_key(holder.id) != holder.email_key or session.get(Contact, contact_id) is not None


def rekey_contact(session: Session, old: Contact, new_id: str) -> None:
    """The contact under `new_id`, with everything that names it (every table with a foreign
    key to contacts.id)."""
    copy = {a.key: getattr(old, a.key) for a in Contact.__mapper__.column_attrs if a.key != "id"}
    session.add(Contact(id=new_id, **copy))
    session.flush()
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column is Contact.__table__.c.id:
                column = fk.parent
                session.execute(update(table).where(column == old.id).values({column: new_id}))
    session.delete(old)
    session.flush()


def ensure_accounts(session: Session, refs: Iterable[str]) -> dict[str, str]:
    """Referenced accounts exist: lose no reference. Returns each ref's account id. A ref that
    is no account's id names, in any case, the account with that id or name ("ACME Corp" in a
    survey's company column is CRM account "acc-17" named "Acme Corp"): an import of answers
    that carry only a company name adds no empty account beside the real one. A ref matching
    none becomes a bare account of that id, marked `auto_created` (lists and VoC can tell it
    from a CRM's account) until a field of it is set."""
    wanted = list(dict.fromkeys(ref for ref in refs if ref))  # the first spelling names it
    found: dict[str, str] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        found.update(
            {i: i for i in session.scalars(select(Account.id).where(Account.id.in_(chunk)))}
        )
    unknown = [ref for ref in wanted if ref not in found]
    named = accounts_named(session, unknown)
    for ref in unknown:
        if ref.casefold() not in named:  # new: "Acme" and "ACME" in one batch are one account
            session.add(Account(id=ref, attributes={}, auto_created=True))
            named[ref.casefold()] = ref
        found[ref] = named[ref.casefold()]
    session.flush()
    return found


def accounts_named(session: Session, refs: list[str]) -> dict[str, str]:
    """Casefolded ref -> the account whose id, else name, it is without case; a CRM's account
    before one made from a bare reference, then the smallest id."""
    lowered = sorted({ref.lower() for ref in refs})
    rows = []
    for start in range(0, len(lowered), CHUNK):
        chunk = lowered[start : start + CHUNK]
        rows += session.execute(
            select(Account.id, Account.name, Account.auto_created).where(
                func.lower(Account.id).in_(chunk) | func.lower(Account.name).in_(chunk)
            )
        ).all()
    folded, best = {ref.casefold() for ref in refs}, {}
    for account_id, name, auto in rows:
        for rank, key in ((0, account_id), (1, name)):
            if key and key.casefold() in folded:
                candidate = (auto, rank, account_id)
                best[key.casefold()] = min(best.get(key.casefold(), candidate), candidate)
    return {key: account_id for key, (_, _, account_id) in best.items()}


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
            keep_opt_out(session, row, None)
        if row.account_id is None and account_id:
            row.account_id = account_id
    session.flush()


def contacts_not_stored(session: Session, refs: Iterable[str]) -> set[str]:
    """The refs that name nobody: no stored contact's id, nor an e-mail address (an address is
    the details a new contact is made from, or the contact who holds it: same_person)."""
    ids = {ref for ref in refs if not _EMAIL.match(ref)}
    stored: set[str] = set()
    wanted = sorted(ids)
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        stored.update(session.scalars(select(Contact.id).where(Contact.id.in_(chunk))))
    return ids - stored


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
    keys = sorted({email_key(ref) for ref in unknown})
    for start in range(0, len(keys), 500):
        query = select(Contact.id, Contact.email_key).where(
            Contact.email_key.in_(keys[start : start + 500])
        )
        for contact_id, key in sorted(session.execute(query)):  # the smallest id holds it
            holders.setdefault(key, contact_id)
    mapped: dict[str, str] = {}
    for ref in unknown:
        holder = holders.setdefault(email_key(ref), ref)
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


def named_like(prefix: str, dialect: str) -> ColumnElement[bool]:
    """Accounts whose id, name or a word of the name starts with `prefix`, any case and
    accents aside."""
    return or_(
        starts_with_folded(Account.id, prefix, dialect),
        starts_with_folded(Account.name, prefix, dialect),
        starts_with_folded(Account.name, prefix, dialect, after=" "),
    )
