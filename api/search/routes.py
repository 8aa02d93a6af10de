"""POST /v1/search, GET /v1/insights/{id}/similar (and a message's: GET /v1/feedback/{id}/similar
or by its source and external_id) and GET /v1/insights/export."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session

from api.downloads import (
    EXCEL,
    FILE_RESPONSES,
    WARNING_HEADERS,
    attachment,
    excel_style,
    filtered_attachment,
    with_warnings,
)
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
from api.search.seeds import (
    NoInsight,
    Seed,
    feedback_by_id,
    feedback_by_key,
    feedback_seed,
    insight_seed,
)
from api.search.service import search, similar
from api.security import require
from api.timezone import ZONE_HEADER


def says_zone(request: Request, response: Response) -> None:
    """Every JSON answer names the zone its day filters were read in (a client in another zone
    sends days as they are and prints the hits' dates in this one): X-Boucle-Timezone."""
    response.headers[ZONE_HEADER] = request.app.state.workspace.settings.timezone


router = APIRouter(tags=["search"], dependencies=[require("read"), Depends(says_zone)])


FORMAT = Query(None, description="csv or jsonl: the hits as a file (X-Next-Offset: more are left)")
HIT_FILES = {200: {**FILE_RESPONSES[200], "headers": {**WARNING_HEADERS, NEXT_OFFSET: {
    "description": "On a file, when more hits are left after its rows: the next file's offset.",
    "schema": {"type": "integer"},
}, ZONE_HEADER: {
    "description": "BOUCLE_TIMEZONE: the zone a day in the date filters was read in.",
    "schema": {"type": "string"},
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
    request: Request,
    page: SearchResponse,
    fmt: ExportFormat | None,
    zone: str | None,
    name: str,
    body: dict | None = None,
):
    """The page as JSON, or its hits as a file that says in a header where the next one starts;
    `body`: what the request asked in its body, for the file's audit event."""
    if fmt is None:
        return page
    file = attachment(
        request, write_export(page.items, fmt, scored=True, excel_zone=zone), fmt, name, body
    )
    if page.next_offset is not None:
        file.headers[NEXT_OFFSET] = str(page.next_offset)
    says_zone(request, file)  # a Response returned whole gets none of the dependency's headers
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
    # the export's event records what was searched (redacted), as a GET export's its filters
    asked = body.model_dump(mode="json", exclude_unset=True)
    return hits_answer(
        request, page, format, excel_style(excel, format, ws.settings.timezone), "search", asked
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


# a file only: no JSON answer declared (a generated client would decode the CSV as JSON)
@router.get("/v1/insights/export", response_class=Response,
            responses={**FILE_RESPONSES, **may_answer(404)}, description=INSIGHTS_EXPORT)  # fmt: skip
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
    return filtered_attachment(request, lines, format, "insights", filters, contact)


@dataclass(frozen=True)
class SimilarOptions:
    """How a page of similar insights is asked for, whatever it starts from."""

    limit: int
    offset: int
    distinct: bool
    min_score: float | None
    format: ExportFormat | None
    excel_zone: str | None
    polarity: bool


# "true" or "false" only, as search's strict `polarity`: a bool query parameter would read "no",
# "0" or "off" as a choice, where a typo should be a 422 saying what to send.
SIMILAR_POLARITY = Query(
    "true",
    description="true: when the seed's stored sentiment reads clearly positive or negative, hits "
    "clearly saying the opposite score BOUCLE_SEARCH_POLARITY_PENALTY lower (as search's "
    "`polarity`); false: by meaning alone (the plain cosine order).",
)


def similar_options(
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
    polarity: Literal["true", "false"] = SIMILAR_POLARITY,
) -> SimilarOptions:
    page_sized(limit, format, ("query", "limit"))
    zone = excel_style(excel, format, request.app.state.workspace.settings.timezone)
    return SimilarOptions(
        limit, offset, folded(distinct, format), min_score, format, zone, polarity == "true"
    )


def similar_answer(
    request: Request,
    seed_in: Callable[[Session], Seed],
    options: SimilarOptions,
    filters: Filters,
    where: tuple[str, ...],
):
    """The page of insights closest to the seed `seed_in` reads; a message without insights is
    a 422 naming `where` (the parameter that named it)."""
    ws = request.app.state.workspace
    with ws.db.session() as session:
        try:
            seed = seed_in(session)
        except NoInsight as error:
            raise RequestValidationError(
                [{"loc": where, "type": "value_error", "msg": str(error)}]
            ) from None
    page = similar(ws, seed, options.limit, filters, options.distinct, options.offset,
                   options.min_score, polarity=options.polarity)  # fmt: skip
    return hits_answer(request, page, options.format, options.excel_zone, "similar")


SIMILAR = (
    "The insights closest in meaning to {seed}, as `POST /v1/search` ranks and pages them. "
    "{seed_said}, and insights saying the very same words (case, spacing, emoji and end "
    "punctuation aside), are left out of pages and files alike: they are repeats, not similar "
    "(search for the words to list them)."
)
OF_MESSAGE = (
    SIMILAR.format(
        seed="a message's insights (their mean direction: what the message says as a whole; "
        "a message of one insight ranks as that insight does)",
        seed_said="The message's own insights",
    )
    + " 404: no such message; 422: a message with no insight (pending, or a score with no text)."
)


@router.get("/v1/insights/{insight_id}/similar", response_model=SearchResponse,
            responses={**HIT_FILES, **may_answer(404)},
            description=SIMILAR.format(seed="this one", seed_said="The insight itself"))  # fmt: skip
def get_similar_insights(
    insight_id: IdPath,
    request: Request,
    options: SimilarOptions = Depends(similar_options),
    filters: Filters = Depends(filters_from_query),
):
    return similar_answer(request, lambda session: insight_seed(session, insight_id), options,
                          filters, ("path", "insight_id"))  # fmt: skip


# Routed before GET /v1/feedback/{feedback_id} (api/app.py), which would read "similar" as an id.
@router.get("/v1/feedback/similar", response_model=SearchResponse,
            responses={**HIT_FILES, **may_answer(404)}, description=OF_MESSAGE,
            summary="Insights similar to a message named by its source and external_id")  # fmt: skip
def get_similar_to_external_id(
    request: Request,
    feedback_source: str = Query(..., min_length=1, max_length=100,
                                 description="The message's source, any case (not a filter)."),
    feedback_external_id: str = Query(..., min_length=1, max_length=300,
                                      description="The message's external_id, as sent."),
    options: SimilarOptions = Depends(similar_options),
    filters: Filters = Depends(filters_from_query),
):  # fmt: skip
    def seed_in(session: Session) -> Seed:
        found = feedback_by_key(session, feedback_source, feedback_external_id)
        return feedback_seed(session, found)

    return similar_answer(request, seed_in, options, filters, ("query", "feedback_external_id"))


@router.get("/v1/feedback/{feedback_id}/similar", response_model=SearchResponse,
            responses={**HIT_FILES, **may_answer(404)}, description=OF_MESSAGE,
            summary="Insights similar to a message")  # fmt: skip
def get_similar_to_feedback(
    feedback_id: IdPath,
    request: Request,
    options: SimilarOptions = Depends(similar_options),
    filters: Filters = Depends(filters_from_query),
):
    def seed_in(session: Session) -> Seed:
        return feedback_seed(session, feedback_by_id(session, feedback_id))

    return similar_answer(request, seed_in, options, filters, ("path", "feedback_id"))
