"""Helpers for the tests of how a search reads its query: a tiny real store, and its hits."""

from fastapi.testclient import TestClient


def storing(client: TestClient, items: list[dict]) -> TestClient:
    response = client.post("/v1/feedback", json={"items": items})
    assert response.status_code == 200, response.text
    return client


def hits(client: TestClient, query: str, **body) -> list[tuple[str, float]]:
    """(external id, score) of each hit, best first."""
    response = client.post("/v1/search", json={"query": query, "limit": 10, **body})
    assert response.status_code == 200, response.text
    return [(hit["feedback"]["external_id"], hit["score"]) for hit in response.json()["items"]]


def read_as(client: TestClient, query: str) -> str | None:
    """How the search read its query's polarity."""
    response = client.post("/v1/search", json={"query": query, "limit": 1})
    assert response.status_code == 200, response.text
    return response.json()["polarity"]
