"""Emerging themes: a theme's count in the recent window against its own baseline rate.

The test: under the baseline, the window's count is Poisson with mean
lambda = (baseline count + 0.5) * window / baseline length (the 0.5 keeps a quiet theme from
having a zero rate); the theme is emerging when P(X >= observed) < alpha and the window holds at
least `min_count` insights. A theme with no insight before the window (a new one) is reported
as new once it reaches `min_count`; so is a theme a refit created during the window (a topic no
theme held before it; not the first fit's themes) once it passes the test: a refit also gathers
the topic's older insights that waited in no theme, and they made its theme "not new".

A rise counts as the theme's own unless the window's insights are significantly farther from its
centroid than its earlier members (`analyzer.themes.radius.cohesive`): a burst of a topic no theme knows joined
the nearest theme at ingest and made it "emerging". Such insights, and those in no theme, are
tested the same way as unthemed growth: a new topic, with its quotes."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from scipy.stats import poisson
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from analyzer.themes.config import ThemeConfig
from analyzer.themes.radius import cohesive
from api.search.service import text_key
from api.storage.tables import Feedback, Insight, Theme

# One refit writes all its themes within this time of each other: those of the first fit.
FIRST_FIT = timedelta(minutes=10)


@dataclass(frozen=True)
class EmergingTest:
    window_days: int = 7
    baseline_days: int = 56
    min_count: int = 5
    alpha: float = 0.01
    cohesion_alpha: float = ThemeConfig().cohesion_alpha  # 0: no cohesion check


@dataclass
class Emergence:
    theme_id: int
    recent: int
    baseline: int
    expected: float
    ratio: float
    p_value: float
    new: bool


@dataclass
class UnthemedGrowth:
    """Insights of the window in no theme, or in a theme they are unlike (`loose`), tested
    against the baseline's insights in no theme."""

    recent: int
    baseline: int
    expected: float
    ratio: float
    p_value: float
    in_no_theme: int
    loose: dict[int, int]  # theme id -> the window's insights in it unlike its members
    insight_ids: list[int]  # the window's loose insights, then those in no theme, newest first


def in_period(query: Select, start: datetime | None, end: datetime, include_end: bool) -> Select:
    """Only insights of feedback written in [start, end] (or [start, end))."""
    query = query.join(Feedback, Feedback.id == Insight.feedback_id)
    query = query.where(Feedback.created_at <= end if include_end else Feedback.created_at < end)
    return query if start is None else query.where(Feedback.created_at >= start)


def counts_between(session: Session, start: datetime | None, end: datetime,
                   include_end: bool) -> dict[int | None, int]:  # fmt: skip
    """Insights per theme (None: in no theme) written in [start, end] (or [start, end)), counted
    in SQL: only the window and the baseline are read, not every insight of all time."""
    query = select(Insight.theme_id, func.count()).group_by(Insight.theme_id)
    return dict(session.execute(in_period(query, start, end, include_end)).all())


def scores_between(session: Session, theme_id: int, start: datetime | None,
                   end: datetime) -> list[float]:  # fmt: skip
    """The cosines to its centroid of a theme's insights written in [start, end)."""
    query = select(Insight.theme_score).where(Insight.theme_id == theme_id)
    query = in_period(query.where(Insight.theme_score.is_not(None)), start, end, False)
    return [float(score) for score in session.scalars(query)]


def seen_before(session: Session, theme_ids: list[int], moment: datetime) -> set[int]:
    query = (
        select(Insight.theme_id)
        .join(Feedback, Feedback.id == Insight.feedback_id)
        .where(Insight.theme_id.in_(theme_ids), Feedback.created_at < moment)
        .distinct()
    )
    return set(session.scalars(query)) if theme_ids else set()


def made_by_refit_since(session: Session, moment: datetime) -> set[int]:
    """Themes a refit created (lineage "created": not split from an old theme nor seeded by a
    person) at or after `moment`, but for the first fit's: those are where the workspace's
    themes started, every topic it already had, not new ones."""
    rows = session.execute(
        select(Theme.id, Theme.lineage, Theme.created_at).where(Theme.level == "theme")
    ).all()
    made = [(i, at) for i, lineage, at in rows if lineage and lineage[0].get("event") == "created"]
    if not made:
        return set()
    first_fit = min(at for _, at in made) + FIRST_FIT
    return {theme_id for theme_id, at in made if at >= moment and at > first_fit}


def poisson_test(count: int, before: int, test: EmergingTest) -> tuple[float, float]:
    """(expected count in the window at the baseline rate, P(X >= count))."""
    expected = (before + 0.5) * test.window_days / test.baseline_days
    return expected, float(poisson.sf(count - 1, expected))


def emerging(session: Session, as_of: datetime, test: EmergingTest) -> list[Emergence]:
    return emerging_report(session, as_of, test)[0]


def emerging_report(
    session: Session, as_of: datetime, test: EmergingTest
) -> tuple[list[Emergence], UnthemedGrowth | None]:
    """The emerging themes, and the unthemed growth when it passes the same test."""
    window_start = as_of - timedelta(days=test.window_days)
    baseline_start = window_start - timedelta(days=test.baseline_days)
    recent = counts_between(session, window_start, as_of, include_end=True)
    baseline = counts_between(session, baseline_start, window_start, include_end=False)
    quiet = [t for t, n in recent.items()
             if t is not None and n >= test.min_count and not baseline.get(t)]  # fmt: skip
    earlier = seen_before(session, quiet, baseline_start)  # a quiet theme may be an old one
    made = made_by_refit_since(session, window_start)
    found, loose = [], {}
    for theme_id, count in recent.items():
        if theme_id is None or count < test.min_count:
            continue
        before = baseline.get(theme_id, 0)
        expected, p_value = poisson_test(count, before, test)
        unseen = before == 0 and theme_id not in earlier
        if not (unseen or p_value < test.alpha):
            continue
        if not unseen and not own_rise(session, theme_id, window_start, as_of, test):
            loose[theme_id] = count
            continue
        new = unseen or theme_id in made
        found.append(Emergence(theme_id, count, before, round(expected, 3),
                               round(count / expected, 2), p_value, new))  # fmt: skip
    return sorted(found, key=lambda e: e.p_value), unthemed_growth(
        session, as_of, test, recent.get(None, 0), baseline.get(None, 0), loose
    )


def own_rise(session: Session, theme_id: int, start: datetime, end: datetime,
             test: EmergingTest) -> bool:  # fmt: skip
    """Whether the window's insights are like the theme's earlier members."""
    if test.cohesion_alpha <= 0:
        return True
    window = [float(s) for s in session.scalars(in_period(
        select(Insight.theme_score).where(Insight.theme_id == theme_id,
                                          Insight.theme_score.is_not(None)), start, end, True))]  # fmt: skip
    members = scores_between(session, theme_id, None, start)
    return cohesive(np.array(window), np.array(members), test.cohesion_alpha)


def unthemed_growth(session: Session, as_of: datetime, test: EmergingTest, in_no_theme: int,
                    before: int, loose: dict[int, int]) -> UnthemedGrowth | None:  # fmt: skip
    count = in_no_theme + sum(loose.values())
    if count < test.min_count:
        return None
    expected, p_value = poisson_test(count, before, test)
    if p_value >= test.alpha:
        return None
    window = as_of - timedelta(days=test.window_days)
    newest = (Feedback.created_at.desc(), Insight.id.desc())
    ids = []
    for where in ([Insight.theme_id.in_(list(loose))] if loose else []) + [
        Insight.theme_id.is_(None)
    ]:
        query = in_period(select(Insight.id).where(where), window, as_of, True)
        ids += list(session.scalars(query.order_by(*newest).limit(50)))
    return UnthemedGrowth(count, before, round(expected, 3), round(count / expected, 2), p_value,
                          in_no_theme, loose, ids)  # fmt: skip


def window_quotes(session: Session, theme_id: int, as_of: datetime, window_days: int,
                  n: int = 3) -> list[int]:  # fmt: skip
    """What rose: the window's distinct texts nearest the theme's centroid, newest first among
    equals, each by its first insight. The theme's all-time quotes hid it (an alert quoted June's
    insights for December's rise)."""
    return [insight_id for insight_id, _ in window_texts(session, theme_id, as_of, window_days)[:n]]


def window_texts(session: Session, theme_id: int, as_of: datetime,
                 window_days: int) -> list[tuple[int, int]]:  # fmt: skip
    """(first insight id, how many of the window's insights say it) per distinct text (case,
    spacing and emoji aside), nearest the centroid first: three reviews with one text were
    three quotes of it."""
    query = (
        select(Insight.id, Insight.text)
        .join(Feedback, Feedback.id == Insight.feedback_id)
        .where(
            Insight.theme_id == theme_id,
            Feedback.created_at >= as_of - timedelta(days=window_days),
            Feedback.created_at <= as_of,
        )
        .order_by(Insight.theme_score.desc().nulls_last(), Insight.id.desc())
    )
    said: dict[str, list[int]] = {}  # text key -> [first insight id, count]
    for insight_id, text in session.execute(query):
        said.setdefault(text_key(text), [insight_id, 0])[1] += 1
    return [(first, count) for first, count in said.values()]
