"""Deleting a need that nothing depends on: one created by mistake (a typo, a duplicate) had no
way out but `declined`, which tells customers. A need with evidence, customer messages or a
merge behind it is kept: its id is quoted in links, notifications and lineage."""

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from api.audit import record
from api.errors import Conflict
from api.needs.service import get_need
from api.storage.loop_tables import Notification
from api.storage.tables import Need, NeedLink, NeedSuggestion
from api.workspace import NEEDS, Workspace


def counted(session: Session, query: Select) -> int:
    return session.scalar(query) or 0


def delete_need(ws: Workspace, need_id: int, actor: str) -> None:
    """Delete the need and its suggestions (proposals only), or a 409 saying what holds it."""
    with ws.write_lock, ws.db.session() as session:
        need = get_need(session, need_id)
        if need.merged_into_id is not None:
            raise Conflict(f"need {need_id} was merged into {need.merged_into_id}: it is kept so "
                           "that its id still leads there")  # fmt: skip
        links = counted(session, select(func.count(NeedLink.id)).where(NeedLink.need_id == need_id))
        if links:
            raise Conflict(f"need {need_id} has {links} linked insight(s) as evidence: merge it "
                           "into the need it repeats (POST /v1/needs/{id}/merge), or unlink them "
                           "first (DELETE /v1/needs/{id}/links/{insight_id})")  # fmt: skip
        merged = counted(session, select(func.count(Need.id)).where(Need.merged_into_id == need_id))
        if merged:
            raise Conflict(f"{merged} need(s) were merged into need {need_id}: it holds their "
                           "history; set its status instead")  # fmt: skip
        told = counted(
            session, select(func.count(Notification.id)).where(Notification.need_id == need_id)
        )
        if told:
            raise Conflict(f"need {need_id} has {told} customer notification(s), queued or "
                           "sent: it is kept for them; set its status instead")  # fmt: skip
        session.execute(delete(NeedSuggestion).where(NeedSuggestion.need_id == need_id))
        detail = {"title": need.title, "titles": need.titles, "status": need.status,
                  "description": need.description}  # fmt: skip
        session.delete(need)
        record(session, actor, "need.delete", "need", need_id, detail)
    ws.vectors.delete(NEEDS, [need_id])
