"""GET /v1/themes/emerging answered an empty list whatever was missing, and a refit was the
only advice (the page's): now `note` says what the test lacked: a theme (a refit), recent
volume (a longer window or a lower minimum; a refit would not help), or nothing at all."""

from fastapi.testclient import TestClient

from tests.test_themes_api import post, seed

CALENDAR = [f"Calendar sync broken again, case {n}" for n in range(6)]
INVOICE = [f"Invoice VAT wrong, number {n}" for n in range(10)]


def note(client: TestClient, **params) -> str | None:
    found = client.get("/v1/themes/emerging", params=params)
    assert found.status_code == 200, found.text
    assert found.json()["items"] == [] and found.json()["unthemed"] is None, found.text
    return found.json()["note"]


def test_nothing_emerging_says_what_is_missing(store_client: TestClient) -> None:
    client = store_client
    assert note(client) == (
        "no insight stored yet: send feedback first (POST /v1/feedback, boucle import)"
    )
    post(client, CALENDAR, "c", days_ago=[1, 2, 20, 30, 40, 50])  # 2 in the window
    widen = "a longer window_days or a lower min_count would"
    assert note(client) == (
        "no theme yet: run a refit to discover them (boucle themes refit, or POST "
        "/v1/themes/refit); then a theme needs 5 insights in the last 7 days to be tested "
        f"(2 now: {widen} weigh them)"
    )
    seed(client, "Calendar sync", ["calendar sync is broken"])
    assert note(client) == (
        "2 insights in the last 7 days, under the 5 a theme needs there to be tested: too "
        f"little recent volume, a refit would not help; {widen}"
    )
    post(client, INVOICE, "v", days_ago=[5 * n + 1 for n in range(10)])  # 2 in the window
    seed(client, "Invoice VAT", ["wrong VAT on the invoice"])
    assert note(client, min_count=3) == (
        "no theme has 3 insights in the last 7 days (the most: 2; 0 in no theme), the least "
        f"the test weighs: {widen}"
    )
    assert note(client, min_count=2) == (
        "2 themes with at least 2 insights in the last 7 days, none significantly above its "
        "own rate of the 56 days before (alpha 0.01): nothing is emerging, nothing is missing"
    )


def test_no_note_when_a_theme_emerges(client: TestClient) -> None:
    post(client, CALENDAR, "c", days_ago=[1] * 6)
    seed(client, "Calendar sync", ["calendar sync is broken"])
    found = client.get("/v1/themes/emerging").json()
    assert len(found["items"]) == 1 and found["note"] is None, found
