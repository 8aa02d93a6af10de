"""The audit trail: who changed, erased, exported or backed up what, when (a change's event is
written in the same transaction as the change). Events hold ids, counts and digests, never the
content; `GET /v1/audit` and `boucle audit` read it."""

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.search.cells import inert, utc_text
from api.storage.tables import AuditEvent

AUDIT_COLUMNS = ("id", "at", "actor", "action", "entity", "entity_id", "detail")


def record(
    session: Session, actor: str, action: str, entity: str, entity_id: object, detail: dict
) -> None:
    session.add(
        AuditEvent(
            actor=actor, action=action, entity=entity, entity_id=str(entity_id), detail=detail
        )  # fmt: skip
    )


def audit_events(
    session: Session,
    since: datetime | None = None,
    until: datetime | None = None,
    action: list[str] | None = None,
    actor: list[str] | None = None,
    limit: int = 100,
    cursor: int | None = None,
) -> tuple[list[AuditEvent], int | None]:
    """Newest first; the id to pass as `cursor` for the next page (None: none left)."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if until is not None:
        query = query.where(AuditEvent.at <= until)
    if action:
        query = query.where(AuditEvent.action.in_(action))
    if actor:
        query = query.where(AuditEvent.actor.in_(actor))
    if cursor is not None:
        query = query.where(AuditEvent.id < cursor)
    rows = list(session.scalars(query))
    return rows, rows[-1].id if len(rows) == limit else None


def audit_csv(events: list[AuditEvent]) -> Iterator[str]:
    """One row an event; `detail` as compact JSON; a cell that a spreadsheet would run is inert."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(AUDIT_COLUMNS)
    for event in events:
        writer.writerow([event.id, utc_text(event.at), inert(event.actor), event.action,
                         event.entity, inert(event.entity_id, identifier=True),
                         inert(json.dumps(event.detail, separators=(",", ":")))])  # fmt: skip
    yield buffer.getvalue()
