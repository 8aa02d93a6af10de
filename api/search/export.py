"""Exports for analysts: every stored insight that matches the search filters (plain SQL rows read
in id order, page by page, every filter in SQL, so a whole workspace streams in bounded memory),
or a search's ranked hits, as CSV (one flat row per insight) or JSON lines (the same records as
the API)."""

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Literal

from sqlalchemy import Row, Select, Text, cast, or_

from api.feedback.listing import where_feedback
from api.search.records import record_fields, record_rows
from api.search.schemas import Filters, InsightRecord, as_list
from api.search.service import as_stored
from api.storage import Database
from api.storage.tables import Account, Insight, NeedLink
from api.themes.members import with_children

ExportFormat = Literal["csv", "jsonl"]
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}
PAGE = 2_000  # insights read per query (one short connection each)
CHUNK = 65_536  # characters of text handed on at a time

CSV_COLUMNS = (
    "insight_id", "feedback_id", "source", "external_id", "created_at", "language",
    "account_id", "account_name", "segment", "arr", "text", "sentiment", "sentiment_score",
    "intents", "urgency", "urgency_score", "theme_id", "need_id", "feedback_score", "tags",
)  # fmt: skip
HIT_COLUMNS = ("score", "same_text")
_TEXT_CELLS = tuple(CSV_COLUMNS.index(name) for name in (
    "source", "external_id", "language", "account_id", "account_name", "segment", "text",
    "sentiment", "intents", "urgency", "tags",
))  # fmt: skip
# A spreadsheet runs a cell that starts with one of these as a formula; customers write the text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def stored_pages(
    database: Database, filters: Filters, json_as_text: bool = False
) -> Iterator[list[Row]]:
    """Pages of SQL rows of the analysed insights matching `filters`, oldest id first; one short
    connection per page, so neither the rows nor a transaction are held for a whole export.
    The filters are read at once (a theme not stored raises NotFound here, before the answer
    starts), the pages as they are asked for."""
    themes = None
    with database.session() as session:
        filters = as_stored(session, filters)  # "Zendesk" finds "zendesk"
        if filters.theme is not None:  # a parent's themes, listed once: a plain IN pages fast
            themes = with_children(session, as_list(filters.theme))
    return _pages(database, filters, themes, json_as_text)


def _pages(
    database: Database, filters: Filters, themes: list[int] | None, json_as_text: bool
) -> Iterator[list[Row]]:
    after = 0
    while True:
        query = _page_query(record_rows(json_as_text), filters, after, themes)
        with database.engine.connect() as connection:  # plain rows: no ORM session needed
            page = connection.execute(query).all()
        if page:
            yield page
        if len(page) < PAGE:
            return
        after = page[-1].id


def _page_query(query: Select, filters: Filters, after: int, themes: list[int] | None) -> Select:
    query = query.where(Insight.id > after).order_by(Insight.id).limit(PAGE)
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


def record_of(row: Row) -> InsightRecord:
    """A stored row as search's record (the JSON lines' shape)."""
    return InsightRecord(**record_fields(row))


def stored_csv_row(row: Row) -> list:
    """csv_row(record_of(row)) for a row with its JSON as text, without building the record:
    the same cells, several times faster (no pydantic, no tags to decode on most rows)."""
    (insight_id, text, sentiment, sentiment_score, intents, urgency, urgency_score, theme_id,
     need_id, feedback_id, source, external_id, created_at, language, feedback_score, tags,
     account_id, account_name, segment, arr) = row  # fmt: skip
    tags = json.loads(tags) if tags and tags != "{}" else None
    cells = [
        insight_id, feedback_id, source, external_id, created_at.isoformat(), language,
        account_id, account_name, segment, _number(arr), text, sentiment,
        _number(sentiment_score) if sentiment is not None else None,
        ";".join(i["label"] for i in json.loads(intents)), urgency,
        _number(urgency_score) if urgency is not None else None, theme_id, need_id,
        _number(feedback_score),
        tags_cell(tags),
    ]  # fmt: skip
    for i in _TEXT_CELLS:  # inert(), on the cells that can hold text
        value = cells[i]
        if value and value.startswith(_FORMULA_START):
            cells[i] = "'" + value
    return cells


def tags_cell(tags: dict | None) -> str:
    """Custom taggers' labels, "tagger=label;…", a multi-label tagger's every label joined by
    "|" ("topics=login|billing;queues=billing"); scores are in the JSON lines. Tagger names
    hold none of "=;|"; a label's own "\\", ";" and "|" get a "\\" before them."""
    return ";".join(
        f"{name}=" + "|".join(map(_escaped, tag.get("labels") or [tag["label"]]))
        for name, tag in sorted((tags or {}).items())
    )


def _escaped(label: str) -> str:
    return label.replace("\\", "\\\\").replace(";", "\\;").replace("|", "\\|")


def _number(value: float | None) -> float | None:
    """As the record's float fields print it: a whole number stored as an integer reads 5.0."""
    return None if value is None else float(value)


def csv_row(record: InsightRecord) -> dict:
    feedback, account = record.feedback, record.account
    row = {
        "insight_id": record.insight_id,
        "feedback_id": feedback.id,
        "source": feedback.source,
        "external_id": feedback.external_id,
        "created_at": feedback.created_at.isoformat(),
        "language": feedback.language,
        "account_id": account.id if account else None,
        "account_name": account.name if account else None,
        "segment": account.segment if account else None,
        "arr": account.arr if account else None,
        "text": record.text,
        "sentiment": record.sentiment.label if record.sentiment else None,
        "sentiment_score": record.sentiment.score if record.sentiment else None,
        "intents": ";".join(i.label for i in record.intents),
        "urgency": record.urgency.level if record.urgency else None,
        "urgency_score": record.urgency.score if record.urgency else None,
        "theme_id": record.theme_id,
        "need_id": record.need_id,
        "feedback_score": feedback.score,
        "tags": tags_cell(feedback.tags),
    }
    # every text cell: ids, segments and tagger labels come from outside too
    return {name: inert(value) for name, value in row.items()}


def inert(value):
    """A spreadsheet cell that cannot run: text starting like a formula gets a leading "'"."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def write_stored(database: Database, filters: Filters, fmt: ExportFormat) -> Iterator[str]:
    """The export of the stored insights matching `filters`: CSV a page at a time (written by
    the csv module's writerows), JSON lines through the records, in chunks of 64 KB or more."""
    if fmt == "jsonl":
        pages = stored_pages(database, filters)
        return write_export((record_of(row) for page in pages for row in page), fmt)
    return _csv_pages(stored_pages(database, filters, json_as_text=True))


def _csv_pages(pages: Iterable[list[Row]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for page in pages:
        writer.writerows(map(stored_csv_row, page))
        if buffer.tell() >= CHUNK:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def write_export(
    records: Iterable[InsightRecord], fmt: ExportFormat, scored: bool = False
) -> Iterator[str]:
    """The export's text in chunks of about 64 KB (the CSV header first); `scored`: the records
    are search hits, and CSV rows end with their score and folded repeats."""
    if fmt == "jsonl":
        return _in_chunks(record.model_dump_json() + "\n" for record in records)
    extra = HIT_COLUMNS if scored else ()
    cells = ([*csv_row(r).values(), *(getattr(r, name) for name in extra)] for r in records)
    return _in_chunks(_csv_lines([[*CSV_COLUMNS, *extra]], cells))


def _csv_lines(*tables: Iterable[list]) -> Iterator[str]:
    """Each row as a CSV line ending in CRLF."""
    line = io.StringIO()
    writer = csv.writer(line, lineterminator="\r\n")
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
