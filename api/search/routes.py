"""POST /v1/search, GET /v1/insights/{id}/similar and GET /v1/insights/export."""

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from api.downloads import EXCEL, FILE_RESPONSES, attachment
from api.feedback.routes import filters_from_query
from api.params import IdPath
from api.search.export import (
    CSV_COLUMNS,
    ExportFormat,
    excel_zone,
    write_export,
    write_stored,
)
from api.search.schemas import Filters, SearchRequest, SearchResponse
from api.search.service import search, similar
from api.security import require

router = APIRouter(tags=["search"], dependencies=[require("read")])


@router.post("/v1/search", response_model=SearchResponse, responses=FILE_RESPONSES)
def post_search(
    body: SearchRequest,
    request: Request,
    format: ExportFormat | None = Query(None, description="csv or jsonl: the hits as a file"),
    excel: bool = EXCEL,
):
    """Insights closest in meaning to `query` (any language), narrowed by `filters`."""
    ws = request.app.state.workspace
    hits = search(ws, body.query, body.limit, body.filters, body.distinct, body.offset,
                  body.min_score)  # fmt: skip
    if format:
        lines = write_export(hits, format, True, excel_zone(excel, ws.settings.timezone))
        return attachment(lines, format, "search")
    return SearchResponse(items=hits)


INSIGHTS_EXPORT = (
    "Every analysed insight that matches the filters (search's, read on each insight; "
    "`contact` as in `GET /v1/feedback`), oldest message first (its `created_at`, then id; "
    "a message's insights in their order), as CSV (one flat row per insight) or JSON lines "
    "(search's records, `feedback.metadata` included). CSV columns, in this order: "
    + ", ".join(f"`{name}`" for name in CSV_COLUMNS)
    + ". Intents are joined by `;` in the intent head's order (bug_report, feature_request, "
    "question, praise, complaint, churn_risk, pricing, other; their scores are in the JSON "
    "lines), `tags` are `tagger=label`, `metadata` is the item's metadata as compact JSON "
    "(empty when none), times are UTC written `2026-11-02T10:00:00Z` as in the JSON. A text "
    "cell starting with `=`, `+`, `-` or `@` gets a leading `'` so a spreadsheet does not run "
    "it; an id (`external_id`, `account_id`) that is a plain number (`-42`) is written as it "
    "is. Per message (score-only answers included): `GET /v1/feedback/export`."
)


@router.get("/v1/insights/export", responses=FILE_RESPONSES, description=INSIGHTS_EXPORT)
def export_insights(
    request: Request,
    format: ExportFormat = Query("csv"),
    excel: bool = EXCEL,
    contact: list[str] | None = Query(None, description="Only the items of these contacts."),
    filters: Filters = Depends(filters_from_query),
) -> StreamingResponse:
    ws = request.app.state.workspace
    lines = write_stored(ws.db, filters, format, contact, excel_zone(excel, ws.settings.timezone))
    return attachment(lines, format, "insights")


@router.get("/v1/insights/{insight_id}/similar", response_model=SearchResponse)
def get_similar(
    insight_id: IdPath,
    request: Request,
    limit: int = Query(10, ge=1, le=200),
    distinct: bool = Query(True, description="Fold repeats of the same text into one hit."),
    filters: Filters = Depends(filters_from_query),
) -> SearchResponse:
    ws = request.app.state.workspace
    return SearchResponse(items=similar(ws, insight_id, limit, filters, distinct))
