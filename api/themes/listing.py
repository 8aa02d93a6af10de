"""The tree's figures per theme and parent: size, sentiment mix, unique accounts and ARR, and
weekly volume for the sparklines, each themed insight's feedback read once (a CTE the three
aggregates share): per-theme trends built in Python took 2-4 s at 100,000 items."""

from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import Date, Float, case, cast, func, literal_column, null, select, union_all
from sqlalchemy.orm import Session

from api.storage.tables import Account, Feedback, Insight, Theme
from api.themes.trends import SENTIMENTS, empty, period_sql

Weekly = dict[int, dict[date, int]]  # theme or parent -> Monday -> insights


def counts(session: Session, theme_ids: list[int], parents: dict[int, int]) -> dict[int, dict]:
    """Size and sentiment mix per theme and per parent (its themes' added up), from the
    (theme, sentiment, feedback) index alone."""
    totals: dict[int, dict] = {}
    rows = session.execute(
        select(Insight.theme_id, Insight.sentiment_label, func.count())
        .where(Insight.theme_id.in_(theme_ids))
        .group_by(Insight.theme_id, Insight.sentiment_label)
    )
    for theme_id, sentiment, count in rows:
        for key in (theme_id, parents.get(theme_id)):
            if key is not None:
                figures = totals.setdefault(key, empty())
                figures["volume"] += count
                if sentiment in SENTIMENTS:
                    figures["sentiment"][sentiment] += count
    return totals


def accounts_and_weeks(
    session: Session, theme_ids: list[int], children: list[int], since: datetime
) -> tuple[dict[int, tuple[int, float]], Weekly]:
    """(unique accounts, their ARR) per theme and per parent (each account once), and weekly
    volume since `since` per theme, in one statement."""
    week = period_sql(Feedback.created_at, "week", session.bind.dialect.name)
    evidence = (
        select(
            Insight.theme_id,
            Feedback.account_id,
            case((Feedback.created_at >= since, week)).label("week"),
        )
        .join(Feedback, Feedback.id == Insight.feedback_id)
        .where(Insight.theme_id.in_(theme_ids))
        .cte("evidence")
    )
    weekly = (
        select(literal_column("'week'"), evidence.c.theme_id, evidence.c.week, func.count(),
               cast(null(), Float))
        .where(evidence.c.week.is_not(None))
        .group_by(evidence.c.theme_id, evidence.c.week)
    )  # fmt: skip
    by_theme = select(evidence.c.theme_id.label("key"), evidence.c.account_id)
    by_parent = (
        select(Theme.parent_id.label("key"), evidence.c.account_id)
        .join(Theme, Theme.id == evidence.c.theme_id)
        .where(Theme.id.in_(children), Theme.parent_id.is_not(None))
    )
    parts = [weekly]
    for pairs in (by_theme, by_parent):
        pairs = pairs.where(evidence.c.account_id.is_not(None)).distinct().subquery()
        parts.append(
            select(literal_column("'accounts'"), pairs.c.key, cast(null(), Date), func.count(),
                   func.sum(func.coalesce(Account.arr, 0.0)))
            .outerjoin(Account, Account.id == pairs.c.account_id)
            .group_by(pairs.c.key)
        )  # fmt: skip
    accounts: dict[int, tuple[int, float]] = {}
    weeks: Weekly = defaultdict(dict)
    for kind, key, start, count, arr in session.execute(union_all(*parts)):
        if kind == "week":
            weeks[key][start] = count
        else:
            accounts[key] = (count, round(arr, 2))
    return accounts, weeks
