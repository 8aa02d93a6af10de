"""The theme read routes' figures, aggregated in SQL: counts, accounts and ARR (each account
once, in a parent too), sentiment mix, top intents, trend points bucketed by UTC week and
month, and a theme's impact, pinned on a small workspace written row by row, on SQLite and
PostgreSQL."""

from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from api.needs.impact import Window, impact_of, theme_evidence
from api.storage.tables import Account, Contact, Feedback, Insight, Theme
from api.themes.impact import theme_impact
from api.themes.trends import period_start, rollup

NOW = datetime.now(UTC)
MONDAY = datetime.combine(period_start(NOW, "week"), time(), UTC)  # this week's, 00:00 UTC
HOUR, DAY, WEEK = timedelta(hours=1), timedelta(days=1), timedelta(weeks=1)
NEG, NEU, POS = "negative", "neutral", "positive"

# theme, created at, account, contact, sentiment, intents
ROWS = [
    ("calendar", MONDAY - WEEK + HOUR / 2, "a1", None, NEG, ["bug_report", "complaint"]),
    ("calendar", MONDAY - WEEK - HOUR / 2, "a1", None, NEG, ["bug_report"]),  # a Sunday, 23:30
    ("calendar", MONDAY - 3 * WEEK + DAY, "a2", None, POS, ["praise"]),
    ("calendar", MONDAY - 10 * WEEK, "a3", None, NEU, ["question"]),  # before the tree's 8 weeks
    ("invoice", MONDAY - WEEK + 2 * DAY, "a2", None, NEG, ["bug_report", "feature_request"]),
    ("invoice", MONDAY - WEEK + 3 * DAY, None, "c3", None, []),  # its account is its contact's
    ("login", MONDAY - 2 * WEEK + HOUR, "a1", None, POS, ["praise"]),
    (None, MONDAY - WEEK, "a1", None, NEG, ["complaint"]),
]


def week(weeks_ago: int) -> str:
    return (MONDAY - weeks_ago * WEEK).date().isoformat()


@pytest.fixture
def themed(store_client: TestClient) -> dict[str, int]:
    """The rows above, and the themes: "sync and billing" > calendar, invoice; login alone."""
    with store_client.app.state.workspace.db.session() as session:
        session.add_all([
            Account(id="a1", name="Acme", arr=1000.0, segment="smb", plan="pro"),
            Account(id="a2", name="Globex", arr=5000.5, segment="enterprise", plan="business"),
            Account(id="a3", name="Initech", arr=None, segment="smb", plan="free"),
        ])  # fmt: skip
        session.flush()
        session.add(Contact(id="c3", account_id="a3"))
        parent = Theme(level="parent", name="sync and billing")
        session.add(parent)
        session.flush()
        ids = {"sync and billing": parent.id}
        for name, parent_id in [("calendar", parent.id), ("invoice", parent.id), ("login", None)]:
            theme = Theme(level="theme", name=name, parent_id=parent_id)
            session.add(theme)
            session.flush()
            ids[name] = theme.id
        for n, (theme, created, account, contact, sentiment, intents) in enumerate(ROWS):
            feedback = Feedback(
                source=["zendesk", "nps"][n % 2], external_id=f"r{n}", status="analysed",
                text=f"row {n}", created_at=created, account_id=account, contact_id=contact,
            )  # fmt: skip
            session.add(feedback)
            session.flush()
            session.add(Insight(
                feedback_id=feedback.id, position=0, start=0, end=5, text=f"row {n}",
                sentiment_label=sentiment, sentiment_score={NEG: -0.5, POS: 0.75}.get(sentiment),
                urgency_level="high" if n < 2 else "low",
                intents=[{"label": label, "score": 0.9} for label in intents],
                theme_id=ids[theme] if theme else None,
            ))  # fmt: skip
    return ids


def mix(negative: int = 0, neutral: int = 0, positive: int = 0) -> dict[str, int]:
    return {"negative": negative, "neutral": neutral, "positive": positive}


def figures(node: dict) -> tuple:
    return node["size"], node["accounts"], node["arr"], node["sentiment"]


def test_tree_totals_and_trends(store_client: TestClient, themed: dict[str, int]) -> None:
    tree = store_client.get("/v1/themes").json()
    assert tree["unthemed"] == 1
    parent, login = tree["items"]
    calendar, invoice = parent["children"]
    assert figures(calendar) == (4, 3, 6000.5, mix(2, 1, 1))
    assert figures(invoice) == (2, 1, 5000.5, mix(1))
    # the parent's: its themes' insights, each account once (a2 in both themes: ARR once)
    assert figures(parent) == (6, 3, 6000.5, mix(3, 1, 1))
    assert figures(login) == (1, 1, 1000.0, mix(positive=1))
    # 8 weeks back from now, week by week from Monday (UTC), quiet weeks as zeros
    for node in (parent, calendar, invoice, login):
        assert [p["period_start"] for p in node["trend"]] == [week(k) for k in range(8, -1, -1)]
    # the sparkline's weekly volume, no more (accounts, ARR, sentiment, intents: the trends)
    assert calendar["trend"][-2] == {"period_start": week(1), "volume": 1}
    assert [p["volume"] for p in calendar["trend"]] == [0, 0, 0, 0, 0, 1, 1, 1, 0]
    # Sunday 23:30 UTC (week 2) is the week before that Monday's 00:30 (week 1)
    assert [p["volume"] for p in invoice["trend"]] == [0, 0, 0, 0, 0, 0, 0, 2, 0]
    assert [p["volume"] for p in parent["trend"]] == [0, 0, 0, 0, 0, 1, 1, 3, 0]
    assert [p["volume"] for p in login["trend"]] == [0, 0, 0, 0, 0, 0, 1, 0, 0]


def test_detail_and_trends_of_a_parent(store_client: TestClient, themed: dict[str, int]) -> None:
    parent_id = themed["sync and billing"]
    detail = store_client.get(f"/v1/themes/{parent_id}").json()
    assert (detail["size"], detail["accounts"], detail["arr"]) == (6, 3, 6000.5)
    assert detail["sentiment"] == mix(3, 1, 1)
    assert detail["top_intents"] == [
        {"label": "bug_report", "count": 3},
        {"label": "complaint", "count": 1},
        {"label": "feature_request", "count": 1},
    ]
    assert detail["top_accounts"] == [
        {"account_id": "a2", "name": "Globex", "arr": 5000.5},
        {"account_id": "a1", "name": "Acme", "arr": 1000.0},
        {"account_id": "a3", "name": "Initech", "arr": 0.0},
    ]
    login = store_client.get(f"/v1/themes/{themed['login']}").json()
    assert (login["size"], login["accounts"], login["arr"], login["top_accounts"]) == (
        1, 1, 1000.0, [{"account_id": "a1", "name": "Acme", "arr": 1000.0}],
    )  # fmt: skip
    with store_client.app.state.workspace.db.session() as session:
        empty = Theme(level="parent", name="nothing yet")
        session.add(empty)
        session.flush()
        empty_id = empty.id
    nothing = store_client.get(f"/v1/themes/{empty_id}").json()
    assert (nothing["size"], nothing["accounts"], nothing["arr"]) == (0, 0, 0.0)
    assert (nothing["sentiment"], nothing["top_intents"], nothing["top_accounts"]) == (
        mix(),
        [],
        [],
    )
    assert store_client.get(f"/v1/themes/{empty_id}/trends").json()["points"] == []
    weekly = store_client.get(f"/v1/themes/{parent_id}/trends").json()["points"]
    # from the first insight's week (10 weeks ago) to this one
    assert [p["period_start"] for p in weekly] == [week(k) for k in range(10, -1, -1)]
    assert [p["volume"] for p in weekly] == [1, 0, 0, 0, 0, 0, 0, 1, 1, 3, 0]
    assert [p["accounts"] for p in weekly] == [1, 0, 0, 0, 0, 0, 0, 1, 1, 2, 0]
    assert weekly[0]["arr"] == 0.0 and weekly[7]["arr"] == 5000.5
    days = store_client.get(f"/v1/themes/{themed['calendar']}/trends?period=day").json()
    assert len(days["points"]) == (NOW.date() - (MONDAY - 10 * WEEK).date()).days + 1
    assert sum(p["volume"] for p in days["points"]) == 4
    months = store_client.get(f"/v1/themes/{parent_id}/trends?period=month").json()["points"]
    assert sum(p["volume"] for p in months) == 6
    assert all(date.fromisoformat(p["period_start"]).day == 1 for p in months)


def theme_of(workspace, name: str, moments: list[datetime]) -> int:
    """A new theme holding one insight created at each of `moments`: its id."""
    with workspace.db.session() as session:
        theme = Theme(level="theme", name=name)
        session.add(theme)
        session.flush()
        for n, created in enumerate(moments):
            feedback = Feedback(source="zendesk", external_id=f"{name} {n}", status="analysed",
                                text=name, created_at=created)  # fmt: skip
            session.add(feedback)
            session.flush()
            session.add(Insight(feedback_id=feedback.id, position=0, start=0, end=1, text=name,
                                intents=[], theme_id=theme.id))  # fmt: skip
        return theme.id


@contextmanager
def tokyo_session(workspace):
    """A session whose PostgreSQL time zone is Tokyo's: SQL must bucket whatever it is."""
    with workspace.db.session() as session:
        if workspace.db.dialect == "postgresql":
            session.execute(text("SET LOCAL TIME ZONE 'Asia/Tokyo'"))
        yield session


def test_buckets_are_utc_whatever_the_session_zone(
    store_client: TestClient, themed: dict[str, int]
) -> None:
    """A PostgreSQL session in Tokyo would put Sunday 23:30 UTC in the next week, and the
    last day of a month's 23:30 UTC in the next month."""
    workspace = store_client.app.state.workspace
    first = MONDAY.replace(day=1) - DAY  # the last day of the month before this Monday's
    month_end = theme_of(workspace, "month end", [first.replace(hour=23, minute=30)])
    with tokyo_session(workspace) as session:
        weeks = rollup(session, "theme", [themed["calendar"]], "week")[themed["calendar"]]
        months = rollup(session, "theme", [month_end], "month")[month_end]
    assert {start.isoformat(): p["volume"] for start, p in weeks.items()} == {
        week(10): 1, week(3): 1, week(2): 1, week(1): 1,
    }  # fmt: skip
    assert list(months) == [first.date().replace(day=1)]


# Around quarter ends, in UTC: each row's quarter by Python's period_start is SQL's.
QUARTER_ROWS = [
    datetime(2025, 3, 31, 23, 30, tzinfo=UTC), datetime(2025, 4, 1, 0, 30, tzinfo=UTC),
    datetime(2025, 6, 30, 12, tzinfo=UTC), datetime(2025, 11, 15, 8, tzinfo=UTC),
    datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC),
]  # fmt: skip


def test_quarters(store_client: TestClient) -> None:
    """period=quarter: buckets from 1 January, April, July, October (UTC, whatever the
    session's zone), quiet quarters as zeros, up to this one."""
    workspace = store_client.app.state.workspace
    theme_id = theme_of(workspace, "quarter ends", QUARTER_ROWS)
    with tokyo_session(workspace) as session:
        quarters = rollup(session, "theme", [theme_id], "quarter")[theme_id]
    assert {start.isoformat(): p["volume"] for start, p in quarters.items()} == {
        "2025-01-01": 1, "2025-04-01": 2, "2025-10-01": 2, "2026-01-01": 1,
    }  # fmt: skip
    assert set(quarters) == {period_start(moment, "quarter") for moment in QUARTER_ROWS}

    trends = store_client.get(f"/v1/themes/{theme_id}/trends", params={"period": "quarter"})
    assert trends.status_code == 200, trends.text
    assert trends.json()["period"] == "quarter"
    points = trends.json()["points"]
    starts = [date.fromisoformat(p["period_start"]) for p in points]
    assert starts[0] == date(2025, 1, 1) and starts[-1] == period_start(NOW, "quarter")
    months = [d.year * 12 + d.month for d in starts]
    assert all(b - a == 3 for a, b in pairwise(months))
    assert [p["volume"] for p in points[:5]] == [1, 2, 0, 2, 1]
    assert store_client.get(f"/v1/themes/{theme_id}/trends?period=year").status_code == 422


@pytest.mark.parametrize(
    "window",
    [
        Window(),
        Window(since=MONDAY - 2 * WEEK, until=NOW),
        Window(segment="smb", growth_days=7),
        Window(segment="none"),
    ],
)
def test_impact_in_sql_is_impact_of_the_rows(
    store_client: TestClient, themed: dict[str, int], window: Window
) -> None:
    """The SQL figures are those `impact_of` makes of the evidence rows (the needs' way)."""
    members = [themed["calendar"], themed["invoice"]]
    with store_client.app.state.workspace.db.session() as session:
        got = theme_impact(session, members, window)
        want = impact_of(theme_evidence(session, members, window), window)
    assert got.pop("mean_sentiment") == pytest.approx(want.pop("mean_sentiment"))
    assert got == want


def test_impact_route(store_client: TestClient, themed: dict[str, int]) -> None:
    parent_id = themed["sync and billing"]
    impact = store_client.get(f"/v1/themes/{parent_id}/impact").json()
    assert (impact["insights"], impact["feedback"], impact["contacts"]) == (6, 6, 1)
    assert (impact["accounts"], impact["arr"]) == (3, 6000.5)  # a3 through its contact
    assert impact["by_segment"] == {
        "enterprise": {"accounts": 1, "arr": 5000.5},
        "smb": {"accounts": 2, "arr": 1000.0},
    }
    assert impact["by_source"] == {"zendesk": 3, "nps": 3}
    assert impact["mean_sentiment"] == pytest.approx((-0.5 * 3 + 0.75) / 4)
    assert impact["urgent_share"] == round(2 / 6, 4)
    assert [q["account_id"] for q in impact["quotes"]] == ["a2", "a2", "a1", "a1", "a3"]
    assert impact["quotes"][0]["quote"] == "row 2"  # the older of a2's two
    recent = store_client.get(f"/v1/themes/{parent_id}/impact?window_days=1").json()
    assert recent["insights"] == 0 and recent["first_seen"] is None and recent["quotes"] == []


def test_impact_counts_a_source_once_whatever_its_case(
    store_client: TestClient, themed: dict[str, int]
) -> None:
    """ "Zendesk" and "zendesk" are one source to ingest and the filters (source_key), but were
    two in `by_source`; it is counted under its most used spelling."""
    ws = store_client.app.state.workspace
    with ws.db.session() as session:  # items sent so (each keeps its key: "zendesk", "nps")
        for external_id, source in (("r0", "ZENDESK"), ("r1", "NPS")):
            session.query(Feedback).filter_by(external_id=external_id).update({"source": source})
    parent_id = themed["sync and billing"]
    impact = store_client.get(f"/v1/themes/{parent_id}/impact").json()
    assert impact["by_source"] == {"zendesk": 3, "nps": 3}
    members = [themed["calendar"], themed["invoice"]]
    with ws.db.session() as session:
        rows = theme_evidence(session, members, Window())
        assert impact_of(rows, Window())["by_source"] == {"zendesk": 3, "nps": 3}
