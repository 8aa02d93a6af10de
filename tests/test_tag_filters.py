"""The tag filter: "the messages the queues tagger sent to billing", from the tags live custom
taggers stored on each item, in GET lists and exports (SQL, SQLite and PostgreSQL) and in
search. The tags were in every answer and export, but nothing could be filtered on them."""

import csv
import io

from fastapi.testclient import TestClient

from api.settings import Settings
from tests.test_filters import ids_of
from tests.test_taggers import EXAMPLES, MULTI

ITEMS = [
    ("t1", "I was charged twice for my subscription this month"),
    ("t2", "There is a fee on my invoice I do not understand"),
    ("t3", "I cannot log in since the password reset"),
    ("t4", "My two-factor code never arrives so I am locked out"),
    ("t5", "Charged twice and now my login fails too"),
]
SEARCH = {"query": "problem with my account", "limit": 50, "min_score": -1}
ROUTES = ("/v1/feedback", "/v1/feedback/export", "/v1/insights/export")


def tagged(client: TestClient) -> dict[str, dict]:
    """ITEMS stored after two taggers went live (queues: single-label; topics: multi-label);
    each item's tags, by external id."""
    trained = client.put("/v1/taggers/queues", json={"examples": EXAMPLES[:8]})
    assert trained.status_code == 200, trained.text
    multi = client.put("/v1/taggers/topics", json={"examples": MULTI, "multi_label": True})
    assert multi.status_code == 200, multi.text
    items = [{"source": "zendesk", "external_id": ext, "text": text} for ext, text in ITEMS]
    stored = client.post("/v1/feedback", json={"items": items})
    assert stored.status_code == 200, stored.text
    return {item["external_id"]: item["tags"] for item in stored.json()["items"]}


def holding(tags: dict[str, dict], tagger: str, label: str) -> set[str]:
    """The items whose tags hold `label`, as the export's tags column writes them."""
    return {ext for ext, tag in tags.items()
            if label in (tag[tagger].get("labels") or [tag[tagger]["label"]])}  # fmt: skip


def searched(client: TestClient, tag) -> set[str]:
    return ids_of(client.post("/v1/search", json={**SEARCH, "filters": {"tag": tag}}))


def test_lists_exports_and_search_keep_the_items_a_tagger_tagged_so(
    store_client: TestClient,
) -> None:
    tags = tagged(store_client)
    billing, login = holding(tags, "queues", "billing"), holding(tags, "queues", "login")
    both = holding(tags, "topics", "login")
    assert "t1" in billing and "t3" in login and billing | login == set(tags), tags
    # a multi-label tagger's every label that applies counts, not its top one alone
    assert any(tags[ext]["topics"]["label"] != "login" for ext in both), tags
    for route in ROUTES:
        client = store_client
        assert ids_of(client.get(route, params={"tag": "queues:billing"})) == billing, route
        assert ids_of(client.get(route, params={"tag": "topics:login"})) == both, route
        either = client.get(route, params={"tag": ["queues:billing", "topics:login"]})
        assert ids_of(either) == billing | both, route  # a list: any of them
    assert searched(store_client, "queues:login") == login
    assert searched(store_client, ["queues:billing", "topics:login"]) == billing | both
    assert searched(store_client, " queues : billing ") == billing  # trimmed as labels are


def test_a_tag_nothing_holds_is_said(store_client: TestClient) -> None:
    tagged(store_client)
    for answer in (
        store_client.get("/v1/feedback", params={"tag": "queues:biling"}),
        store_client.post("/v1/search", json={**SEARCH, "filters": {"tag": "queues:biling"}}),
    ):
        assert ids_of(answer) == set()
        assert answer.json()["warnings"] == [
            "no stored message has the tag 'queues:biling' (tagger:label, as the tags column "
            "of the exports writes a label)"
        ], answer.json()


def test_a_malformed_tag_filter_is_a_422_saying_what_to_fix(client: TestClient) -> None:
    for tag, says in (
        ("billing", "'billing': write tagger:label, e.g. queues:billing"),
        ("queues:", "write tagger:label"),
        ("Queues:billing", "'Queues' is no tagger name"),
    ):
        answer = client.get("/v1/insights/export", params={"tag": tag})
        assert answer.status_code == 422, answer.text
        (error,) = answer.json()["errors"]
        assert error["field"] == "?tag" and says in error["message"], error
    for tag, says in ((5, "give a tag (tagger:label, text) or a list of them"),
                      ([], "an empty list matches nothing"), ("billing", "write tagger:label")):  # fmt: skip
        answer = client.post("/v1/search", json={"query": "x", "filters": {"tag": tag}})
        assert answer.status_code == 422 and says in answer.text, answer.text


def test_boucle_export_takes_tag(settings: Settings, client: TestClient, boucle) -> None:
    billing = holding(tagged(client), "queues", "billing")
    env = {"BOUCLE_DATA_DIR": str(settings.data_dir)}
    done = boucle("export", "--messages", "--tag", "queues:billing", env=env)
    assert done.returncode == 0, done.stderr
    assert {row["external_id"] for row in csv.DictReader(io.StringIO(done.stdout))} == billing
    refused = boucle("export", "--tag", "queues=billing", env=env)
    assert refused.returncode == 2
    assert "--tag: 'queues=billing': write tagger:label" in refused.stderr
