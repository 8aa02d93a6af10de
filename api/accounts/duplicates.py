"""`boucle contacts merge-duplicates`: contacts that share an e-mail address (any case), made
before ingest kept one contact per address (an item's inline contact made a second one), merged
into the oldest of them."""

from dataclasses import dataclass, field

from sqlalchemy import Column, Table, delete, select, update
from sqlalchemy.orm import Session

from api.storage import loop_tables  # noqa: F401 - its tables' foreign keys to contacts
from api.storage.tables import Base, Contact

# (table, columns) that hold at most one row per contact and value: a row of a duplicate that
# the kept contact has already (the same send, a notice about the same need) is dropped.
ONE_PER_CONTACT = {"survey_sends": ("survey", "sent_at"), "notifications": ("need_id",)}


@dataclass
class Merge:
    """The contacts of one address: `kept` (the oldest) and the ids merged into it."""

    email: str
    kept: str
    merged: list[str]
    moved: dict[str, int] = field(default_factory=dict)  # rows moved to `kept`, by table


def duplicate_groups(session: Session) -> list[tuple[str, list[Contact]]]:
    """Each address held by several contacts, compared by its key (api.storage.tables.email_key:
    NFC, casefolded), with its contacts oldest first (then by id)."""
    by_email: dict[str, list[Contact]] = {}
    for contact in session.scalars(select(Contact).where(Contact.email_key.is_not(None))):
        by_email.setdefault(contact.email_key, []).append(contact)
    groups = []
    for contacts in by_email.values():
        if len(contacts) > 1:
            contacts.sort(key=lambda c: (c.created_at, c.id))
            groups.append((contacts[0].email, contacts))
    return sorted(groups, key=lambda group: group[0].casefold())


def merge_duplicate_contacts(session: Session, dry_run: bool = False) -> list[Merge]:
    """Merge each address's contacts into the oldest: every row naming a later one (its items,
    survey sends, notifications) moves to it, its blank fields (name, language, account,
    attributes it lacks) are filled from the others, and the others are deleted. With
    `dry_run`, says what it would do and changes nothing."""
    merges = []
    for email, (kept, *others) in duplicate_groups(session):
        merge = Merge(email, kept.id, [other.id for other in others])
        for other in others:
            for table, count in absorb(session, kept, other, dry_run).items():
                merge.moved[table] = merge.moved.get(table, 0) + count
        merges.append(merge)
    session.flush()
    return merges


def contact_columns() -> list[tuple[Table, Column]]:
    """(table, column) of every foreign key to contacts.id."""
    return [
        (table, fk.parent)
        for table in Base.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column is Contact.__table__.c.id
    ]


def absorb(session: Session, kept: Contact, other: Contact, dry_run: bool) -> dict[str, int]:
    """`other`'s rows moved to `kept`, its blank fields given to it, then `other` deleted;
    returns the rows moved per table (a row `kept` has a twin of is dropped, not counted)."""
    moved = {}
    for table, column in contact_columns():
        rows = session.execute(select(table.c.id).where(column == other.id)).scalars().all()
        twins: list = []
        if unique := ONE_PER_CONTACT.get(table.name):
            values = [table.c[name] for name in unique]
            held = set(map(tuple, session.execute(select(*values).where(column == kept.id))))
            twins = [
                row_id
                for row_id, *key in session.execute(
                    select(table.c.id, *values).where(column == other.id)
                )
                if tuple(key) in held
            ]
        if len(rows) > len(twins):
            moved[table.name] = len(rows) - len(twins)
        if not dry_run:
            session.execute(delete(table).where(table.c.id.in_(twins)))
            session.execute(update(table).where(column == other.id).values({column.key: kept.id}))
    if not dry_run:
        for name in ("name", "language", "account_id"):
            if getattr(kept, name) is None:
                setattr(kept, name, getattr(other, name))
        kept.attributes = {**(other.attributes or {}), **(kept.attributes or {})}
        session.flush()
        session.delete(other)
    return moved
