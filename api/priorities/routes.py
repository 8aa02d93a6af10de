"""GET /v1/priorities (JSON or CSV), the impact / effort matrix, and a need's impact."""

from datetime import UTC, datetime, timedelta
from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse

from api.downloads import TEXT, WARNING_HEADERS, record_export, with_warnings
from api.needs.impact import Window, impacts, segment_window
from api.needs.service import get_need
from api.params import IdPath
from api.priorities.reach import Reach
from api.priorities.schemas import PriorityList
from api.priorities.service import as_csv, matrix, priorities
from api.search.service import segment_matching_nothing, segment_warnings
from api.security import require

router = APIRouter(tags=["priorities"], dependencies=[require("read")])


# JSON unless ?format=csv asks for the file (its warnings in headers)
CSV_TABLE = {200: {"content": {"text/csv": TEXT}, "headers": WARNING_HEADERS}}


@router.get("/v1/priorities", response_model=PriorityList, responses=CSV_TABLE)
def get_priorities(
    request: Request,
    window_days: int | None = Query(
        None, ge=1, le=36_500, description="Default BOUCLE_RICE_WINDOW_DAYS."
    ),
    segment: str | None = Query(None),
    reach: Reach | None = Query(
        None,
        description="Default BOUCLE_RICE_REACH. accounts (each person with no account one "
        "more; each need's reach factor says its unit: accounts where all its evidence has an "
        "account, customers where people with no account are counted too, people where none "
        "has), arr (thousands), contacts "
        "(people: each feedback item without a contact is one) or feedback (items). A reach "
        "override counts only in its `reach_unit`, with no segment.",
    ),
    format: Literal["json", "csv"] = Query("json"),
):
    """Open needs ranked by RICE, each factor with how it was derived (and whether a person
    overrode it), and the quotes behind it."""
    ws = request.app.state.workspace
    days = window_days or ws.settings.rice_window_days
    used = reach or ws.settings.rice_reach
    items = priorities(ws, days, segment, used)
    warnings = segment_warnings(ws.db, segment)  # a typo ranks on no evidence: said
    if format == "csv":
        record_export(request, "priorities", {"format": "csv", "rows": len(items)})
        table = PlainTextResponse(as_csv(items), media_type="text/csv",
                                  headers={"Content-Disposition": "attachment; filename=priorities.csv"})  # fmt: skip
        return with_warnings(table, warnings)
    # the window travels with the ranks: reach, ARR and evidence count only those days
    return {"items": items, "matrix": matrix(items), "window_days": days, "reach": used,
            "warnings": warnings}  # fmt: skip


@router.get("/v1/needs/{need_id}/impact")
def get_need_impact(
    need_id: IdPath,
    request: Request,
    window_days: int | None = Query(
        None, ge=1, le=36_500, description="All the evidence if omitted."
    ),
    segment: str | None = Query(None),
    growth_days: int = Query(30, ge=1, le=3_650),
) -> dict:
    """Insights, accounts, contacts, ARR (each account once), breakdowns by segment, plan and
    source, mean sentiment, urgent share, first and last seen, growth, and the quotes."""
    ws = request.app.state.workspace
    until = datetime.now(UTC)
    since = until - timedelta(days=window_days) if window_days else None
    window = Window(since=since, until=until, segment=segment, growth_days=growth_days)
    with ws.db.session() as session:
        get_need(session, need_id)
        window = segment_window(session, window)
        warnings = segment_matching_nothing(session, segment)
        return {
            "need_id": need_id,
            **impacts(session, [need_id], window)[need_id],
            "warnings": warnings,
        }
