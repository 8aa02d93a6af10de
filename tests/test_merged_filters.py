"""A filter on a theme or need merged away follows the merge, to the one standing at the end of
the chain, and says so: it answered 200, nothing, and no warning, while an unknown id is a 404."""

from fastapi.testclient import TestClient

from tests.test_needs_api import EXPORT, ingest
from tests.test_themes_api import CALENDAR, INVOICE, post, seed

LOVE = "I love this product, the team is fantastic."


def test_a_merged_theme_filter_follows_the_merges_and_says_so(store_client: TestClient) -> None:
    stored = post(store_client, [*CALENDAR, *INVOICE, LOVE], "f")
    invoice_items = {item["id"] for item in stored[3:5]}
    calendar = seed(store_client, "Calendar sync", ["calendar sync is broken"])["id"]
    invoices = seed(store_client, "Invoices", ["wrong VAT on the invoice"])["id"]
    praise = seed(store_client, "Praise", ["I love this product"])["id"]
    for source, into in (
        (invoices, calendar),
        (calendar, praise),
    ):  # invoices -> calendar -> praise
        merged = store_client.post("/v1/themes/merge", json={"into": into, "sources": [source]})
        assert merged.status_code == 200, merged.text
    said = [f"theme {invoices} was merged into {calendar}, then {praise}: filtered on theme "
            f"{praise} instead"]  # fmt: skip

    listed = store_client.get("/v1/feedback", params={"theme": invoices}).json()
    assert invoice_items <= {item["id"] for item in listed["items"]}  # was empty
    assert listed["warnings"] == said
    search = {"query": "invoice VAT", "limit": 50, "filters": {"theme": [invoices, praise]}}
    hits = store_client.post("/v1/search", json=search).json()
    assert invoice_items <= {hit["feedback"]["id"] for hit in hits["items"]}
    assert hits["warnings"] == said
    ranking = store_client.get("/v1/themes/ranking", params={"theme": invoices}).json()
    assert [t["id"] for t in ranking["items"]] == [praise] and ranking["warnings"] == said
    export = store_client.get("/v1/insights/export", params={"theme": invoices})
    assert export.headers["X-Boucle-Warning"] == said[0] and len(export.text.splitlines()) > 1
    need = store_client.post("/v1/needs", json={"title": "VAT",
                                                "insight_ids": [stored[3]["insights"][0]["id"]]})  # fmt: skip
    backlog = store_client.get("/v1/needs", params={"theme": invoices}).json()
    assert [n["id"] for n in backlog["items"]] == [need.json()["id"]] and backlog[
        "warnings"
    ] == said
    # a theme standing is filtered on as before, without a word
    assert store_client.get("/v1/feedback", params={"theme": praise}).json()["warnings"] == []


def test_a_merged_need_filter_follows_the_merge(store_client: TestClient) -> None:
    first = ingest(store_client, "n1", EXPORT)["insights"][0]["id"]
    second = ingest(store_client, "n2", "Please add a dark mode to the mobile app.")
    keep = store_client.post("/v1/needs", json={"title": "Export", "insight_ids": [first]})
    gone = store_client.post("/v1/needs", json={"title": "Dark mode",
                                                "insight_ids": [second["insights"][0]["id"]]})  # fmt: skip
    keep, gone = keep.json()["id"], gone.json()["id"]
    assert store_client.post(f"/v1/needs/{keep}/merge", json={"sources": [gone]}).status_code == 200
    hits = store_client.post("/v1/search", json={"query": "dark mode", "filters": {"need": gone}})
    assert second["id"] in {hit["feedback"]["id"] for hit in hits.json()["items"]}
    assert hits.json()["warnings"] == [f"need {gone} was merged into {keep}: filtered on need "
                                       f"{keep} instead"]  # fmt: skip
