"""A data-protection officer's audit: a contact can opt out of closing-the-loop notifications
(PUT/PATCH, a contacts import, the unsubscribe link every message carries), and the preview and
the outbox skip them, saying how many and why."""

import logging
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from api.access_log import AddressesOutOfAccessLog
from api.app import create_app
from api.feedback.bulk import import_people
from api.settings import Settings
from api.storage import Database, sqlite_url
from api.storage.tables import AuditEvent, Contact
from tests.test_loop import ingest, mailed

ANN = {"id": "c1", "email": "ann@northwind.com", "name": "Ann", "language": "en"}
LUC = {"id": "c2", "email": "luc@northwind.fr", "name": "Luc", "language": "fr"}


def need_of(client: TestClient, *contacts: dict, text: str = "Please add a dark mode.") -> int:
    first = len(client.get("/v1/feedback").json()["items"])
    items = [ingest(client, first + n, text, contact) for n, contact in enumerate(contacts)]
    ids = [item["insights"][0]["id"] for item in items]
    answer = client.post("/v1/needs", json={"title": text, "insight_ids": ids})
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def outbox(client: TestClient, need_id: int) -> dict[str, dict]:
    rows = client.get(f"/v1/needs/{need_id}/notifications").json()["items"]
    return {row["contact_id"]: row for row in rows}


def token_of(client: TestClient, contact_id: str) -> str:
    with client.app.state.workspace.db.session() as session:
        return session.get(Contact, contact_id).unsubscribe_token


def test_an_opted_out_contact_is_skipped_by_the_preview_and_the_ship(store_client) -> None:
    client = store_client
    need_id = need_of(client, ANN, LUC)
    answer = client.patch("/v1/contacts/c1", json={"notifications": False})
    assert answer.status_code == 200, answer.text
    assert answer.json()["notifications"] is False
    assert answer.json()["notifications_opted_out_at"].startswith(date.today().isoformat()[:4])
    # a PUT that leaves the field out (a CRM sync) keeps the person's choice
    assert client.put("/v1/contacts/c1", json={"email": "ann@northwind.com"}).json()[
        "notifications"] is False  # fmt: skip

    preview = client.get(f"/v1/needs/{need_id}/recipients").json()
    assert (preview["to_notify"], preview["excluded"], preview["opted_out"]) == (1, 1, 1)
    skipped = next(r for r in preview["recipients"] if r["contact_id"] == "c1")
    assert skipped["excluded"].startswith("opted out of notifications on ")

    assert client.patch(f"/v1/needs/{need_id}", json={"status": "shipped"}).status_code == 200
    rows = outbox(client, need_id)
    assert rows["c2"]["status"] == "pending"
    assert rows["c1"]["status"] == "cancelled"
    assert rows["c1"]["last_error"].startswith("opted out of notifications on ")
    client.patch(f"/v1/needs/{need_id}", json={"status": "declined"})  # a new decision
    assert outbox(client, need_id)["c1"]["status"] == "cancelled"


def test_the_preview_and_the_outbox_name_their_opted_out_counts_alike(store_client) -> None:
    """GET /v1/needs/{id}/recipients said `opted_out: 1` where /notifications counted
    `left_out: 0` and no opt-out: the preview counts people a decision would leave out, the
    outbox messages written. The outbox now counts its opted-out messages too, under the same
    name: equal once the need is decided, none before (no message is written yet)."""
    client = store_client
    need_id = need_of(client, ANN, LUC)
    client.patch("/v1/contacts/c1", json={"notifications": False})

    def both() -> tuple[int, dict]:
        preview = client.get(f"/v1/needs/{need_id}/recipients").json()
        counts = client.get(f"/v1/needs/{need_id}/notifications").json()["counts"]
        return preview["opted_out"], {k: counts[k] for k in ("left_out", "opted_out")}

    assert both() == (1, {"left_out": 0, "opted_out": 0})  # undecided: nothing written yet
    assert client.patch(f"/v1/needs/{need_id}", json={"status": "declined"}).status_code == 200
    assert both() == (1, {"left_out": 1, "opted_out": 1})


def test_every_message_carries_its_unsubscribe_link(store_settings: Settings, tagger) -> None:
    settings = store_settings.model_copy(update={"public_url": "https://boucle.northwind.com/"})
    with TestClient(create_app(settings, tagger)) as client:
        need_id = need_of(client, ANN, LUC)
        client.patch(f"/v1/needs/{need_id}", json={"status": "shipped"})
        link = f"https://boucle.northwind.com/v1/unsubscribe/{token_of(client, 'c2')}"
        delivered, messages = mailed(client.app.state.workspace, "product@northwind.com")
        assert delivered == 2
        french = next(m for m in messages if m["To"] == "luc@northwind.fr")
        assert french["List-Unsubscribe"] == f"<{link}>"
        assert french["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert f"Pour ne plus recevoir ces messages : {link}" in french.get_payload(
            decode=True).decode()  # fmt: skip
        assert len(token_of(client, "c2")) >= 40 and token_of(client, "c1") != token_of(
            client, "c2")  # fmt: skip

        # the link: a GET (a mail scanner following it) changes nothing, a POST opts out
        path = link.removeprefix("https://boucle.northwind.com")
        page = client.get(path)
        assert page.status_code == 200 and '<form method="post">' in page.text
        assert client.get("/v1/contacts/c2").json()["notifications"] is True
        done = client.post(path, headers={"Accept": "application/json"})
        assert done.status_code == 200, done.text
        assert done.json() == {"unsubscribed": True, "already": False, "cancelled": 0}
        assert client.get("/v1/contacts/c2").json()["notifications"] is False
        assert "Désabonnement confirmé" in client.get(path).text  # Luc reads French

        # the page's button, while a message waits: it is cancelled, not sent
        need_id = need_of(client, ANN, text="Export to Excel please.")
        client.patch(f"/v1/needs/{need_id}", json={"status": "shipped"})
        assert outbox(client, need_id)["c1"]["status"] == "pending"
        ann = client.post(f"/v1/unsubscribe/{token_of(client, 'c1')}")
        assert ann.status_code == 200 and "Unsubscribed" in ann.text
        assert client.get("/v1/contacts/c1").json()["notifications"] is False
        assert outbox(client, need_id)["c1"]["status"] == "cancelled"
        assert outbox(client, need_id)["c1"]["last_error"].startswith("opted out")
        with client.app.state.workspace.db.session() as session:
            trail = list(session.scalars(
                select(AuditEvent).where(AuditEvent.action == "unsubscribe")))  # fmt: skip
        assert len(trail) == 2 and {e.entity_id for e in trail}.isdisjoint({"c1", "c2"})

        unknown = client.post("/v1/unsubscribe/not-a-token")
        assert unknown.status_code == 404 and "unknown" in unknown.text


def test_the_unsubscribe_page_speaks_the_persons_language(store_client) -> None:
    """Luc's preferred language is French: his page is French whatever his browser says; a
    person with none on file reads the browser's (Accept-Language), else English."""
    client = store_client
    for person in (ANN, LUC, {"id": "c4", "email": "eve@northwind.com"}):  # Eve: no language
        fields = {k: v for k, v in person.items() if k != "id"}
        assert client.put(f"/v1/contacts/{person['id']}", json=fields).status_code == 200
    english = {"Accept-Language": "en-US,en;q=0.9"}
    luc = client.get(f"/v1/unsubscribe/{token_of(client, 'c2')}", headers=english)
    assert luc.status_code == 200 and '<html lang="fr">' in luc.text
    assert "<title>Ne plus recevoir ces messages ?</title>" in luc.text
    assert '<button type="submit">Se désabonner</button>' in luc.text
    assert "Stop these messages" not in luc.text
    ann = client.get(f"/v1/unsubscribe/{token_of(client, 'c1')}", headers={"Accept-Language": "fr"})
    assert '<html lang="en">' in ann.text and "Stop these messages?" in ann.text

    eve = f"/v1/unsubscribe/{token_of(client, 'c4')}"
    for accept, language in (("fr-FR,fr;q=0.9,en;q=0.8", "fr"), ("ja-JP,en;q=0.5", "en"),
                             ("ja-JP,fr;q=0.3,en;q=0.5", "en"), ("de-DE,en;q=0.5", "de"),
                             ("", "en")):  # fmt: skip
        page = client.get(eve, headers={"Accept-Language": accept} if accept else {})
        assert f'<html lang="{language}">' in page.text, accept
    done = client.post(f"/v1/unsubscribe/{token_of(client, 'c2')}", headers=english)
    assert done.status_code == 200 and '<html lang="fr">' in done.text
    assert "<h1>Désabonnement confirmé</h1>" in done.text
    unknown = client.get("/v1/unsubscribe/not-a-token", headers={"Accept-Language": "fr-CA"})
    assert unknown.status_code == 404 and '<html lang="fr">' in unknown.text
    assert "<h1>Lien inconnu</h1>" in unknown.text


def test_opting_back_in_takes_an_admin_key(tmp_path: Path, tagger) -> None:
    keys = {"ingest-key-0123456789": ["ingest", "read"], "admin-key-0123456789": ["admin"]}
    settings = Settings(data_dir=tmp_path / "data", worker=False, api_keys=keys)
    crm, admin = ({"Authorization": f"Bearer {k}-key-0123456789"} for k in ("ingest", "admin"))
    with TestClient(create_app(settings, tagger)) as client:
        assert client.put("/v1/contacts/c1", headers=crm,
                          json={"email": "ann@northwind.com", "notifications": False}
                          ).status_code == 200  # fmt: skip
        refused = client.patch("/v1/contacts/c1", headers=crm, json={"notifications": True})
        assert refused.status_code == 403 and "admin key" in refused.json()["message"]
        again = client.patch("/v1/contacts/c1", headers=admin, json={"notifications": True})
        assert again.status_code == 200 and again.json()["notifications"] is True


def test_a_contacts_import_opts_out_and_never_back_in(workspace, tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text("id,email,Email Opt Out\nc1,ann@northwind.com,true\n"
                    "c2,luc@northwind.fr,false\nc3,eve@northwind.com,maybe\n")  # fmt: skip
    report = import_people(workspace, path, "contacts")
    assert report.created == 2
    assert report.rejected == ["line 4: opted_out: 'maybe' is neither yes nor no: write "
                               "true/false, yes/no or 1/0"]  # fmt: skip
    path.write_text("id,notifications\nc1,yes\nc2,no\n")  # a CRM's "yes" undoes no opt-out
    assert import_people(workspace, path, "contacts").created == 2
    with workspace.db.session() as session:
        stored = {c.id: c.notifications for c in session.scalars(select(Contact))}
    assert stored == {"c1": False, "c2": False}


def test_the_access_log_keeps_no_unsubscribe_token() -> None:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d',
        ("10.0.0.7:5000", "POST", "/v1/unsubscribe/Zk3q-secret_token", "1.1", 200), None,
    )  # fmt: skip
    assert AddressesOutOfAccessLog().filter(record)
    assert record.getMessage() == '10.0.0.7:5000 - "POST /v1/unsubscribe/[TOKEN] HTTP/1.1" 200'


def test_contacts_stored_before_0017_get_a_token_each(unmigrated_store_settings: Settings) -> None:
    from alembic import command
    from sqlalchemy import text

    from api.storage.migrate import alembic_config, upgrade

    url = unmigrated_store_settings.database_url or sqlite_url(unmigrated_store_settings.data_dir)
    database = Database(url, unmigrated_store_settings.database_schema)
    try:
        command.upgrade(alembic_config(database), "0016")
        with database.engine.begin() as connection:
            for contact_id in ("c1", "c2"):
                connection.execute(
                    text("INSERT INTO contacts (id, attributes, created_at, updated_at) VALUES "
                         "(:id, '{}', :at, :at)"),
                    {"id": contact_id, "at": "2026-12-01 10:00:00"},
                )  # fmt: skip
        upgrade(database)
        with database.engine.begin() as connection:
            rows = connection.execute(
                text("SELECT unsubscribe_token, notifications_opted_out_at FROM contacts")
            ).all()
        tokens = {token for token, _ in rows}
        assert len(tokens) == 2 and all(len(t) >= 40 for t in tokens)
        assert {opted_out for _, opted_out in rows} == {None}
    finally:
        database.drop_schema()
        database.close()
