"""An erased contact's or account's id taken out of the audit trail's earlier events: an export
filtered on it (`?contact=crm-7781` in the event's query), a write-only key's kept fields (the
event's entity id) named it in plain text after the erasure. Each becomes the keyed digest the
trail names it by from then on (api/privacy/keyed.py), so its events can still be matched."""

from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from api.privacy.keyed import trail_digest
from api.storage.tables import AuditEvent

# Where an event's detail holds such an id, at any depth: a query parameter or a field. Only
# these keys: a contact "42" erased leaves a `theme=42` filter as it was.
ID_KEYS = {
    "contact": frozenset({"contact", "contact_id", "contacts", "contact_ids"}),
    "account": frozenset({"account", "account_id", "accounts", "account_ids"}),
}


def digests_for_ids(value, kind: str, digests: dict[str, str], named: bool = False):
    """`value` (JSON) with each string under a key of ID_KEYS[kind] that is an erased id
    replaced by its digest; `named`: `value` is under such a key."""
    if isinstance(value, str):
        return digests.get(value, value) if named else value
    if isinstance(value, list):
        return [digests_for_ids(item, kind, digests, named) for item in value]
    if isinstance(value, dict):
        return {key: digests_for_ids(item, kind, digests, key in ID_KEYS[kind])
                for key, item in value.items()}  # fmt: skip
    return value


def hide_erased_ids(session: Session, kind: str, ids: Iterable[str]) -> int:
    """The trail's events naming these contacts or accounts (`kind`) by id name them by their
    digest instead: an event about one (its entity id), or whose detail holds one. Returns how
    many events changed."""
    digests = {key: trail_digest(session, kind, key) for key in ids}
    if not digests:
        return 0
    query = select(AuditEvent.id, AuditEvent.entity, AuditEvent.entity_id, AuditEvent.detail)
    changed: dict[int, dict] = {}
    for event_id, entity, entity_id, detail in session.execute(
        query.execution_options(yield_per=2_000)
    ):
        named = {"entity_id": digests.get(entity_id, entity_id) if entity == kind else entity_id,
                 "detail": digests_for_ids(detail, kind, digests)}  # fmt: skip
        if named != {"entity_id": entity_id, "detail": detail}:
            changed[event_id] = named
    for event_id, named in changed.items():  # written once read: the query streams
        session.execute(update(AuditEvent).where(AuditEvent.id == event_id).values(**named))
    return len(changed)
