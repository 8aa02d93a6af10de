"""A nightly sync (a BI job) reads what changed since its last run: every item has an updated_at,
moved by an edit, a new analysis and a need link of its insights, and GET /v1/feedback and both
exports take ?changed_since=. SQLite and PostgreSQL."""

import csv
import io
import json
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import text

from api.storage import Database, sqlite_url
from tests.test_privacy import ingest, item

OLD = "Login fails with error 500 since Monday."
NEW = "Login works again, thanks. But the invoices page takes a minute to load."
OTHER = "The mobile app crashes when I open a report."


def changed_ids(client: TestClient, since: datetime) -> dict[str, set[int]]:
    """The item ids each reader gives for ?changed_since=since."""
    params = {"changed_since": since.isoformat()}
    listed = client.get("/v1/feedback", params=params)
    assert listed.status_code == 200, listed.text
    messages = client.get("/v1/feedback/export", params=params)
    insights = client.get("/v1/insights/export", params={**params, "format": "jsonl"})
    assert messages.status_code == insights.status_code == 200, insights.text
    return {
        "list": {i["id"] for i in listed.json()["items"]},
        "messages": {int(r["id"]) for r in csv.DictReader(io.StringIO(messages.text))},
        "insights": {json.loads(line)["feedback"]["id"] for line in insights.text.splitlines()},
    }


def test_an_edited_item_is_read_again_by_a_sync(store_client: TestClient) -> None:
    """PUT answered "updated" with a new analysis, but the list's cursors and both exports read
    created_at only: a nightly sync never saw the edit."""
    client = store_client
    edited, kept = ingest(client, item("t-1", OLD), item("t-2", OTHER))
    last_run = datetime.now(UTC)
    assert changed_ids(client, last_run) == {"list": set(), "messages": set(), "insights": set()}

    answer = client.put(f"/v1/feedback/{edited['id']}", json={"text": NEW})
    assert answer.json()["status"] == "updated", answer.text

    found = changed_ids(client, last_run)
    assert found == {"list": {edited["id"]}, "messages": {edited["id"]}, "insights": {edited["id"]}}
    stored = client.get(f"/v1/feedback/{edited['id']}").json()
    assert stored["updated_at"].endswith("Z") and stored["updated_at"] >= stored["received_at"]
    row = next(csv.DictReader(io.StringIO(client.get("/v1/feedback/export").text)))
    assert row["updated_at"].endswith("Z")


def test_a_need_link_moves_its_items_updated_at(store_client: TestClient) -> None:
    """The insights export writes need_id and need_title: linking an insight changes its row."""
    client = store_client
    (first,) = ingest(client, item("t-1", OLD))
    need = client.post("/v1/needs", json={"title": "Login errors"}).json()["id"]
    last_run = datetime.now(UTC)

    insight = first["insights"][0]["id"]
    linked = client.post(f"/v1/needs/{need}/links", json={"insight_ids": [insight]})
    assert linked.status_code < 300, linked.text
    assert changed_ids(client, last_run)["insights"] == {first["id"]}

    between = datetime.now(UTC)
    assert client.delete(f"/v1/needs/{need}/links/{insight}").status_code < 300
    assert changed_ids(client, between)["list"] == {first["id"]}


def test_a_bad_changed_since_is_a_422_naming_it(store_client: TestClient) -> None:
    answer = store_client.get("/v1/feedback", params={"changed_since": "yesterday"})
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["?changed_since"], answer.text


def test_0033_dates_each_stored_item_when_it_was_last_analysed_or_stored(
    unmigrated_store_settings,
) -> None:
    """Items stored before 0033 get an updated_at: their analysis's time, or their arrival's."""
    from alembic import command

    from api.storage.migrate import alembic_config, upgrade

    settings = unmigrated_store_settings
    database = Database(settings.database_url or sqlite_url(settings.data_dir),
                        settings.database_schema)  # fmt: skip
    insert = text(
        "INSERT INTO feedback (source, source_key, external_id, status, created_at, received_at, "
        "analysed_at, metadata, intents, intent_labels, tags, attempts) VALUES ('zendesk', "
        "'zendesk', :id, 'analysed', '2020-01-01 10:00:00', '2026-12-01 10:00:00', :analysed, "
        "'{}', '[]', ',', '{}', 0)"
    )
    try:
        command.upgrade(alembic_config(database), "0032")
        with database.engine.begin() as connection:
            connection.execute(insert, {"id": "1", "analysed": "2026-12-01 10:05:00"})
            connection.execute(insert, {"id": "2", "analysed": None})
        upgrade(database)
        with database.engine.begin() as connection:
            dated = connection.execute(
                text("SELECT external_id, updated_at FROM feedback ORDER BY external_id")
            ).all()
        assert [(i, str(at)[:19]) for i, at in dated] == [
            ("1", "2026-12-01 10:05:00"),
            ("2", "2026-12-01 10:00:00"),
        ]
    finally:
        database.drop_schema()
        database.close()
