"""What a data-protection officer asked for: retention (old feedback expires), an audit trail
that records reads and can be read, keyed digests of erased people, and one person's data as
one document (right of access)."""

import hashlib
import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.app import create_app
from api.cli import main
from api.privacy.keyed import keyed_digest
from api.settings import Settings
from api.storage.loop_tables import Notification
from api.storage.tables import AuditEvent, ForgottenItem, NeedLink
from api.worker import Worker
from api.workspace import INSIGHTS
from tests.test_privacy import ANN, fresh_settings, ingest, item  # noqa: F401 (a fixture)

OLD = (datetime.now(UTC) - timedelta(days=400)).isoformat()


def events(client: TestClient, action: str) -> list[AuditEvent]:
    with client.app.state.workspace.db.session() as session:
        rows = session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()
        session.expunge_all()
        return rows


def test_the_worker_expires_old_feedback_through_the_erasure_path(
    store_settings: Settings, tagger
) -> None:
    settings = store_settings.model_copy(update={"retention_days": 365})
    with TestClient(create_app(settings, tagger)) as client:
        old, new = ingest(client, item("t-old", "The export crashes on big files.", ANN,
                                       created_at=OLD),
                          item("t-new", "The export crashes on large files.", ANN))  # fmt: skip
        ids = [old["insights"][0]["id"], new["insights"][0]["id"]]
        need = client.post("/v1/needs", json={"title": "Fix export", "insight_ids": ids})
        assert need.status_code == 201, need.text
        ws = client.app.state.workspace
        points = ws.vectors.count(INSIGHTS)
        worker = Worker(ws, 60, 0)

        worker.tick()
        assert client.get(f"/v1/feedback/{old['id']}").status_code == 404
        assert client.get(f"/v1/feedback/{new['id']}").status_code == 200
        assert ws.vectors.count(INSIGHTS) == points - 1
        with ws.db.session() as session:
            assert session.scalar(select(func.count()).select_from(NeedLink)) == 1
            assert session.scalar(select(func.count()).select_from(ForgottenItem)) == 0
        [expired] = events(client, "expire")
        assert (expired.actor, expired.detail["feedback"], expired.detail["need_links"]) == (
            "retention", 1, 1)  # fmt: skip

        # an expiry is not a request: the source re-sending it stores it again ...
        [again] = ingest(client, item("t-old", "The export crashes on big files.", ANN,
                                      created_at=OLD))  # fmt: skip
        assert again["status"] == "created"
        worker.tick()  # ... until the next pass, at most an hour later
        assert client.get(f"/v1/feedback/{again['id']}").status_code == 200
        worker.expired_at -= 3600
        worker.tick()
        assert client.get(f"/v1/feedback/{again['id']}").status_code == 404


def imported(tmp_path: Path, monkeypatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("BOUCLE_DATA_DIR", str(data))
    export = tmp_path / "tickets.csv"
    export.write_text(
        "id,text,email,date\n1,The mobile app logs me out every hour.,kim@example.com,2024-01-05\n"
        "2,Great support team.,lou@example.com,2026-11-02\n"
    )
    assert main(["import", str(export), "--quiet", "--map", "external_id=id", "--map",
                 "contact_id=email", "--map", "created_at=date", "--source", "desk"]) == 0  # fmt: skip
    return data


@pytest.mark.usefixtures("fresh_settings")
def test_cli_forget_before_a_date(tmp_path: Path, monkeypatch, capsys) -> None:
    data = imported(tmp_path, monkeypatch)
    capsys.readouterr()
    assert main(["forget", "before", "2025-01-01"]) == 0  # no --yes: says what it would do
    said = capsys.readouterr().err
    assert "--yes" in said and "Here: 1 item written before 2025-01-01" in said
    assert main(["forget", "before", "last year", "--yes"]) == 2
    assert "is no date" in capsys.readouterr().err
    assert main(["forget", "before", "2025-01-01", "--yes"]) == 0
    erased = json.loads(capsys.readouterr().out)
    assert erased["feedback"] == 1 and erased["dry_run"] is False
    with sqlite3.connect(data / "boucle.db") as db:
        assert db.execute("select external_id from feedback").fetchall() == [("2",)]
        assert db.execute("select count(*) from forgotten_items").fetchone() == (0,)
    assert main(["audit", "--action", "expire"]) == 0
    [event] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (event["actor"], event["detail"]["feedback"]) == ("cli", 1)


def test_the_erasure_trail_cannot_confirm_a_guessed_address(store_client: TestClient) -> None:
    """The trail kept sha256("email\\0address")[:16]: anyone could hash a guess and find it."""
    client = store_client
    ingest(client, item("t-1", "Hello there.", ANN))
    assert client.post("/v1/erasures", json={"email": "ann.lee@example.com"}).status_code == 200
    [erased] = events(client, "erase")
    guessed = hashlib.sha256(b"email\x00ann.lee@example.com").hexdigest()[:16]
    assert erased.entity_id != guessed
    with client.app.state.workspace.db.session() as session:  # the workspace can still match it
        assert erased.entity_id == keyed_digest(session, "email", "ann.lee@example.com")[:16]


ADMIN = {"Authorization": "Bearer admin-key-0123456789"}
SYNC = {"Authorization": "Bearer sync-key-0123456789"}
WRITE_ONLY = {"Authorization": "Bearer write-key-0123456789"}
KEYS = {"admin-key-0123456789": ["admin"], "sync-key-0123456789": ["ingest", "read"],
        "write-key-0123456789": ["ingest"]}  # fmt: skip


def test_an_erased_contacts_and_accounts_ids_leave_the_audit_trail(
    store_settings: Settings, tagger
) -> None:
    """An export filtered on a contact kept {"contact": "crm-7781"} in its event after the
    contact's erasure, while the trail names an erased person only by a keyed digest."""
    settings = store_settings.model_copy(update={"api_keys": KEYS})
    with TestClient(create_app(settings, tagger)) as client:
        paul = {"id": "crm-7781", "email": "paul.petit@example.fr", "account_id": "globex-1"}
        ingest_as = client.post("/v1/feedback", headers=SYNC, json={"items": [
            item("t-1", "The export crashes.", paul),
            item("t-2", "Great support.", {"id": "crm-9", "account_id": "initech"})]})  # fmt: skip
        assert ingest_as.status_code == 200, ingest_as.text
        for query in ({"contact": "crm-7781"}, {"account": "globex-1"}, {"contact": "crm-9"}):
            exported = client.get("/v1/insights/export", headers=SYNC,
                                  params={"format": "csv", **query})  # fmt: skip
            assert exported.status_code == 200, exported.text
        # a write-only key's attempt on the contact: an event about it, by its id
        moved = client.patch("/v1/contacts/crm-7781", headers=WRITE_ONLY,
                             json={"email": "guess@example.fr"})  # fmt: skip
        assert moved.status_code == 200, moved.text
        before = client.get("/v1/audit", headers=ADMIN, params={"limit": 1000})
        assert "crm-7781" in before.text and "globex-1" in before.text

        assert client.delete("/v1/contacts/crm-7781", headers=ADMIN).status_code == 200
        assert client.delete("/v1/accounts/globex-1", headers=ADMIN).status_code == 200

        trail = client.get("/v1/audit", headers=ADMIN, params={"limit": 1000})
        as_csv = client.get("/v1/audit", headers=ADMIN, params={"limit": 1000, "format": "csv"})
        for text in (trail.text, as_csv.text):
            assert "crm-7781" not in text and "globex-1" not in text
        assert "crm-9" in trail.text  # the others' ids stay
        with client.app.state.workspace.db.session() as session:
            contact = keyed_digest(session, "contact", "crm-7781")[:16]
            account = keyed_digest(session, "account", "globex-1")[:16]
        events = trail.json()["items"]
        queries = [e["detail"]["query"] for e in events if e["action"] == "export"]
        assert {"format": "csv", "contact": contact} in queries
        assert {"format": "csv", "account": account} in queries
        kept = [e["entity_id"] for e in events if e["action"] == "contact_fields_kept"]
        erased = {(e["entity"], e["entity_id"]) for e in events if e["action"] == "erase"}
        assert kept == [contact]  # matched with its erasure's event, by the same digest
        assert erased == {("contact", contact), ("account", account)}


def test_a_sent_notification_of_expired_feedback_says_it_expired(store_client) -> None:
    """A retention purge gave a sent notification quoting the expired words the body "(erased
    on request)": no one had asked."""
    client = store_client
    [old] = ingest(client, item("t-old", "Please add a dark mode to the app.", ANN,
                                created_at=OLD))  # fmt: skip
    need = client.post("/v1/needs", json={"title": "Dark mode",
                                          "insight_ids": [old["insights"][0]["id"]]})  # fmt: skip
    assert client.patch(f"/v1/needs/{need.json()['id']}", json={"status": "shipped"}).is_success
    ws = client.app.state.workspace
    with ws.db.session() as session:
        sent = session.scalar(select(Notification))
        assert "dark mode to the app" in sent.body
        sent.status = "sent"

    before = (datetime.now(UTC) - timedelta(days=30)).isoformat()
    expiry = client.post("/v1/erasures/before", json={"before": before, "dry_run": False})
    assert expiry.status_code == 200, expiry.text
    assert (expiry.json()["feedback"], expiry.json()["notifications"]) == (1, 1)
    with ws.db.session() as session:
        kept = session.scalar(select(Notification))
        assert kept.status == "sent" and "dark mode" not in kept.body
        assert "retention" in kept.body and "request" not in kept.body


def test_a_purge_dry_run_counts_what_the_purge_erases(store_client) -> None:
    """The dry run counted the items alone: insights 0, need links 0, notifications 0, while
    the purge then erased them all. It counts by the purge's own deletions, rolled back."""
    client = store_client
    old = ingest(
        client,
        item("t-old", "Please add a dark mode to the app.", ANN, created_at=OLD),
        item("t-old2", "The CSV export crashes. Add a dark mode!", created_at=OLD),
    )
    ingest(client, item("t-new", "The dark mode is too dark."))
    insight_ids = [i["id"] for o in old for i in o["insights"]]
    need = client.post("/v1/needs", json={"title": "Dark mode", "insight_ids": insight_ids})
    assert client.patch(f"/v1/needs/{need.json()['id']}", json={"status": "shipped"}).is_success
    ws = client.app.state.workspace
    with ws.db.session() as session:
        session.scalar(select(Notification)).status = "sent"
    points = ws.vectors.count(INSIGHTS)
    evidence = client.get(f"/v1/needs/{need.json()['id']}").json()["evidence_count"]
    before = (datetime.now(UTC) - timedelta(days=30)).isoformat()

    dry = client.post("/v1/erasures/before", json={"before": before, "dry_run": True}).json()
    assert (dry["feedback"], dry["insights"]) == (2, len(insight_ids)), dry
    assert (dry["need_links"], dry["notifications"]) == (len(insight_ids), 1), dry
    assert client.get(f"/v1/needs/{need.json()['id']}").json()["evidence_count"] == evidence
    assert ws.vectors.count(INSIGHTS) == points  # nothing written anywhere
    with ws.db.session() as session:
        assert "dark mode to the app" in session.scalar(select(Notification)).body
    real = client.post("/v1/erasures/before", json={"before": before, "dry_run": False}).json()
    assert {**real, "dry_run": True} == dry


def test_exports_are_audited_and_the_trail_is_read_by_admins(tmp_path: Path, tagger) -> None:
    keys = {"reader-key": ["read", "ingest"], "admin-key": ["admin"]}
    settings = Settings(data_dir=tmp_path / "data", worker=False, api_keys=keys)
    reader, admin = ({"Authorization": f"Bearer {k}-key"} for k in ("reader", "admin"))
    with TestClient(create_app(settings, tagger)) as client:
        client.post("/v1/feedback", headers=reader, json={"items": [
            item("t-1", "The export crashes.", ANN), item("t-2", "Great support.")]})  # fmt: skip
        exported = client.get("/v1/feedback/export", headers=reader,
                              params={"format": "jsonl", "contact": "c-ann"})  # fmt: skip
        assert exported.status_code == 200 and len(exported.text.splitlines()) == 1
        priorities = client.get("/v1/priorities", headers=reader, params={"format": "csv"})
        assert priorities.status_code == 200

        assert client.get("/v1/audit", headers=reader).status_code == 403
        page = client.get("/v1/audit", headers=admin, params={"action": "export"})
        assert page.status_code == 200, page.text
        newest, first = page.json()["items"]
        assert first["actor"].startswith("key ")  # the key's name, never the key
        assert (first["entity"], first["detail"]["format"]) == ("messages", "jsonl")
        assert first["detail"]["lines"] == 1 and first["detail"]["complete"]
        assert first["detail"]["query"] == {"format": "jsonl", "contact": "c-ann"}
        assert "crashes" not in json.dumps(page.json())  # counts, never the content
        assert (newest["entity"], newest["detail"]["rows"]) == ("priorities", 0)

        one = client.get("/v1/audit", headers=admin, params={"action": "export", "limit": 1})
        rest = client.get("/v1/audit", headers=admin, params={
            "action": "export", "limit": 1, "cursor": one.json()["next_cursor"]})  # fmt: skip
        assert [e["id"] for e in one.json()["items"] + rest.json()["items"]] == [
            newest["id"], first["id"]]  # fmt: skip
        later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
        assert client.get("/v1/audit", headers=admin, params={"since": later}).json()["items"] == []
        by_reader = client.get("/v1/audit", headers=admin, params={"actor": first["actor"]})
        assert {e["action"] for e in by_reader.json()["items"]} == {"export"}
        assert client.get("/v1/audit", headers=admin, params={"actor": "cli"}).json()[
            "items"] == []  # fmt: skip
        csv = client.get("/v1/audit", headers=admin, params={"format": "csv"})
        assert csv.text.splitlines()[0] == "id,at,actor,action,entity,entity_id,detail"
        bad = client.get("/v1/audit", headers=admin, params={"since": "soon"})
        assert bad.status_code == 422 and "since" in bad.text


def test_a_contacts_data_in_one_document(store_client: TestClient) -> None:
    client = store_client
    client.put("/v1/accounts/acme", json={"name": "Acme", "arr": 50000})
    mine, _ = ingest(client, item("t-1", "The export crashes, call me at 555-0100.", ANN,
                                  metadata={"plan": "pro"}),
                     item("t-2", "Someone else's words.", {"id": "c-bob"}))  # fmt: skip
    insight = mine["insights"][0]["id"]
    need = client.post("/v1/needs", json={"title": "Fix export", "insight_ids": [insight]})
    client.post(f"/v1/feedback/{mine['id']}/actions", json={"kind": "reply", "by": "zoe"})
    sends = [{"survey": "nps", "contact_id": "c-ann", "sent_at": "2026-11-01T10:00:00Z"}]
    assert client.post("/v1/surveys/sends", json={"sends": sends}).status_code == 200
    client.patch(f"/v1/needs/{need.json()['id']}", json={"status": "shipped"})

    answer = client.get("/v1/contacts/c-ann/export")
    assert answer.status_code == 200, answer.text
    doc = answer.json()
    assert doc["contact"]["email"] == "Ann.Lee@Example.com"
    assert doc["account"]["name"] == "Acme"
    [stored] = doc["feedback"]
    assert stored["external_id"] == "t-1" and stored["metadata"] == {"plan": "pro"}
    assert "export crashes" in stored["text"] and "vector" not in stored["insights"][0]
    assert stored["insights"][0]["need"]["title"] == "Fix export"
    assert [a["kind"] for a in stored["actions"]] == ["reply"]
    assert [n["contact_id"] for n in doc["notifications"]] == ["c-ann"]
    # the unsubscribe token opts the contact out for whoever holds the file: never in it
    assert (
        "unsubscribe_token" not in doc["contact"]
        and "unsubscribe_url" not in doc["notifications"][0]
    )
    assert (
        "/v1/unsubscribe/" not in answer.text
        and "[unsubscribe link]" in doc["notifications"][0]["body"]
    )
    assert [s["survey"] for s in doc["survey_sends"]] == ["nps"]
    assert "Someone else" not in answer.text
    [audited] = events(client, "access_export")
    assert audited.detail == {"contacts": 1, "feedback": 1, "notifications": 1, "survey_sends": 1,
                              "mentions": 0}  # fmt: skip
    assert "c-ann" not in audited.entity_id

    missing = client.get("/v1/contacts/c-nobody/export")
    assert missing.status_code == 404 and "c-nobody" in missing.json()["message"]


@pytest.mark.usefixtures("fresh_settings")
def test_cli_privacy_export_backup_and_restore_are_audited(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    imported(tmp_path, monkeypatch)
    capsys.readouterr()
    assert main(["privacy", "export", "--email", "KIM@example.com"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [c["contact"]["id"] for c in doc["contacts"]] == ["kim@example.com"]
    assert "logs me out" in doc["contacts"][0]["feedback"][0]["text"]
    out = tmp_path / "lou.json"
    assert main(["privacy", "export", "--contact", "lou@example.com", "-o", str(out)]) == 0
    assert out.stat().st_mode & 0o777 == 0o600
    assert json.loads(out.read_text())["feedback"][0]["external_id"] == "2"
    assert main(["privacy", "export", "--email", "nobody@example.com"]) == 1
    assert "no contact with this address" in capsys.readouterr().err
    assert main(["backup", str(tmp_path / "b")]) == 0
    assert main(["restore", str(tmp_path / "b"), "--force"]) == 0
    capsys.readouterr()
    assert main(["audit", "--format", "jsonl"]) == 0
    trail = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [e["action"] for e in trail] == ["restore erasures re-applied", "restore", "backup",
                                            "access_export", "access_export"]  # fmt: skip
    assert trail[2]["detail"]["rows"] > 0 and trail[2]["detail"]["directory"].endswith("/b")
    assert trail[1]["detail"]["backup_at"] == trail[0]["entity_id"]  # the restore's, paid
