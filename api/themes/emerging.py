"""Emerging themes: a theme's count in the recent window against its own baseline rate.

The test: under the baseline, the window's count is Poisson with mean
lambda = (baseline count + 0.5) * window / baseline length (the 0.5 keeps a quiet theme from
having a zero rate); the theme is emerging when P(X >= observed) < alpha and the window holds at
least `min_count` insights. A theme with no insight before the window (a new one) is reported
as new once it reaches `min_count`."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from scipy.stats import poisson
from sqlalchemy.orm import Session

from api.themes.trends import evidence_rows


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


def emerging(session: Session, as_of: datetime, test: EmergingTest) -> list[Emergence]:
    window_start = as_of - timedelta(days=test.window_days)
    baseline_start = window_start - timedelta(days=test.baseline_days)
    recent: dict[int, int] = defaultdict(int)
    baseline: dict[int, int] = defaultdict(int)
    earlier: set[int] = set()
    for theme_id, created, *_ in evidence_rows(session):
        if window_start <= created <= as_of:
            recent[theme_id] += 1
        elif baseline_start <= created < window_start:
            baseline[theme_id] += 1
        elif created < baseline_start:
            earlier.add(theme_id)
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
