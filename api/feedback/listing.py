"""GET /v1/feedback: stored items filtered in SQL (the same filters as search), newest first."""

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from api.feedback.schemas import FeedbackPage
from api.feedback.views import INSIGHTS_SHOWN, feedback_out
from api.privacy.service import contacts_with_email
from api.search.metadata import metadata_matches
from api.search.schemas import Filters, as_list
from api.search.tags import tags_match
from api.storage.tables import Account, Feedback, Insight, NeedLink
from api.themes.members import in_themes


def where_feedback(query: Select, filters: Filters) -> Select:
    """`query` (which selects from Feedback) narrowed by the filters on the feedback itself:
    source, language, account, segment, the date range, when it last changed, the score (a message without one
    is left out by either bound), its metadata and its custom taggers' tags."""
    for column, name in ((Feedback.source, "source"), (Feedback.account_id, "account")):
        values = as_list(getattr(filters, name))
        if values:
            query = query.where(column.in_(values))
    languages = as_list(filters.language)
    if languages:  # "und" (undetermined) is stored as no language
        known = Feedback.language.in_(languages)
        query = query.where(
            or_(known, Feedback.language.is_(None)) if "und" in languages else known
        )
    if filters.created_from:
        query = query.where(Feedback.created_at >= filters.created_from)
    if filters.created_to:
        query = query.where(Feedback.created_at <= filters.created_to)
    if filters.changed_since:
        query = query.where(Feedback.updated_at >= filters.changed_since)
    if filters.score_min is not None:
        query = query.where(Feedback.score >= filters.score_min)
    if filters.score_max is not None:
        query = query.where(Feedback.score <= filters.score_max)
    if filters.metadata:
        query = query.where(metadata_matches(filters.metadata))
    if filters.tag:
        query = query.where(tags_match(as_list(filters.tag)))
    if filters.segment:
        query = query.join(Account, Account.id == Feedback.account_id).where(
            Account.segment.in_(as_list(filters.segment))
        )
    return query


def where_items(
    query: Select,
    filters: Filters,
    status: str | None = None,
    external_ids: list[str] | None = None,
    contacts: list[str] | None = None,
) -> Select:
    """`query` (which selects from Feedback) narrowed by every filter of GET /v1/feedback, read
    on the whole message: its sentiment, intents and urgency; its insights' themes and needs."""
    if external_ids:
        query = query.where(Feedback.external_id.in_(external_ids))
    if contacts:
        query = query.where(Feedback.contact_id.in_(contacts))
    query = where_feedback(query, filters)
    if status:
        query = query.where(Feedback.status == status)
    for column, name in (
        (Feedback.sentiment_label, "sentiment"),
        (Feedback.urgency_level, "urgency"),
    ):
        values = as_list(getattr(filters, name))
        if values:
            query = query.where(column.in_(values))
    if filters.intent:
        labels = as_list(filters.intent)
        query = query.where(or_(*[Feedback.intent_labels.contains(f",{x},") for x in labels]))
    if filters.theme is not None:
        themed = select(Insight.feedback_id).where(
            in_themes(Insight.theme_id, as_list(filters.theme))
        )
        query = query.where(Feedback.id.in_(themed))
    if filters.unthemed:
        waiting = select(Insight.feedback_id).where(Insight.theme_id.is_(None))
        query = query.where(Feedback.id.in_(waiting))
    if filters.need is not None:
        linked = (
            select(Insight.feedback_id)
            .join(NeedLink, NeedLink.insight_id == Insight.id)
            .where(NeedLink.need_id.in_(as_list(filters.need)))
        )
        query = query.where(Feedback.id.in_(linked))
    return query


def contact_ids(session: Session, refs: list[str] | None) -> list[str] | None:
    """A contact filter's values as contact ids: an id, or an e-mail address naming the
    contacts that hold it, in any case (a right-of-access request comes with an address)."""
    if not refs:
        return refs
    found = [*refs, *(i for ref in refs if "@" in ref for i in contacts_with_email(session, ref))]
    return list(dict.fromkeys(found))


def contacts_matching_nothing(session: Session, refs: list[str] | None) -> list[str]:
    """A warning for each contact filter value (an id or an e-mail address) that no stored
    message has: its empty answer is legitimate, but not silent, as a source typo's."""
    return [
        f"no feedback has contact {ref!r} (an id, or an e-mail address a stored contact holds)"
        for ref in dict.fromkeys(refs or [])
        if session.scalar(
            select(Feedback.id).where(Feedback.contact_id.in_(contact_ids(session, [ref]))).limit(1)
        )
        is None
    ]


def list_feedback(
    session: Session,
    filters: Filters,
    limit: int,
    cursor: int | None,
    status: str | None,
    external_ids: list[str] | None = None,
    contacts: list[str] | None = None,
    oldest_first: bool = False,
) -> FeedbackPage:
    order = Feedback.id if oldest_first else Feedback.id.desc()
    query = select(Feedback).order_by(order).limit(limit + 1)
    query = query.options(*INSIGHTS_SHOWN)
    query = where_items(query, filters, status, external_ids, contact_ids(session, contacts))
    if cursor is not None:
        query = query.where(Feedback.id > cursor if oldest_first else Feedback.id < cursor)
    rows = list(session.scalars(query).unique())
    more = len(rows) > limit
    rows = rows[:limit]
    # newest first, an empty page after a cursor is past the end; oldest first it is a sync's
    # "nothing new yet", which is no mistake
    past = not rows and cursor is not None and not oldest_first
    return FeedbackPage(items=[feedback_out(row) for row in rows],
                        next_cursor=next_cursor(rows, more, cursor, oldest_first),
                        warnings=[past_the_last_item(cursor)] if past else [])  # fmt: skip


def past_the_last_item(cursor: int) -> str:
    """What an empty page after a cursor says, newest first: no item matching has a lower id."""
    return f"cursor {cursor:,} is past the last item (none older matches): start without cursor"


def next_cursor(rows: list[Feedback], more: bool, cursor: int | None,
                oldest_first: bool) -> int | None:  # fmt: skip
    """Newest first, None on the last page. Oldest first, a sync: where the next call starts,
    the last item's id, or on an empty page the cursor it was given (nothing new yet), so a
    poller storing it never starts over from the first item."""
    if rows:
        return rows[-1].id if more or oldest_first else None
    return cursor if oldest_first else None
