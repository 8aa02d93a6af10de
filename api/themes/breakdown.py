"""A theme's insights by customer segment and by language, and its quotes without repeats."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.accounts.segments import segment_key, segment_names
from api.search.service import text_key
from api.storage.tables import Account, Feedback, Insight
from api.themes.schemas import LanguageShare, Quote, SegmentShare


def by_segment(session: Session, theme_ids: list[int]) -> list[SegmentShare]:
    """Per account segment: insights, accounts and ARR (each account once); insights with no
    account, or an account with no segment, under `null`. A segment's spellings are one
    ("Mid-Market", "mid market"), named as GET /v1/segments names it. Most insights first."""
    rows = session.execute(
        select(Account.segment, Feedback.account_id, Account.arr, func.count())
        .select_from(Insight)
        .join(Feedback, Feedback.id == Insight.feedback_id)
        .outerjoin(Account, Account.id == Feedback.account_id)
        .where(Insight.theme_id.in_(theme_ids))
        .group_by(Account.segment, Feedback.account_id, Account.arr)
    ).all()
    names = segment_names(session)
    out: dict[str | None, SegmentShare] = {}
    for spelt, account_id, arr, insights in rows:
        segment = names.get(segment_key(spelt), spelt) if spelt else None
        share = out.setdefault(
            segment, SegmentShare(segment=segment, insights=0, accounts=0, arr=0)
        )
        share.insights += insights
        if account_id is not None:
            share.accounts += 1
            share.arr = round(share.arr + (arr or 0.0), 2)
    return sorted(out.values(), key=lambda s: (-s.insights, s.segment is None, s.segment or ""))


def by_language(session: Session, theme_ids: list[int]) -> list[LanguageShare]:
    """Insights per language of their message (null: not detected), most first."""
    rows = session.execute(
        select(Feedback.language, func.count())
        .select_from(Insight)
        .join(Feedback, Feedback.id == Insight.feedback_id)
        .where(Insight.theme_id.in_(theme_ids))
        .group_by(Feedback.language)
    ).all()
    ordered = sorted(rows, key=lambda row: (-row[1], row[0] is None, row[0] or ""))
    return [LanguageShare(language=language, insights=count) for language, count in ordered]


def distinct_quotes(quotes: list[Quote], limit: int) -> list[Quote]:
    """The first `limit` quotes whose texts differ once case, spacing and emoji are set aside."""
    seen: set[str] = set()
    kept = []
    for quote in quotes:
        key = text_key(quote.text)
        if key not in seen:
            seen.add(key)
            kept.append(quote)
    return kept[:limit]
