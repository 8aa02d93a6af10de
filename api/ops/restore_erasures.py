"""The erasures a restore owes: `boucle restore` replaces the database, then erases again who
was erased on request since the backup was made (api.privacy.service.reapply_erasures). A restore
stopped in between (a crash, a vector store failing) left them back in the database; the
restore's own audit event, written with the data it swapped in, says the debt until an event
says it paid, and the worker pays it at its start, before it repairs the vector store."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.audit import record
from api.privacy.schemas import Erasure
from api.storage.tables import AuditEvent

if TYPE_CHECKING:  # a backup, which imports this module, needs no workspace
    from api.workspace import Workspace

RESTORED = "restore"  # the action of the event a restore writes with the data it loads
REAPPLIED = "restore erasures re-applied"
OWED = "erasures_owed"  # in a restore event's detail: its erasures are re-applied after it


def owed_since(session: Session) -> datetime | None:
    """The backup time of the last restore whose erasures were not re-applied yet, or None."""
    last = session.scalar(
        select(AuditEvent).where(AuditEvent.action == RESTORED).order_by(AuditEvent.id.desc())
    )
    if last is None or not last.detail.get(OWED):  # one made before restores said so
        return None
    paid = select(AuditEvent.id).where(AuditEvent.action == REAPPLIED, AuditEvent.id > last.id)
    if session.scalar(paid.limit(1)) is not None:
        return None
    return datetime.fromisoformat(last.detail["backup_at"])


def reapply_owed(ws: "Workspace") -> Erasure | None:
    """Erase again who was erased since the backup the last restore loaded, if not done yet;
    the erasures made, or None when none were owed."""
    from api.privacy.service import reapply_erasures  # it loads the privacy code

    with ws.db.session() as session:
        since = owed_since(session)
    if since is None:
        return None
    erased = reapply_erasures(ws, since=since)
    with ws.db.session() as session:
        record(session, "restore", REAPPLIED, "backup", since.isoformat(), erased.model_dump())
    return erased
