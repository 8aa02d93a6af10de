"""POST /v1/search and GET /v1/insights/{id}/similar: ranking, every filter, both vector stores."""

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from api.app import create_app

ITEMS = [
    {"source": "zendesk", "external_id": "z1", "created_at": "2026-09-01T10:00:00Z",
     "text": "The CSV export crashes when the file is large.",
     "account": {"id": "big", "name": "Big Corp", "arr": 500000, "segment": "enterprise"}},
    {"source": "app_store", "external_id": "a1", "created_at": "2026-10-15T10:00:00Z",
     "text": "L'export CSV plante systématiquement, c'est inutilisable."},
    {"source": "zendesk", "external_id": "z2", "created_at": "2026-11-01T10:00:00Z",
     "text": "Please add a dark mode, my eyes hurt at night.",
     "account": {"id": "small", "name": "Small Shop", "arr": 1200, "segment": "smb"}},
    {"source": "nps_survey", "external_id": "n1", "created_at": "2026-11-10T10:00:00Z",
     "text": "Great support team, they answered in minutes. Thank you!", "score": 10},
]  # fmt: skip


def search(client: TestClient, query: str, **filters) -> list[str]:
    response = client.post("/v1/search", json={"query": query, "limit": 10, "filters": filters})
    assert response.status_code == 200, response.text
    return [hit["feedback"]["external_id"] for hit in response.json()["items"]]


def check_search(client: TestClient) -> None:
    assert client.post("/v1/feedback", json={"items": ITEMS}).status_code == 200
    ranked = search(client, "export to CSV is broken")
    assert set(ranked[:2]) == {"z1", "a1"}  # English and French, the same need
    assert search(client, "export to CSV is broken", language="fr")[0] == "a1"
    assert search(client, "export to CSV is broken", language=["FR", "fr-CA"])[0] == "a1"
    assert search(client, "export", source=["app_store", "nps_survey"])[0] == "a1"
    assert search(client, "export", segment="enterprise") == ["z1"]
    assert search(client, "export", account="small") == ["z2"]
    window = {"created_from": "2026-10-01T00:00:00Z", "created_to": "2026-11-05T00:00:00Z"}
    assert set(search(client, "anything", **window)) == {"a1", "z2"}
    assert "n1" in search(client, "support", sentiment="positive")
    assert "n1" not in search(client, "support", sentiment="negative")
    unknown = client.post("/v1/search", json={"query": "export", "filters": {"need": 12345}})
    assert unknown.status_code == 404 and unknown.json()["message"] == "no need with id 12345"
    close = client.post("/v1/search", json={"query": "dark mode", "min_score": 0.35}).json()[
        "items"
    ]
    assert [h["feedback"]["external_id"] for h in close] == ["z2"] and close[0]["score"] >= 0.35
    hit = client.post("/v1/search", json={"query": "dark mode"}).json()["items"][0]
    assert hit["feedback"]["external_id"] == "z2" and hit["account"]["segment"] == "smb"
    assert -1 <= hit["score"] <= 1 and hit["text"].startswith("Please add a dark mode")

    # The segment filter follows an account's change.
    client.put("/v1/accounts/small", json={"segment": "enterprise"})
    assert set(search(client, "export", segment="enterprise")) == {"z1", "z2"}

    first = client.get("/v1/feedback/1").json()["insights"][0]["id"]
    similar = client.get(f"/v1/insights/{first}/similar").json()["items"]
    assert similar[0]["feedback"]["external_id"] == "a1"
    assert first not in {hit["insight_id"] for hit in similar}
    assert client.get("/v1/insights/999999/similar").status_code == 404


def test_search_on_the_embedded_store(store_client: TestClient) -> None:
    check_search(store_client)


def test_search_through_qdrant_client(settings, tagger) -> None:
    """The server adapter (qdrant-client, here in local mode) behaves the same."""
    settings = settings.model_copy(update={"qdrant_url": ":memory:"})
    with TestClient(create_app(settings, tagger)) as client:
        check_search(client)


@pytest.mark.parametrize(
    "body, field",
    [
        ({"query": ""}, "query"),
        ({"query": "x", "limit": 0}, "limit"),
        ({"query": "x", "offset": -1}, "offset"),
        ({"query": "x", "offset": 10_001}, "offset"),
        ({"query": "x", "min_score": 1.5}, "min_score"),
        ({"query": "x", "filters": {"colour": "red"}}, "filters.colour"),
        ({"query": "x", "filters": {"source": []}}, "filters.source"),
        ({"query": "x", "filters": {"sentiment": "angry"}}, "filters.sentiment"),
        ({"query": "x", "filters": {"intent": ["bug_report", "bug"]}}, "filters.intent"),
        ({"query": "x", "filters": {"urgency": "urgent"}}, "filters.urgency"),
        ({"query": "x", "filters": {"language": ["en", "French"]}}, "filters.language"),
        ({"query": "x", "filters": {"created_from": "2026-11-02T00:00:00Z",
                                    "created_to": "2026-11-01T00:00:00Z"}}, "filters.created_to"),
    ],
)  # fmt: skip
def test_bad_searches_say_what_to_fix(client: TestClient, body: dict, field: str) -> None:
    response = client.post("/v1/search", json=body)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]], response.json()


def test_a_misspelt_label_is_refused_not_an_empty_page(client: TestClient) -> None:
    response = client.get("/v1/feedback", params={"sentiment": "angry"})
    assert response.status_code == 422
    assert "negative, neutral, positive" in response.text
    misspelt = client.get("/v1/feedback", params={"intent": "bugs"}).json()["message"]
    assert "'bugs' is not an intent" in misspelt
    # a misspelt parameter name was ignored: every item came back, as if filtered
    typo = client.get("/v1/feedback", params={"langauge": "fr"})
    assert typo.status_code == 422 and typo.json()["errors"][0]["field"] == "?langauge"
    assert "language" in typo.json()["message"]
    assert client.get("/v1/feedback", params={"language": "fr", "_": "1"}).status_code == 200
    assert client.get("/v1/feedback", params={"sentiment": "negative"}).status_code == 200


def test_repeats_of_one_text_fold_into_one_hit(client: TestClient) -> None:
    repeated = "The CSV export crashes on big projects."
    items = [{"source": "community", "external_id": f"r{i}", "text": repeated} for i in range(3)]
    items.append({"source": "community", "external_id": "o", "text": "The PDF export is too slow."})
    assert client.post("/v1/feedback", json={"items": items}).status_code == 200

    hits = client.post("/v1/search", json={"query": "export crash", "limit": 5}).json()["items"]
    assert [(h["text"], h["same_text"]) for h in hits] == [
        (repeated, 2),
        ("The PDF export is too slow.", 0),
    ]
    every = {"query": "export crash", "limit": 5, "distinct": False}
    assert [h["text"] for h in client.post("/v1/search", json=every).json()["items"]] == [
        repeated, repeated, repeated, "The PDF export is too slow."
    ]  # fmt: skip

    other = client.get("/v1/feedback/4").json()["insights"][0]["id"]
    similar = client.get(f"/v1/insights/{other}/similar").json()["items"]
    assert [(h["text"], h["same_text"]) for h in similar] == [(repeated, 2)]
    assert len(client.get(f"/v1/insights/{other}/similar?distinct=false").json()["items"]) == 3
    # one of the repeats: the others say the same words, not something similar
    first = client.get("/v1/feedback/1").json()["insights"][0]["id"]
    similar = client.get(f"/v1/insights/{first}/similar").json()["items"]
    assert [h["text"] for h in similar] == ["The PDF export is too slow."]


def test_similar_starts_from_a_message(client: TestClient) -> None:
    """An analyst holding a ticket has its feedback id, or its source and external_id: similar
    starts from the message's insights, and leaves out them and the insights saying their very
    words (repeats, not similar) in pages and files alike."""
    ticket = "The CSV export crashes on big files. The login page is very slow every morning."
    items = [
        {"source": "zendesk", "external_id": "T-1", "text": ticket},
        *({"source": "community", "external_id": f"r{i}",
           "text": "the csv export crashes on big files!"} for i in range(2)),
        {"source": "community", "external_id": "o1", "text": "Exporting to CSV fails on large projects."},
        {"source": "web", "external_id": "o2", "text": "Logging in takes ages in the morning."},
        {"source": "web", "external_id": "o3", "text": "Please add a dark mode."},
        {"source": "nps", "external_id": "s1", "score": 9},
    ]  # fmt: skip
    assert client.post("/v1/feedback", json={"items": items}).status_code == 200
    seed = client.get("/v1/feedback/1").json()
    assert len(seed["insights"]) == 2  # both of its points are what it is similar to

    def external_ids(answer) -> list[str]:
        assert answer.status_code == 200, answer.text
        kind = answer.headers["content-type"]
        if kind.startswith("text/csv"):
            return [line.split(",")[3] for line in answer.text.splitlines()[1:]]
        hits = (
            map(json.loads, answer.text.splitlines())
            if "ndjson" in kind
            else answer.json()["items"]
        )
        return [hit["feedback"]["external_id"] for hit in hits]

    by_id = client.get("/v1/feedback/1/similar")
    assert sorted(external_ids(by_id)) == ["o1", "o2", "o3"]
    by_key = client.get("/v1/feedback/similar",
                        params={"feedback_source": "ZenDesk", "feedback_external_id": "T-1"})  # fmt: skip
    assert by_key.json() == by_id.json()
    for params in ({"distinct": "false"}, {"format": "csv"}, {"format": "jsonl"}):
        files = client.get("/v1/feedback/1/similar", params=params)
        assert sorted(external_ids(files)) == ["o1", "o2", "o3"], params
    # one of the ticket's insights as the seed: the repeats of its words are left out of files too
    first = seed["insights"][0]["id"]
    said = client.get(f"/v1/insights/{first}/similar", params={"format": "csv"})
    assert "r0" not in external_ids(said) and "r1" not in external_ids(said)
    # the filters narrow the hits, and a value nothing has is said
    narrowed = client.get("/v1/feedback/1/similar", params={"source": "community"})
    assert external_ids(narrowed) == ["o1"]
    typo = client.get("/v1/feedback/1/similar", params={"source": "comunity"}).json()
    assert typo["warnings"][0].startswith("no feedback has source 'comunity'")

    missing = client.get("/v1/feedback/999999/similar")
    assert (missing.status_code, missing.json()["message"]) == (404, "no feedback with id 999999")
    unknown = client.get("/v1/feedback/similar",
                         params={"feedback_source": "zendesk", "feedback_external_id": "T-2"})  # fmt: skip
    assert unknown.status_code == 404
    assert unknown.json()["message"] == "no feedback from source 'zendesk' with external_id 'T-2'"
    score_only = client.get("/v1/feedback/7/similar")
    assert score_only.status_code == 422, score_only.text
    assert "feedback 7 has no insight to compare" in score_only.json()["message"]
    half = client.get("/v1/feedback/similar", params={"feedback_source": "zendesk"})
    assert half.status_code == 422
    assert [e["field"] for e in half.json()["errors"]] == ["?feedback_external_id"]


def test_many_repeats_still_fill_the_page_and_pages_follow_on(client: TestClient) -> None:
    repeated = "Zebra stripes in the calendar view would be lovely."
    items = [{"source": "tmpl", "external_id": f"t{i}", "text": repeated} for i in range(40)]
    others = ["Calendar colours are hard to read.", "Please add a week view to the calendar.",
              "Calendar sync with Google fails.", "The calendar is slow to open."]  # fmt: skip
    items += [{"source": "tmpl", "external_id": f"o{i}", "text": t} for i, t in enumerate(others)]
    assert client.post("/v1/feedback", json={"items": items}).status_code == 200

    def page(**extra) -> list[dict]:
        body = {"query": "zebra stripes in the calendar", **extra}
        response = client.post("/v1/search", json=body)
        assert response.status_code == 200, response.text
        return response.json()["items"]

    for limit in (1, 3, 5, 10):  # 40 repeats do not crowd out the other texts, nor change count
        hits = page(limit=limit)
        assert len(hits) == min(limit, 5)
        assert (hits[0]["text"], hits[0]["same_text"]) == (repeated, 39)
    whole = page(limit=5)
    assert len({h["text"] for h in whole}) == 5
    assert page(limit=2) + page(limit=2, offset=2) + page(limit=2, offset=4) == whole
    # without folding, equal scores come in id order whatever the limit
    every = page(limit=30, distinct=False)
    assert every[:10] == page(limit=10, distinct=False)
    assert every[10:20] == page(limit=10, offset=10, distinct=False)
    tied = [h["insight_id"] for h in every if h["text"] == repeated]
    assert tied == sorted(tied) and len(tied) == 30


def test_an_empty_filter_value_is_refused_everywhere(client: TestClient) -> None:
    searched = client.post("/v1/search", json={"query": "x", "filters": {"segment": ""}})
    assert searched.status_code == 422 and "empty value" in searched.json()["message"]
    listed = client.post("/v1/search", json={"query": "x", "filters": {"account": ["a", " "]}})
    assert listed.status_code == 422
    exported = client.get("/v1/insights/export", params={"segment": ""})
    assert exported.status_code == 422 and "empty value" in exported.json()["message"]


def test_hits_are_the_stored_records(store_client: TestClient) -> None:
    """Hits are read as plain SQL rows (one query, payloads left in the store): each is the
    export's record of its insight plus its score, on both engines; sources and segments are
    matched whatever their case, one index seek per stored spelling."""
    client = store_client
    assert client.post("/v1/feedback", json={"items": ITEMS}).status_code == 200
    client.put("/v1/accounts/small", json={"segment": "Enterprise"})  # "enterprise" is stored
    client.put("/v1/accounts/plain", json={"name": "Plain"})  # no segment at all
    first = client.get("/v1/feedback/1").json()["insights"][0]["id"]
    assert client.post("/v1/needs", json={"title": "Export", "insight_ids": [first]}).is_success
    lines = client.get("/v1/insights/export", params={"format": "jsonl"}).text.splitlines()
    records = {record["insight_id"]: record for record in map(json.loads, lines)}

    def hits(**filters) -> list[dict]:
        body = {"query": "the export crashes", "limit": 10, "filters": filters}
        response = client.post("/v1/search", json=body)
        assert response.status_code == 200, response.text
        return response.json()["items"]

    every = hits()
    assert len(every) == len(records) and every[0]["need_id"] is not None
    for hit in every:
        shown = {k: v for k, v in hit.items() if k not in ("score", "same_text")}
        assert shown == records[hit["insight_id"]]
    assert hits(source=["ZENDESK", "App_Store"]) == hits(source=["zendesk", "app_store"])
    assert [h["feedback"]["external_id"] for h in hits(source="Zendesk")] == ["z1", "z2"]
    assert {h["feedback"]["external_id"] for h in hits(segment="ENTERPRISE")} == {"z1", "z2"}
    assert hits(source="nowhere") == [] and hits(segment="none") == []


def test_a_page_of_hits_says_where_the_next_starts(client: TestClient) -> None:
    """next_offset on search and similar (null on the last page), as a header on a file."""
    texts = ["The calendar is slow to open.", "Calendar colours are hard to read.",
             "Please add a week view to the calendar.", "Calendar sync with Google fails.",
             "The calendar forgets my time zone."]  # fmt: skip
    items = [{"source": "web", "external_id": f"c{i}", "text": t} for i, t in enumerate(texts)]
    assert client.post("/v1/feedback", json={"items": items}).status_code == 200
    body = {"query": "calendar problems", "limit": 2}

    def pages(route, send) -> list[tuple[list[int], int | None]]:
        offset, seen = 0, []
        while offset is not None:
            answer = send(route, offset)
            assert answer.status_code == 200, answer.text
            page = answer.json()
            seen.append(([h["insight_id"] for h in page["items"]], page["next_offset"]))
            offset = page["next_offset"]
        return seen

    searched = pages("/v1/search", lambda r, o: client.post(r, json={**body, "offset": o}))
    assert [next_offset for _, next_offset in searched] == [2, 4, None]
    whole = client.post("/v1/search", json={**body, "limit": 10}).json()
    assert [i for ids, _ in searched for i in ids] == [h["insight_id"] for h in whole["items"]]
    assert whole["next_offset"] is None and len(whole["items"]) == 5

    first = client.get("/v1/feedback/1").json()["insights"][0]["id"]
    route = f"/v1/insights/{first}/similar"
    similar = pages(route, lambda r, o: client.get(r, params={"limit": 2, "offset": o}))
    assert [next_offset for _, next_offset in similar] == [2, None]
    every = client.get(route, params={"limit": 10}).json()["items"]
    assert [i for ids, _ in similar for i in ids] == [h["insight_id"] for h in every]

    # a file says in a header that more hits are left after its rows, and where they start
    cut = client.post("/v1/search", params={"format": "csv"}, json=body)
    assert cut.headers["x-next-offset"] == "2" and len(cut.text.splitlines()) == 3
    whole_file = client.post("/v1/search", params={"format": "csv"}, json={**body, "limit": 9})
    assert "x-next-offset" not in whole_file.headers and len(whole_file.text.splitlines()) == 6
    csv_similar = client.get(route, params={"format": "csv", "limit": 2, "offset": 2})
    assert csv_similar.headers["content-type"].startswith("text/csv")
    assert "x-next-offset" not in csv_similar.headers
    rows = [line.split(",")[0] for line in csv_similar.text.splitlines()[1:]]
    assert rows == [str(i) for i in similar[1][0]]
    lines = client.get(route, params={"format": "jsonl", "limit": 2}).text.splitlines()
    assert [json.loads(line)["insight_id"] for line in lines] == similar[0][0]


def test_a_file_of_hits_may_hold_more_than_a_page(client: TestClient) -> None:
    """Up to 200 hits a JSON page; a file up to 5,000: a larger limit is refused, not cut."""
    first = {"source": "web", "external_id": "x", "text": "The export is slow."}
    assert client.post("/v1/feedback", json={"items": [first]}).status_code == 200
    insight = client.get("/v1/feedback/1").json()["insights"][0]["id"]
    for limit, fmt, status in ((201, None, 422), (5_000, "csv", 200), (5_001, "csv", 422),
                               (5_000, "jsonl", 200)):  # fmt: skip
        params = {"format": fmt} if fmt else {}
        searched = client.post("/v1/search", params=params, json={"query": "x", "limit": limit})
        similar = client.get(f"/v1/insights/{insight}/similar", params={**params, "limit": limit})
        for answer in (searched, similar):
            assert answer.status_code == status, (limit, fmt, answer.text)
    refused = client.post("/v1/search", json={"query": "x", "limit": 201}).json()
    assert refused["errors"][0]["field"] == "limit"
    assert "?format=csv or jsonl, up to 5,000 hits" in refused["message"]
    deep = client.get(f"/v1/insights/{insight}/similar", params={"offset": 10_001})
    assert deep.status_code == 422


def test_similar_leaves_out_hits_under_min_score(client: TestClient) -> None:
    """GET /v1/insights/{id}/similar takes min_score as POST /v1/search does: the unrelated
    tail is left out, and a bound outside -1 to 1 is a 422 naming it."""
    assert client.post("/v1/feedback", json={"items": ITEMS}).status_code == 200
    first = client.get("/v1/feedback/1").json()["insights"][0]["id"]
    route = f"/v1/insights/{first}/similar"
    every = client.get(route).json()["items"]
    assert len(every) == 3 and every[-1]["score"] < 0.35, every  # the French twin, then the rest
    close = client.get(route, params={"min_score": 0.35}).json()["items"]
    assert [h["feedback"]["external_id"] for h in close] == ["a1"]
    assert close[0]["score"] >= 0.35
    for bad in ("1.5", "-2", "high"):
        refused = client.get(route, params={"min_score": bad})
        assert refused.status_code == 422, refused.text
        assert [e["field"] for e in refused.json()["errors"]] == ["?min_score"], refused.json()


def test_source_spellings_are_read_again_once_an_item_is_stored(store_client: TestClient) -> None:
    """A source filter read every stored spelling of the sources at each request (a seek each):
    they are kept until an item is stored, so a spelling stored after a first search is found."""
    client = store_client
    first = {"source": "Helpdesk", "external_id": "h1", "text": "The CSV export crashes."}
    assert client.post("/v1/feedback", json={"items": [first]}).status_code == 200
    listings = []

    def count_listings(_connection, _cursor, statement: str, *_args) -> None:
        if "spelt" in statement:  # each_value's loose index scan
            listings.append(statement)

    engine = client.app.state.workspace.db.engine
    event.listen(engine, "before_cursor_execute", count_listings)
    try:
        assert search(client, "export", source="helpdesk") == ["h1"]
        assert search(client, "export", source="HELPDESK") == ["h1"]
        assert len(listings) == 1  # read by the first search, kept for the second
        second = {"source": "HelpDesk", "external_id": "h2", "text": "Exporting to Excel fails."}
        assert client.post("/v1/feedback", json={"items": [second]}).status_code == 200
        assert set(search(client, "export", source="helpdesk")) == {"h1", "h2"}
        assert len(listings) == 2
        assert sorted(search(client, "export", source=["helpdesk", "zendesk"])) == ["h1", "h2"]
        assert len(listings) == 2
    finally:
        event.remove(engine, "before_cursor_execute", count_listings)
