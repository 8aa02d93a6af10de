"""GET /v1/feedback/export and `boucle export --messages`: one row per message, score-only
survey answers included, filtered as GET /v1/feedback filters."""

import csv
import io
import json
import re

from fastapi.testclient import TestClient

import api.feedback.export as messages
from api.cli import main
from api.settings import Settings, get_settings
from tests.test_export import MORE, rows, rows_and_statements
from tests.test_search_api import ITEMS

SURVEY = [
    {"source": "nps_survey", "external_id": "n2", "created_at": "2026-11-11T10:00:00Z",
     "score": 9, "contact_id": "c-9"},  # a silent promoter
    {"source": "nps_survey", "external_id": "-7", "created_at": "2026-08-01T10:00:00Z",
     "score": 2, "text": "=1+1 The app is so slow, it crashes every day. I want a refund.",
     "metadata": {"Plan": "pro"}},
]  # fmt: skip


def listed(client: TestClient, **params) -> list[dict]:
    """GET /v1/feedback's items for the same filters, oldest first as the export writes them."""
    page = client.get("/v1/feedback", params={**params, "limit": 500})
    assert page.status_code == 200, page.text
    return sorted(page.json()["items"], key=lambda item: (item["created_at"], item["id"]))


def test_every_message_once_with_the_listing_filters(store_client: TestClient,
                                                     monkeypatch) -> None:  # fmt: skip
    client = store_client
    assert client.post("/v1/feedback", json={"items": ITEMS + MORE + SURVEY}).status_code == 200
    monkeypatch.setattr(messages, "PAGE", 2)  # several pages, to check they join up

    response = client.get("/v1/feedback/export")
    assert response.headers["content-type"].startswith("text/csv")
    assert "messages.csv" in response.headers["content-disposition"]
    assert response.text.splitlines()[0] == ",".join(messages.MESSAGE_COLUMNS)
    table = rows(response)
    assert [int(r["id"]) for r in table] == [item["id"] for item in listed(client)]
    silent = next(r for r in table if r["external_id"] == "n2")
    # an NPS 9 reads "9", as it was answered (it read "9.0")
    assert (silent["score"], silent["text"], silent["contact_id"]) == ("9", "", "c-9")

    lines = client.get("/v1/feedback/export", params={"format": "jsonl"}).text.splitlines()
    # the listing's own fields, less the insights and the worker's retry state (attempts, last_error)
    operational = {"insights", "attempts", "last_error"}
    shown = [{k: v for k, v in item.items() if k not in operational} for item in listed(client)]
    assert [json.loads(line) for line in lines] == shown
    # JSON lines write the score as CSV does: 9, not 9.0 (an int once read, as it was sent)
    (promoter,) = [json.loads(line) for line in lines if '"external_id":"n2"' in line]
    assert promoter["score"] == 9 and isinstance(promoter["score"], int)
    insights = client.get("/v1/insights/export", params={"format": "jsonl", "source": "nps_survey"})
    scores = [json.loads(line)["feedback"]["score"] for line in insights.text.splitlines()]
    assert 2 in scores and all(isinstance(score, int) for score in scores)

    for filters in ({"sentiment": "negative"}, {"intent": ["bug_report", "question"]},
                    {"urgency": ["high", "critical"]}, {"source": "NPS_SURVEY"},
                    {"segment": "Enterprise"}, {"contact": "c-9"}, {"external_id": "-7"},
                    {"created_from": "2026-11-01", "created_to": "2026-11-10"},
                    {"status": "analysed", "language": "fr"}):  # fmt: skip
        expected = [item["id"] for item in listed(client, **filters)]
        table = rows(client.get("/v1/feedback/export", params=filters))
        assert [int(r["id"]) for r in table] == expected, filters
    assert rows(client.get("/v1/feedback/export", params={"source": "nowhere"})) == []


def test_cells_as_the_insights_export_writes_them(store_client: TestClient) -> None:
    client = store_client
    assert client.post("/v1/feedback", json={"items": ITEMS + SURVEY}).status_code == 200
    table = rows(client.get("/v1/feedback/export"))
    first = table[0]
    assert first["external_id"] == "-7"  # back-dated: first, and a plain-number id as it is
    assert first["text"].startswith("'=1+1") and first["metadata"] == '{"Plan":"pro"}'
    assert first["created_at"] == "2026-08-01T10:00:00Z" and first["received_at"].endswith("Z")
    item = next(i for i in listed(client) if i["external_id"] == "-7")
    order = ("bug_report", "feature_request", "question", "praise", "complaint", "churn_risk",
             "pricing", "other")  # fmt: skip
    labels = sorted((i["label"] for i in item["intents"]), key=order.index)
    assert len(labels) >= 2 and first["intents"] == ";".join(labels)
    assert (first["sentiment"], first["urgency"]) == (
        item["sentiment"]["label"],
        item["urgency"]["level"],
    )
    assert float(first["sentiment_score"]) == item["sentiment"]["score"]
    assert all(r["received_at"] and r["status"] == "analysed" for r in table)


def test_a_page_is_one_query(store_client: TestClient, monkeypatch) -> None:
    assert store_client.post("/v1/feedback", json={"items": ITEMS + MORE}).status_code == 200
    monkeypatch.setattr(messages, "PAGE", 2)
    every, statements = rows_and_statements(store_client, "/v1/feedback/export")
    assert len(every) == 6
    assert sum("FROM feedback" in s for s in statements) == len(every) // 2 + 1, statements


def test_bad_message_exports_say_what_to_fix(client: TestClient) -> None:
    for params, field in (({"format": "xlsx"}, "format"), ({"status": "done"}, "status"),
                          ({"intent": "rant"}, "intent")):  # fmt: skip
        response = client.get("/v1/feedback/export", params=params)
        assert response.status_code == 422
        assert any(field in e["field"] for e in response.json()["errors"]), response.json()


def test_boucle_export_messages(settings: Settings, client: TestClient, tmp_path, monkeypatch,
                                capsys) -> None:  # fmt: skip
    assert client.post("/v1/feedback", json={"items": ITEMS + SURVEY}).status_code == 200
    monkeypatch.setenv("BOUCLE_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    try:
        out = tmp_path / "nps.csv"
        assert main(["export", "--messages", "--source", "nps_survey", "-o", str(out)]) == 0
        table = list(csv.DictReader(io.StringIO(out.read_text())))
        assert [r["external_id"] for r in table] == ["-7", "n1", "n2"]
        assert main(["export", "--messages", "--format", "jsonl", "--contact", "c-9"]) == 0
        printed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert [r["external_id"] for r in printed] == ["n2"] and printed[0]["score"] == 9
        assert main(["export", "--contact", "c-9"]) == 0  # insights: a score-only has none
        assert capsys.readouterr().out.startswith("insight_id,")
        assert main(["export", "--status", "pending"]) == 2
        assert "--messages" in capsys.readouterr().err
    finally:
        get_settings.cache_clear()


WHOLE_SECONDS_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def test_times_of_an_item_sent_without_a_date_are_written_to_the_second(
    store_client: TestClient,
) -> None:
    """created_at (now, when not given) and received_at came out as
    "2026-12-06T21:15:19.239866Z", where the README writes "2026-11-02T10:00:00Z"."""
    item = {"source": "app", "external_id": "undated", "text": "The export crashes every time."}
    assert store_client.post("/v1/feedback", json={"items": [item]}).status_code == 200
    (listed_item,) = store_client.get("/v1/feedback").json()["items"]
    (csv_row,) = rows(store_client.get("/v1/feedback/export"))
    (line,) = store_client.get("/v1/feedback/export", params={"format": "jsonl"}).text.splitlines()
    written = [listed_item, csv_row, json.loads(line)]
    for record in written:
        for name in ("created_at", "received_at"):
            assert WHOLE_SECONDS_UTC.fullmatch(record[name]), (name, record[name])
    insights = rows(store_client.get("/v1/insights/export"))
    assert insights and all(WHOLE_SECONDS_UTC.fullmatch(row["created_at"]) for row in insights)
