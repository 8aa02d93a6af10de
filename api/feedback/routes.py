"""/v1/feedback: ingest (stored before the answer), read one, list with filters."""

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response, StreamingResponse
from pydantic import ValidationError, WithJsonSchema
from sqlalchemy import select

from api.downloads import EXCEL, FILE_RESPONSES, excel_style, filtered_attachment
from api.errors import NotFound, may_answer
from api.feedback.answers import ingested_item
from api.feedback.edits import edit_item
from api.feedback.export import MESSAGE_COLUMNS, write_messages
from api.feedback.listing import contacts_matching_nothing, list_feedback
from api.feedback.retries import retry_failed
from api.feedback.schemas import (
    FeedbackBatch,
    FeedbackEdit,
    FeedbackOut,
    FeedbackPage,
    FeedbackRetry,
    IngestedItem,
    IngestResponse,
    RetryAnswer,
)
from api.feedback.service import ingest, load_feedback
from api.feedback.sources import SourceList, stored_sources
from api.feedback.views import feedback_out
from api.params import IDS_SCHEMA, MAX_ID, SCORE_SCHEMA, IdPath, one_of
from api.search.export import ExportFormat
from api.search.metadata import pairs_from_query
from api.search.schemas import Filters, as_list
from api.search.service import as_stored, commas_matching_nothing, values_matching_nothing
from api.security import actor, require
from api.storage.tables import Feedback
from api.workspace import Workspace

router = APIRouter(prefix="/v1/feedback", tags=["feedback"])


def workspace(request: Request) -> Workspace:
    return request.app.state.workspace


@router.post("", response_model=IngestResponse, dependencies=[require("ingest")],
             summary="Ingest 1 to 1,000 items")  # fmt: skip
def create_feedback(body: FeedbackBatch, request: Request) -> IngestResponse:
    """Every item is committed before the answer. Re-sending an item (same source and
    external_id) stores it once and answers `duplicate` with what is stored; `changed: true`
    when the re-sent text, score or metadata differ (the edit is not stored: `PUT
    /v1/feedback/{id}` stores it). A batch holding one item twice is a 422 naming both."""
    ws = workspace(request)
    accepted = ingest(ws, body.items)
    may_read = bool(request.state.scopes & {"read", "admin"})
    with ws.db.session() as session:
        rows = load_feedback(session, [a.id for a in accepted if not a.forgotten])
        items = [ingested_item(a, rows.get(a.id), may_read) for a in accepted]
    return IngestResponse(items=items)


SEVERAL = "Several values: repeat the parameter (?x=a&x=b) or give a comma list (?x=a,b)."
NO_COMMAS = "Several values: repeat the parameter (?x=a&x=b); a comma is part of a value here."
IDS = "Ids. " + SEVERAL


def filters_from_query(
    request: Request,
    source: list[str] | None = Query(None, description=SEVERAL),
    language: list[str] | None = Query(None, description=SEVERAL),
    created_from: str | None = Query(
        None, description="ISO 8601, or a day: 2026-11-01 (BOUCLE_TIMEZONE)"
    ),
    created_to: str | None = Query(None, description="ISO 8601, or a day (all of it)"),
    changed_since: str | None = Query(
        None,
        description="Only items whose updated_at is at or after this (ISO 8601, or a day): "
        "stored, edited, analysed again or relinked since; a nightly sync's last start.",
    ),
    sentiment: list[str] | None = Query(None, description=SEVERAL),
    intent: list[str] | None = Query(None, description=SEVERAL),
    urgency: list[str] | None = Query(None, description=SEVERAL),
    account: list[str] | None = Query(None, description=NO_COMMAS),
    segment: list[str] | None = Query(None, description=NO_COMMAS),
    # read as text, so that "3,4" splits like the other comma lists; Filters checks the ids
    need: list[str] | None = Query(None, description=IDS, json_schema_extra=IDS_SCHEMA),
    theme: list[str] | None = Query(None, description=IDS, json_schema_extra=IDS_SCHEMA),
    unthemed: bool = Query(False, description="Only items/insights in no theme."),
    # read as text, so that Filters says what is wrong with "six" (and in which field)
    score_min: str | None = Query(
        None, description="Only messages scored at least this.", json_schema_extra=SCORE_SCHEMA
    ),
    score_max: str | None = Query(
        None,
        description="Only messages scored at most this (6: NPS detractors).",
        json_schema_extra=SCORE_SCHEMA,
    ),
    meta: list[str] | None = Query(
        None,
        description="Only messages whose metadata holds this key and value: "
        "app_version:5.2.0 (repeat it for several keys, all held).",
    ),
    tag: list[str] | None = Query(
        None,
        description="Only messages a custom tagger tagged with this label: tagger:label "
        "(queues:billing; a multi-label tagger's: any label that applies). " + NO_COMMAS,
    ),
) -> Filters:
    return checked_filters(
        request, source=source, language=language, created_from=created_from,
        created_to=created_to, changed_since=changed_since, sentiment=sentiment, intent=intent, urgency=urgency,
        account=account, segment=segment, need=need, theme=theme, unthemed=unthemed,
        score_min=score_min, score_max=score_max, metadata=meta_pairs(meta), tag=tag,
    )  # fmt: skip


def meta_pairs(meta: list[str] | None) -> dict[str, str] | None:
    """?meta=key:value pairs, or a 422 naming `meta` and how to write it."""
    try:
        return pairs_from_query(meta) if meta is not None else None
    except ValueError as error:
        raise RequestValidationError(
            [{"type": "value_error", "loc": ("query", "meta"), "msg": str(error), "input": meta}]
        ) from None


def checked_filters(request: Request, **values) -> Filters:
    """Filters from query parameters; a bad value, or an account or segment with a comma that
    matches nothing stored (a comma list, which they do not split), is a 422 naming it."""
    try:
        filters = Filters.from_text(**values)
    except ValidationError as error:  # answered as any other bad query parameter: 422 naming it
        raise RequestValidationError(
            [{**e, "loc": ("query", *e["loc"][:1])} for e in error.errors()]
        ) from None
    refuse_unmatched_commas(request, filters, ("query",))
    return filters


def refuse_unmatched_commas(request: Request, filters: Filters, where: tuple[str, ...]) -> None:
    """A 422 for an account or segment with a comma that matches nothing stored: a comma list
    ("smb,enterprise"), which these filters do not split, would match nothing and look like an
    empty result. `where`: ("query",) for query parameters, ("body", "filters") for a body."""
    given = [*(as_list(filters.account) or []), *(as_list(filters.segment) or [])]
    if not any("," in value for value in given):
        return  # the common case, without a session
    with workspace(request).db.session() as session:
        unmatched = commas_matching_nothing(session, filters)
    if unmatched:
        raise RequestValidationError([
            {"loc": (*where, name), "type": "value_error",
             "msg": f"{value!r} matches no {name}; for several, " + several(name, value, where)}
            for name, value in unmatched
        ])  # fmt: skip


def several(name: str, value: str, where: tuple[str, ...]) -> str:
    """How to ask for each part of a comma list: the parameter repeated, or a JSON list."""
    parts = [part.strip() for part in value.split(",")]
    if where == ("query",):
        return "repeat the parameter: ?" + "&".join(f"{name}={part}" for part in parts)
    return f"give a JSON list: {json.dumps(parts, ensure_ascii=False)}"


STATUSES = ("pending", "analysed")
Status = Annotated[
    Annotated[str, WithJsonSchema({"type": "string", "enum": list(STATUSES)})] | None,
    Query(),
    one_of("status", STATUSES),
]
ORDERS = ("newest", "oldest")
Order = Annotated[
    str,
    Query(
        description="oldest: from the first stored on; keep the last next_cursor and ask again "
        "with it later to get only what was stored since (a sync).",
        json_schema_extra={"enum": list(ORDERS)},
    ),
    one_of("order", ORDERS),
]


@router.get("", name="list_feedback", responses=may_answer(404), response_model=FeedbackPage,
            dependencies=[require("read")])  # fmt: skip
def list_feedback_page(
    request: Request,
    limit: int = Query(50, ge=1, le=500),
    cursor: int | None = Query(
        None, ge=1, le=MAX_ID, description="next_cursor of the previous page"
    ),
    status: Status = None,
    external_id: list[str] | None = Query(
        None, description="Your ids (with `source`, to read back what one ticket became)."
    ),
    contact: list[str] | None = Query(None, description="Only the items of these contacts."),
    order: Order = "newest",
    filters: Filters = Depends(filters_from_query),
) -> FeedbackPage:
    with workspace(request).db.session() as session:
        stored = as_stored(session, filters)  # "Zendesk" finds "zendesk"
        page = list_feedback(session, stored, limit, cursor, status, external_id, contact,
                             oldest_first=order == "oldest")  # fmt: skip
        page.warnings = [*values_matching_nothing(session, filters),
                         *contacts_matching_nothing(session, contact), *page.warnings]  # fmt: skip
        return page


MESSAGES_EXPORT = (
    "Every stored message that matches, one row each (a survey answer with a score and no text "
    "included, so NPS/CSAT read from it count every answer), oldest first (`created_at`, then "
    "id), with the filters of `GET /v1/feedback` read the same way: sentiment, intent and "
    "urgency are the whole message's (one sentence critical makes it critical). CSV columns, "
    "in this order: "
    + ", ".join(f"`{name}`" for name in MESSAGE_COLUMNS)
    + ". `text` is the whole redacted message (empty while `pending`), intents are joined by "
    "`;` in the intent head's order, `tags` are `tagger=label`, `metadata` is compact JSON, "
    "times are UTC written `2026-11-02T10:00:00Z`. A text cell starting with `=`, `+`, `-` or "
    "`@` gets a leading `'` (an id that is a plain number, `-42`, is written as it is). JSON "
    "lines: `GET /v1/feedback`'s items without their insights."
)


@router.get("/export", dependencies=[require("read")], summary="Export messages (CSV, JSON lines)",
            response_class=Response, responses={**FILE_RESPONSES, **may_answer(404)},
            description=MESSAGES_EXPORT)  # fmt: skip
def export_feedback(
    request: Request,
    format: ExportFormat = Query("csv"),
    status: Status = None,
    external_id: list[str] | None = Query(None, description="Your ids (with `source`)."),
    contact: list[str] | None = Query(None, description="Only the items of these contacts."),
    excel: bool = EXCEL,
    filters: Filters = Depends(filters_from_query),
) -> StreamingResponse:
    ws = workspace(request)
    lines = write_messages(ws.db, filters, format, status, external_id, contact,
                           excel_style(excel, format, ws.settings.timezone))  # fmt: skip
    return filtered_attachment(request, lines, format, "messages", filters, contact)


@router.post("/retry", response_model=RetryAnswer, dependencies=[require("admin")],
             summary="Analyse failed items again")  # fmt: skip
def post_retry(body: FeedbackRetry, request: Request) -> RetryAnswer:
    """Pending items whose analysis failed (`attempts` > 0 in `GET /v1/feedback?status=pending`)
    get their tries back and are due now: the worker analyses them at its next tick. After 20
    failures it stops trying by itself; call this once the fault is fixed."""
    ids = None if body.all_failed else body.ids
    return RetryAnswer(retried=retry_failed(workspace(request).db, ids))


# before /{feedback_id}, which would read "sources" as an id
@router.get("/sources", response_model=SourceList, dependencies=[require("read")],
            summary="Sources, with their message counts")  # fmt: skip
def list_sources(request: Request) -> SourceList:
    """Every source feedback was stored from, most messages first: the values the `source`
    filter takes (in any case)."""
    with workspace(request).db.session() as session:
        return stored_sources(session)


@router.get("/{feedback_id}", response_model=FeedbackOut, dependencies=[require("read")])
def get_feedback(feedback_id: IdPath, request: Request) -> FeedbackOut:
    with workspace(request).db.session() as session:
        row = load_feedback(session, [feedback_id]).get(feedback_id)
        if row is None:
            raise NotFound(f"no feedback with id {feedback_id}")
        return feedback_out(row)


# `read` too: a write-only key, trying ids, learnt which existed and their source and external
# id from the answer, and replaced whatever it hit (security.md, finding 9)
@router.put("/{feedback_id}", response_model=IngestedItem,
            dependencies=[require("ingest", also="read")], responses=may_answer(404),
            summary="Replace an item's text, score and metadata; analyse it again")  # fmt: skip
def put_feedback(feedback_id: IdPath, body: FeedbackEdit, request: Request) -> IngestedItem:
    """A ticket edited in its help desk (a typo fixed, details added): the item keeps its id,
    source, external id, date and people; `text`, `score`, `metadata` and `language` are
    replaced as sent (one left out is none, as in a re-sent item) and checked as `POST` checks
    them. Its old insights go, with their need links, suggestions and vectors; the new text is
    analysed as a new item's (`pending` if that fails: the worker retries) and a
    `feedback.analysed` webhook goes out again. The edit is committed before the answer,
    `updated`; the same message as stored answers `duplicate` and changes nothing. Needs the
    `ingest` and `read` scopes (or `admin`): the id is Boucle's, read back from `GET
    /v1/feedback?source=...&external_id=...`, and the edit replaces the whole message."""
    ws = workspace(request)
    with ws.db.session() as session:
        key = session.execute(
            select(Feedback.source, Feedback.external_id).where(Feedback.id == feedback_id)
        ).one_or_none()
    if key is None:
        raise NotFound(f"no feedback with id {feedback_id}")
    try:
        item = body.as_item(*key)
    except ValidationError as error:  # as POST says it: 422 naming the field
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in error.errors()]
        ) from None
    accepted = edit_item(ws, feedback_id, item, actor(request))
    with ws.db.session() as session:
        row = load_feedback(session, [feedback_id]).get(feedback_id)
        if row is None:  # erased meanwhile
            raise NotFound(f"no feedback with id {feedback_id}")
        return ingested_item(accepted, row, may_read=True)
