"""The VoC lists an analyst acts on: who has not answered the survey lately, and which accounts
to look at first when some scores rest on a single answer."""

from fastapi.testclient import TestClient

from tests.test_voc import ingest, item, send

JAN, APR, JUL = "2026-01-05T10:00:00Z", "2026-04-05T10:00:00Z", "2026-07-05T10:00:00Z"


def test_non_respondents_are_those_whose_latest_send_is_unanswered(
    store_client: TestClient,
) -> None:
    """A quarterly survey: everyone answered January's, so "answered none of every send ever"
    (the list without `since`) was empty while c1 and c3 had let the later rounds go."""
    client = store_client
    rounds = {"c1": (JAN, APR), "c2": (JAN, APR), "c3": (JAN, APR, JUL)}
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

