"""Exports for analysts: every stored insight that matches the search filters (read from SQL in
id order, page by page, so a whole workspace streams in bounded memory), or a search's ranked
hits, as CSV (one flat row per insight) or JSON lines (the same records as the API)."""

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import defer, selectinload

from api.feedback.listing import where_feedback
from api.search.schemas import Filters, InsightRecord, as_list
from api.search.service import as_stored, insight_record
from api.storage import Database
from api.storage.tables import Feedback, Insight, NeedLink
from api.themes.members import with_children

ExportFormat = Literal["csv", "jsonl"]
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}
PAGE = 1_000  # insights read per query

CSV_COLUMNS = (
    "insight_id", "feedback_id", "source", "external_id", "created_at", "language",
    "account_id", "account_name", "segment", "arr", "text", "sentiment", "sentiment_score",
    "intents", "urgency", "urgency_score", "theme_id", "need_id", "feedback_score", "tags",
)  # fmt: skip
HIT_COLUMNS = ("score", "same_text")
# A spreadsheet runs a cell that starts with one of these as a formula; customers write the text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_records(database: Database, filters: Filters) -> Iterator[InsightRecord]:
    """Analysed insights matching `filters`, oldest id first; one short session per page."""
    intents = set(as_list(filters.intent) or [])
    themes = None
    with database.session() as session:
        filters = as_stored(session, filters)  # "Zendesk" finds "zendesk"
        if filters.theme is not None:  # a parent's themes, listed once: a plain IN pages fast
            themes = with_children(session, as_list(filters.theme))
    after = 0
    while True:
        with database.session() as session:
            page = list(session.scalars(_page_query(filters, after, themes)))
            records = [
                InsightRecord(**insight_record(insight))
                for insight in page
                if not intents or intents & {i["label"] for i in insight.intents}
            ]
        yield from records
        if len(page) < PAGE:
            return
        after = page[-1].id


def _page_query(filters: Filters, after: int, themes: list[int] | None = None):
    query = (
        select(Insight)
        .join(Feedback, Feedback.id == Insight.feedback_id)
        .where(Insight.id > after)
        .order_by(Insight.id)
        .limit(PAGE)
        # the 2 KB embedding is never exported: 390 MB read for nothing on a whole export
        .options(defer(Insight.vector), selectinload(Insight.feedback), selectinload(Insight.link))
    )
    query = where_feedback(query, filters)
    for column, name in (
        (Insight.sentiment_label, "sentiment"),
        (Insight.urgency_level, "urgency"),
    ):
        values = as_list(getattr(filters, name))
        if values:
            query = query.where(column.in_(values))
    if themes is not None:
        # "+ 0" keeps SQLite off the theme index: walking ids in order and filtering reads each
        # page once; gathering every later match by theme and sorting it took each page longer
        query = query.where((Insight.theme_id + 0).in_(themes))
    if filters.need is not None:
        linked = select(NeedLink.insight_id).where(NeedLink.need_id.in_(as_list(filters.need)))
        query = query.where(Insight.id.in_(linked))
    return query


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
        # custom taggers, "tagger=label;…" (their scores are in the JSON lines)
        "tags": ";".join(f"{name}={tag['label']}" for name, tag in sorted(feedback.tags.items())),
    }
    # every text cell: ids, segments and tagger labels come from outside too
    return {name: inert(value) for name, value in row.items()}


def inert(value):
    """A spreadsheet cell that cannot run: text starting like a formula gets a leading "'"."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def write_export(
    records: Iterable[InsightRecord], fmt: ExportFormat, scored: bool = False
) -> Iterator[str]:
    """The export's text in chunks of about 64 KB (the CSV header first); `scored`: the records
    are search hits, and CSV rows end with their score and folded repeats."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[*CSV_COLUMNS, *(HIT_COLUMNS if scored else ())],
                            lineterminator="\r\n")  # fmt: skip
    if fmt == "csv":
        writer.writeheader()
    for record in records:
        if fmt == "jsonl":
            buffer.write(record.model_dump_json() + "\n")
        else:
            hit = {name: getattr(record, name) for name in HIT_COLUMNS} if scored else {}
            writer.writerow(csv_row(record) | hit)
        if buffer.tell() >= 65_536:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()
