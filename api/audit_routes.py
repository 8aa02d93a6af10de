"""GET /v1/audit: the audit trail, newest first, for an admin key."""

from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from api.audit import audit_csv, audit_events
from api.headers import NEXT_CURSOR
from api.params import MAX_ID, MomentFrom, MomentTo
from api.ready import sql_workspace
from api.search.export import MEDIA_TYPES
from api.security import require
from api.voc.routes import in_order

router = APIRouter(tags=["audit"])


class AuditEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    at: AwareDatetime
    actor: str = Field(..., description="The API key's name; cli, retention or api (no keys).")
    action: str
    entity: str
    entity_id: str = Field(..., description="An id, or a keyed digest of the person erased.")
    detail: dict = Field(..., description="Counts and parameters; never the content.")


class AuditPage(BaseModel):
    items: list[AuditEventOut]
    next_cursor: int | None = Field(..., description="Pass as `cursor` for the next page.")


CSV_PAGE = {200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "headers": {NEXT_CURSOR: {
    "description": "On CSV: the next page's cursor; empty on the last page.",
    "schema": {"type": "string"},
}}}}  # fmt: skip


@router.get("/v1/audit", response_model=AuditPage, dependencies=[require("admin")],
            responses=CSV_PAGE)  # fmt: skip
def get_audit(
    request: Request,
    since: MomentFrom | None = Query(None, description="ISO 8601, or a day (BOUCLE_TIMEZONE)"),
    until: MomentTo | None = Query(None, description="ISO 8601, or a day (all of it)"),
    action: list[str] | None = Query(
        None,
        description="erase, expire, export, access_export, backup, restore, …; repeat for several",
    ),  # fmt: skip
    actor: list[str] | None = Query(None, description="Key names; repeat for several."),
    limit: int = Query(100, ge=1, le=1000),
    cursor: int | None = Query(None, ge=1, le=MAX_ID, description="next_cursor of the last page"),
    format: Literal["json", "csv"] = Query("json"),
):
    """Who erased, expired, exported, backed up or restored what, and when: newest first."""
    in_order(since, until, "since", "until")
    with sql_workspace(request).db.session() as session:
        events, next_cursor = audit_events(session, since, until, action, actor, limit, cursor)
        if format == "csv":
            return StreamingResponse(audit_csv(events), media_type=MEDIA_TYPES["csv"],
                                     headers={"Content-Disposition": "attachment; filename=audit.csv",
                                              NEXT_CURSOR: str(next_cursor or "")})  # fmt: skip
        return AuditPage(items=[AuditEventOut.model_validate(e) for e in events],
                         next_cursor=next_cursor)  # fmt: skip
