"""The metadata filter: "reviews on 5.2.0" from the columns `boucle import --keep` stored, in
GET lists and exports (SQL, SQLite and PostgreSQL) and in search (both vector adapters)."""

import csv
import io

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from api.tagging.service import Tagger
from tests.test_filters import ids_of
from tests.test_themes_api import CALENDAR, INVOICE

REVIEWS = [("r1", CALENDAR[0], {"app_version": "5.2.0", "platform": "ios"}),
           ("r2", CALENDAR[2], {"app_version": "5.1.0", "platform": "ios"}),
           ("r3", INVOICE[0], {"app_version": "5.2.0", "platform": "android"}),
           ("r4", CALENDAR[1], {})]  # fmt: skip
SEARCH = {"query": "calendar sync is broken", "limit": 20, "min_score": -1}


def stored(client: TestClient) -> TestClient:
    items = [{"source": "app_store", "external_id": ext, "text": text, "metadata": meta,
              "created_at": "2026-10-05T10:00:00Z"} for ext, text, meta in REVIEWS]  # fmt: skip
    response = client.post("/v1/feedback", json={"items": items})
    assert response.status_code == 200, response.text
    return client


def searched(client: TestClient, metadata: dict) -> set[str]:
    return ids_of(client.post("/v1/search", json={**SEARCH, "filters": {"metadata": metadata}}))


def test_lists_exports_and_search_keep_the_items_with_that_metadata(
    store_client: TestClient,
) -> None:
    """`filters.metadata` was a 422 and `?app_version=` refused: one could not ask for the
    reviews on 5.2.0."""
    client = stored(store_client)
    for route in ("/v1/feedback", "/v1/feedback/export", "/v1/insights/export"):
        assert ids_of(client.get(route, params={"meta": "app_version:5.2.0"})) == {"r1", "r3"}
        both = client.get(route, params={"meta": ["app_version:5.2.0", "platform:ios"]})
        assert ids_of(both) == {"r1"}, route
        assert ids_of(client.get(route, params={"meta": "app_version:9.9"})) == set(), route
    assert ids_of(client.post("/v1/search", json=SEARCH)) == {"r1", "r2", "r3", "r4"}
    assert searched(client, {"app_version": "5.2.0"}) == {"r1", "r3"}
    assert searched(client, {"app_version": "5.2.0", "platform": "android"}) == {"r3"}
    assert searched(client, {"app_version": "9.9"}) == set()


def test_search_by_metadata_through_qdrant_client(settings: Settings, tagger: Tagger) -> None:
    local = settings.model_copy(update={"qdrant_url": ":memory:"})
    with TestClient(create_app(local, tagger)) as client:
        stored(client)
        assert searched(client, {"platform": "ios"}) == {"r1", "r2"}


def test_a_malformed_metadata_filter_is_a_422_saying_what_to_fix(client: TestClient) -> None:
    for meta, says in (("app_version", "write key:value, e.g. app_version:5.2.0"),
                       (":5.2.0", "write key:value"),
                       (["platform:ios", "platform:android"], "'platform' given twice")):  # fmt: skip
        answer = client.get("/v1/feedback", params={"meta": meta})
        assert answer.status_code == 422, answer.text
        (error,) = answer.json()["errors"]
        assert error["field"] == "?meta" and says in error["message"], error
    for metadata, says in (({"app_version": 5}, "must be a string"), ({}, "at least one key"),
                           ("5.2.0", "metadata"), ({'a"b': "x"}, "not a metadata key")):  # fmt: skip
        answer = client.post("/v1/search", json={"query": "x", "filters": {"metadata": metadata}})
        assert answer.status_code == 422 and says in answer.text, answer.text


def test_boucle_export_takes_meta(settings: Settings, client: TestClient, boucle) -> None:
    stored(client)
    env = {"BOUCLE_DATA_DIR": str(settings.data_dir)}
    done = boucle("export", "--messages", "--meta", "app_version:5.2.0", env=env)
    assert done.returncode == 0, done.stderr
    assert {row["external_id"] for row in csv.DictReader(io.StringIO(done.stdout))} == {"r1", "r3"}
    refused = boucle("export", "--meta", "app_version=5.2.0", env=env)
    assert refused.returncode == 2
    assert "--meta: 'app_version=5.2.0': write key:value" in refused.stderr
