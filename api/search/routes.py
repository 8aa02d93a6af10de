"""POST /v1/search, GET /v1/insights/{id}/similar and GET /v1/insights/export."""

from fastapi import APIRouter, Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse

from api.downloads import EXCEL, FILE_RESPONSES, attachment, excel_style, with_warnings
from api.errors import may_answer
from api.feedback.routes import filters_from_query, refuse_unmatched_commas
from api.headers import NEXT_OFFSET
from api.params import IdPath
from api.search.export import CSV_COLUMNS, ExportFormat, write_export, write_stored
from api.search.schemas import (
    FILE_LIMIT,
    MAX_OFFSET,
    MIN_SCORE,
    PAGE_LIMIT,
    Filters,
    SearchRequest,
    SearchResponse,
)
from api.search.service import search, similar, values_matching_nothing
from api.security import require

router = APIRouter(tags=["search"], dependencies=[require("read")])


FORMAT = Query(None, description="csv or jsonl: the hits as a file (X-Next-Offset: more are left)")
HIT_FILES = {200: {**FILE_RESPONSES[200], "headers": {NEXT_OFFSET: {
    "description": "On a file, when more hits are left after its rows: the next file's offset.",
    "schema": {"type": "integer"},
}}}}  # fmt: skip


def page_sized(limit: int, fmt: ExportFormat | None, loc: tuple[str, ...]) -> None:
    """A JSON page holds up to PAGE_LIMIT hits, a file up to FILE_LIMIT (the bound checked)."""
    if fmt is None and limit > PAGE_LIMIT:
        raise RequestValidationError([{
            "loc": loc, "type": "value_error",
            "msg": f"at most {PAGE_LIMIT} hits a page: page on with next_offset, or ask for a "
                   f"file (?format=csv or jsonl, up to {FILE_LIMIT:,} hits)",
        }])  # fmt: skip


def hits_answer(
    request: Request, page: SearchResponse, fmt: ExportFormat | None, zone: str | None, name: str
):
    """The page as JSON, or its hits as a file that says in a header where the next one starts."""
    if fmt is None:
        return page
    file = attachment(
        request, write_export(page.items, fmt, scored=True, excel_zone=zone), fmt, name
    )
    if page.next_offset is not None:
        file.headers[NEXT_OFFSET] = str(page.next_offset)
    return with_warnings(file, page.warnings)


def folded(distinct: bool | None, fmt: ExportFormat | None) -> bool:
    """Repeats fold in a JSON page unless told otherwise; a file, summed in a spreadsheet, keeps
    every row (its accounts and ARR would undercount) unless `distinct` asks."""
    return distinct if distinct is not None else fmt is None


@router.post("/v1/search", name="search", response_model=SearchResponse,
             responses={**HIT_FILES, **may_answer(404)})  # fmt: skip
def post_search(
    body: SearchRequest,
    request: Request,
    format: ExportFormat | None = FORMAT,
    excel: bool = EXCEL,
):
    """Insights closest in meaning to `query` (any language), narrowed by `filters`."""
    page_sized(body.limit, format, ("body", "limit"))
    # "smb,enterprise" is a 422, as on the GET routes that take the filters
    refuse_unmatched_commas(request, body.filters, ("body", "filters"))
    ws = request.app.state.workspace
    distinct = folded(body.distinct, format)
    page = search(ws, body.query, body.limit, body.filters, distinct, body.offset,
                  body.min_score, polarity=body.polarity)  # fmt: skip
    return hits_answer(
        request, page, format, excel_style(excel, format, ws.settings.timezone), "search"
    )


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


@router.get("/v1/insights/export", responses={**FILE_RESPONSES, **may_answer(404)},
            description=INSIGHTS_EXPORT)  # fmt: skip
def export_insights(
    request: Request,
    format: ExportFormat = Query("csv"),
    excel: bool = EXCEL,
    contact: list[str] | None = Query(None, description="Only the items of these contacts."),
    filters: Filters = Depends(filters_from_query),
) -> StreamingResponse:
    ws = request.app.state.workspace
    zone = excel_style(excel, format, ws.settings.timezone)
    lines = write_stored(ws.db, filters, format, contact, zone)
    with ws.db.session() as session:
        warnings = values_matching_nothing(session, filters)
    return with_warnings(attachment(request, lines, format, "insights"), warnings)


@router.get("/v1/insights/{insight_id}/similar", response_model=SearchResponse,
            responses=HIT_FILES)  # fmt: skip
def get_similar_insights(
    insight_id: IdPath,
    request: Request,
    limit: int = Query(10, ge=1, le=FILE_LIMIT, description=f"At most {PAGE_LIMIT} but in a file"),
    offset: int = Query(0, ge=0, le=MAX_OFFSET, description="Pass the last page's next_offset."),
    distinct: bool | None = Query(
        None,
        description="Fold repeats of the same text into one "
        "hit; unset: folded in JSON, not in a file.",
    ),  # fmt: skip
    min_score: float | None = Query(None, ge=-1, le=1, description=MIN_SCORE),
    format: ExportFormat | None = FORMAT,
    excel: bool = EXCEL,
    filters: Filters = Depends(filters_from_query),
):
    """The insights closest in meaning to this one, as `POST /v1/search` ranks and pages them."""
    page_sized(limit, format, ("query", "limit"))
    ws = request.app.state.workspace
    page = similar(ws, insight_id, limit, filters, folded(distinct, format), offset, min_score)
    return hits_answer(
        request, page, format, excel_style(excel, format, ws.settings.timezone), "similar"
    )
