"""What a need touches, from its evidence: insights, accounts, contacts, ARR (each account once),
breakdowns, tone, urgency, first and last seen, growth, and the quotes behind the numbers."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.accounts.segments import named_segments, segment_key, segment_names, spelt_as_stored
from api.storage.tables import Account, Contact, Feedback, Insight, NeedLink, source_key

URGENT = ("high", "critical")


@dataclass(frozen=True)
class Window:
    """The evidence considered: created in [since, until], from accounts of `segment` (any of
    `spellings`, its spellings stored: `segment_window`)."""

    since: datetime | None = None
    until: datetime | None = None
    segment: str | None = None
    growth_days: int = 30  # growth compares the last `growth_days` with the ones before
    spellings: tuple[str, ...] = ()


def segment_window(session: Session, window: Window) -> Window:
    """The window with its segment's stored spellings: "mid-market" counts the accounts of
    "Mid-Market" and "Mid market" too."""
    if not window.segment:
        return window
    return replace(window, spellings=tuple(spelt_as_stored(session, [window.segment])))


# The account behind an item: its own, else its contact's (a survey tool may send only the
# contact), as VoC reads it.
ACCOUNT_ID = func.coalesce(Feedback.account_id, Contact.account_id)
# What impact figures read of each insight, for needs and themes alike.
INSIGHT_COLUMNS = (
    Insight.id, Insight.text, Insight.sentiment_score, Insight.urgency_level, Insight.intents,
    Feedback.id.label("feedback_id"), Feedback.source, Feedback.created_at,
    ACCOUNT_ID.label("account_id"),
    Feedback.contact_id, Account.arr, Account.segment, Account.plan,
    Account.name.label("account_name"),
)  # fmt: skip


def within(query, window: Window):
    """The insights' feedback and account joined, narrowed to the window and segment."""
    query = (
        query.join(Feedback, Feedback.id == Insight.feedback_id)
        .outerjoin(Contact, Contact.id == Feedback.contact_id)
        .outerjoin(Account, Account.id == ACCOUNT_ID)
    )
    if window.since:
        query = query.where(Feedback.created_at >= window.since)
    if window.until:
        query = query.where(Feedback.created_at <= window.until)
    if window.segment:
        # any spelling, as search and VoC filter ("Enterprise" and "enterprise" are one segment)
        query = query.where(Account.segment.in_(window.spellings or (window.segment,)))
    return query


def evidence(session: Session, need_ids: list[int], window: Window) -> list:
    query = (
        select(NeedLink.need_id, NeedLink.how, NeedLink.score, *INSIGHT_COLUMNS)
        .select_from(NeedLink)
        .join(Insight, Insight.id == NeedLink.insight_id)
        .where(NeedLink.need_id.in_(need_ids))
    )
    return list(session.execute(within(query, window)))


def theme_evidence(session: Session, theme_ids: list[int], window: Window) -> list:
    """The same rows as `evidence`, for the insights of themes (keyed by `need_id` = theme id,
    so that `impact_of` reads both)."""
    query = (
        select(Insight.theme_id.label("need_id"), *INSIGHT_COLUMNS)
        .select_from(Insight)
        .where(Insight.theme_id.in_(theme_ids))
    )
    return list(session.execute(within(query, window)))


def share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def impact_of(
    rows: list, window: Window, quotes: int = 5, names: dict[str, str] | None = None
) -> dict:
    """`names`: the segments' names (breakdown)."""
    accounts = {r.account_id: r for r in rows if r.account_id}
    contacts = {r.contact_id for r in rows if r.contact_id}
    arr = sum(r.arr or 0.0 for r in accounts.values())
    until = window.until or datetime.now(UTC)
    recent_start = until - timedelta(days=window.growth_days)
    previous_start = recent_start - timedelta(days=window.growth_days)
    recent = sum(recent_start < r.created_at <= until for r in rows)
    previous = sum(previous_start < r.created_at <= recent_start for r in rows)
    sentiments = [r.sentiment_score for r in rows if r.sentiment_score is not None]
    ranked = sorted(rows, key=lambda r: (-(r.arr or 0.0), r.created_at), reverse=False)
    return {
        "insights": len(rows),
        "feedback": len({r.feedback_id for r in rows}),
        "accounts": len(accounts),
        "contacts": len(contacts),
        "arr": round(arr, 2),
        "by_segment": breakdown(accounts.values(), "segment", names),
        "by_plan": breakdown(accounts.values(), "plan"),
        "by_source": by_source(Counter(r.source for r in rows).items()),
        "mean_sentiment": round(sum(sentiments) / len(sentiments), 4) if sentiments else None,
        "urgent_share": share(sum(r.urgency_level in URGENT for r in rows), len(rows)),
        "first_seen": min((r.created_at for r in rows), default=None),
        "last_seen": max((r.created_at for r in rows), default=None),
        "growth": growth(recent, previous, window),
        "quotes": [
            {
                "insight_id": r.id,
                "quote": r.text,
                "source": r.source,
                "created_at": r.created_at,
                "account_id": r.account_id,
                "account_name": r.account_name,
                "arr": r.arr,
            }
            for r in ranked[:quotes]
        ],  # fmt: skip
    }


def growth(recent: int, previous: int, window: Window) -> dict:
    """The last `growth_days` against the ones before: counts and the relative change."""
    rate = round((recent - previous) / previous, 4) if previous else None
    return {"recent": recent, "previous": previous, "days": window.growth_days, "rate": rate}


def by_source(counts: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Counts per source spelling folded into one per source (source_key: "Zendesk" and
    "zendesk" are one, as ingest and the filters read them), under its most used spelling; the
    largest first."""
    folded: dict[str, Counter] = {}
    for source, count in counts:
        folded.setdefault(source_key(source), Counter())[source] += count
    totals = [
        (min(spellings.items(), key=lambda kv: (-kv[1], kv[0]))[0], spellings.total())
        for spellings in folded.values()
    ]
    return dict(sorted(totals, key=lambda kv: (-kv[1], kv[0])))


def breakdown(accounts, field: str, names: dict[str, str] | None = None) -> dict[str, dict]:
    """Per value of an account field: accounts and ARR (each account once). Segments differing
    only in case or in what separates their words are one ("SMB" beside "smb" split it in two),
    named by `names` (api/accounts/segments.py segment_names: as most stored accounts spell
    it), else as most of these accounts do."""
    accounts = list(accounts)
    values = [getattr(row, field) or "unknown" for row in accounts]
    if field == "segment":
        here = {segment_key(name): name for name, _ in named_segments((v, 1) for v in values)}
        named = {**here, **(names or {})}
        values = [named[segment_key(value)] for value in values]
    out: dict[str, dict] = {}
    for row, key in zip(accounts, values, strict=True):
        entry = out.setdefault(key, {"accounts": 0, "arr": 0.0})
        entry["accounts"] += 1
        entry["arr"] = round(entry["arr"] + (row.arr or 0.0), 2)
    return dict(sorted(out.items(), key=lambda kv: -kv[1]["arr"]))


def impacts(session: Session, need_ids: list[int], window: Window) -> dict[int, dict]:
    by_need: dict[int, list] = {need_id: [] for need_id in need_ids}
    for row in evidence(session, need_ids, window):
        by_need[row.need_id].append(row)
    names = segment_names(session)
    return {need_id: impact_of(rows, window, names=names) for need_id, rows in by_need.items()}
