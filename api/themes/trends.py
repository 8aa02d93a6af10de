"""Per theme and period: volume, unique accounts, ARR touched, sentiment mix, top intents."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.storage.tables import Account, Feedback, Insight

Period = Literal["day", "week", "month"]


def period_start(moment: datetime, period: Period) -> date:
    day = moment.date()
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return day


@dataclass
class Bucket:
    volume: int = 0
    accounts: dict[str, float] = field(default_factory=dict)  # account -> ARR
    sentiment: Counter = field(default_factory=Counter)
    intents: Counter = field(default_factory=Counter)

    def add(self, account_id: str | None, arr: float | None, sentiment: str | None,
            intents: list[dict]) -> None:  # fmt: skip
        self.volume += 1
        if account_id:
            self.accounts[account_id] = arr or 0.0
        if sentiment:
            self.sentiment[sentiment] += 1
        self.intents.update(intent["label"] for intent in intents)

    def out(self, start: date | None = None) -> dict:
        summary = {
            "volume": self.volume,
            "accounts": len(self.accounts),
            "arr": round(sum(self.accounts.values()), 2),
            "sentiment": {k: self.sentiment.get(k, 0) for k in ("negative", "neutral", "positive")},
            "top_intents": [{"label": k, "count": n} for k, n in self.intents.most_common(3)],
        }
        return summary if start is None else {"period_start": start.isoformat(), **summary}


def evidence_rows(
    session: Session, theme_ids: list[int] | None = None, since: datetime | None = None
):
    """(theme_id, created_at, account_id, arr, sentiment, intents) of themed insights."""
    query = (
        select(
            Insight.theme_id,
            Feedback.created_at,
            Feedback.account_id,
            Account.arr,
            Insight.sentiment_label,
            Insight.intents,
        )  # fmt: skip
        .join(Feedback, Feedback.id == Insight.feedback_id)
        .outerjoin(Account, Account.id == Feedback.account_id)
        .where(Insight.theme_id.is_not(None))
    )
    if theme_ids is not None:
        query = query.where(Insight.theme_id.in_(theme_ids))
    if since is not None:
        query = query.where(Feedback.created_at >= since)
    return session.execute(query)


def next_period(start: date, period: Period) -> date:
    if period == "month":
        return (start.replace(day=1) + timedelta(days=32)).replace(day=1)
    return start + timedelta(days=7 if period == "week" else 1)


def theme_trends(
    session: Session,
    theme_ids: list[int],
    period: Period,
    since: datetime | None = None,
    parents: dict[int, int | None] | None = None,
    until: datetime | None = None,
) -> dict[int, list[dict]]:
    """Per theme, one point per period from `since` (else its first insight) to `until` (else
    now), periods without insights included as zeros, so a sparkline's x axis is time. With
    `parents` (theme -> parent), each parent also gets its themes' points added up."""
    until = until or datetime.now(UTC)
    buckets: dict[int, dict[date, Bucket]] = defaultdict(lambda: defaultdict(Bucket))
    for theme_id, created, account, arr, sentiment, intents in evidence_rows(
        session, theme_ids, since
    ):
        start = period_start(created, period)
        for key in (theme_id, (parents or {}).get(theme_id)):
            if key is not None:
                buckets[key][start].add(account, arr, sentiment, intents)
    keys = list(dict.fromkeys([*theme_ids, *(p for p in (parents or {}).values() if p)]))
    out = {}
    for key in keys:
        points = buckets.get(key, {})
        if since is not None:
            first = period_start(since, period)
        elif points:
            first = min(points)
        else:
            out[key] = []
            continue
        last, start, series = max([period_start(until, period), *points]), first, []
        while start <= last:
            series.append(points.get(start, Bucket()).out(start))
            start = next_period(start, period)
        out[key] = series
    return out


def theme_totals(session: Session, theme_ids: list[int] | None = None) -> dict[int, dict]:
    totals: dict[int, Bucket] = defaultdict(Bucket)
    for theme_id, _, account, arr, sentiment, intents in evidence_rows(session, theme_ids):
        totals[theme_id].add(account, arr, sentiment, intents)
    return {theme_id: bucket.out() for theme_id, bucket in totals.items()}
