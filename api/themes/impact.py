"""A theme's impact, the figures `impact_of` gives a need, aggregated in SQL: a big parent's
evidence read into Python took 1-2.4 s at 100,000 items."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, Select, case, distinct, func, select
from sqlalchemy.orm import Session

from api.needs.impact import (
    ACCOUNT_ID,
    URGENT,
    Window,
    breakdown,
    by_source,
    growth,
    share,
    within,
)
from api.storage.tables import Account, Feedback, Insight


def evidence(theme_ids: list[int], window: Window, *columns) -> Select:
    """SELECT `columns` FROM the themes' insights, their feedback, contact and account, in the
    window and segment."""
    return within(select(*columns).select_from(Insight), window).where(
        Insight.theme_id.in_(theme_ids)
    )


def counted(condition: ColumnElement) -> ColumnElement:
    return func.sum(case((condition, 1), else_=0))


def theme_impact(session: Session, theme_ids: list[int], window: Window, quotes: int = 5) -> dict:
    until = window.until or datetime.now(UTC)
    recent_start = until - timedelta(days=window.growth_days)
    previous_start = recent_start - timedelta(days=window.growth_days)
    created = Feedback.created_at
    totals = session.execute(evidence(
        theme_ids, window,
        func.count(), func.count(distinct(Feedback.id)), func.count(distinct(Feedback.contact_id)),
        func.avg(Insight.sentiment_score), counted(Insight.urgency_level.in_(URGENT)),
        func.min(created), func.max(created),
        counted((created > recent_start) & (created <= until)),
        counted((created > previous_start) & (created <= recent_start)),
    )).one()  # fmt: skip
    insights, feedback, contacts, sentiment, urgent, first, last, recent, previous = totals
    recent, previous = recent or 0, previous or 0
    accounts = session.execute(
        evidence(theme_ids, window, ACCOUNT_ID.label("account_id"), Account.arr,
                 Account.segment, Account.plan)
        .where(ACCOUNT_ID.is_not(None))
        .distinct()
    ).all()  # fmt: skip
    sources = session.execute(
        evidence(theme_ids, window, Feedback.source, func.count()).group_by(Feedback.source)
    ).all()
    return {
        "insights": insights,
        "feedback": feedback,
        "accounts": len(accounts),
        "contacts": contacts,
        "arr": round(sum(a.arr or 0.0 for a in accounts), 2),
        "by_segment": breakdown(accounts, "segment"),
        "by_plan": breakdown(accounts, "plan"),
        "by_source": by_source(sources),
        "mean_sentiment": round(sentiment, 4) if sentiment is not None else None,
        "urgent_share": share(urgent or 0, insights),
        "first_seen": first,
        "last_seen": last,
        "growth": growth(recent, previous, window),
        "quotes": top_quotes(session, theme_ids, window, quotes),
    }


def top_quotes(session: Session, theme_ids: list[int], window: Window, limit: int) -> list[dict]:
    """The insights of the accounts with the most ARR, oldest first among equals."""
    query = evidence(
        theme_ids, window, Insight.id.label("insight_id"), Insight.text.label("quote"),
        Feedback.source, Feedback.created_at, ACCOUNT_ID.label("account_id"),
        Account.name.label("account_name"), Account.arr,
    ).order_by(func.coalesce(Account.arr, 0.0).desc(), Feedback.created_at, Insight.id)  # fmt: skip
    return [dict(row._mapping) for row in session.execute(query.limit(limit))]
