"""What an account manager expects of the health score, written down before the rules: accounts
built from real feedback in a real store, each with the verdict a person reading its history
would give (at risk: under 50). The three rules they asked for (api/voc/health.py): complaints
before a silence still count, an urgent problem no need tracks is an open problem, and a churn
threat fades after 30 days (gone at 90)."""

from fastapi.testclient import TestClient
from sqlalchemy import update

from api.storage.tables import Feedback
from api.voc.health import SURE_ALONE, SURE_CHURN
from tests.test_voc import ANGRY, ANNOYED, GLAD, HAPPY, OUTAGE, ingest, item

AS_OF = {"as_of": "2026-11-30T00:00:00Z"}
THREAT = "We will cancel our contract at the end of the month and move to a competitor."
# An unsure churn reading (churn_risk 0.5-0.8: a demo account was held at 40 by one such reading,
# said 66 days before). Was "Uninstalled and reinstalled, same thing.", over-read by the head
# until reinstalling the app stopped counting as leaving it (analyzer/churn.py).
UNSURE = "Not sure we will renew."


def tickets(account: str, texts_by_day: list[tuple[str, str]]) -> list[dict]:
    """Zendesk tickets of an account, one per (date "MM-DD" of 2026, text)."""
    return [item(f"{account}-t{k}", f"2026-{day}T10:00:00Z", source="zendesk", text=text,
                 account_id=account) for k, (day, text) in enumerate(texts_by_day)]  # fmt: skip


def answers(account: str, scores_by_day: list[tuple[str, int]], text: str = GLAD) -> list[dict]:
    """NPS answers of an account, one per (date "MM-DD" of 2026, score)."""
    return [item(f"{account}-n{k}", f"2026-{day}T10:00:00Z", score, text=text, account_id=account)
            for k, (day, score) in enumerate(scores_by_day)]  # fmt: skip


ACCOUNTS = {
    # promoters, and glad tickets before and lately: nothing to worry about
    "steady": answers("steady", [("08-10", 10), ("09-15", 9), ("11-12", 10)])
    + tickets("steady", [("09-20", GLAD), ("10-15", HAPPY), ("11-20", GLAD)]),
    # detractors, complaints climbing, an outage: the account manager calls today
    "sinking": answers("sinking", [("08-10", 2), ("09-15", 3), ("11-12", 1)], text=ANGRY)
    + tickets(
        "sinking", [("09-20", ANNOYED), ("11-10", ANGRY), ("11-18", ANNOYED), ("11-25", OUTAGE)]
    ),  # fmt: skip
    # complained three times (an outage among them) 40 to 80 days ago, then silence
    "hushed": tickets("hushed", [("09-12", ANGRY), ("10-01", OUTAGE), ("10-20", ANNOYED)]),
    # the same days, praise: silence after praise is no alarm
    "content": tickets("content", [("09-12", GLAD), ("10-01", HAPPY), ("10-20", GLAD)]),
    # said it would cancel 75 days ago, has praised the product since: the threat is answered
    "recovered": tickets("recovered", [("09-16", THREAT), ("11-10", GLAD), ("11-20", HAPPY)])
    + answers("recovered", [("11-15", 10), ("11-22", 9)]),
    # said it would cancel 10 days ago, whatever its surveys said: at risk
    "leaving": answers("leaving", [("09-10", 9), ("10-10", 10)])
    + tickets("leaving", [("11-20", THREAT)]),
    # said it would cancel 45 days ago and has said nothing since: still at risk
    "gone": tickets("gone", [("09-01", GLAD), ("10-16", THREAT)]),
    # one unsure churn reading 66 days ago, praise before it: no threat, no cap
    "unsure": tickets("unsure", [("08-20", GLAD), ("09-25", UNSURE)]),
    # an angry ticket 66 days ago, a request before it, nothing since: an account that writes
    # rarely (as healthy demo accounts do), not one unhappy ever since
    "once": tickets("once", [("08-20", GLAD), ("09-25", ANGRY)]),
}
AT_RISK = {"sinking", "hushed", "leaving", "gone"}


def test_health_scores_read_as_an_account_manager_reads_the_accounts(
    store_client: TestClient,
) -> None:
    client = store_client
    for account in ACCOUNTS:
        client.put(f"/v1/accounts/{account}", json={"name": account.title(), "arr": 10000})
    ingest(client, [row for rows in ACCOUNTS.values() for row in rows])
    health = {a: client.get(f"/v1/accounts/{a}/health", params=AS_OF).json() for a in ACCOUNTS}
    score = {account: h["score"] for account, h in health.items()}

    assert {a for a, s in score.items() if s < 50} == AT_RISK, score
    assert score["steady"] >= 75 and health["steady"]["reasons"] == []
    assert score["sinking"] < 40  # not a borderline case
    # complaints before a silence still speak: below the account silent after praise
    assert score["hushed"] < score["content"]
    hushed = {c["name"]: c for c in health["hushed"]["components"]}
    assert hushed["sentiment"]["score"] == 25.0  # -1 over the 60 days before, nothing since
    assert any(r.startswith("sentiment -1.00 in the 60 days before") for r in
               health["hushed"]["reasons"])  # fmt: skip
    # the outage and the angry ticket (both high urgency), tracked by no need, are open urgent
    # problems: 100 - 2 * 25
    urgent = hushed["urgent_needs"]
    assert [i["excerpt"] for i in urgent["detail"]["items"]] == [ANGRY, OUTAGE]
    assert urgent["score"] == 50.0 and urgent["detail"]["open_urgent_needs"] == 0
    # and they are said among the reasons: at exactly 50 they were left out of "why" (demo
    # acc-021, at 37.5, did not name its SSO renewal blocker)
    said = f"2 open urgent problems: “{ANGRY}”, “{OUTAGE}”"
    assert said in health["hushed"]["reasons"] and urgent["reason"] == said
    # an old threat answered by praise, or an over-read one, is listed but caps nothing
    for account in ("recovered", "unsure"):
        assert health[account]["churn_threats"] == 1, account
        assert not any(r.startswith("churn risk") for r in health[account]["reasons"]), account
    # one complaint is no mood to carry through a silence (it read 25, and the account 45): the
    # sentiment is left out, the untracked urgent ticket still counts, 75 alone at coverage 0.15
    once = {c["name"]: c for c in health["once"]["components"]}
    assert once["sentiment"]["score"] is None and once["urgent_needs"]["score"] == 75.0
    assert score["once"] == 57.5  # (.15 * 75 + .35 * 50) / .5
    assert score["leaving"] == score["gone"] == 40.0
    assert health["gone"]["reasons"][0].startswith("churn risk: 1 item in 90 days")

    ranked = client.get("/v1/voc/at-risk", params=AS_OF).json()
    assert ranked["at_risk"] == len(AT_RISK)
    order = [a["account_id"] for a in ranked["items"]]
    assert set(order[: len(AT_RISK)]) == AT_RISK and order[-1] == "steady"


def test_an_urgent_item_the_team_followed_up_is_no_open_problem(store_client: TestClient) -> None:
    """An urgent ticket someone has called back or answered (a follow-up action) is being
    handled: it counted as an untracked urgent item, 25 points off, as if nobody had seen it."""
    client = store_client
    client.put("/v1/accounts/answered", json={"name": "Answered", "arr": 10000})
    rows = ingest(client, tickets("answered", [("11-20", OUTAGE), ("11-22", ANGRY)]))
    outage, angry = (row["id"] for row in rows)

    def urgent() -> dict:
        health = client.get("/v1/accounts/answered/health", params=AS_OF).json()
        return next(c for c in health["components"] if c["name"] == "urgent_needs")

    before = urgent()
    assert [i["feedback_id"] for i in before["detail"]["items"]] == [outage, angry]
    assert before["score"] == 50.0
    # a call after as_of had not happened yet as of then: the report for that day stays as it was
    late = {"kind": "call", "at": "2026-12-01T09:00:00Z", "by": "anna"}
    assert client.post(f"/v1/feedback/{outage}/actions", json=late).status_code == 201
    assert urgent() == before
    call = {"kind": "call", "at": "2026-11-20T15:00:00Z", "by": "anna"}
    assert client.post(f"/v1/feedback/{outage}/actions", json=call).status_code == 201
    after = urgent()
    assert [i["feedback_id"] for i in after["detail"]["items"]] == [angry]
    assert after["score"] == 75.0 and after["detail"]["untracked_urgent_items"] == 1


def test_one_unsure_churn_reading_does_not_cap_an_otherwise_healthy_account(
    store_client: TestClient,
) -> None:
    """An unsure churn reading (churn_risk over 0.5, under SURE_ALONE), said 5 days
    ago by an account of promoters and praise, held it at 40 on its own; the same reading
    twice is corroborated and caps."""
    client = store_client
    for account, misreads in (("misread", ["11-25"]), ("misread-twice", ["11-24", "11-25"])):
        client.put(f"/v1/accounts/{account}", json={"name": account.title(), "arr": 10000})
        said = [("10-01", GLAD), ("11-05", HAPPY)] + [(day, UNSURE) for day in misreads]
        promoters = answers(account, [("09-10", 10), ("10-10", 9), ("11-15", 10)])
        ingest(client, promoters + tickets(account, said))
    once = client.get("/v1/accounts/misread/health", params=AS_OF).json()
    (quote,) = once["churn_quotes"]
    assert SURE_CHURN <= quote["score"] < SURE_ALONE, quote  # the case this test is about
    assert once["churn_threats"] == 1 and once["score"] > 50, once["score"]
    assert not any(r.startswith("churn risk") for r in once["reasons"])
    twice = client.get("/v1/accounts/misread-twice/health", params=AS_OF).json()
    assert twice["score"] == 40.0
    assert twice["reasons"][0].startswith("churn risk: 2 items in 90 days say they may leave")


def test_a_message_read_negative_by_a_hair_is_no_complaint(store_client: TestClient) -> None:
    """Health counted each message's sentiment label as a full -1: a mixed message the head read
    negative at -0.009 (p(negative) a hair above p(positive)) weighed as much as a plain one."""
    client = store_client
    client.put("/v1/accounts/torn", json={"name": "Torn", "arr": 10000})
    ingest(client, tickets("torn", [("11-10", ANNOYED), ("11-15", ANNOYED), ("11-20", ANGRY)]))
    # as the head may read them: two ties, and a complaint that a sentiment rule labelled
    # negative while the head was nearly torn (ANGRY reads -0.045): still a complaint
    read = {"torn-t0": -0.009, "torn-t1": -0.015, "torn-t2": -0.045}
    with client.app.state.workspace.db.session() as session:
        for external_id, score in read.items():
            session.execute(update(Feedback).where(Feedback.external_id == external_id)
                            .values(sentiment_label="negative", sentiment_score=score))  # fmt: skip
    health = client.get("/v1/accounts/torn/health", params=AS_OF).json()
    sentiment = next(c for c in health["components"] if c["name"] == "sentiment")
    # the two ties (within 0.02 of 0) count as neutral, the complaint as -1: (0 + 0 - 1) / 3
    assert sentiment["detail"]["recent_items"] == 3
    assert sentiment["detail"]["recent_mean"] == -0.333, sentiment
