"""The response rate of a period still in progress compares like with like: its sends already
answered were counted while its unanswered ones, whose answer window is still open, were left
out, so the demo's current month read "4 of 4 sends answered" = 100 % with 6 awaiting. Only sends
whose window has closed are counted; the answers already in for the others are reported apart."""

from fastapi.testclient import TestClient

from tests.test_voc import ingest, item, send, stored_contacts

NOVEMBER = [f"nov-{n}" for n in range(5)]  # sent 2 November: their 14 days closed by 7 December
DECEMBER = [f"dec-{n}" for n in range(10)]  # sent 1–5 December: all still open on 7 December
AS_OF = "2026-12-07T12:00:00Z"
ANSWERS = {  # contact: when they answered
    # November: 2 of 5 answered within the window
    "nov-0": "2026-11-03T10:00:00Z",
    "nov-1": "2026-11-09T10:00:00Z",
    # December: the 4 quickest of 10 have answered by the 7th, 6 have not (yet)
    "dec-0": "2026-12-01T15:00:00Z",
    "dec-1": "2026-12-02T10:00:00Z",
    "dec-2": "2026-12-03T10:00:00Z",
    "dec-3": "2026-12-06T10:00:00Z",
}


def store_the_two_months(client: TestClient) -> None:
    client.put("/v1/accounts/acme", json={"name": "Acme", "segment": "enterprise"})
    contacts = NOVEMBER + DECEMBER
    stored_contacts(client, *contacts)
    sends = [send("nps", c, "2026-11-02T09:00:00Z", account_id="acme") for c in NOVEMBER] + [
        send("nps", c, f"2026-12-0{1 + n // 2}T09:00:00Z", account_id="acme")
        for n, c in enumerate(DECEMBER)
    ]
    assert client.post("/v1/surveys/sends", json={"sends": sends}).status_code == 200
    ingest(client, [item(f"a-{c}", at, 8, contact_id=c, text="") for c, at in ANSWERS.items()])


def figures(stats: dict) -> tuple:
    return (stats["sends"], stats["responses"], stats["awaiting"], stats["answered_so_far"],
            stats["counted"], stats["rate"])  # fmt: skip


def test_a_month_in_progress_is_not_read_as_all_answered(store_client: TestClient) -> None:
    client = store_client
    store_the_two_months(client)
    report = client.get("/v1/voc/response-rate", params={"period": "month", "as_of": AS_OF})
    assert report.status_code == 200, report.text
    body = report.json()
    december = body["periods"][-1]
    assert (december["label"], december["counted"], december["rate"]) == (
        "Dec 2026 (to 7 Dec)",
        0,
        None,
    )  # was 4 of 4 = 1.0, with 6 awaiting
    by_month = {p["period_start"]: figures(p) for p in body["periods"]}
    # November, closed: 2 of 5 as before
    assert by_month["2026-11-01"] == (5, 2, 0, 0, 5, 0.4)
    # December: every send still open, the 4 early answers said apart; no rate yet (was 4 of 4)
    assert by_month["2026-12-01"] == (10, 0, 10, 4, 0, None)
    assert figures(body["overall"]) == (15, 2, 10, 4, 5, 0.4)  # was 6 of 9
    assert [(s["segment"], *figures(s)) for s in body["segments"]] == [
        ("enterprise", 15, 2, 10, 4, 5, 0.4),
    ]


def test_a_range_that_holds_only_open_sends_has_no_rate_yet(store_client: TestClient) -> None:
    client = store_client
    store_the_two_months(client)
    params = {"as_of": AS_OF, "sent_from": "2026-12-01", "sent_to": "2026-12-07"}
    body = client.get("/v1/voc/response-rate", params=params).json()
    assert figures(body["overall"]) == (10, 0, 10, 4, 0, None)  # was 4 of 4 = 1.0
    assert body["change"] is None and body["warnings"] == []


def test_the_early_answers_count_once_the_window_closes(store_client: TestClient) -> None:
    client = store_client
    store_the_two_months(client)
    later = {"period": "month", "as_of": "2026-12-31T00:00:00Z"}
    body = client.get("/v1/voc/response-rate", params=later).json()
    by_month = {p["period_start"]: figures(p) for p in body["periods"]}
    assert by_month == {
        "2026-11-01": (5, 2, 0, 0, 5, 0.4),
        "2026-12-01": (10, 4, 0, 0, 10, 0.4),
    }
    # the non-respondents are as they were: the December silent ones are awaiting on the 7th
    silent = client.get("/v1/voc/non-respondents", params={"as_of": AS_OF}).json()
    assert sorted((i["contact_id"], i["awaiting"]) for i in silent["items"]) == [
        *((c, True) for c in DECEMBER[4:]),
        *((c, False) for c in NOVEMBER[2:]),
    ]
