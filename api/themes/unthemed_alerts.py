"""The alert of unthemed growth: insights no theme took (or one took though they are unlike its
members) rising as a theme does when it emerges (`emerging.unthemed_growth`). It belongs to no
theme (theme_id null); a refit is what turns the new topic into a theme, so the alert says so."""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.storage.loop_tables import ThemeAlert
from api.storage.tables import Theme
from api.themes.alert_links import page_of
from api.themes.emerging import EmergingTest, UnthemedGrowth
from api.themes.service import quotes_of

UNTHEMED = "unthemed"
HINT = ("Insights no theme explains are rising: run a refit to make them a theme (boucle themes "
        "refit, or POST /v1/themes/refit). Where they went into unrelated themes (loose), a cold "
        "refit starts the themes over: boucle themes refit --cold, or {\"cold\": true}.")  # fmt: skip


def unthemed_payload(session: Session, growth: UnthemedGrowth, as_of: datetime,
                     test: EmergingTest) -> dict:  # fmt: skip
    query = select(Theme.id, Theme.name).where(Theme.id.in_(list(growth.loose)))
    names = dict(session.execute(query).all())
    loose = [{"id": t, "name": names.get(t), "recent": n}
             for t, n in sorted(growth.loose.items(), key=lambda kv: -kv[1])]  # fmt: skip
    return {
        "kind": "unthemed_growth",
        "recent": growth.recent, "in_no_theme": growth.in_no_theme, "loose": loose,
        "baseline": growth.baseline, "expected": growth.expected, "ratio": growth.ratio,
        "p_value": growth.p_value, "as_of": as_of.isoformat(),
        "window_days": test.window_days, "baseline_days": test.baseline_days,
        "quotes": [q.model_dump(mode="json") for q in quotes_of(session, growth.insight_ids[:3])],
        "hint": HINT, "url": "/v1/themes/emerging", "page": page_of(None),
    }  # fmt: skip


def unthemed_rows(session: Session, growth: UnthemedGrowth | None, as_of: datetime,
                  test: EmergingTest, key: str) -> list[dict]:  # fmt: skip
    """The alert row to write for `growth`: none while an unthemed episode is under way (an
    alert within the window)."""
    if growth is None:
        return []
    in_episode = session.scalar(
        select(ThemeAlert.id).where(
            ThemeAlert.kind == UNTHEMED,
            ThemeAlert.created_at > as_of - timedelta(days=test.window_days),
            ThemeAlert.created_at <= as_of,
        ).limit(1)
    )  # fmt: skip
    if in_episode is not None:
        return []
    return [{"theme_id": None, "kind": UNTHEMED,
             "payload": unthemed_payload(session, growth, as_of, test), "idempotency_key": key,
             "status": "pending", "attempts": 0, "created_at": as_of}]  # fmt: skip
