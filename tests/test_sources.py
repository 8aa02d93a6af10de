"""GET /v1/feedback/sources: the stored sources with their message counts, what the web page
suggests in its source filter."""

from fastapi.testclient import TestClient

from api.app import create_app


def item(source: str, external_id: str) -> dict:
    return {"source": source, "external_id": external_id, "text": "The export is slow."}


def test_sources_are_listed_with_their_counts(store_client: TestClient) -> None:
    assert store_client.get("/v1/feedback/sources").json() == {"items": []}
    items = [item("zendesk", "z1"), item("Zendesk", "z2"), item("zendesk", "z3"),
             item("app_store", "a1"), item("intercom", "i1")]  # fmt: skip
    assert store_client.post("/v1/feedback", json={"items": items}).status_code == 200
    listed = store_client.get("/v1/feedback/sources").json()["items"]
    # "Zendesk" is the same source as "zendesk", as ingest and the filters read it
    assert [(s["source"].casefold(), s["feedback"]) for s in listed] == [
        ("zendesk", 3), ("app_store", 1), ("intercom", 1)
    ]  # fmt: skip
    # the route before /v1/feedback/{id} still reads ids
    assert store_client.get("/v1/feedback/1").json()["source"] == "zendesk"


def test_sources_need_the_read_scope(settings, tagger) -> None:
    settings = settings.model_copy(
        update={"api_keys": {"tagger-key-0123456": ["tag"], "reader-key-0123456": ["read"]}}
    )
    with TestClient(create_app(settings, tagger)) as client:
        refused = client.get("/v1/feedback/sources", headers={"X-API-Key": "tagger-key-0123456"})
        assert refused.status_code == 403 and refused.json()["message"]
        read = client.get("/v1/feedback/sources", headers={"X-API-Key": "reader-key-0123456"})
        assert read.status_code == 200 and read.json() == {"items": []}
