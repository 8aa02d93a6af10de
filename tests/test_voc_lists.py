"""The VoC lists an analyst acts on: who has not answered the survey lately, and which accounts
to look at first when some scores rest on a single answer."""

from fastapi.testclient import TestClient

from api.voc.health import ranking_reason
from tests.test_voc import ingest, item, send, stored_contacts

JAN, APR, JUL = "2026-01-05T10:00:00Z", "2026-04-05T10:00:00Z", "2026-07-05T10:00:00Z"


def test_non_respondents_are_those_whose_latest_send_is_unanswered(
    store_client: TestClient,
) -> None:
    """A quarterly survey: everyone answered January's, so "answered none of every send ever"
    (the list without `since`) was empty while c1 and c3 had let the later rounds go."""
    client = store_client
    rounds = {"c1": (JAN, APR), "c2": (JAN, APR), "c3": (JAN, APR, JUL)}
    stored_contacts(client, *rounds)
    sends = [send("nps", c, at) for c, dates in rounds.items() for at in dates]
    assert client.post("/v1/surveys/sends", json={"sends": sends}).status_code == 200
    ingest(client, [
        item("a1", "2026-01-07T10:00:00Z", 9, contact_id="c1", text=""),
        item("a2", "2026-01-07T10:00:00Z", 3, contact_id="c2", text=""),
        item("a3", "2026-04-06T10:00:00Z", 8, contact_id="c2", text=""),
        item("a4", "2026-01-08T10:00:00Z", 10, contact_id="c3", text=""),
    ])  # fmt: skip
    as_of = {"as_of": "2026-08-30T00:00:00Z"}

    def listed(**params) -> list[tuple]:
        answer = client.get("/v1/voc/non-respondents", params={**as_of, **params})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["total"] == len(body["items"])
        return [(i["contact_id"], i["sends"], i["last_sent_at"][:10], i["awaiting"])
                for i in body["items"]]  # fmt: skip

    # c3 let April and July go, c1 April; c2 answered both rounds
    assert listed() == [("c3", 2, "2026-07-05", False), ("c1", 1, "2026-04-05", False)]  # was []
    assert listed(since="2026-03-01T00:00:00Z") == listed()
    assert listed(since="2026-06-01T00:00:00Z") == [("c3", 1, "2026-07-05", False)]
    # within July's 14 days, c3's latest send may still be answered
    assert listed(as_of="2026-07-10T00:00:00Z")[0] == ("c3", 2, "2026-07-05", True)
    late = client.get("/v1/voc/non-respondents", params={"since": "tomorrow"})
    assert late.status_code == 422 and late.json()["errors"][0]["field"] == "?since"


def test_a_late_answer_is_no_silence(store_client: TestClient) -> None:
    """Sent 2 November, answered 25 November with a 3 (the window is 14 days): NPS counted the
    detractor while non-respondents listed them as silent and the rate said nothing of it, so a
    CS lead chased someone who had replied. The late answer is now listed apart and counted
    apart; a send after it that goes unanswered lists its contact again."""
    client = store_client
    stored_contacts(client, "late", "again")
    sends = [send("nps", "late", "2026-11-02T10:00:00Z"),
             send("nps", "again", "2026-10-01T10:00:00Z"),
             send("nps", "again", "2026-11-02T10:00:00Z")]  # fmt: skip
    assert client.post("/v1/surveys/sends", json={"sends": sends}).status_code == 200
    ingest(client, [item("l1", "2026-11-25T10:00:00Z", 3, contact_id="late", text=""),
                    item("a1", "2026-10-28T10:00:00Z", 9, contact_id="again", text="")])  # fmt: skip
    as_of = {"as_of": "2026-12-01T00:00:00Z", "window_days": 14}
    nps = client.get("/v1/voc/nps", params={"created_from": "2026-11-01"}).json()
    assert nps["overall"]["detractors"] == 1  # the late answer counts there
    silent = client.get("/v1/voc/non-respondents", params=as_of).json()
    # "again" answered October's send late, not November's: listed for November's
    assert [(i["contact_id"], i["sends"]) for i in silent["items"]] == [("again", 1)]
    assert [(i["contact_id"], i["answered_late_at"]) for i in silent["answered_late"]] == [
        ("late", "2026-11-25T10:00:00Z")
    ]
    overall = client.get("/v1/voc/response-rate", params=as_of).json()["overall"]
    assert (overall["responses"], overall["answered_late"], overall["counted"]) == (0, 2, 3)


def test_one_answer_does_not_outrank_thirty(store_client: TestClient) -> None:
    """A 2-answer-a-year account's single detractor came before an account whose 30 answers
    average barely better: the ranking weighs each account's survey signals by their sample."""
    client = store_client
    for key, arr in (("one", 900000), ("many", 1000), ("happy", 1000)):
        assert client.put(f"/v1/accounts/{key}", json={"name": key, "arr": arr}).is_success
    day = "2026-10-01T10:00:00Z"
    answers = [item("one-0", day, 0, account_id="one", text="")]
    # 29 detractors and a passive: NPS -96.7
    answers += [item(f"many-{n}", day, 2 if n else 7, account_id="many", text="")
                for n in range(30)]  # fmt: skip
    answers += [item(f"happy-{n}", day, 10, account_id="happy", text="") for n in range(20)]
    ingest(client, answers)
    as_of = {"as_of": "2026-11-30T00:00:00Z"}
    risk = client.get("/v1/voc/at-risk", params=as_of).json()
    ranked = {a["account_id"]: a for a in risk["items"]}
    # own scores (nps w .30, urgent needs w .15 = 100, coverage .45: the .05 up to .5 reads 50):
    # one (0·.3 + 15 + 2.5) / .5 = 35.0, many (1.67·.3 + 15 + 2.5) / .5 = 36.0: "one" came first
    assert (ranked["one"]["score"], ranked["many"]["score"]) == (35.0, 36.0)
    # the workspace's NPS over 51 answers: (20 - 30) / 51 -> -19.6 -> signal 40.2;
    # one: (1·0 + 5·40.2) / 6 = 33.5 -> 55.1; many: (30·1.67 + 5·40.2) / 35 = 7.2 -> 39.3
    assert [a["account_id"] for a in risk["items"]] == ["many", "one", "happy"]
    assert (ranked["many"]["ranked_score"], ranked["one"]["ranked_score"]) == (39.3, 55.1)
    assert ranked["one"]["reasons"][-1] == (
        "ranked at 55.1, not 35.0: its survey signals rest on 1 answer, weighed with 5 at the "
        "workspace's mean"
    )
    assert ranked["one"]["answers"] == 1 and ranked["many"]["answers"] == 30
    # ranked lower than its own score, still healthy: no ranking reason (its coverage is low)
    assert [r for r in ranked["happy"]["reasons"] if not r.startswith("low coverage")] == []
    assert risk["at_risk"] == 2  # the line is the account's own score, as its health page says
    health = client.get("/v1/accounts/one/health", params=as_of).json()
    assert health["score"] == ranked["one"]["score"]
    assert "ranked_score" in risk["formula"]


def test_a_healthy_account_ranked_under_the_line_says_why_it_is_listed() -> None:
    """An account scoring 50 or more that its few answers rank under 50 sat among the at-risk
    ones with no reason: it says it is not counted at risk, and why it is ranked there."""
    assert ranking_reason(62.0, 44.5, 1) == [
        "ranked at 44.5, not 62.0 (not counted at risk: 50 or more): its survey signals rest on "
        "1 answer, weighed with 5 at the workspace's mean"
    ]
    assert ranking_reason(62.0, 55.0, 1) == []  # ranked among the healthy ones: nothing to say
    assert ranking_reason(33.3, 55.7, 1)[0].startswith("ranked at 55.7, not 33.3: ")
