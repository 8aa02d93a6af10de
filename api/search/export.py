"""Exports for analysts: every stored insight that matches the search filters (plain SQL rows read
oldest message first, page by page along the feedback (created_at, id) index, every filter in
SQL, so a whole workspace streams in bounded memory), or a search's ranked hits, as CSV (one flat
row per insight; `excel`: as Excel reads it in a locale whose list separator is `;`) or JSON lines
(the same records as the API)."""

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from functools import partial
from typing import Literal

from sqlalchemy import Row, Select, Text, and_, cast, literal, not_, or_, tuple_
from sqlalchemy.orm import Session

from api.feedback.listing import contact_ids, where_feedback
from api.feedback.schemas import whole_seconds
from api.search.cells import (
    escape_cells,
    inert,
    intents_cell,
    local_text,
    metadata_cell,
    number,
    score_cell,
    tags_cell,
    utc_text,
    zone_header,
)
from api.search.records import record_fields, record_rows
from api.search.schemas import Filters, InsightRecord, as_list
from api.search.service import as_stored
from api.storage import Database
from api.storage.tables import Account, Feedback, Insight, NeedLink
from api.themes.members import with_children

ExportFormat = Literal["csv", "jsonl"]
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}
PAGE = 2_000  # insights read per query (one short connection each)
CHUNK = 65_536  # characters of text handed on at a time

CSV_COLUMNS = (
    "insight_id", "feedback_id", "source", "external_id", "created_at", "updated_at", "language",
    "account_id", "account_name", "segment", "arr", "text", "sentiment", "sentiment_score",
    "intents", "urgency", "urgency_score", "theme_id", "theme_name", "need_id", "need_title",
    "feedback_score", "tags", "metadata",
)  # fmt: skip
TIMES = ("created_at", "received_at", "updated_at")  # the time columns of both exports
TimeText = Callable[[datetime | None], str | None]
HIT_COLUMNS = ("score", "same_text")  # a search's CSV: before metadata, which stays last
_TEXT_CELLS = tuple(CSV_COLUMNS.index(name) for name in (
    "source", "language", "account_name", "segment", "text", "sentiment", "intents", "urgency",
    "theme_name", "need_title", "tags",
))  # fmt: skip
_ID_CELLS = (CSV_COLUMNS.index("external_id"), CSV_COLUMNS.index("account_id"))
# Excel in French (German, Spanish…) splits a CSV at ";", reads a file without a byte-order mark
# in its ANSI code page (mojibake), and reads "4.5" as the 4th of May: the `excel` style writes a
# BOM, ";" between cells and a decimal comma. CRLF line ends either way.
BOM = "\ufeff"


def stored_pages(
    database: Database,
    filters: Filters,
    json_as_text: bool = False,
    contacts: list[str] | None = None,
) -> Iterator[list[Row]]:
    """Pages of SQL rows of the analysed insights matching `filters` (and, when given, made by
    one of `contacts`: ids or e-mail addresses, as GET /v1/feedback reads them), oldest message
    first: by the feedback's created_at, id, then the insight's position in it. One short
    connection per page, so neither the rows nor a transaction are held for a whole export. The
    filters are read at once (a theme not stored raises NotFound
    here, before the answer starts), the pages as they are asked for."""
    with database.session() as session:
        filters, themes = stored_filters(session, filters)
        contacts = contact_ids(session, contacts)  # an address names its contacts
    return _pages(database, filters, themes, json_as_text, contacts)


def stored_filters(session: Session, filters: Filters) -> tuple[Filters, list[int] | None]:
    """The filters with sources and segments spelt as stored ("Zendesk" finds "zendesk"), and
    the wanted themes with the themes under a wanted parent (None: no theme filter), listed
    once: a plain IN pages fast. A theme or need not stored raises NotFound."""
    filters = as_stored(session, filters)
    if filters.theme is None:
        return filters, None
    return filters, with_children(session, as_list(filters.theme))


def _pages(
    database: Database,
    filters: Filters,
    themes: list[int] | None,
    json_as_text: bool,
    contacts: list[str] | None,
) -> Iterator[list[Row]]:
    after = None
    while True:
        query = _page_query(record_rows(json_as_text), filters, after, themes)
        if contacts:
            query = query.where(Feedback.contact_id.in_(contacts))
        with database.engine.connect() as connection:  # plain rows: no ORM session needed
            page = connection.execute(query).all()
        if page:
            yield page
        if len(page) < PAGE:
            return
        last = page[-1]
        after = (last.created_at, last.feedback_id, last.position)


def _page_query(query: Select, filters: Filters, after: tuple | None, themes: list[int] | None):
    order = (Feedback.created_at, Feedback.id)
    query = query.order_by(*order, Insight.position).limit(PAGE)
    if after is not None:
        # a range on the (created_at, id) index, less the message's insights already written
        created_at, feedback_id, position = after
        query = query.where(
            tuple_(*order) >= row_key(order, (created_at, feedback_id)),
            not_(and_(Feedback.id == feedback_id, Insight.position <= position)),
        )
    return where_insights(query, filters, themes)


def where_insights(query: Select, filters: Filters, themes: list[int] | None) -> Select:
    """`query` (insights joined as record_rows joins them: their feedback, its account and the
    need link) narrowed by every filter, read on the insight: its own sentiment, intents,
    urgency, theme (`themes`: the wanted ones, a parent's included) and need."""
    # the segment is the shown account's, already joined (where_feedback would join it again)
    query = where_feedback(query, filters.model_copy(update={"segment": None}))
    if filters.segment:
        query = query.where(Account.segment.in_(as_list(filters.segment)))
    for column, name in (
        (Insight.sentiment_label, "sentiment"),
        (Insight.urgency_level, "urgency"),
    ):
        values = as_list(getattr(filters, name))
        if values:
            query = query.where(column.in_(values))
    if filters.intent is not None:
        # The insight's own intents, [{"label": …, "score": …}]: its only strings are the two
        # keys and the labels, so a quoted label in the JSON text is that label, on both engines.
        labels = cast(Insight.intents, Text)
        query = query.where(
            or_(*(labels.contains(f'"{x}"', autoescape=True) for x in as_list(filters.intent)))
        )
    if themes is not None:
        # "+ 0" keeps SQLite off the theme index: walking ids in order and filtering reads each
        # page once; gathering every later match by theme and sorting it took each page longer
        query = query.where((Insight.theme_id + 0).in_(themes))
    if filters.unthemed:
        query = query.where(Insight.theme_id.is_(None))
    if filters.need is not None:
        query = query.where(NeedLink.need_id.in_(as_list(filters.need)))
    return query


def row_key(columns: tuple, values: tuple):
    """`values` as a row value to compare `columns` with, each bound as its column's type."""
    return tuple_(*(literal(v, c.type) for v, c in zip(values, columns, strict=True)))


def record_of(row: Row) -> InsightRecord:
    """A stored row as search's record (the JSON lines' shape)."""
    return InsightRecord(**record_fields(row))


def stored_csv_row(row: Row, time_text: TimeText = utc_text) -> list:
    """csv_row(record_of(row)) for a row with its JSON as text, without building the record:
    the same cells, several times faster (no pydantic, no tags to decode on most rows)."""
    (insight_id, text, sentiment, sentiment_score, intents, urgency, urgency_score, theme_id,
     theme_name, need_id, need_title, feedback_id, source, external_id, created_at, updated_at,
     language, feedback_score, tags,
     account_id, account_name, segment, arr, metadata, _position) = row  # fmt: skip
    tags = json.loads(tags) if tags and tags != "{}" else None
    cells = [
        insight_id, feedback_id, source, external_id, time_text(created_at),
        time_text(whole_seconds(updated_at)), language,
        account_id, account_name, segment, score_cell(arr), text, sentiment,
        number(sentiment_score) if sentiment is not None else None,
        intents_cell(i["label"] for i in json.loads(intents)), urgency,
        number(urgency_score) if urgency is not None else None, theme_id, theme_name, need_id,
        need_title, score_cell(feedback_score), tags_cell(tags), metadata_cell(metadata),
    ]  # fmt: skip
    return escape_cells(cells, _TEXT_CELLS, _ID_CELLS)


def csv_row(record: InsightRecord, time_text: TimeText = utc_text) -> dict:
    feedback, account = record.feedback, record.account
    row = {
        "insight_id": record.insight_id,
        "feedback_id": feedback.id,
        "source": feedback.source,
        "external_id": feedback.external_id,
        "created_at": time_text(feedback.created_at),
        "updated_at": time_text(feedback.updated_at),
        "language": feedback.language,
        "account_id": account.id if account else None,
        "account_name": account.name if account else None,
        "segment": account.segment if account else None,
        "arr": score_cell(account.arr) if account else None,
        "text": record.text,
        "sentiment": record.sentiment.label if record.sentiment else None,
        "sentiment_score": record.sentiment.score if record.sentiment else None,
        "intents": intents_cell(i.label for i in record.intents),
        "urgency": record.urgency.level if record.urgency else None,
        "urgency_score": record.urgency.score if record.urgency else None,
        "theme_id": record.theme_id,
        "theme_name": record.theme_name,
        "need_id": record.need_id,
        "need_title": record.need_title,
        "feedback_score": score_cell(feedback.score),
        "tags": tags_cell(feedback.tags),
        "metadata": metadata_cell(feedback.metadata),
    }
    # every text cell: ids, segments, names and tagger labels come from outside too
    return {
        name: inert(value, name in ("external_id", "account_id")) for name, value in row.items()
    }


def excel_cells(cells: Iterable) -> list:
    """The cells with a decimal comma in their numbers, as Excel reads them in those locales."""
    return [str(v).replace(".", ",") if isinstance(v, float) else v for v in cells]


def excel_zone(excel: bool, timezone: str) -> str | None:
    """What the routes and `boucle export` hand the writers: the Excel style's zone, the
    workspace's (BOUCLE_TIMEZONE), or None for the default CSV."""
    return timezone if excel else None


def times_written(excel_zone: str | None) -> TimeText:
    """How a CSV writes its times: UTC as the API does (2026-11-04T23:00:00Z), or in the Excel
    style the wall clock in `excel_zone` (2026-11-05 00:00:00), the zone named in the header."""
    return utc_text if excel_zone is None else partial(local_text, zone=excel_zone)


def csv_header(columns, excel_zone: str | None) -> list[str]:
    return list(columns) if excel_zone is None else zone_header(columns, TIMES, excel_zone)


def csv_writer(buffer: io.StringIO, excel: bool) -> "BooleanWriter":
    """The writer of every CSV file: CRLF line ends, booleans `true`/`false`; `excel`: ";"
    between cells, the BOM written first."""
    if excel:
        buffer.write(BOM)
    return BooleanWriter(csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n"))


def json_booleans(cells: Iterable) -> list:
    """The cells with a boolean written as the API's JSON writes it (Python writes `False`)."""
    return [("true" if v else "false") if v.__class__ is bool else v for v in cells]


class BooleanWriter:
    """A csv writer whose booleans are `true`/`false` in every file (themes' `seeded`, the
    priorities' `*_overridden`, NPS's `partial` were written three ways)."""

    def __init__(self, writer) -> None:
        self._writer = writer

    def writerow(self, cells: Iterable) -> None:
        self._writer.writerow(json_booleans(cells))

    def writerows(self, rows: Iterable[Iterable]) -> None:
        self._writer.writerows(map(json_booleans, rows))


def write_stored(
    database: Database,
    filters: Filters,
    fmt: ExportFormat,
    contacts: list[str] | None = None,
    excel_zone: str | None = None,
) -> Iterator[str]:
    """The export of the stored insights matching `filters` (and `contacts`): CSV a page at a
    time (written by the csv module's writerows), JSON lines through the records, in chunks of
    64 KB or more. `excel_zone` (CSV only): in the style Excel reads in French (see BOM), times
    in that zone (BOUCLE_TIMEZONE)."""
    if fmt == "jsonl":
        pages = stored_pages(database, filters, contacts=contacts)
        return write_export((record_of(row) for page in pages for row in page), fmt)
    pages = stored_pages(database, filters, json_as_text=True, contacts=contacts)
    return _csv_pages(pages, excel_zone)


def _csv_pages(pages: Iterable[list[Row]], excel_zone: str | None) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv_writer(buffer, excel_zone is not None)
    writer.writerow(csv_header(CSV_COLUMNS, excel_zone))
    row_cells = partial(stored_csv_row, time_text=times_written(excel_zone))
    for page in pages:
        cells = map(row_cells, page)
        writer.writerows(cells if excel_zone is None else map(excel_cells, cells))
        if buffer.tell() >= CHUNK:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def write_export(
    records: Iterable[InsightRecord],
    fmt: ExportFormat,
    scored: bool = False,
    excel_zone: str | None = None,
) -> Iterator[str]:
    """The export's text in chunks of about 64 KB (the CSV header first); `scored`: the records
    are search hits, and CSV rows end with their score and folded repeats; `excel_zone` (CSV
    only): in the style Excel reads in French (see BOM), times in that zone."""
    if fmt == "jsonl":
        return _in_chunks(record.model_dump_json() + "\n" for record in records)
    extra = HIT_COLUMNS if scored else ()
    header = [*CSV_COLUMNS[:-1], *extra, "metadata"]  # metadata stays the last column
    time_text = times_written(excel_zone)
    cells = (_cells(r, extra, time_text) for r in records)
    if excel_zone is not None:
        cells = map(excel_cells, cells)
    header = csv_header(header, excel_zone)
    return _in_chunks(_csv_lines([header], cells, excel=excel_zone is not None))


def _cells(record: InsightRecord, extra: tuple[str, ...], time_text: TimeText) -> list:
    row = csv_row(record, time_text)
    metadata = row.pop("metadata")
    return [*row.values(), *(getattr(record, name) for name in extra), metadata]


def _csv_lines(*tables: Iterable[list], excel: bool = False) -> Iterator[str]:
    """Each row as a CSV line ending in CRLF (the first one after the BOM, in Excel's style)."""
    line = io.StringIO()
    writer = csv_writer(line, excel)
    for table in tables:
        for cells in table:
            writer.writerow(cells)
            yield line.getvalue()
            line.seek(0)
            line.truncate()


def _in_chunks(pieces: Iterable[str]) -> Iterator[str]:
    """The pieces joined into chunks of about 64 KB: few, large writes to the client."""
    parts, size = [], 0
    for piece in pieces:
        parts.append(piece)
        size += len(piece)
        if size >= CHUNK:
            yield "".join(parts)
            parts, size = [], 0
    if parts:
        yield "".join(parts)
