"""BOUCLE_TIMEZONE: trends and VoC periods start at the zone's midnight (a Paris team's 23:30
feedback counts on its own day, month and quarter), in SQL on SQLite and PostgreSQL as in
Python; UTC by default; a name that is no IANA zone stops the start with what to write."""

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from api.settings import Settings
from api.themes.trends import period_start, rollup
from api.timezone import local_time
from tests.test_theme_rollup import MONDAY, theme_of, tokyo_session
from tests.test_voc import ingest, item

ZONES = ("UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata")  # Kolkata: UTC+05:30
PERIODS = ("day", "week", "month", "quarter")
MOMENTS = [
    datetime(2025, 12, 31, 23, 30, tzinfo=UTC),  # Paris: 1 January 2026, 00:30
    datetime(2026, 1, 15, 12, tzinfo=UTC),
    datetime(2026, 3, 29, 22, 30, tzinfo=UTC),  # a Sunday in UTC; Paris (CEST): Monday 00:30
    datetime(2026, 3, 31, 22, 30, tzinfo=UTC),  # Paris: 1 April, 00:30 (a new quarter)
    datetime(2026, 4, 1, 3, 0, tzinfo=UTC),  # New York: still 31 March
    datetime(2026, 6, 30, 20, 0, tzinfo=UTC),  # Kolkata: 1 July, 01:30
]


def test_a_zone_that_is_not_iana_is_refused() -> None:
    for name in ("Europe/Pariss", "Paris", "", "../etc/passwd"):
        with pytest.raises(ValidationError, match="is not an IANA time zone name"):
            Settings(timezone=name)
    assert Settings().timezone == "UTC"
    assert Settings(timezone="Europe/Paris").timezone == "Europe/Paris"


def test_local_time_reads_sqlite_text() -> None:
    assert local_time("2026-03-31 22:30:00.000000", "Europe/Paris") == "2026-04-01 00:30:00"
    assert local_time("2026-01-15 12:00:00", "America/New_York") == "2026-01-15 07:00:00"
    assert local_time(None, "Europe/Paris") is None
    # Lord Howe moves half an hour at 15:30 UTC: an offset looked up once an hour would be wrong
    assert local_time("2026-10-03 15:10:00", "Australia/Lord_Howe") == "2026-10-04 01:40:00"
    assert local_time("2026-10-03 15:40:00.5", "Australia/Lord_Howe") == "2026-10-04 02:40:00"


def test_sql_buckets_are_python_buckets_in_every_zone(store_client: TestClient) -> None:
    workspace = store_client.app.state.workspace
    theme_id = theme_of(workspace, "zones", MOMENTS)
    with tokyo_session(workspace) as session:  # whatever the session's own zone
        for zone in ZONES:
            for period in PERIODS:
                points = rollup(session, "theme", [theme_id], period, zone=zone)[theme_id]
                got = {start: p["volume"] for start, p in points.items()}
                want = Counter(period_start(m, period, zone) for m in MOMENTS)
                assert got == want, (zone, period)
    paris = Counter(period_start(m, "month", "Europe/Paris").isoformat() for m in MOMENTS)
    assert paris == {"2026-01-01": 2, "2026-03-01": 1, "2026-04-01": 2, "2026-06-01": 1}
    utc = Counter(period_start(m, "month", "UTC").isoformat() for m in MOMENTS)
    assert utc == {"2025-12-01": 1, "2026-01-01": 1, "2026-03-01": 2, "2026-04-01": 1,
                   "2026-06-01": 1}  # fmt: skip


def in_zone(client: TestClient, zone: str, monkeypatch) -> TestClient:
    """The client's server, its settings now in `zone` (the vector store allows one opener)."""
    workspace = client.app.state.workspace
    monkeypatch.setattr(
        workspace, "settings", workspace.settings.model_copy(update={"timezone": zone})
    )
    return client


def test_trends_and_the_tree_in_paris(store_client: TestClient, monkeypatch) -> None:
    # the tree's weeks end at a Wednesday noon: late on a Sunday (UTC) Paris is in its next week
    # already, and this week's item would be last week's there
    monkeypatch.setattr("api.themes.service.now", lambda: MONDAY + timedelta(days=2, hours=12))
    workspace = store_client.app.state.workspace
    late = MONDAY - timedelta(minutes=30)  # Sunday 23:30 UTC: Monday 00:30 or 01:30 in Paris
    theme_id = theme_of(workspace, "late", [late, *MOMENTS[2:4]])
    utc = store_client.get(f"/v1/themes/{theme_id}/trends?period=quarter").json()["points"]
    assert (utc[0]["period_start"], utc[0]["volume"]) == ("2026-01-01", 2)
    utc_tree = next(
        t for t in store_client.get("/v1/themes").json()["items"] if t["id"] == theme_id
    )
    assert [p["volume"] for p in utc_tree["trend"][-2:]] == [1, 0]  # last week, in UTC

    paris = in_zone(store_client, "Europe/Paris", monkeypatch)
    quarters = paris.get(f"/v1/themes/{theme_id}/trends?period=quarter").json()["points"]
    assert [(p["period_start"], p["volume"]) for p in quarters[:2]] == [
        ("2026-01-01", 1), ("2026-04-01", 1),
    ]  # fmt: skip
    tree = next(t for t in paris.get("/v1/themes").json()["items"] if t["id"] == theme_id)
    assert [p["volume"] for p in tree["trend"][-2:]] == [0, 1]  # this week, in Paris


def test_voc_periods_in_paris(client: TestClient, monkeypatch) -> None:
    ingest(client, [item("n1", "2026-09-15T10:00:00Z", 0), item("n2", "2026-09-30T22:30:00Z", 10)])
    months = client.get("/v1/voc/nps", params={"period": "month"}).json()["periods"]
    assert [(p["period_start"], p["responses"]) for p in months] == [("2026-09-01", 2)]
    paris = in_zone(client, "Europe/Paris", monkeypatch)
    months = paris.get("/v1/voc/nps", params={"period": "month"}).json()["periods"]
    assert [(p["period_start"], p["responses"], p["nps"]) for p in months] == [
        ("2026-09-01", 1, -100.0), ("2026-10-01", 1, 100.0),
    ]  # fmt: skip
