"""GET /v1/insights/export, POST /v1/search?format=, and `boucle export`: what analysts take away."""

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

import api.search.cells as cells
import api.search.export as export
from analyzer import INTENT_LABELS
from api.cli import main
from api.search.export import write_export
from api.search.schemas import InsightRecord, as_list
from api.settings import Settings, get_settings
from tests.test_search_api import ITEMS


def rows(response) -> list[dict]:
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.text)))


def stored_insights(client: TestClient) -> dict[int, dict]:
    """Every stored insight by id, with its feedback's external id, from the JSON API."""
    page = client.get("/v1/feedback", params={"limit": 500}).json()["items"]
    return {i["id"]: {**i, "external_id": f["external_id"], "order": (f["created_at"], f["id"])}
            for f in page for i in f["insights"]}  # fmt: skip


def in_export_order(insights: dict[int, dict]) -> list[int]:
    """The ids as the export writes them: its message's created_at, id, then its position."""
    return sorted(insights, key=lambda i: (*insights[i]["order"], insights[i]["position"]))


def test_export_streams_every_matching_insight(store_client: TestClient, monkeypatch) -> None:
    assert store_client.post("/v1/feedback", json={"items": ITEMS}).status_code == 200
    insights = stored_insights(store_client)
    monkeypatch.setattr(export, "PAGE", 2)  # several pages, to check they join up

    response = store_client.get("/v1/insights/export")
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    every = rows(response)
    assert [int(r["insight_id"]) for r in every] == sorted(insights)
    for row in every:
        insight = insights[int(row["insight_id"])]
        assert row["text"] == insight["text"] and row["external_id"] == insight["external_id"]
        labels = [i["label"] for i in insight["intents"]]  # best score first
        assert row["intents"] == ";".join(sorted(labels, key=INTENT_LABELS.index))
        assert row["sentiment"] == insight["sentiment"]["label"]
    enterprise = rows(store_client.get("/v1/insights/export", params={"segment": "enterprise"}))
    assert {r["external_id"] for r in enterprise} == {"z1"}
    assert {r["account_name"] for r in enterprise} == {"Big Corp"}
    french = rows(store_client.get("/v1/insights/export", params={"language": "fr"}))
    assert {r["external_id"] for r in french} == {"a1"}

    label = insights[min(insights)]["intents"][0]["label"]
    tagged = rows(store_client.get("/v1/insights/export", params={"intent": label}))
    expected = {i for i, x in insights.items() if label in {y["label"] for y in x["intents"]}}
    assert {int(r["insight_id"]) for r in tagged} == expected and len(expected) < len(insights)

    lines = store_client.get("/v1/insights/export", params={"format": "jsonl"}).text.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["insight_id"] for r in records] == sorted(insights)
    assert records[0]["feedback"]["external_id"] == insights[min(insights)]["external_id"]

    nothing = store_client.get("/v1/insights/export", params={"source": "nowhere"})
    assert nothing.status_code == 200 and nothing.text.startswith("insight_id,feedback_id,")
    assert rows(nothing) == []


def test_a_cell_a_spreadsheet_would_run_is_quoted(client: TestClient) -> None:
    item = {"source": "-web", "external_id": "=cmd", "text": '=HYPERLINK("x") The export crashes.',
            "account": {"id": "@acme", "name": "+Acme", "segment": "=1+1"}}  # fmt: skip
    assert client.post("/v1/feedback", json={"items": [item]}).status_code == 200
    (row,) = rows(client.get("/v1/insights/export"))
    assert row["external_id"] == "'=cmd" and row["text"].startswith("'=HYPERLINK")
    assert (row["source"], row["account_id"], row["account_name"], row["segment"]) == (
        "'-web",
        "'@acme",
        "'+Acme",
        "'=1+1",
    )
    record = json.loads(client.get("/v1/insights/export?format=jsonl").text)
    assert record["text"].startswith("=HYPERLINK")  # JSON lines keep the text as stored


@pytest.mark.parametrize(
    "params, field",
    [({"format": "xlsx"}, "format"), ({"sentiment": "angry"}, "sentiment"),
     ({"created_from": "yesterday"}, "created_from"), ({"theme": "x"}, "theme")],
)  # fmt: skip
def test_bad_exports_say_what_to_fix(client: TestClient, params: dict, field: str) -> None:
    response = client.get("/v1/insights/export", params=params)
    assert response.status_code == 422
    assert any(field in e["field"] for e in response.json()["errors"]), response.json()


def test_search_hits_as_a_file(client: TestClient) -> None:
    assert client.post("/v1/feedback", json={"items": ITEMS}).status_code == 200
    body = {"query": "export to CSV is broken", "limit": 3}
    hits = client.post("/v1/search", json=body).json()["items"]
    table = rows(client.post("/v1/search", params={"format": "csv"}, json=body))
    assert [int(r["insight_id"]) for r in table] == [h["insight_id"] for h in hits]
    assert [float(r["score"]) for r in table] == [h["score"] for h in hits]
    lines = client.post("/v1/search", params={"format": "jsonl"}, json=body).text.splitlines()
    assert [json.loads(line) for line in lines] == hits
    assert client.post("/v1/search", params={"format": "pdf"}, json=body).status_code == 422


def test_boucle_export_reads_the_store(settings: Settings, client: TestClient, tmp_path,
                                       monkeypatch, capsys) -> None:  # fmt: skip
    assert client.post("/v1/feedback", json={"items": ITEMS}).status_code == 200
    monkeypatch.setenv("BOUCLE_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    try:
        out = tmp_path / "fr.csv"
        assert main(["export", "--language", "fr", "--from", "2026-10-01", "-o", str(out)]) == 0
        assert {r["external_id"] for r in csv.DictReader(out.open())} == {"a1"}
        assert main(["export", "--format", "jsonl", "--to", "2026-09-30"]) == 0
        printed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert printed and {r["feedback"]["external_id"] for r in printed} == {"z1"}
        assert main(["export", "--sentiment", "angry"]) == 2
        assert "is not a sentiment" in capsys.readouterr().err
        # "Input should be a valid datetime or date, invalid character in year" said no format
        assert main(["export", "--from", "31/10/2026"]) == 2
        assert capsys.readouterr().err == (
            "boucle export: --from: must be a day written YYYY-MM-DD (2026-10-31) or an ISO "
            "8601 time (2026-10-31T09:00:00+01:00)\n"
        )
    finally:
        get_settings.cache_clear()


def test_custom_tags_come_with_the_records(client: TestClient) -> None:
    from tests.test_taggers import EXAMPLES

    assert client.put("/v1/taggers/queues", json={"examples": EXAMPLES[:8]}).status_code == 200
    item = {"source": "web", "external_id": "t1", "text": "I was charged twice, please refund me"}
    assert client.post("/v1/feedback", json={"items": [item]}).status_code == 200
    (row,) = rows(client.get("/v1/insights/export"))
    assert row["tags"] == "queues=billing"
    hit = client.post("/v1/search", json={"query": "refund"}).json()["items"][0]
    assert hit["feedback"]["tags"]["queues"]["label"] == "billing"


def test_the_tags_cell_keeps_each_taggers_labels_apart() -> None:
    tags = {
        "topics": {"label": "login", "score": 0.7, "labels": ["login", "billing"]},
        "queues": {"label": "billing", "score": 0.9},
        "none": {"label": "unknown", "score": 0.2, "labels": []},
        "odd": {"label": "a;b|c\\d", "score": 0.5},
    }
    cell = cells.tags_cell(tags)
    assert cell == "none=unknown;odd=a\\;b\\|c\\\\d;queues=billing;topics=login|billing"
    assert cells.tags_cell(None) == cells.tags_cell({}) == ""


MORE = [
    {"source": "Web", "external_id": "=w1", "created_at": "2026-11-02T10:00:00Z", "score": 3,
     "text": "-The app crashes on login. Also, please add an export to Excel!",
     "account": {"id": "@acme", "name": "+Acme", "arr": 24000, "segment": "Enterprise"}},
    {"source": "web", "external_id": "w2", "created_at": "2026-11-03T10:00:00Z",
     "text": "How do I reset my password? I was charged twice, please refund me.",
     "account_id": "small"},
]  # fmt: skip


def same_filters(record: dict, filters: dict) -> bool:
    """The export's filters as read before they moved into SQL: the reference."""
    feedback, account = record["feedback"], record["account"] or {}
    wanted = {name: [v.lower() if isinstance(v, str) else v for v in as_list(value)]
              for name, value in filters.items()}  # fmt: skip
    have = {
        "source": [feedback["source"].lower()],
        "segment": [(account.get("segment") or "").lower()],
        "intent": [i["label"] for i in record["intents"]],
        "sentiment": [(record["sentiment"] or {}).get("label")],
        "urgency": [(record["urgency"] or {}).get("level")],
        "need": [record["need_id"]],
    }
    return all(set(wanted[name]) & set(have[name]) for name in wanted)


def test_export_cells_and_filters_are_pinned(store_client: TestClient, monkeypatch) -> None:
    """Rows come from plain SQL and the intent filter is SQL's: every cell, every row and its
    order stay what the records (search's shape) say, on both engines."""
    from tests.test_taggers import EXAMPLES

    client = store_client
    assert client.put("/v1/taggers/queues", json={"examples": EXAMPLES[:8]}).status_code == 200
    assert client.post("/v1/feedback", json={"items": ITEMS + MORE}).status_code == 200
    insights = stored_insights(client)
    need = client.post("/v1/needs", json={"title": "Crashes", "insight_ids": [min(insights)]})
    assert need.status_code == 201, need.text
    insights = stored_insights(client)
    monkeypatch.setattr(export, "PAGE", 2)  # several pages, to check they join up

    lines = client.get("/v1/insights/export", params={"format": "jsonl"}).text.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["insight_id"] for r in records] == in_export_order(insights)
    for record in records:
        shown = insights[record["insight_id"]]
        assert record["text"] == shown["text"] and record["intents"] == shown["intents"]
        assert (record["sentiment"], record["urgency"]) == (shown["sentiment"], shown["urgency"])
        assert (record["need_id"], record["theme_id"]) == (shown["need_id"], shown["theme_id"])
        assert record["feedback"]["external_id"] == shown["external_id"]
    assert {r["account"]["arr"] for r in records if r["account"]} == {500000.0, 1200.0, 24000.0}
    assert any(r["feedback"]["tags"] for r in records) and any(
        r["feedback"]["score"] is not None for r in records
    )

    labels = sorted({i["label"] for r in records for i in r["intents"]})
    assert len(labels) >= 3
    for filters in ({}, {"intent": labels[0]}, {"intent": labels[1:3]}, {"source": "WEB"},
                    {"segment": "enterprise"}, {"need": need.json()["id"]},
                    {"sentiment": "negative", "intent": labels}, {"urgency": ["low", "normal"]},
                    {"source": ["zendesk", "web"], "intent": labels[-1]}):  # fmt: skip
        expected = [InsightRecord.model_validate(r) for r in records if same_filters(r, filters)]
        response = client.get("/v1/insights/export", params=filters)
        assert response.status_code == 200, response.text
        assert response.content == "".join(write_export(expected, "csv")).encode(), filters
        lines = client.get("/v1/insights/export", params={**filters, "format": "jsonl"}).text
        assert lines == "".join(write_export(expected, "jsonl")), filters


def test_an_export_page_is_one_query(store_client: TestClient, monkeypatch) -> None:
    """Each page is one SQL statement of plain rows: the ORM's insight, feedback and need link
    loads (three statements a page, and an object a row) read ~7,000 rows/s at 100k items."""
    assert store_client.post("/v1/feedback", json={"items": ITEMS + MORE}).status_code == 200
    monkeypatch.setattr(export, "PAGE", 2)
    every, statements = rows_and_statements(store_client, "/v1/insights/export")
    assert len(every) >= 6
    pages = len(every) // 2 + 1
    assert sum("insights" in s or "need_links" in s for s in statements) == pages, statements


RECORD = {
    "insight_id": 7, "text": "L'export « plante », 2 fois", "sentiment": {"label": "negative", "score": 0.5},
    "intents": [{"label": "bug_report", "score": 0.9}, {"label": "complaint", "score": 0.7}],
    "urgency": {"level": "high", "score": 0.75}, "theme_id": 3, "theme_name": "Export",
    "need_id": None,
    "feedback": {"id": 5, "source": "zendesk", "external_id": "z1", "language": "fr",
                 "created_at": "2026-11-02T10:00:00+00:00",
                 "updated_at": "2026-11-03T08:15:30.250000+00:00", "score": 4.5, "tags": {}},
    "account": {"id": "acme", "name": "Acme SARL", "segment": "smb", "arr": 1200.0},
}  # fmt: skip
HEADER = ",".join(export.CSV_COLUMNS)


def test_the_default_csv_is_pinned() -> None:
    """The default CSV, byte for byte: no BOM, "," between cells, a point in numbers, CRLF."""
    text = "".join(write_export([InsightRecord.model_validate(RECORD)], "csv"))
    assert text == (
        f"{HEADER}\r\n7,5,zendesk,z1,2026-11-02T10:00:00Z,2026-11-03T08:15:30Z,fr,acme,Acme SARL,"
        "smb,1200,"
        '"L\'export « plante », 2 fois",negative,0.5,bug_report;complaint,high,0.75,3,Export,,,4.5,,\r\n'
    )


def test_csv_for_excel_in_french(store_client: TestClient, settings: Settings, monkeypatch,
                                 tmp_path) -> None:  # fmt: skip
    """`excel=true`: a UTF-8 BOM, ";" between cells, decimal commas, times on the workspace
    zone's clock (named in the header), CRLF; the same rows."""
    record = InsightRecord.model_validate(RECORD)
    text = "".join(write_export([record], "csv", excel_zone="UTC"))
    header = HEADER.replace(",", ";").replace(";created_at;", ";created_at (UTC);")
    header = header.replace(";updated_at;", ";updated_at (UTC);")
    assert text == (
        f"\ufeff{header}\r\n7;5;zendesk;z1;2026-11-02 10:00:00;2026-11-03 08:15:30;fr;acme;"
        'Acme SARL;smb;1200;L\'export « plante », 2 fois;negative;0,5;"bug_report;complaint";'
        "high;0,75;3;Export;;;4,5;;\r\n"
    )
    client = store_client
    assert client.post("/v1/feedback", json={"items": ITEMS + MORE}).status_code == 200
    monkeypatch.setattr(export, "PAGE", 2)
    plain = client.get("/v1/insights/export")
    excel = client.get("/v1/insights/export", params={"excel": "true"})
    assert excel.status_code == 200 and excel.content.startswith(b"\xef\xbb\xbfinsight_id;")
    assert not plain.content.startswith(b"\xef\xbb\xbf")
    body = excel.content.decode("utf-8-sig")
    assert body.count("\r\n") == plain.text.count("\r\n") and "\n" not in body.replace("\r\n", "")
    records = [InsightRecord.model_validate_json(line) for line in client.get(
        "/v1/insights/export", params={"format": "jsonl"}).text.splitlines()]  # fmt: skip
    assert excel.content == "".join(write_export(records, "csv", excel_zone="UTC")).encode()
    table = list(csv.DictReader(io.StringIO(body), delimiter=";"))
    assert [r["text"] for r in table] == [r["text"] for r in rows(plain)]
    # an ARR is a whole amount: written 24000, not "24000,0" (nor "24000.0" without excel)
    assert {r["arr"] for r in table if r["arr"]} == {r["arr"] for r in rows(plain) if r["arr"]}
    assert {r["arr"] for r in table if r["arr"]} <= {"500000", "1200", "24000"}

    body = {"query": "export to CSV is broken", "limit": 3}
    hits = client.post("/v1/search", params={"format": "csv", "excel": True}, json=body)
    table = list(csv.DictReader(io.StringIO(hits.content.decode("utf-8-sig")), delimiter=";"))
    assert len(table) == 3 and all("," in r["score"] for r in table)


def test_boucle_export_for_excel(settings: Settings, client: TestClient, tmp_path,
                                 monkeypatch) -> None:  # fmt: skip
    assert client.post("/v1/feedback", json={"items": ITEMS}).status_code == 200
    monkeypatch.setenv("BOUCLE_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    try:
        plain, excel = tmp_path / "plain.csv", tmp_path / "excel.csv"
        assert main(["export", "-o", str(plain)]) == 0
        assert main(["export", "--excel", "-o", str(excel)]) == 0
    finally:
        get_settings.cache_clear()
    assert plain.read_bytes() == client.get("/v1/insights/export").content
    assert excel.read_bytes() == client.get("/v1/insights/export?excel=true").content
    assert excel.read_bytes().startswith(b"\xef\xbb\xbfinsight_id;feedback_id;")


def rows_and_statements(client: TestClient, url: str) -> tuple[list[dict], list[str]]:
    """The CSV rows `url` answers, and the SQL statements run to write them."""
    statements: list[str] = []
    engine = client.app.state.workspace.db.engine
    record = lambda *args: statements.append(args[2])  # noqa: E731 (conn, cursor, statement, …)
    event.listen(engine, "before_cursor_execute", record)
    try:
        return rows(client.get(url)), statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
