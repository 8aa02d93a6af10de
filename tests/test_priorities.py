"""RICE from evidence, checked against hand-computed values; overrides; the ranking and CSV; a
need's impact figures."""

import csv
import io
import itertools
from types import SimpleNamespace

from fastapi.testclient import TestClient

from api.priorities.rice import confidence, impact_scale, rice, severity

FEEDBACK_IDS = itertools.count(1)


def row(account, arr, intents, urgency="normal", sentiment=0.0, how="auto", score=0.8):
    """An evidence row of its own feedback item, with no contact."""
    return SimpleNamespace(account_id=account, arr=arr, urgency_level=urgency, how=how,
                           sentiment_score=sentiment, score=score, contact_id=None,
                           feedback_id=next(FEEDBACK_IDS),
                           intents=[{"label": label, "score": 0.9} for label in intents])  # fmt: skip


def test_rice_by_hand() -> None:
    rows = [
        row("a", 10_000, ["bug_report"], "high", -0.5, "auto", 0.8),  # 0.6 + 0.2 + 0.05 = 0.85
        row("a", 10_000, ["feature_request"]),  # 0.35
        row("b", 30_000, ["churn_risk", "complaint"], "critical", -1.0, "manual"),  # 1.0 (clipped)
        row(None, None, ["praise"], "low", 0.5, "accepted"),  # 0 - 0.1 -> 0
    ]
    # severity mean = (0.85 + 0.35 + 1.0 + 0.0) / 4 = 0.55 -> impact 2 (high)
    # confidence: 4 insights -> amount 0.8; links 0.8, 0.8, 1.0, 1.0 -> mean 0.9 -> 0.8 x 0.95
    # reach: accounts a and b, and the anonymous praise's person
    score, factors = rice(rows, effort=2.0, overrides={}, reach="accounts")
    assert factors["reach"].value == 3 and factors["impact"].value == 2.0
    assert factors["confidence"].value == 0.76
    assert score == round(3 * 2.0 * 0.76 / 2.0, 3) == 2.28
    arr_score, arr_factors = rice(rows, effort=2.0, overrides={}, reach="arr")
    assert arr_factors["reach"].value == 40.0 and arr_score == round(40 * 2 * 0.76 / 2, 3)
    # A person's values win, and say so.
    score, factors = rice(rows, effort=2.0, overrides={"impact": 3, "effort": 4}, reach="accounts")
    assert factors["impact"].overridden and factors["impact"].derived == 2.0
    assert score == round(3 * 3 * 0.76 / 4, 3)
    assert rice(rows, effort=None, overrides={}, reach="accounts")[0] is None


def test_factor_scales() -> None:
    assert severity([{"label": "question"}], "low", None) == 0.1
    assert [impact_scale(x) for x in (0.1, 0.2, 0.4, 0.6, 0.9)] == [0.25, 0.5, 1.0, 2.0, 3.0]
    assert confidence([]) == 0.0 and confidence([1.0] * 12) == 1.0 and confidence([0.8]) == 0.45


def make_need(client: TestClient, title: str, texts: list[tuple[str, str, float]]) -> int:
    items = [{"source": "zendesk", "external_id": f"{title}-{n}", "text": text,
              "account": {"id": account, "arr": arr, "segment": "smb" if arr < 10_000 else "enterprise"}}
             for n, (text, account, arr) in enumerate(texts)]  # fmt: skip
    stored = client.post("/v1/feedback", json={"items": items}).json()["items"]
    ids = [i["insights"][0]["id"] for i in stored]
    return client.post("/v1/needs", json={"title": title, "insight_ids": ids}).json()["id"]


def test_priorities_rank_explain_and_export(store_client: TestClient) -> None:
    big = make_need(store_client, "Export crashes", [
        ("The CSV export crashes, we lose data, fix it now!", "acme", 200_000),
        ("Export crashes again and again.", "globex", 90_000),
        ("L'export plante tout le temps.", "initech", 5_000),
    ])  # fmt: skip
    small = make_need(store_client, "Dark mode", [("A dark mode would be nice.", "tiny", 1_000)])
    unset = make_need(store_client, "Emoji", [("Add emoji reactions please.", "tiny", 1_000)])
    for need_id, effort in ((big, 2), (small, 1)):
        assert (
            store_client.patch(f"/v1/needs/{need_id}", json={"effort": effort}).status_code == 200
        )
    body = store_client.get("/v1/priorities").json()
    order = [item["need_id"] for item in body["items"]]
    assert order[0] == big  # Emoji has no effort set: the default stands in for it
    first = body["items"][0]
    assert (
        first["factors"]["reach"]["value"] == 3
        and "3 unique accounts" in first["factors"]["reach"]["how"]
    )
    assert first["evidence"] and first["arr"] == 295_000
    emoji = next(i for i in body["items"] if i["need_id"] == unset)
    effort = emoji["factors"]["effort"]
    assert effort["defaulted"] and effort["value"] == 1.0 and "default effort" in effort["how"]
    assert emoji["score"] > 0 and not body["items"][0]["factors"]["effort"]["defaulted"]
    assert {p["need_id"] for p in body["matrix"]} == {big, small, unset}

    store_client.patch(f"/v1/needs/{small}", json={"rice_overrides": {"reach": 500}})
    items = {i["need_id"]: i for i in store_client.get("/v1/priorities").json()["items"]}
    assert items[small]["factors"]["reach"]["overridden"] and items[small]["rank"] == 1
    store_client.patch(f"/v1/needs/{small}", json={"rice_overrides": {"reach": None}})
    items = {i["need_id"]: i for i in store_client.get("/v1/priorities").json()["items"]}
    assert not items[small]["factors"]["reach"]["overridden"]

    exported = store_client.get("/v1/priorities", params={"format": "csv"})
    assert exported.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(exported.text)))
    assert [int(r["need_id"]) for r in table] == order and table[0]["title"] == "Export crashes"
    # a title pasted from a customer's words never runs as a spreadsheet formula
    store_client.patch(f"/v1/needs/{big}", json={"title": '=HYPERLINK("http://evil.test")'})
    table = list(csv.DictReader(io.StringIO(
        store_client.get("/v1/priorities", params={"format": "csv"}).text)))  # fmt: skip
    assert {r["title"] for r in table} >= {'\'=HYPERLINK("http://evil.test")'}
    assert store_client.patch(f"/v1/needs/{big}", json={"effort": 0}).status_code == 422
    assert (
        store_client.patch(f"/v1/needs/{big}", json={"rice_overrides": {"impact": 7}}).status_code
        == 422
    )


def test_need_impact(store_client: TestClient) -> None:
    need = make_need(store_client, "Export", [
        ("The CSV export crashes.", "acme", 200_000),
        ("Export crashes again.", "acme", 200_000),
        ("L'export plante.", "shop", 5_000),
    ])  # fmt: skip
    impact = store_client.get(f"/v1/needs/{need}/impact").json()
    assert (impact["insights"], impact["accounts"], impact["arr"]) == (3, 2, 205_000)
    assert impact["by_segment"] == {"enterprise": {"accounts": 1, "arr": 200_000},
                                    "smb": {"accounts": 1, "arr": 5_000}}  # fmt: skip
    assert impact["growth"]["recent"] == 3 and impact["quotes"][0]["account_id"] == "acme"
    only_smb = store_client.get(f"/v1/needs/{need}/impact", params={"segment": "smb"}).json()
    assert (only_smb["insights"], only_smb["arr"]) == (1, 5_000)
    shouted = store_client.get(f"/v1/needs/{need}/impact", params={"segment": "SMB"}).json()
    assert shouted["insights"] == 1  # any case, as search and VoC filter
    ranked = store_client.get("/v1/priorities", params={"segment": "SMB"}).json()["items"]
    assert [r["arr"] for r in ranked if r["need_id"] == need] == [5_000]
    assert store_client.get("/v1/needs/999/impact").status_code == 404


def test_need_impact_warns_of_a_segment_no_account_has(store_client: TestClient) -> None:
    need = make_need(store_client, "Export", [("The CSV export crashes.", "shop", 5_000)])
    typo = store_client.get(f"/v1/needs/{need}/impact", params={"segment": "smbb"}).json()
    assert typo["insights"] == 0
    assert typo["warnings"] == ["no account has segment 'smbb'; segments stored: smb"]
    stored = store_client.get(f"/v1/needs/{need}/impact", params={"segment": "SMB"}).json()
    assert stored["insights"] == 1 and stored["warnings"] == []


def test_backlog_and_priorities_warn_of_a_segment_no_account_has(store_client: TestClient) -> None:
    """?segment=enterprize (a typo) answered the backlog with zeros and an empty ranking, said
    nowhere; the themes ranking and the impact endpoints already warned, in these words."""
    make_need(store_client, "Export", [("The CSV export crashes.", "acme", 200_000),
                                       ("L'export plante.", "shop", 5_000)])  # fmt: skip
    said = ["no account has segment 'enterprize'; segments stored: enterprise, smb"]
    typo = {"segment": "enterprize"}
    backlog = store_client.get("/v1/needs", params=typo).json()
    assert backlog["items"] == [] and backlog["warnings"] == said  # no need has evidence there
    ranked = store_client.get("/v1/priorities", params=typo).json()
    assert ranked["warnings"] == said and all(i["accounts"] == 0 for i in ranked["items"])
    table = store_client.get("/v1/priorities", params={**typo, "format": "csv"})
    assert table.status_code == 200 and table.headers.get_list("X-Boucle-Warning") == said
    themes = store_client.get("/v1/themes/ranking", params=typo).json()
    assert themes["warnings"] == said  # the same words as the themes ranking's
    for found in (store_client.get("/v1/needs", params={"segment": "Enterprise"}).json(),
                  store_client.get("/v1/priorities", params={"segment": "SMB"}).json(),
                  store_client.get("/v1/priorities").json()):  # fmt: skip
        assert found["warnings"] == []
    shouted = store_client.get("/v1/priorities", params={"segment": "SMB", "format": "csv"})
    assert "X-Boucle-Warning" not in shouted.headers


def test_the_backlog_of_a_segment_lists_the_needs_with_evidence_from_it(
    store_client: TestClient,
) -> None:
    """GET /v1/needs?segment=smb listed every need, those no smb account asked for with 0
    insights: the segment's backlog lists only the needs with evidence from it."""
    both = make_need(store_client, "Export", [("The CSV export crashes.", "acme", 200_000),
                                              ("L'export plante.", "shop", 5_000)])  # fmt: skip
    make_need(store_client, "SSO", [("We need SAML single sign-on.", "globex", 90_000)])
    smb = store_client.get("/v1/needs", params={"segment": "smb"}).json()["items"]
    assert [(n["id"], n["impact"]["insights"]) for n in smb] == [(both, 1)]
    assert len(store_client.get("/v1/needs").json()["items"]) == 2


def test_an_item_sent_with_only_its_contact_counts_the_contacts_account(
    store_client: TestClient,
) -> None:
    store_client.put("/v1/accounts/big", json={"arr": 20_000, "segment": "enterprise"})
    store_client.put("/v1/contacts/c7", json={"account_id": "big"})
    item = {"source": "survey", "external_id": "s1", "text": "The CSV export crashes.",
            "contact_id": "c7"}  # fmt: skip
    stored = store_client.post("/v1/feedback", json={"items": [item]}).json()["items"][0]
    need = store_client.post("/v1/needs", json={"title": "Export",
                                                "insight_ids": [stored["insights"][0]["id"]]})  # fmt: skip
    impact = store_client.get(f"/v1/needs/{need.json()['id']}/impact").json()
    assert (impact["accounts"], impact["arr"], impact["contacts"]) == (1, 20_000, 1)
    assert impact["by_segment"] == {"enterprise": {"accounts": 1, "arr": 20_000}}


def test_needs_sorted_by_impact_and_the_digest(store_client: TestClient) -> None:
    small = make_need(store_client, "Dark mode", [("A dark mode would be nice.", "tiny", 1_000)])
    big = make_need(store_client, "Export", [("The CSV export crashes.", "acme", 200_000),
                                             ("L'export plante.", "shop", 5_000)])  # fmt: skip
    listed = store_client.get("/v1/needs", params={"sort": "arr"}).json()["items"]
    assert [n["id"] for n in listed] == [big, small]
    assert listed[0]["impact"]["arr"] == 205_000 and listed[0]["impact"]["accounts"] == 2
    assert [
        n["id"] for n in store_client.get("/v1/needs", params={"min_accounts": 2}).json()["items"]
    ] == [big]
    store_client.patch(f"/v1/needs/{big}", json={"effort": 1})
    digest = store_client.get("/v1/digest", params={"period": "week"}).json()
    assert digest["top_needs"][0]["need_id"] == big
    markdown = store_client.get("/v1/digest", params={"format": "markdown"})
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert "## Top needs (RICE)" in markdown.text and "**Export**" in markdown.text


def test_a_zero_score_ranks_after_the_unscored() -> None:
    from api.priorities.service import rank_key

    items = [
        {"need_id": 1, "score": 0.0, "arr": 900.0, "insights": 2},  # reach overridden to 0
        {"need_id": 2, "score": None, "arr": 10.0, "insights": 1},  # no effort yet
        {"need_id": 3, "score": 1.5, "arr": 1.0, "insights": 4},
        {"need_id": 4, "score": None, "arr": 50.0, "insights": 1},
        {"need_id": 5, "score": 3.0, "arr": 0.0, "insights": 0},  # no evidence, all overridden
        {"need_id": 6, "score": 0.0, "arr": 0.0, "insights": 0},  # nothing said in the window
    ]
    assert [i["need_id"] for i in sorted(items, key=rank_key)] == [3, 4, 2, 1, 5, 6]


def test_a_need_without_effort_ranks_among_the_scored_by_the_default(
    store_client: TestClient,
) -> None:
    """Once one effort was set, that need outranked every need without one, whatever their
    evidence: an unset effort takes BOUCLE_RICE_DEFAULT_EFFORT and ranks by its score."""
    store_client.app.state.workspace.settings.rice_default_effort = 2.0
    wide = make_need(store_client, "Export crashes", [
        ("The CSV export crashes, we lose data!", "acme", 200_000),
        ("Export crashes again and again.", "globex", 90_000),
        ("The export crashes every time.", "initech", 5_000),
    ])  # fmt: skip
    narrow = make_need(store_client, "Emoji", [("Add emoji reactions please.", "tiny", 1_000)])
    store_client.patch(f"/v1/needs/{narrow}", json={"effort": 2})
    items = store_client.get("/v1/priorities").json()["items"]
    assert [i["need_id"] for i in items] == [wide, narrow]
    effort = items[0]["factors"]["effort"]
    assert (effort["value"], effort["defaulted"]) == (2.0, True) and "default" in effort["how"]
    # what the Impact tooltip says: what severity is and the scale it maps onto
    how = items[0]["factors"]["impact"]["how"]
    assert "Severity (0-1)" in how and "< 0.15 → 0.25" in how and "else → 3" in how


def test_a_blank_segment_on_the_backlog_and_priorities_is_no_server_error(
    store_client: TestClient,
) -> None:
    """?segment=%20 reached the typo check, whose Filters refuses a blank value: a 500."""
    for path in ("/v1/needs", "/v1/priorities"):
        answer = store_client.get(path, params={"segment": " "})
        assert answer.status_code == 200, (path, answer.text)
        assert answer.json()["warnings"] == [], path
