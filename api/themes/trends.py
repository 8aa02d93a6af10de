"""Per theme and period: volume, unique accounts, ARR touched, sentiment mix, top intents,
aggregated in SQL (GROUP BY key and period, dates bucketed in SQL): reading the evidence rows
into Python took 1-2.4 s for a big parent at 100,000 items, 2 s for the tree's 8-week trends."""

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Date,
    Float,
    Integer,
    String,
    case,
    cast,
    func,
    literal_column,
    null,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session

from api.storage.tables import Account, Feedback, Insight
from api.themes.periods import Period
from api.timezone import LOCAL_TIME_SQL, in_zone
from api.timezone import zone as tz_of

SENTIMENTS = ("negative", "neutral", "positive")
# Whose figures the insights add to: each its own theme's ("theme"), or all of them one
# theme's (an id: a parent's, from its themes).
Key = Literal["theme"] | int
Points = dict[int, dict[date | None, dict]]  # key -> period start (None: all time) -> figures
_MONTHS = {"month": 1, "quarter": 3}


def period_start(moment: datetime, period: Period, zone: str = "UTC") -> date:
    """The first day of the period `moment` falls in, in `zone` (BOUCLE_TIMEZONE)."""
    day = in_zone(moment, zone).date()
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period in _MONTHS:  # a quarter starts in January, April, July or October
        return day.replace(month=day.month - (day.month - 1) % _MONTHS[period], day=1)
    return day


def weeks_before(moment: datetime, weeks: int, zone: str = "UTC") -> datetime:
    """The start of the week `weeks` weeks before `moment`'s, at midnight in `zone`: the tree's
    trend starts there, so its first week is whole as its last complete ones are."""
    start = period_start(moment, "week", zone) - timedelta(weeks=weeks)
    return datetime.combine(start, time(), tz_of(zone)).astimezone(UTC)


def next_period(start: date, period: Period) -> date:
    if period in _MONTHS:
        months = start.year * 12 + start.month - 1 + _MONTHS[period]
        return date(months // 12, months % 12 + 1, 1)
    return start + timedelta(days=7 if period == "week" else 1)


def period_sql(
    moment: ColumnElement, period: Period, dialect: str, zone: str = "UTC"
) -> ColumnElement:
    """`period_start` in SQL: the day, Monday, first of the month or of the quarter of a
    timestamp in `zone`. SQLite stores UTC text, read in another zone by LOCAL_TIME_SQL;
    PostgreSQL's timestamptz is read in `zone`, whatever the session's."""
    if dialect == "postgresql":
        return func.date_trunc(period, func.timezone(zone, moment)).cast(Date)
    if zone != "UTC":
        moment = getattr(func, LOCAL_TIME_SQL)(moment, zone, type_=String)
    if period == "quarter":  # back to the quarter's first month: "-0 months" … "-2 months"
        month = cast(func.strftime("%m", moment), Integer)
        back = func.printf("-%d months", (month - 1) % 3)
        return func.date(moment, "start of month", back, type_=Date)
    modifiers = {"day": [], "week": ["weekday 0", "-6 days"], "month": ["start of month"]}
    return func.date(moment, *modifiers[period], type_=Date)


def empty() -> dict:
    sentiment = dict.fromkeys(SENTIMENTS, 0)
    return {"volume": 0, "accounts": 0, "arr": 0, "sentiment": sentiment, "top_intents": []}


class Rollup:
    """One statement for one rollup: the insights of `theme_ids` (with feedback created since
    `since`) under `key`, per `period` (None: all time together). Their feedback is read once,
    into a CTE that the counts, the accounts and the intents aggregate. Periods start in
    `zone`."""

    def __init__(self, session: Session, key: Key, theme_ids: list[int],
                 period: Period | None = None, since: datetime | None = None,
                 zone: str = "UTC") -> None:  # fmt: skip
        self.session, self.key, self.dialect = session, key, session.bind.dialect.name
        self.by_period = period is not None
        columns = {"account_id": Feedback.account_id, "sentiment": Insight.sentiment_label,
                   "intents": Insight.intents}  # fmt: skip
        # an id as the key is added in Python: PostgreSQL cannot group by a bound parameter
        if key == "theme":
            columns["key"] = Insight.theme_id
        if period is not None:
            columns["period_start"] = period_sql(Feedback.created_at, period, self.dialect, zone)
        query = (
            select(*(column.label(name) for name, column in columns.items()))
            .select_from(Insight)
            .join(Feedback, Feedback.id == Insight.feedback_id)
            .where(Insight.theme_id.in_(theme_ids))
        )
        if since is not None:
            query = query.where(Feedback.created_at >= since)
        self.evidence = query.cte("evidence")
        self.group = [c for c in self.evidence.c if c.name in ("key", "period_start")]

    def statement(self) -> CompoundSelect:
        """Rows of (kind, *group, label, count, arr, negative, neutral, positive), kind
        "counts", "accounts" or "intents", the columns a kind has not NULL."""
        ev, group = self.evidence, self.group
        no_label, no_arr, no_count = (
            cast(null(), String),
            cast(null(), Float),
            cast(null(), Integer),
        )
        by_label = [func.sum(case((ev.c.sentiment == s, 1), else_=0)) for s in SENTIMENTS]
        counts = select(literal_column("'counts'"), *group, no_label, func.count(), no_arr,
                        *by_label).select_from(ev).group_by(*group)  # fmt: skip
        pairs = select(*group, ev.c.account_id).where(ev.c.account_id.is_not(None)).distinct()
        pairs = pairs.subquery()
        pair_group = [pairs.c[c.name] for c in group]
        accounts = (
            select(literal_column("'accounts'"), *pair_group, no_label, func.count(),
                   func.sum(func.coalesce(Account.arr, 0.0)), *[no_count] * len(SENTIMENTS))
            .select_from(pairs)
            .outerjoin(Account, Account.id == pairs.c.account_id)
            .group_by(*pair_group)
        )  # fmt: skip
        # the JSON list of each insight's intents unnested in SQL
        if self.dialect == "postgresql":
            each = func.json_array_elements(ev.c.intents).table_valued("value")
            label = each.c.value.op("->>")("label")
        else:
            each = func.json_each(ev.c.intents).table_valued("value")
            label = func.json_extract(each.c.value, "$.label")
        intents = (
            select(literal_column("'intents'"), *group, label, func.count(), no_arr,
                   *[no_count] * len(SENTIMENTS))
            .select_from(ev).join(each, true())
            .where(label.is_not(None))
            .group_by(*group, label)
        )  # fmt: skip
        return union_all(counts, accounts, intents)

    def rows(self):
        """(kind, key, period start, label, count, arr, *sentiment counts) per row."""
        for kind, *row in self.session.execute(self.statement()):
            key = row.pop(0) if self.key == "theme" else self.key
            start = row.pop(0) if self.by_period else None
            yield kind, key, start, *row


def rollup(
    session: Session,
    key: Key,
    theme_ids: list[int],
    period: Period | None = None,
    since: datetime | None = None,
    zone: str = "UTC",
) -> Points:
    """Volume, unique accounts, ARR touched (each account once), sentiment mix and the top 3
    intents (most insights first, then by label) per key and period (starting in `zone`)."""
    points: Points = defaultdict(dict)
    if not theme_ids:
        return points
    counted: dict[tuple, list] = defaultdict(list)
    # (without a key column or period, SQL answers one row of zeros and NULLs for no rows)
    for kind, key_id, start, label, count, arr, *by_label in Rollup(
        session, key, theme_ids, period, since, zone
    ).rows():
        if not count:
            continue
        figures = points[key_id].setdefault(start, empty())
        if kind == "counts":
            figures["volume"] = count
            figures["sentiment"] = dict(zip(SENTIMENTS, map(int, by_label), strict=True))
        elif kind == "accounts":
            figures.update(accounts=count, arr=round(arr, 2))
        else:
            counted[key_id, start].append((-count, label))
    for (key_id, start), ranked in counted.items():
        top = sorted(ranked)[:3]
        points[key_id][start]["top_intents"] = [{"label": k, "count": -n} for n, k in top]
    return points


def series(
    points: dict[date | None, dict],
    period: Period,
    since: datetime | None,
    until: datetime,
    zone: str = "UTC",
) -> list[dict]:
    """One point per period from `since` (else the first with insights) to `until` (else the
    last with insights, if later), periods without insights included as zeros, so a
    sparkline's x axis is time."""
    starts = [start for start in points if start is not None]
    if since is not None:
        first = period_start(since, period, zone)
    elif starts:
        first = min(starts)
    else:
        return []
    last, start, out = max([period_start(until, period, zone), *starts]), first, []
    while start <= last:
        out.append({"period_start": start.isoformat(), **points.get(start, empty())})
        start = next_period(start, period)
    return out


def theme_trends(
    session: Session,
    theme_ids: list[int],
    period: Period,
    since: datetime | None = None,
    key: Key = "theme",
    until: datetime | None = None,
    zone: str = "UTC",
) -> dict[int, list[dict]]:
    """Per theme (`key` "theme"), or for one id summing them all: one point per period from `since` (else its first insight) to `until` (else now)."""
    until = until or datetime.now(UTC)
    points = rollup(session, key, theme_ids, period, since, zone)
    keys = theme_ids if key == "theme" else [key]
    return {k: series(points.get(k, {}), period, since, until, zone) for k in keys}
