"""The messages export (GET /v1/feedback/export, `boucle export --messages`): one row per stored
message, a score-only survey answer included, with the whole message's sentiment, intents and
urgency. Plain SQL rows, oldest first along the feedback (created_at, id) index, a page per
query, filtered as GET /v1/feedback filters."""

import json
from collections.abc import Iterator
from functools import partial

from sqlalchemy import Row, Select, Text, cast, select, tuple_

from api.feedback.listing import contact_ids, where_items
from api.feedback.schemas import MessageRecord, whole_seconds
from api.feedback.views import sentiment, urgency
from api.search.cells import (
    escape_cells,
    intents_cell,
    metadata_cell,
    number,
    score_cell,
    tags_cell,
    utc_text,
)
from api.search.export import (
    ExportFormat,
    TimeText,
    _csv_lines,
    _in_chunks,
    csv_header,
    excel_cells,
    row_key,
    times_written,
)
from api.search.schemas import Filters, as_list
from api.search.service import as_stored
from api.storage import Database
from api.storage.tables import Account, Feedback

PAGE = 2_000  # messages read per query (one short connection each)

MESSAGE_COLUMNS = (
    "id", "source", "external_id", "created_at", "received_at", "updated_at", "status", "language", "score",
    "account_id", "account_name", "segment", "arr", "contact_id", "text", "sentiment",
    "sentiment_score", "intents", "urgency", "urgency_score", "tags", "metadata",
)  # fmt: skip
_TEXT_CELLS = tuple(MESSAGE_COLUMNS.index(name) for name in (
    "source", "language", "account_name", "segment", "text", "sentiment", "intents", "urgency",
    "tags",
))  # fmt: skip
_ID_CELLS = tuple(MESSAGE_COLUMNS.index(n) for n in ("external_id", "account_id", "contact_id"))
# Read as text, decoded here: the JSON columns, so one reader serves both engines.
_JSON = ("intents", "tags", "metadata")
_ROW = (
    Feedback.id, Feedback.source, Feedback.external_id, Feedback.created_at,
    Feedback.received_at, Feedback.updated_at, Feedback.status, Feedback.language, Feedback.score,
    Account.id.label("account_id"), Account.name.label("account_name"), Account.segment,
    Account.arr, Feedback.contact_id, Feedback.text, Feedback.sentiment_label,
    Feedback.sentiment_score, cast(Feedback.intents, Text).label("intents"),
    Feedback.urgency_level, Feedback.urgency_score, cast(Feedback.tags, Text).label("tags"),
    cast(Feedback.meta, Text).label("metadata"),
)  # fmt: skip


def message_pages(
    database: Database,
    filters: Filters,
    status: str | None = None,
    external_ids: list[str] | None = None,
    contacts: list[str] | None = None,
) -> Iterator[list[Row]]:
    """Pages of the messages matching the filters of GET /v1/feedback, oldest first (created_at,
    then id); one short connection per page."""
    with database.session() as session:
        filters = as_stored(session, filters)  # "Zendesk" finds "zendesk"
        contacts = contact_ids(session, contacts)  # an address names its contacts
    after = None
    while True:
        query = _page_query(filters, status, external_ids, contacts, after)
        with database.engine.connect() as connection:
            page = connection.execute(query).all()
        if page:
            yield page
        if len(page) < PAGE:
            return
        after = (page[-1].created_at, page[-1].id)


def _page_query(filters: Filters, status, external_ids, contacts, after) -> Select:
    order = (Feedback.created_at, Feedback.id)
    query = select(*_ROW).outerjoin(Account, Account.id == Feedback.account_id)
    # the segment is the shown account's, already joined (where_feedback would join it again)
    query = where_items(query, filters.model_copy(update={"segment": None}), status,
                        external_ids, contacts)  # fmt: skip
    if filters.segment:
        query = query.where(Account.segment.in_(as_list(filters.segment)))
    if after is not None:
        query = query.where(tuple_(*order) > row_key(order, after))
    return query.order_by(*order).limit(PAGE)


def message_cells(row: Row, time_text: TimeText = utc_text) -> list:
    """A message row as CSV cells: intents in the intent head's order, metadata as JSON."""
    tags = json.loads(row.tags) if row.tags and row.tags != "{}" else {}
    cells = [
        row.id, row.source, row.external_id, time_text(row.created_at),
        time_text(whole_seconds(row.received_at)), time_text(whole_seconds(row.updated_at)),
        row.status, row.language, score_cell(row.score), row.account_id, row.account_name,
        row.segment, score_cell(row.arr), row.contact_id, row.text, row.sentiment_label,
        number(row.sentiment_score),
        intents_cell(i["label"] for i in json.loads(row.intents or "[]")), row.urgency_level,
        number(row.urgency_score),
        tags_cell(tags),
        metadata_cell(row.metadata),
    ]  # fmt: skip
    return escape_cells(cells, _TEXT_CELLS, _ID_CELLS)


def message_record(row: Row) -> MessageRecord:
    """A message row as the JSON lines write it (GET /v1/feedback's item, without insights)."""
    account = None
    if row.account_id is not None:
        account = {"id": row.account_id, "name": row.account_name, "segment": row.segment,
                   "arr": row.arr}  # fmt: skip
    decoded = {name: json.loads(getattr(row, name) or "null") for name in _JSON}
    return MessageRecord(
        id=row.id, source=row.source, external_id=row.external_id, status=row.status,
        text=row.text, language=row.language, created_at=row.created_at,
        received_at=row.received_at, updated_at=row.updated_at, score=row.score, metadata=decoded["metadata"] or {},
        account=account, contact_id=row.contact_id,
        sentiment=sentiment(row.sentiment_label, row.sentiment_score),
        intents=decoded["intents"] or [], urgency=urgency(row.urgency_level, row.urgency_score),
        tags=decoded["tags"] or {},
    )  # fmt: skip


def write_messages(
    database: Database,
    filters: Filters,
    fmt: ExportFormat,
    status: str | None = None,
    external_ids: list[str] | None = None,
    contacts: list[str] | None = None,
    excel_zone: str | None = None,
) -> Iterator[str]:
    """The messages export's text in chunks of about 64 KB (the CSV header first); `excel_zone`
    (CSV only): in the style Excel reads in French (see api.search.export.BOM), times in that
    zone (BOUCLE_TIMEZONE)."""
    pages = message_pages(database, filters, status, external_ids, contacts)
    rows = (row for page in pages for row in page)
    if fmt == "jsonl":
        return _in_chunks(message_record(row).model_dump_json() + "\n" for row in rows)
    cells = map(partial(message_cells, time_text=times_written(excel_zone)), rows)
    if excel_zone is not None:
        cells = map(excel_cells, cells)
    header = csv_header(MESSAGE_COLUMNS, excel_zone)
    return _in_chunks(_csv_lines([header], cells, excel=excel_zone is not None))
