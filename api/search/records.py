"""Stored insights as search and the export show them, read as plain SQL rows (one query, no ORM
objects): the insight, its need link, feedback and account, and the names a reader knows them by
(the theme's label, the need's title)."""

from sqlalchemy import Row, Select, Text, cast, select

from api.feedback.views import sentiment, urgency
from api.storage.tables import Account, Feedback, Insight, Need, NeedLink, Theme

# Nothing else is read: the 2 KB embedding never leaves (390 MB read for nothing on an export).
# export.stored_csv_row unpacks a row in this order.
RECORD_COLUMNS = (
    Insight.id, Insight.text, Insight.sentiment_label, Insight.sentiment_score, Insight.intents,
    Insight.urgency_level, Insight.urgency_score, Insight.theme_id,
    Theme.name.label("theme_name"), NeedLink.need_id, Need.title.label("need_title"),
    Feedback.id.label("feedback_id"), Feedback.source, Feedback.external_id, Feedback.created_at,
    Feedback.updated_at, Feedback.language, Feedback.score, Feedback.tags, Account.id.label("account_id"),
    Account.name.label("account_name"), Account.segment, Account.arr,
    Feedback.meta.label("metadata"), Insight.position,
)  # fmt: skip


def record_rows(json_as_text: bool = False) -> Select:
    """The query of record rows, to narrow with `.where`; Account is the feedback's own.
    `json_as_text`: the intents and tags as their JSON text, for a reader that decodes only
    what it needs."""
    columns = RECORD_COLUMNS
    if json_as_text:
        columns = tuple(
            cast(column, Text).label(column.key)
            if column.key in ("intents", "tags", "metadata")
            else column
            for column in RECORD_COLUMNS
        )
    # the names only label a row: joined here, not in with_record_joins (the ranking counts there)
    named = with_record_joins(select(*columns)).outerjoin(Theme, Theme.id == Insight.theme_id)
    return named.outerjoin(Need, Need.id == NeedLink.need_id)


def with_record_joins(query: Select) -> Select:
    """`query`, which selects from Insight, joined to what a record shows: the insight's
    feedback, need link and the feedback's own account (what export.where_insights filters)."""
    return (
        query.join(Feedback, Feedback.id == Insight.feedback_id)
        .outerjoin(NeedLink, NeedLink.insight_id == Insight.id)
        .outerjoin(Account, Account.id == Feedback.account_id)
    )


def record_fields(row: Row) -> dict:
    """An InsightRecord's fields from a record row."""
    account = None
    if row.account_id is not None:
        account = {"id": row.account_id, "name": row.account_name, "segment": row.segment,
                   "arr": row.arr}  # fmt: skip
    return {
        "insight_id": row.id,
        "text": row.text,
        "sentiment": sentiment(row.sentiment_label, row.sentiment_score),
        "intents": row.intents,
        "urgency": urgency(row.urgency_level, row.urgency_score),
        "theme_id": row.theme_id,
        "theme_name": row.theme_name,
        "need_id": row.need_id,
        "need_title": row.need_title,
        "feedback": {
            "id": row.feedback_id,
            "source": row.source,
            "external_id": row.external_id,
            "created_at": row.created_at,
            "updated_at": row.updated_at,
            "language": row.language,
            "score": row.score,
            "tags": row.tags or {},
            "metadata": row.metadata or {},
        },  # fmt: skip
        "account": account,
    }
