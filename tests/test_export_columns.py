"""The insights export as an analyst reads it: metadata, intents in a fixed order, ids kept as
they are, rows oldest message first, the contact filter, one form of time in CSV and JSON."""

import csv
import io
import json

from fastapi.testclient import TestClient
from sqlalchemy import update

import api.search.export as export
from api.storage.tables import Insight
from tests.test_export import rows

ITEMS = [
    {"source": "web", "external_id": "-42", "created_at": "2026-11-10T10:00:00Z",
     "text": "The app crashes on login. Also, please add an export to Excel! Why is it so slow?",
     "account": {"id": "+3361", "name": "Acme"}, "contact_id": "c-1",
     "metadata": {"Plan": "pro", "Tags": ["vip", "été"]}},
    # back-dated at import: stored after, written before
    {"source": "web", "external_id": "w0", "created_at": "2026-09-01T08:30:00.250000Z",
     "text": "Please add a dark mode, my eyes hurt at night.", "account_id": "=1+1"},
    {"source": "web", "external_id": "w1", "created_at": "2026-11-10T10:00:00Z",
     "text": "I was charged twice, please refund me.", "contact_id": "c-2"},
]  # fmt: skip


def test_metadata_comes_last_and_in_the_json_lines(store_client: TestClient) -> None:
    assert store_client.post("/v1/feedback", json={"items": ITEMS}).status_code == 200
    response = store_client.get("/v1/insights/export")
    header = response.text.splitlines()[0].split(",")
    assert header[:20] == list(export.CSV_COLUMNS[:20]) and header[-1] == "metadata"
    cells = {r["external_id"]: r["metadata"] for r in rows(response)}
    assert cells["-42"] == '{"Plan":"pro","Tags":["vip","été"]}' and cells["w1"] == ""
    lines = store_client.get("/v1/insights/export", params={"format": "jsonl"}).text
    shown = {r["feedback"]["external_id"]: r["feedback"]["metadata"]
             for r in map(json.loads, lines.splitlines())}  # fmt: skip
    assert shown["-42"] == {"Plan": "pro", "Tags": ["vip", "été"]} and shown["w1"] == {}

    search = store_client.post("/v1/search", params={"format": "csv"},
                               json={"query": "crash", "limit": 2})  # fmt: skip
    header = search.text.splitlines()[0].split(",")
    assert header[-3:] == ["score", "same_text", "metadata"]
    assert rows(search)[0]["metadata"] in (cells["-42"], "")


def test_rows_follow_when_the_customer_wrote(store_client: TestClient, monkeypatch) -> None:
    """Oldest message first (created_at, then id), a message's insights in their order; a page
    may end inside a message."""
    assert store_client.post("/v1/feedback", json={"items": ITEMS}).status_code == 200
    page = store_client.get("/v1/feedback", params={"order": "oldest"}).json()["items"]
    by_time = sorted(page, key=lambda item: (item["created_at"], item["id"]))
    expected = [i["id"] for item in by_time for i in item["insights"]]
    assert len(page[0]["insights"]) >= 3 and expected != sorted(expected)
    for size in (1, 2, 1000):
        monkeypatch.setattr(export, "PAGE", size)
        table = rows(store_client.get("/v1/insights/export"))
        assert [int(r["insight_id"]) for r in table] == expected, size
        lines = store_client.get("/v1/insights/export", params={"format": "jsonl"}).text
        assert [json.loads(x)["insight_id"] for x in lines.splitlines()] == expected, size


def test_times_ids_and_intents_as_an_analyst_reads_them(store_client: TestClient) -> None:
    assert store_client.post("/v1/feedback", json={"items": ITEMS}).status_code == 200
    first = min(i["id"] for f in store_client.get("/v1/feedback").json()["items"]
                for i in f["insights"] if f["external_id"] == "-42")  # fmt: skip
    scored = [{"label": "complaint", "score": 0.9}, {"label": "bug_report", "score": 0.6}]
    with store_client.app.state.workspace.db.session() as session:  # best score first, stored
        session.execute(update(Insight).where(Insight.id == first).values(intents=scored))
        session.commit()

    table = rows(store_client.get("/v1/insights/export"))
    records = [json.loads(x) for x in
               store_client.get("/v1/insights/export?format=jsonl").text.splitlines()]  # fmt: skip
    row = next(r for r in table if int(r["insight_id"]) == first)
    assert row["intents"] == "bug_report;complaint"  # the intent head's order
    record = next(r for r in records if r["insight_id"] == first)
    assert record["intents"] == scored  # the JSON lines keep the scores, best first
    # a plain-number id is kept for joins; one a spreadsheet would run is still quoted
    assert (row["external_id"], row["account_id"]) == ("-42", "+3361")
    assert {r["account_id"] for r in table if r["external_id"] == "w0"} == {"'=1+1"}
    assert row["text"].startswith("The app")
    for row, record in zip(table, records, strict=True):
        assert row["created_at"] == record["feedback"]["created_at"]
        assert row["created_at"].endswith("Z")
    assert table[0]["created_at"] == "2026-09-01T08:30:00.250000Z"


def test_the_contact_filter(store_client: TestClient) -> None:
    assert store_client.post("/v1/feedback", json={"items": ITEMS}).status_code == 200
    table = rows(store_client.get("/v1/insights/export", params={"contact": "c-1"}))
    assert table and {r["external_id"] for r in table} == {"-42"}
    both = rows(store_client.get("/v1/insights/export", params={"contact": ["c-1", "c-2"]}))
    assert {r["external_id"] for r in both} == {"-42", "w1"}


def test_pages_walk_the_created_at_index_without_a_sort(client: TestClient) -> None:
    """SQLite reads the export's pages along ix_feedback_created_at_id, in order: no sort of
    every matching row before the first one is written."""
    from api.search.records import record_rows
    from api.search.schemas import Filters

    engine = client.app.state.workspace.db.engine
    for after in (None, ("2026-11-10 10:00:00.000000", 1, 0)):
        compiled = export._page_query(record_rows(True), Filters(), after, None).compile(engine)
        params = tuple(compiled.params[name] for name in compiled.positiontup)
        with engine.connect() as connection:
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", params).all()
        steps = " | ".join(step[-1] for step in plan)
        assert "ix_feedback_created_at_id" in steps and "ORDER BY" not in steps, steps


def test_columns_kept_at_import_come_out_in_both_exports(workspace, tmp_path) -> None:
    from api.feedback.bulk import import_feedback
    from api.feedback.export import write_messages
    from api.feedback.importer import Mapping
    from api.search.schemas import Filters

    path = tmp_path / "tickets.csv"
    path.write_text("Ticket ID,Description,Created at,Tags,Status\n"
                    '-101,"The CSV export crashes, please fix.",2026-10-01T10:00:00Z,vip,open\n')  # fmt: skip
    mapping = Mapping.build("support", {}, None, keep=("Tags", "Status"))
    assert import_feedback(workspace, path, mapping).created == 1
    kept = '{"Tags":"vip","Status":"open"}'
    for fmt, read in (("csv", lambda text: list(csv.DictReader(io.StringIO(text)))),
                      ("jsonl", lambda text: list(map(json.loads, text.splitlines())))):  # fmt: skip
        (insight, *_) = read("".join(export.write_stored(workspace.db, Filters(), fmt)))
        (message,) = read("".join(write_messages(workspace.db, Filters(), fmt)))
        if fmt == "csv":
            assert insight["metadata"] == message["metadata"] == kept
            assert insight["external_id"] == message["external_id"] == "-101"
        else:
            assert insight["feedback"]["metadata"] == message["metadata"] == json.loads(kept)


def test_ids_come_with_the_names_a_reader_knows(store_client: TestClient) -> None:
    """A row names its account, theme and need beside their ids: no lookup to read it."""
    stored = store_client.post("/v1/feedback", json={"items": ITEMS}).json()["items"]
    crash = stored[0]["insights"][0]
    seeded = store_client.post(
        "/v1/themes/seed", json={"name": "Login crashes", "examples": ["The app crashes on login"]}
    )
    assert seeded.status_code == 201, seeded.text
    need = store_client.post(
        "/v1/needs", json={"title": "Fix login crash", "insight_ids": [crash["id"]]}
    )
    assert need.status_code == 201, need.text
    exported = {int(r["insight_id"]): r for r in rows(store_client.get("/v1/insights/export"))}
    row = exported[crash["id"]]
    assert (row["account_id"], row["account_name"]) == ("+3361", "Acme")
    assert (row["theme_id"], row["theme_name"]) == (str(seeded.json()["id"]), "Login crashes")
    assert (row["need_id"], row["need_title"]) == (str(need.json()["id"]), "Fix login crash")
    header = list(row)
    for name, label in (("theme_id", "theme_name"), ("need_id", "need_title")):
        assert header.index(label) == header.index(name) + 1
    assert all(r["need_title"] == "" for i, r in exported.items() if i != crash["id"])
    search = store_client.post("/v1/search", params={"format": "csv"},
                               json={"query": "app crashes on login", "limit": 1})  # fmt: skip
    (hit,) = rows(search)
    assert (hit["theme_name"], hit["need_title"]) == ("Login crashes", "Fix login crash")
    lines = store_client.get("/v1/insights/export", params={"format": "jsonl"}).text
    record = next(r for r in map(json.loads, lines.splitlines()) if r["insight_id"] == crash["id"])
    assert (record["theme_name"], record["need_title"]) == ("Login crashes", "Fix login crash")
