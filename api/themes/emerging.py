"""Emerging themes: a theme's count in the recent window against its own baseline rate.

The test: under the baseline, the window's count is Poisson with mean
lambda = (baseline count + 0.5) * window / baseline length (the 0.5 keeps a quiet theme from
having a zero rate); the theme is emerging when P(X >= observed) < alpha and the window holds at
least `min_count` insights. A theme with no insight before the window (a new one) is reported
as new once it reaches `min_count`."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from scipy.stats import poisson
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.storage.tables import Feedback, Insight


@dataclass(frozen=True)
class EmergingTest:
    window_days: int = 7
    baseline_days: int = 56
    min_count: int = 5
    alpha: float = 0.01


@dataclass
class Emergence:
    theme_id: int
    recent: int
    baseline: int
    expected: float
    ratio: float
    p_value: float
    new: bool


def counts_between(session: Session, start: datetime | None, end: datetime,
                   include_end: bool) -> dict[int, int]:  # fmt: skip
    """Themed insights per theme written in [start, end] (or [start, end)), counted in SQL:
    only the window and the baseline are read, not every insight of all time."""
    query = (
        select(Insight.theme_id, func.count())
        .join(Feedback, Feedback.id == Insight.feedback_id)
        .where(Insight.theme_id.is_not(None))
        .where(Feedback.created_at <= end if include_end else Feedback.created_at < end)
        .group_by(Insight.theme_id)
    )
    if start is not None:
        query = query.where(Feedback.created_at >= start)
    return {theme_id: count for theme_id, count in session.execute(query)}


def seen_before(session: Session, theme_ids: list[int], moment: datetime) -> set[int]:
    query = (
        select(Insight.theme_id)
        .join(Feedback, Feedback.id == Insight.feedback_id)
        .where(Insight.theme_id.in_(theme_ids), Feedback.created_at < moment)
        .distinct()
    )
    return set(session.scalars(query)) if theme_ids else set()


def emerging(session: Session, as_of: datetime, test: EmergingTest) -> list[Emergence]:
    window_start = as_of - timedelta(days=test.window_days)
    baseline_start = window_start - timedelta(days=test.baseline_days)
    recent = counts_between(session, window_start, as_of, include_end=True)
    baseline = counts_between(session, baseline_start, window_start, include_end=False)
    quiet = [t for t, n in recent.items() if n >= test.min_count and not baseline.get(t)]
    earlier = seen_before(session, quiet, baseline_start)  # a quiet theme may be an old one
    found = []
    for theme_id, count in recent.items():
        if count < test.min_count:
            continue
        before = baseline.get(theme_id, 0)
        expected = (before + 0.5) * test.window_days / test.baseline_days
        p_value = float(poisson.sf(count - 1, expected))
        new = before == 0 and theme_id not in earlier
        if new or p_value < test.alpha:
            found.append(Emergence(theme_id, count, before, round(expected, 3),
                                   round(count / expected, 2), p_value, new))  # fmt: skip
    return sorted(found, key=lambda e: e.p_value)


def window_quotes(session: Session, theme_id: int, as_of: datetime, window_days: int,
                  n: int = 3) -> list[int]:  # fmt: skip
    """What rose: the window's insights nearest the theme's centroid, newest first among equals.
    The theme's all-time quotes hid it (an alert quoted June's insights for December's rise)."""
    query = (
        select(Insight.id)
        .join(Feedback, Feedback.id == Insight.feedback_id)
        .where(
            Insight.theme_id == theme_id,
            Feedback.created_at >= as_of - timedelta(days=window_days),
            Feedback.created_at <= as_of,
        )
        .order_by(Insight.theme_score.desc().nulls_last(), Insight.id.desc())
        .limit(n)
    )
    return list(session.scalars(query))
