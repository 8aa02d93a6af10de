"""The tree's trend figures compare whole weeks: at 00:05 on a Monday `last_4_weeks` held 3 weeks
and 5 minutes against the 4 weeks before, so every theme looked down (and the 8-week trend's
first week started mid-week, at now minus 8 weeks)."""

import csv
import io
from datetime import timedelta

from fastapi.testclient import TestClient

from tests.test_theme_rollup import MONDAY, theme_of

MONDAY_MORNING = MONDAY - timedelta(weeks=1) + timedelta(minutes=5)  # last week's, 00:05 UTC


def test_the_tree_compares_whole_weeks(store_client: TestClient, monkeypatch) -> None:
    monkeypatch.setattr("api.themes.service.now", lambda: MONDAY_MORNING)
    week_begun = MONDAY_MORNING - timedelta(minutes=5)
    # three a week for 8 whole weeks, each on its Monday's first minute (the old start cut it)
    moments = [week_begun - timedelta(weeks=w) + timedelta(minutes=1 + n)
               for w in range(1, 9) for n in range(3)]  # fmt: skip
    theme_id = theme_of(store_client.app.state.workspace, "steady", moments)
    tree = store_client.get("/v1/themes").json()["items"]
    trend = next(t for t in tree if t["id"] == theme_id)["trend"]
    assert [p["volume"] for p in trend] == [3] * 8 + [0]  # 8 whole weeks, then the week begun
    assert trend[0]["period_start"] == (week_begun - timedelta(weeks=8)).date().isoformat()
    table = store_client.get("/v1/themes", params={"format": "csv"}).text
    row = next(r for r in csv.DictReader(io.StringIO(table)) if r["id"] == str(theme_id))
    assert (row["last_4_weeks"], row["previous_4_weeks"]) == ("12", "12")  # steady, not down
