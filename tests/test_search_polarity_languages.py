"""Short DE/ES/IT/PT queries read by the search's polarity as their EN/FR twins are
(api/search/polarity.py): "doesn't work" read negative, "funktioniert nicht", "no funciona",
"non funziona" and "não funciona" read as neither (the head: -0.02 to -0.23), so praise saying
the export works ranked with the failures."""

import pytest
from fastapi.testclient import TestClient

ITEMS = [
    {"source": "app_store", "external_id": "works", "text": "The export works perfectly, great job."},
    {"source": "app_store", "external_id": "penny", "text": "Worth every penny."},
    {"source": "zendesk", "external_id": "broken", "text": "The export does not work since Monday."},
    {"source": "community", "external_id": "sync", "text": "Calendar sync stopped after the update."},
]  # fmt: skip
FAILURES = ["funktioniert nicht", "no funciona", "non funziona", "não funciona", "doesn't work"]
PRICES = ["viel zu teuer", "demasiado caro", "troppo caro", "muito caro", "far too expensive"]


def scores(client: TestClient, query: str, **body) -> tuple[str | None, dict[str, float]]:
    response = client.post("/v1/search", json={"query": query, "limit": 10, **body})
    assert response.status_code == 200, response.text
    answer = response.json()
    return answer["polarity"], {h["feedback"]["external_id"]: h["score"] for h in answer["items"]}


@pytest.fixture
def stored(store_client: TestClient) -> TestClient:
    response = store_client.post("/v1/feedback", json={"items": ITEMS})
    assert response.status_code == 200, response.text
    return store_client


@pytest.mark.parametrize(("queries", "praise"), [(FAILURES, "works"), (PRICES, "penny")])
def test_short_complaints_read_negative_in_every_language(stored, queries, praise) -> None:
    penalty = stored.app.state.workspace.settings.search_polarity_penalty
    for query in queries:
        polarity, read = scores(stored, query)
        assert polarity == "negative", query
        _, plain = scores(stored, query, polarity=False)
        assert read[praise] == pytest.approx(plain[praise] - penalty, abs=2e-4), query
        assert read["broken"] == plain["broken"], query  # the same opinion keeps its score


@pytest.mark.parametrize("query", ["export", "crash", "timeout"])
def test_a_failure_word_alone_names_a_topic(stored, query) -> None:
    assert scores(stored, query)[0] is None
