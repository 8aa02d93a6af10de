"""POST /v1/search, GET /v1/insights/{id}/similar and GET /v1/insights/export."""

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from api.feedback.routes import filters_from_query
from api.params import IdPath
from api.search.export import MEDIA_TYPES, ExportFormat, write_export, write_stored
from api.search.schemas import Filters, SearchRequest, SearchResponse
from api.search.service import search, similar
from api.security import require

router = APIRouter(tags=["search"], dependencies=[require("read")])
TEXT = {"schema": {"type": "string"}}
FILE_RESPONSES = {200: {"content": {"text/csv": TEXT, "application/x-ndjson": TEXT}}}
EXCEL = Query(False, description="CSV for Excel in French (or any locale whose list separator is "
              "`;`): a UTF-8 byte-order mark, `;` between cells, decimal commas.")  # fmt: skip


def attachment(lines, fmt: ExportFormat, name: str) -> StreamingResponse:
    return StreamingResponse(lines, media_type=MEDIA_TYPES[fmt],
                             headers={"Content-Disposition": f"attachment; filename={name}.{fmt}"})  # fmt: skip


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
        return attachment(write_export(hits, format, scored=True, excel=excel), format, "search")
    return SearchResponse(items=hits)


@router.get("/v1/insights/export", responses=FILE_RESPONSES)
def export_insights(
    request: Request,
    format: ExportFormat = Query("csv"),
    excel: bool = EXCEL,
    filters: Filters = Depends(filters_from_query),
) -> StreamingResponse:
    """Every analysed insight that matches the filters (the search filters), oldest first, as
    CSV (one flat row per insight, intents joined by `;`) or JSON lines (search's records)."""
    db = request.app.state.workspace.db
    return attachment(write_stored(db, filters, format, excel), format, "insights")


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
