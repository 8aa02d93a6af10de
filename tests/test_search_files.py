"""Search files and filters an analyst can trust: rows that add up, typos said, our words."""

import csv
import io

import pytest
from fastapi.testclient import TestClient

from tests.test_search_api import ITEMS

# One templated complaint from three accounts: a file summed in a spreadsheet needs all three.
REPEATS = [
    {"source": "zendesk", "external_id": f"r{n}", "text": "The CSV export crashes every time.",
     "account": {"id": f"acc-{n}", "name": name, "arr": arr, "segment": "smb"}}
    for n, (name, arr) in enumerate([("Acme", 1000), ("Beta", 2000), ("Gamma", 4000)])
]  # fmt: skip


def table(response) -> list[dict]:
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.text)))


def test_a_search_file_keeps_every_repeat(client: TestClient) -> None:
    assert client.post("/v1/feedback", json={"items": REPEATS}).status_code == 200
    body = {"query": "export crashes", "limit": 10}
    (hit,) = client.post("/v1/search", json=body).json()["items"]  # a page folds them
    assert hit["same_text"] == 2
    rows = table(client.post("/v1/search", params={"format": "csv"}, json=body))
    assert sorted(r["account_id"] for r in rows) == ["acc-0", "acc-1", "acc-2"]
    assert sum(float(r["arr"]) for r in rows) == 7000
    lines = client.post("/v1/search", params={"format": "jsonl"}, json=body).text.splitlines()
    assert len(lines) == 3
    folded = client.post("/v1/search", params={"format": "csv"}, json={**body, "distinct": True})
    assert len(table(folded)) == 1  # still there when asked for
    first = hit["insight_id"]
    # the same words are a repeat of the seed, not something similar: in a file too
    assert table(client.get(f"/v1/insights/{first}/similar", params={"format": "csv"})) == []


def test_a_filter_value_nothing_has_is_said(client: TestClient) -> None:
    assert client.post("/v1/feedback", json={"items": [*ITEMS, *REPEATS]}).status_code == 200
    answer = client.post("/v1/search", json={"query": "export", "filters": {"source": "zendsk"}})
    assert answer.status_code == 200 and answer.json()["items"] == []
    (warning,) = answer.json()["warnings"]
    assert warning.startswith("no feedback has source 'zendsk'; sources stored: ")
    assert "zendesk" in warning and "app_store" in warning
    named = client.post("/v1/search", json={"query": "export", "filters": {"account": "acme"}})
    assert named.json()["warnings"] == [
        "no account has the id 'acme'; an account named 'Acme' exists: acc-0"
    ]
    cased = client.post("/v1/search", json={"query": "export", "filters": {"account": "ACC-0"}})
    assert cased.json()["warnings"] == [
        "no account has the id 'ACC-0'; ids match exactly: an account has the id 'acc-0'"
    ]
    segment = {"query": "export", "filters": {"segment": "SMB", "source": "Zendesk"}}
    assert client.post("/v1/search", json=segment).json()["warnings"] == []  # any case matches
    typo = {"query": "export", "filters": {"segment": "entreprise"}}
    file = client.post("/v1/search", params={"format": "csv"}, json=typo)
    assert file.status_code == 200 and table(file) == []
    assert file.headers.get_list("x-boucle-warning") == [
        "no account has segment 'entreprise'; segments stored: enterprise, smb"
    ]
    export = client.get("/v1/insights/export", params={"source": "zendsk", "account": "acc-1"})
    assert len(export.headers.get_list("x-boucle-warning")) == 1
    similar = client.get("/v1/insights/1/similar", params={"source": "zendsk"})
    assert similar.json()["warnings"][0].startswith("no feedback has source 'zendsk'")
    # the messages' list and export say it as search does
    listed = client.get("/v1/feedback", params={"source": "zendsk", "segment": "entreprise"})
    assert listed.status_code == 200 and listed.json()["items"] == []
    assert listed.json()["warnings"] == [warning, file.headers["x-boucle-warning"]]
    assert client.get("/v1/feedback", params={"source": "ZENDESK"}).json()["warnings"] == []
    # a valid language code that no message has: said too, by search as by the list
    german = "no feedback has language 'de'; languages stored: en, fr"
    assert client.get("/v1/feedback", params={"language": "DE"}).json()["warnings"] == [german]
    body = {"query": "export", "filters": {"language": ["fr", "de"]}}
    assert client.post("/v1/search", json=body).json()["warnings"] == [german]
    assert client.get("/v1/feedback", params={"language": "fr"}).json()["warnings"] == []
    messages = client.get("/v1/feedback/export", params={"account": "acme"})
    assert table(messages) == []
    assert messages.headers.get_list("x-boucle-warning") == named.json()["warnings"]


@pytest.mark.parametrize("url", ["/v1/insights/export", "/v1/feedback/export"])
def test_file_options_said_in_our_words(client: TestClient, url: str) -> None:
    xlsx = client.get(url, params={"format": "xlsx"})
    assert xlsx.status_code == 422
    assert xlsx.json()["errors"] == [
        {"field": "?format", "message": "must be csv or jsonl; for Excel, ask for "
         "format=csv&excel=true"}
    ]  # fmt: skip
    jsonl = client.get(url, params={"format": "jsonl", "excel": True})
    assert jsonl.status_code == 422
    assert jsonl.json()["errors"][0]["field"] == "?excel"


def test_label_filters_read_any_case(client: TestClient) -> None:
    assert client.post("/v1/feedback", json={"items": ITEMS}).status_code == 200
    shouted = {"query": "support", "filters": {"sentiment": "Positive", "language": "EN"}}
    answer = client.post("/v1/search", json=shouted)
    assert answer.status_code == 200, answer.text
    assert "n1" in [h["feedback"]["external_id"] for h in answer.json()["items"]]
    listed = client.get("/v1/insights/export", params={"urgency": ["LOW", "Normal,HIGH"]})
    assert listed.status_code == 200
    excel = client.post("/v1/search", params={"format": "jsonl", "excel": True}, json=shouted)
    assert excel.status_code == 422
