"""Why GET /v1/themes/emerging found nothing, in the words of what is missing: no theme yet (a
refit discovers them), too few recent insights for the test to weigh (a refit would not help:
a longer window or a lower minimum would), or themes tested and none rising (nothing missing)."""

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.storage.tables import Insight, Theme
from api.themes.emerging import EmergingTest, counts_between
from api.wording import plural

REFIT = "run a refit to discover them (boucle themes refit, or POST /v1/themes/refit)"


def nothing_emerging(session: Session, as_of: datetime, test: EmergingTest) -> str:
    """What the test lacked, said when it found no emerging theme and no unthemed growth."""
    recent = counts_between(session, as_of - timedelta(days=test.window_days), as_of, True)
    window = f"the last {plural(test.window_days, 'day')}"
    total, in_no_theme = sum(recent.values()), recent.get(None, 0)
    widen = "a longer window_days or a lower min_count would"
    themes = session.scalar(
        select(func.count()).where(Theme.level == "theme", Theme.status == "active")
    )
    if not themes and session.scalar(select(Insight.id).limit(1)) is None:
        return "no insight stored yet: send feedback first (POST /v1/feedback, boucle import)"
    if not themes:
        volume = (f"; then a theme needs {test.min_count} insights in {window} to be tested "
                  f"({total} now: {widen} weigh them)" if total < test.min_count else "")  # fmt: skip
        return f"no theme yet: {REFIT}{volume}"
    if total < test.min_count:
        return (f"{plural(total, 'insight')} in {window}, under the {test.min_count} a theme "
                f"needs there to be tested: too little recent volume, a refit would not help; "
                f"{widen}")  # fmt: skip
    tested = [n for theme, n in recent.items() if theme is not None and n >= test.min_count]
    if not tested:
        most = max((n for theme, n in recent.items() if theme is not None), default=0)
        return (f"no theme has {test.min_count} insights in {window} (the most: {most}; "
                f"{in_no_theme} in no theme), the least the test weighs: {widen}")  # fmt: skip
    return (f"{plural(len(tested), 'theme')} with at least {test.min_count} insights in {window}, "
            f"none significantly above its own rate of the {plural(test.baseline_days, 'day')} "
            f"before (alpha {test.alpha:g}): nothing is emerging, nothing is missing")  # fmt: skip
