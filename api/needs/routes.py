"""/v1/needs: CRUD, evidence, links, merges and the suggestion queue."""

from typing import Literal

from fastapi import APIRouter, Query, Request, status

from api.errors import may_answer
from api.needs import service
from api.needs.removal import delete_need
from api.needs.schemas import (
    LinkRequest,
    NeedCreate,
    NeedDetail,
    NeedLinked,
    NeedList,
    NeedMerge,
    NeedStatus,
    NeedUpdate,
    SuggestionList,
)
from api.params import MAX_ID, IdPath
from api.search.merges import following_merges
from api.search.schemas import Filters
from api.search.service import segment_warnings
from api.security import actor, require
from api.workspace import Workspace

router = APIRouter(prefix="/v1/needs", tags=["needs"])


def workspace(request: Request) -> Workspace:
    return request.app.state.workspace


@router.post("", name="create_need", responses=may_answer(404, 409), response_model=NeedDetail,
             status_code=status.HTTP_201_CREATED,
             dependencies=[require("admin")])  # fmt: skip
def create(body: NeedCreate, request: Request) -> NeedDetail:
    """Create a need, optionally from one or more insights (linked as evidence)."""
    ws = workspace(request)
    return service.need_detail(ws, service.create_need(ws, body, actor(request)))


@router.get("", name="list_needs", responses=may_answer(404), response_model=NeedList,
            dependencies=[require("read")])  # fmt: skip
def list_all(
    request: Request,
    status: NeedStatus | None = Query(None),
    include_merged: bool = Query(False),
    sort: Literal["id", "arr", "accounts", "insights", "growth", "urgency", "last_seen"] = Query(
        "id", description="Biggest first, by the impact figure named."
    ),
    min_accounts: int = Query(0, ge=0, le=MAX_ID),
    segment: str | None = Query(
        None, description="Only needs with evidence from this segment, counting only that evidence."
    ),
    theme: int | None = Query(
        None,
        ge=1,
        le=MAX_ID,
        description="Only needs with evidence in this theme (a parent: any of its themes).",
    ),
    account: str | None = Query(
        None,
        min_length=1,
        max_length=200,
        description="Only needs with evidence from this account's feedback (its id).",
    ),
) -> NeedList:
    """The backlog with each need's impact: insights, accounts, ARR, urgency, growth."""
    ws = workspace(request)
    items = service.list_needs(
        ws, status, include_merged, sort, min_accounts, segment, theme, account
    )
    with ws.db.session() as session:  # a theme merged away is followed: said, as search says it
        merged = following_merges(session, Filters(theme=theme))[1] if theme else []
    return NeedList(items=items, warnings=[*segment_warnings(ws.db, segment), *merged])


@router.get("/suggestions", name="list_suggestions", responses=may_answer(404),
            response_model=SuggestionList, dependencies=[require("read")])  # fmt: skip
def suggestions(
    request: Request,
    status: Literal["pending", "accepted", "rejected", "superseded"] = Query("pending"),
    limit: int = Query(100, ge=1, le=1000),
    need: int | None = Query(None, ge=1, le=MAX_ID, description="only this need's suggestions"),
    insight: int | None = Query(
        None, ge=1, le=MAX_ID, description="only this insight's (its alternatives)"
    ),
) -> SuggestionList:
    """Insights that may express a need (score between the review and auto thresholds): up to
    three needs per insight; accepting one links the insight and supersedes the others."""
    items = service.list_suggestions(workspace(request), status, limit, need, insight)
    return SuggestionList(items=items)


@router.post("/suggestions/{suggestion_id}/accept", status_code=204, responses=may_answer(409),
             dependencies=[require("admin")])  # fmt: skip
def accept_suggestion(suggestion_id: IdPath, request: Request) -> None:
    """Links the insight to the need. Accepting again does nothing (safe to retry); accepting a
    suggestion rejected earlier is a change of mind, and links it (a superseded one is a 409:
    the insight was linked elsewhere meanwhile)."""
    service.decide_suggestion(workspace(request), suggestion_id, True, actor(request))


@router.post("/suggestions/{suggestion_id}/reject", status_code=204, responses=may_answer(409),
             dependencies=[require("admin")])  # fmt: skip
def reject_suggestion(suggestion_id: IdPath, request: Request) -> None:
    """Rejected pairs are remembered: that insight is not proposed for that need again.
    Rejecting again does nothing (safe to retry)."""
    service.decide_suggestion(workspace(request), suggestion_id, False, actor(request))


@router.get("/{need_id}", response_model=NeedDetail, dependencies=[require("read")])
def get_need(
    need_id: IdPath, request: Request, limit: int = Query(100, ge=1, le=1000)
) -> NeedDetail:
    """The need with its evidence: quotes with source, account and date, newest first."""
    return service.need_detail(workspace(request), need_id, limit)


@router.patch("/{need_id}", name="update_need", responses=may_answer(409),
              response_model=NeedDetail, dependencies=[require("admin")])  # fmt: skip
def update(need_id: IdPath, body: NeedUpdate, request: Request) -> NeedDetail:
    ws = workspace(request)
    service.update_need(ws, need_id, body, actor(request))
    return service.need_detail(ws, need_id)


@router.delete("/{need_id}", name="delete_need", status_code=204, responses=may_answer(409),
               dependencies=[require("admin")])  # fmt: skip
def delete(need_id: IdPath, request: Request) -> None:
    """Delete a need nothing depends on (created by mistake): no evidence linked, no customer
    notification, no need merged into it, not merged itself; its suggestions go with it and
    the audit trail keeps its title. Otherwise a 409 says what holds it (merge or status)."""
    delete_need(workspace(request), need_id, actor(request))


@router.post("/{need_id}/links", name="link_insights", responses=may_answer(409),
             response_model=NeedLinked, dependencies=[require("admin")])  # fmt: skip
def link(need_id: IdPath, body: LinkRequest, request: Request) -> NeedLinked:
    """Link insights by hand, moving them from any need they were linked to (an insight has one
    need): `warnings` names each one moved and the need it left."""
    ws = workspace(request)
    moved = service.link_insights(ws, need_id, body.insight_ids, actor(request))
    detail = service.need_detail(ws, need_id)
    return NeedLinked(**detail.model_dump(), warnings=moved)


@router.delete("/{need_id}/links/{insight_id}", name="unlink_insight", status_code=204,
               dependencies=[require("admin")])  # fmt: skip
def unlink(need_id: IdPath, insight_id: IdPath, request: Request) -> None:
    service.unlink_insight(workspace(request), need_id, insight_id, actor(request))


@router.post("/{need_id}/merge", name="merge_needs", responses=may_answer(409),
             response_model=NeedDetail, dependencies=[require("admin")])  # fmt: skip
def merge(need_id: IdPath, body: NeedMerge, request: Request) -> NeedDetail:
    """Merge `sources` into this need: every link moves, lineage is kept on both sides."""
    ws = workspace(request)
    service.merge_needs(ws, need_id, body.sources, actor(request))
    return service.need_detail(ws, need_id)


@router.get("/{need_id}/audit", dependencies=[require("read")])
def get_need_audit(need_id: IdPath, request: Request) -> dict:
    """Who changed what on this need, and when (oldest first)."""
    return {"items": service.audit_of(workspace(request), need_id)}
