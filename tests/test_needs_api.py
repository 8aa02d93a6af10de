"""Needs: creation from insights, automatic links, the suggestion queue, merges, evidence."""

from fastapi.testclient import TestClient

from api.needs.matching import match_insights
from api.storage.tables import Insight

EXPORT = "The CSV export crashes every time I export a large project."


def ingest(client: TestClient, external_id: str, text: str, **extra) -> dict:
    item = {"source": "zendesk", "external_id": external_id, "text": text, **extra}
    response = client.post("/v1/feedback", json={"items": [item]})
    assert response.status_code == 200, response.text
    return response.json()["items"][0]


def need_of(client: TestClient, item: dict) -> int | None:
    return client.get(f"/v1/feedback/{item['id']}").json()["insights"][0]["need_id"]


def test_need_from_insight_collects_new_evidence(store_client: TestClient) -> None:
    first = ingest(store_client, "t1", EXPORT, account={"id": "a1", "name": "Acme", "arr": 9000})
    need = store_client.post(
        "/v1/needs",
        json={"title": "CSV export crashes", "insight_ids": [first["insights"][0]["id"]]},
    )
    assert need.status_code == 201, need.text
    need = need.json()
    assert need["created_from"] == "insights" and need["evidence_count"] == 1
    # Almost the same words: linked on arrival, with its score.
    twin = ingest(store_client, "t2", "The CSV export crashes every time I export a big project!",
                  account={"id": "a2"})  # fmt: skip
    insight = twin["insights"][0]
    assert (insight["need_id"], insight["need_link"]) == (need["id"], "auto")
    assert insight["link_score"] >= 0.775
    # Unrelated praise stays unlinked.
    assert (
        ingest(store_client, "t3", "I love the colours of the new logo.")["insights"][0]["need_id"]
        is None
    )
    # Saying the problem is gone is no evidence for it (the negation stage).
    fixed = ingest(store_client, "t4", "No more CSV export crashes since the update, thanks!")
    assert fixed["insights"][0]["need_id"] is None
    queue = store_client.get("/v1/needs/suggestions").json()["items"]
    assert fixed["insights"][0]["id"] not in {s["insight_id"] for s in queue}, queue
    detail = store_client.get(f"/v1/needs/{need['id']}").json()
    assert detail["evidence_count"] == 2 and detail["accounts"] == 2
    assert {e["external_id"] for e in detail["evidence"]} == {"t1", "t2"}
    assert detail["evidence"][0]["quote"] and detail["evidence"][0]["source"] == "zendesk"
    search = store_client.post(
        "/v1/search", json={"query": "export", "filters": {"need": need["id"]}}
    )
    assert {hit["feedback"]["external_id"] for hit in search.json()["items"]} == {"t1", "t2"}


def test_suggestions_accept_reject_and_remember(store_client: TestClient, tagger) -> None:
    ws = store_client.app.state.workspace
    ws.settings.need_auto_threshold = 0.99  # everything similar goes to a person
    ws.settings.need_review_threshold = 0.3
    need = store_client.post(
        "/v1/needs", json={"title": "CSV export crashes on large files"}
    ).json()
    one = ingest(store_client, "s1", EXPORT, created_at="2026-10-02T08:00:00Z",
                 account={"id": "acme", "name": "Acme", "segment": "enterprise"})  # fmt: skip
    two = ingest(store_client, "s2", "Exporting to CSV makes the app crash, fix it please.")
    queue = store_client.get("/v1/needs/suggestions").json()["items"]
    by_insight = {s["insight_id"]: s for s in queue}
    first, second = one["insights"][0]["id"], two["insights"][0]["id"]
    assert {first, second} <= set(by_insight) and by_insight[first]["need_id"] == need["id"]
    # what a reviewer weighs: when and who wrote it, not only when it was suggested
    shown = by_insight[first]
    assert shown["written_at"].startswith("2026-10-02T08:00:00") and shown["source"] == "zendesk"
    assert (shown["account_name"], shown["segment"], shown["language"]) == (
        "Acme",
        "enterprise",
        "en",
    )

    assert (
        store_client.post(f"/v1/needs/suggestions/{by_insight[first]['id']}/accept").status_code
        == 204
    )
    assert need_of(store_client, one) == need["id"]
    assert (
        store_client.post(f"/v1/needs/suggestions/{by_insight[second]['id']}/reject").status_code
        == 204
    )
    # a retried decision is done already; taking an accepted link back is an unlink
    accepted, rejected = by_insight[first]["id"], by_insight[second]["id"]
    assert store_client.post(f"/v1/needs/suggestions/{accepted}/accept").status_code == 204
    assert store_client.post(f"/v1/needs/suggestions/{rejected}/reject").status_code == 204
    back = store_client.post(f"/v1/needs/suggestions/{accepted}/reject")
    assert back.status_code == 409 and f"DELETE /v1/needs/{need['id']}/links/" in back.text
    assert need_of(store_client, one) == need["id"]
    # Matching that insight again proposes nothing: the rejection is remembered.
    with ws.db.session() as session:
        insight = session.get(Insight, second)
        vector = tagger.embed([insight.text])[0]
        assert match_insights(session, ws, [(insight, vector)]) == {}
    pending = store_client.get("/v1/needs/suggestions").json()["items"]
    assert second not in {s["insight_id"] for s in pending}
    # ... until the reviewer changes their mind: accepting it now links it
    assert store_client.post(f"/v1/needs/suggestions/{rejected}/accept").status_code == 204
    assert need_of(store_client, two) == need["id"]
    assert store_client.post("/v1/needs/suggestions/999/accept").status_code == 404


def pending_for(client: TestClient, insight_id: int, status: str = "pending") -> dict[int, dict]:
    params = {"status": status, "insight": insight_id}
    queue = client.get("/v1/needs/suggestions", params=params).json()["items"]
    assert {s["insight_id"] for s in queue} <= {insight_id}
    return {s["need_id"]: s for s in queue}


def test_an_insight_is_suggested_for_its_closest_needs(store_client: TestClient) -> None:
    ws = store_client.app.state.workspace
    ws.settings.need_auto_threshold = 0.99  # everything similar goes to a person
    ws.settings.need_review_threshold = 0.3
    titles = ["CSV export crashes on large files", "Exporting data to a spreadsheet fails"]
    needs = [store_client.post("/v1/needs", json={"title": t}).json()["id"] for t in titles]
    insight = ingest(store_client, "c1", EXPORT)["insights"][0]["id"]
    waiting = pending_for(store_client, insight)
    assert set(waiting) == set(needs), waiting
    chosen, other = needs[1], needs[0]
    for need in needs:
        queue = store_client.get("/v1/needs/suggestions", params={"need": need}).json()["items"]
        assert [s["id"] for s in queue] == [waiting[need]["id"]]
    assert store_client.get("/v1/needs/suggestions", params={"need": 0}).status_code == 422
    accepted = store_client.post(f"/v1/needs/suggestions/{waiting[chosen]['id']}/accept")
    assert accepted.status_code == 204
    assert pending_for(store_client, insight) == {}
    assert set(pending_for(store_client, insight, "superseded")) == {other}
    late = store_client.post(f"/v1/needs/suggestions/{waiting[other]['id']}/accept")
    assert late.status_code == 409 and "already superseded" in late.json()["message"]


def test_merging_needs_that_share_a_suggestion(store_client: TestClient) -> None:
    ws = store_client.app.state.workspace
    ws.settings.need_auto_threshold = 0.99
    ws.settings.need_review_threshold = 0.3
    titles = ["CSV export crashes on large files", "Exporting data to a spreadsheet fails"]
    keep, gone = (store_client.post("/v1/needs", json={"title": t}).json()["id"] for t in titles)
    insight = ingest(store_client, "c2", EXPORT)["insights"][0]["id"]
    assert set(pending_for(store_client, insight)) == {keep, gone}
    merged = store_client.post(f"/v1/needs/{keep}/merge", json={"sources": [gone]})
    assert merged.status_code == 200, merged.text
    assert set(pending_for(store_client, insight)) == {keep}
    assert set(pending_for(store_client, insight, "superseded")) == {gone}


def test_merge_moves_links_and_keeps_lineage(store_client: TestClient) -> None:
    a = ingest(store_client, "m1", EXPORT)
    b = ingest(store_client, "m2", "Please add a dark mode to the mobile app.")
    keep = store_client.post(
        "/v1/needs", json={"title": "Export", "insight_ids": [a["insights"][0]["id"]]}
    ).json()
    gone = store_client.post(
        "/v1/needs", json={"title": "Dark", "insight_ids": [b["insights"][0]["id"]]}
    ).json()
    merged = store_client.post(f"/v1/needs/{keep['id']}/merge", json={"sources": [gone["id"]]})
    assert merged.status_code == 200, merged.text
    assert merged.json()["evidence_count"] == 2
    assert merged.json()["lineage"][-1]["event"] == "merged"
    assert merged.json()["lineage"][-1]["need"] == gone["id"]
    assert need_of(store_client, b) == keep["id"]
    old = store_client.get(f"/v1/needs/{gone['id']}").json()
    assert old["merged_into_id"] == keep["id"] and old["evidence_count"] == 0
    assert gone["id"] not in {n["id"] for n in store_client.get("/v1/needs").json()["items"]}
    assert (
        store_client.post(
            f"/v1/needs/{keep['id']}/merge", json={"sources": [gone["id"]]}
        ).status_code
        == 409
    )
    assert (
        store_client.post(
            f"/v1/needs/{keep['id']}/merge", json={"sources": [keep["id"]]}
        ).status_code
        == 409
    )
    assert store_client.patch(f"/v1/needs/{gone['id']}", json={"title": "x"}).status_code == 409


def test_status_edits_links_and_bad_input(store_client: TestClient) -> None:
    a = ingest(store_client, "e1", EXPORT)
    need = store_client.post("/v1/needs", json={"title": "Export crashes"}).json()
    insight_id = a["insights"][0]["id"]
    linked = store_client.post(f"/v1/needs/{need['id']}/links", json={"insight_ids": [insight_id]})
    assert linked.json()["evidence"][0]["how"] == "manual"
    shipped = store_client.patch(f"/v1/needs/{need['id']}", json={"status": "shipped"}).json()
    assert shipped["status"] == "shipped"
    assert shipped["lineage"][-1] == {**shipped["lineage"][-1], "from": "open", "to": "shipped"}
    assert [
        n["id"] for n in store_client.get("/v1/needs", params={"status": "shipped"}).json()["items"]
    ] == [need["id"]]
    assert store_client.delete(f"/v1/needs/{need['id']}/links/{insight_id}").status_code == 204
    assert need_of(store_client, a) is None
    assert store_client.patch(f"/v1/needs/{need['id']}", json={"status": "done"}).status_code == 422
    for field in ("title", "status"):  # were 500s
        refused = store_client.patch(f"/v1/needs/{need['id']}", json={field: None})
        assert refused.status_code == 422 and "cannot be null" in refused.json()["message"]
    store_client.patch(f"/v1/needs/{need['id']}", json={"rice_overrides": {"impact": 3}})
    cleared = store_client.patch(f"/v1/needs/{need['id']}", json={"rice_overrides": None})
    assert cleared.status_code == 200 and not cleared.json()["rice_overrides"]
    assert store_client.post("/v1/needs", json={"title": " "}).status_code == 422
    missing = store_client.post("/v1/needs", json={"title": "x", "insight_ids": [424242]})
    assert missing.status_code == 404 and "424242" in missing.json()["message"]
    assert store_client.get("/v1/needs/999").status_code == 404


def test_audit_trail_says_who_changed_what(store_client: TestClient) -> None:
    need = store_client.post("/v1/needs", json={"title": "Audit me"}).json()
    store_client.patch(f"/v1/needs/{need['id']}", json={"status": "planned"})
    assert store_client.patch(f"/v1/needs/{need['id']}", json={}).status_code == 200
    trail = store_client.get(f"/v1/needs/{need['id']}/audit").json()["items"]
    assert [e["action"] for e in trail] == ["need.create", "need.update"]
    assert trail[1]["detail"]["before"] == {"status": "open"}
    assert trail[1]["detail"]["after"] == {"status": "planned"} and trail[1]["actor"] == "api"
    assert store_client.get("/v1/needs/999/audit").status_code == 404


def test_a_need_that_loses_evidence_to_another_says_where_it_went(
    store_client: TestClient,
) -> None:
    item = ingest(store_client, "mv1", EXPORT)
    insight_id = item["insights"][0]["id"]
    first = store_client.post(
        "/v1/needs", json={"title": "Export", "insight_ids": [insight_id, insight_id]}
    ).json()
    assert first["evidence_count"] == 1
    assert first["lineage"][0]["insights"] == [insight_id]  # a repeated id counts once
    second = store_client.post(
        "/v1/needs", json={"title": "CSV crashes", "insight_ids": [insight_id]}
    ).json()
    assert need_of(store_client, item) == second["id"]
    loser = store_client.get(f"/v1/needs/{first['id']}").json()
    assert loser["evidence_count"] == 0
    moved = loser["lineage"][-1]
    assert (moved["event"], moved["insight"], moved["to"]) == (
        "evidence_moved", insight_id, second["id"]
    )  # fmt: skip
    # and back again by hand: the second need's lineage says so in turn
    store_client.post(f"/v1/needs/{first['id']}/links", json={"insight_ids": [insight_id]})
    assert store_client.get(f"/v1/needs/{second['id']}").json()["lineage"][-1]["to"] == first["id"]


def test_linking_an_insight_linked_elsewhere_says_which_need_it_left(
    store_client: TestClient,
) -> None:
    """The link moved it from the other need silently (200, nothing said): the PM who linked
    it did not know another need lost that evidence."""
    item = ingest(store_client, "mv2", EXPORT)
    insight_id = item["insights"][0]["id"]
    first = store_client.post("/v1/needs", json={"title": "Export", "insight_ids": [insight_id]})
    second = store_client.post("/v1/needs", json={"title": "CSV crashes"}).json()["id"]

    linked = store_client.post(f"/v1/needs/{second}/links", json={"insight_ids": [insight_id]})
    assert linked.status_code == 200, linked.text
    assert linked.json()["warnings"] == [
        f"insight {insight_id} moved here from need {first.json()['id']} ('Export'), which no "
        "longer counts it"
    ]
    again = store_client.post(f"/v1/needs/{second}/links", json={"insight_ids": [insight_id]})
    assert again.json()["warnings"] == []  # already here: nothing moved


def test_suggestions_of_a_need_or_insight_not_stored_are_a_404(store_client: TestClient) -> None:
    """An empty queue for a mistyped id looked like a need with nothing left to review."""
    missing = store_client.get("/v1/needs/suggestions", params={"need": 99999})
    assert missing.status_code == 404 and missing.json()["message"] == "no need with id 99999"
    unknown = store_client.get("/v1/needs/suggestions", params={"insight": 99999})
    assert unknown.status_code == 404
    assert unknown.json()["message"] == "no insight with id 99999"
    need = store_client.post("/v1/needs", json={"title": "Dark mode"}).json()["id"]
    waiting = store_client.get("/v1/needs/suggestions", params={"need": need})
    assert waiting.status_code == 200 and waiting.json()["items"] == []


def test_a_need_says_how_many_suggestions_wait_and_rice_says_reach_leaves_them_out(
    store_client: TestClient,
) -> None:
    """A need looked quiet (growth 0) while its topic's complaints sat below the auto-link
    threshold: the list, the detail and the RICE reach say so."""
    ws = store_client.app.state.workspace
    ws.settings.need_auto_threshold = 0.99  # everything similar goes to a person
    ws.settings.need_review_threshold = 0.3
    need = store_client.post("/v1/needs", json={"title": "CSV export crashes on large files"})
    need_id = need.json()["id"]
    assert need.json()["pending_suggestions"] == 0
    ingest(store_client, "p1", EXPORT, created_at="2026-11-02T08:00:00Z")
    ingest(store_client, "p2", "Exporting to CSV makes the app crash, fix it please.",
           created_at="2026-11-12T08:00:00Z")  # fmt: skip
    waiting = store_client.get("/v1/needs/suggestions", params={"need": need_id}).json()["items"]
    assert len(waiting) == 2
    listed = next(n for n in store_client.get("/v1/needs").json()["items"] if n["id"] == need_id)
    shown = store_client.get(f"/v1/needs/{need_id}").json()
    for item in (listed, shown):
        assert item["pending_suggestions"] == 2
        assert item["pending_latest"].startswith("2026-11-12")
    ranked = store_client.get("/v1/priorities").json()["items"]
    mine = next(i for i in ranked if i["need_id"] == need_id)
    assert mine["pending_suggestions"] == 2
    assert "leaves out 2 suggestions waiting for review" in mine["factors"]["reach"]["how"]
    store_client.post(f"/v1/needs/suggestions/{waiting[0]['id']}/accept")
    assert store_client.get(f"/v1/needs/{need_id}").json()["pending_suggestions"] == 1


def test_an_insight_queued_for_review_says_its_suggested_need(store_client: TestClient) -> None:
    """A French item scoring just under the auto threshold went to the suggestion queue while
    ingest's answer said only need_id: null. Each insight now says the suggestion waiting for a
    person, as GET /v1/feedback/{id} does, until a decision links it."""
    ws = store_client.app.state.workspace
    ws.settings.need_auto_threshold = 0.99  # everything similar goes to a person
    ws.settings.need_review_threshold = 0.3
    first = ingest(store_client, "t1", EXPORT)
    need = store_client.post(
        "/v1/needs", json={"title": "CSV export", "insight_ids": [first["insights"][0]["id"]]}
    ).json()
    item = ingest(store_client, "t2", "L'export CSV plante à chaque fois sur les gros projets.")
    [insight] = item["insights"]
    [queued] = store_client.get("/v1/needs/suggestions", params={"insight": insight["id"]}).json()[
        "items"
    ]
    assert insight["need_id"] is None
    assert insight["suggested_need"] == {"id": need["id"], "score": queued["score"]}, insight
    assert 0.3 <= queued["score"] < 0.99
    stored = store_client.get(f"/v1/feedback/{item['id']}").json()["insights"][0]
    assert stored["suggested_need"] == insight["suggested_need"]
    listed = store_client.get("/v1/feedback", params={"external_id": "t2"}).json()["items"]
    assert listed[0]["insights"][0]["suggested_need"] == insight["suggested_need"]
    # a linked insight, and one never queued, suggest nothing
    assert first["insights"][0]["suggested_need"] is None
    assert store_client.post(f"/v1/needs/suggestions/{queued['id']}/accept").status_code == 204
    linked = store_client.get(f"/v1/feedback/{item['id']}").json()["insights"][0]
    assert (linked["need_id"], linked["suggested_need"]) == (need["id"], None)
    schema = store_client.get("/openapi.json").json()["components"]["schemas"]
    assert "suggested_need" in schema["StoredInsight"]["properties"]


def test_the_backlog_of_a_segment_counts_only_that_segments_evidence(
    store_client: TestClient,
) -> None:
    """GET /v1/needs?segment=enterprise: evidence_count and accounts are the segment's, as
    `impact` is (they were all-time beside the segment's impact)."""
    accounts = [{"id": "big", "segment": "enterprise"}, {"id": "small", "segment": "smb"},
                {"id": "tiny", "segment": "smb"}]  # fmt: skip
    items = [ingest(store_client, f"s{n}", f"{EXPORT} ({n})", account=account)
             for n, account in enumerate(accounts)]  # fmt: skip
    ids = [item["insights"][0]["id"] for item in items]
    created = store_client.post("/v1/needs", json={"title": "CSV export", "insight_ids": ids})
    assert created.status_code == 201, created.text
    (need,) = store_client.get("/v1/needs", params={"segment": "enterprise"}).json()["items"]
    assert (need["impact"]["insights"], need["impact"]["accounts"]) == (1, 1)
    assert (need["evidence_count"], need["accounts"]) == (1, 1)  # was 3, 3: all-time
    (need,) = store_client.get("/v1/needs", params={"segment": "SMB"}).json()["items"]
    assert (need["evidence_count"], need["accounts"]) == (2, 2) == (
        need["impact"]["insights"], need["impact"]["accounts"])  # fmt: skip
    (need,) = store_client.get("/v1/needs").json()["items"]
    assert (need["evidence_count"], need["accounts"]) == (3, 3)
    # ?account=: the needs its feedback is evidence of, its own or its contact's account
    contact = {"id": "ann", "email": "ann@example.com", "account_id": "big"}
    dark = ingest(store_client, "d1", "Please add a dark mode.", contact=contact)
    store_client.post("/v1/needs", json={"title": "Dark mode",
                                         "insight_ids": [dark["insights"][0]["id"]]})  # fmt: skip

    def of(account: str) -> list[str]:
        answer = store_client.get("/v1/needs", params={"account": account})
        return [n["title"] for n in answer.json()["items"]]

    assert (of("big"), of("small")) == (["CSV export", "Dark mode"], ["CSV export"])
    unknown = store_client.get("/v1/needs", params={"account": "nobody"})
    assert unknown.status_code == 404 and "GET /v1/accounts" in unknown.json()["message"]


def test_a_decided_need_cannot_be_merged_into_another(store_client: TestClient) -> None:
    """Merged into an open need, a shipped one's customers were offered "You asked, we built it:
    <the open need>" with their quotes, and its own messages stayed queued."""
    a = ingest(store_client, "d1", EXPORT)
    b = ingest(store_client, "d2", "Please add an offline mode to the mobile app.")
    open_need = store_client.post(
        "/v1/needs", json={"title": "Export", "insight_ids": [a["insights"][0]["id"]]}
    ).json()
    shipped = store_client.post(
        "/v1/needs", json={"title": "Offline", "insight_ids": [b["insights"][0]["id"]]}
    ).json()
    assert (
        store_client.patch(f"/v1/needs/{shipped['id']}", json={"status": "shipped"}).status_code
        == 200
    )

    refused = store_client.post(
        f"/v1/needs/{open_need['id']}/merge", json={"sources": [shipped["id"]]}
    )

    assert refused.status_code == 409, refused.text
    assert "is shipped" in refused.json()["message"]
    assert need_of(store_client, b) == shipped["id"]  # nothing moved
    the_other_way = store_client.post(
        f"/v1/needs/{shipped['id']}/merge", json={"sources": [open_need["id"]]}
    )
    assert the_other_way.status_code == 200, the_other_way.text
