"""A need's titles per language: a French customer told it shipped reads "Export vers Excel",
not "Export to Excel"; set on create and PATCH, kept through merges, validated."""

from fastapi.testclient import TestClient
from sqlalchemy import select, text

from api.storage.loop_tables import Notification
from api.storage.tables import Need
from tests.test_loop import ingest

EXCEL = {"title": "Export to Excel", "titles": {"fr": "Export vers Excel"}}


def asked_by_ann_and_luc(client: TestClient, **need) -> int:
    """A need behind Ann (English) and Luc (French), open."""
    items = [
        ingest(client, 1, "Please let me export to Excel.", {"id": "c1", "email": "ann@northwind.com",
                                                              "name": "Ann", "language": "en"}),
        ingest(client, 2, "Exporter vers Excel svp.", {"id": "c2", "email": "luc@globex.fr",
                                                       "name": "Luc", "language": "fr"}),
    ]  # fmt: skip
    ids = [item["insights"][0]["id"] for item in items]
    created = client.post("/v1/needs", json={**need, "insight_ids": ids})
    assert created.status_code == 201, created.text
    return created.json()["id"]


def test_titles_are_set_on_create_and_edited_by_language(store_client: TestClient) -> None:
    need = store_client.post("/v1/needs", json={"title": "Export to Excel",
                                                "titles": {"FR": " Export vers Excel "}})  # fmt: skip
    assert need.status_code == 201, need.text
    need_id = need.json()["id"]
    assert need.json()["titles"] == {"fr": "Export vers Excel"}  # a code, without the spaces
    assert store_client.get(f"/v1/needs/{need_id}").json()["titles"] == {"fr": "Export vers Excel"}
    # merged into the ones there: German added, French kept
    edited = store_client.patch(f"/v1/needs/{need_id}", json={"titles": {"de": "Excel-Export"}})
    assert edited.status_code == 200, edited.text
    assert edited.json()["titles"] == {"fr": "Export vers Excel", "de": "Excel-Export"}
    listed = store_client.get("/v1/needs").json()["items"]
    assert [n["titles"] for n in listed] == [{"fr": "Export vers Excel", "de": "Excel-Export"}]
    # a language set to null loses its title; null takes them all away
    edited = store_client.patch(f"/v1/needs/{need_id}", json={"titles": {"fr": None}})
    assert edited.json()["titles"] == {"de": "Excel-Export"}
    assert store_client.patch(f"/v1/needs/{need_id}", json={"titles": None}).json()["titles"] == {}
    trail = store_client.get(f"/v1/needs/{need_id}/audit").json()["items"]
    assert trail[1]["detail"] == {"before": {"titles": {"fr": "Export vers Excel"}},
                                  "after": {"titles": {"de": "Excel-Export"}}}  # fmt: skip


def test_titles_that_are_not_one_per_known_language_are_refused(store_client: TestClient) -> None:
    need_id = store_client.post("/v1/needs", json={"title": "Export to Excel"}).json()["id"]
    refused = {
        "xx": ({"xx": "Export"}, "'xx' is not an ISO 639-1 language code"),
        "twice": ({"fr": "Export", "FR": "Exporter"}, "names fr a second time"),
        "empty": ({"fr": ""}, "at least 1 character"),
        "blank": ({"fr": "   "}, "must not be empty or only spaces"),
        "long": ({"fr": "x" * 301}, "the limit is 300"),
    }
    for case, (titles, said) in refused.items():
        created = store_client.post("/v1/needs", json={"title": "Export", "titles": titles})
        edited = store_client.patch(f"/v1/needs/{need_id}", json={"titles": titles})
        for answer in (created, edited):
            assert answer.status_code == 422, (case, answer.text)
            assert said in answer.text, (case, answer.text)
    # a null title removes a language on an edit; a new need has none to remove
    created = store_client.post("/v1/needs", json={"title": "Export", "titles": {"fr": None}})
    assert created.status_code == 422, created.text
    assert store_client.get(f"/v1/needs/{need_id}").json()["titles"] == {}


def test_each_customer_reads_the_title_of_their_language(store_client: TestClient) -> None:
    need_id = asked_by_ann_and_luc(store_client, **EXCEL)
    preview = store_client.get(f"/v1/needs/{need_id}/recipients").json()["recipients"]
    assert {p["contact_id"]: p["subject"] for p in preview} == {
        "c1": "You asked, we built it: Export to Excel",
        "c2": "Vous l'avez demandé, c'est fait : Export vers Excel",
    }
    store_client.patch(f"/v1/needs/{need_id}", json={"status": "shipped"})
    with store_client.app.state.workspace.db.session() as session:
        rows = session.scalars(select(Notification).where(Notification.need_id == need_id))
        by_contact = {r.contact_id: (r.subject, r.body) for r in rows}
    assert by_contact["c2"][0] == "Vous l'avez demandé, c'est fait : Export vers Excel"
    assert "« Export vers Excel »" in by_contact["c2"][1]
    assert by_contact["c1"][0] == "You asked, we built it: Export to Excel"
    assert '"Export to Excel"' in by_contact["c1"][1]
    # a title fixed after the decision: the waiting messages say it (they listed the old one,
    # though delivery renders them again), in the API, `boucle loop outbox` and the page
    store_client.patch(f"/v1/needs/{need_id}", json={"titles": {"fr": "Export Excel"}})
    rows = store_client.get(f"/v1/needs/{need_id}/notifications").json()["items"]
    assert {r["contact_id"]: (r["subject"], r["status"]) for r in rows} == {
        "c1": ("You asked, we built it: Export to Excel", "pending"),
        "c2": ("Vous l'avez demandé, c'est fait : Export Excel", "pending"),
    }
    assert "« Export Excel »" in {r["contact_id"]: r["body"] for r in rows}["c2"]


def test_without_a_title_in_their_language_a_customer_reads_the_main_one(
    store_client: TestClient,
) -> None:
    """A German title is no French customer's, nor an English one's."""
    need_id = asked_by_ann_and_luc(
        store_client, title="Export to Excel", titles={"de": "Excel-Export"}, status="declined"
    )
    rows = store_client.get(f"/v1/needs/{need_id}/notifications").json()["items"]
    assert {r["contact_id"]: r["subject"] for r in rows} == {
        "c1": "About your request: Export to Excel",
        "c2": "À propos de votre demande : Export to Excel",
    }


def test_a_merge_keeps_the_surviving_needs_titles(store_client: TestClient) -> None:
    target = store_client.post("/v1/needs", json=EXCEL).json()["id"]
    source = store_client.post("/v1/needs", json={"title": "XLSX export",
                                                  "titles": {"fr": "Export XLSX",
                                                             "de": "XLSX-Export"}}).json()["id"]  # fmt: skip
    merged = store_client.post(f"/v1/needs/{target}/merge", json={"sources": [source]})
    assert merged.status_code == 200, merged.text
    assert merged.json()["titles"] == {"fr": "Export vers Excel"}
    assert merged.json()["lineage"][-1]["titles"] == {"fr": "Export XLSX", "de": "XLSX-Export"}
    gone = store_client.get(f"/v1/needs/{source}").json()
    assert gone["titles"] == {"fr": "Export XLSX", "de": "XLSX-Export"}


def test_titles_are_redacted_as_the_title_is(store_client: TestClient) -> None:
    need = store_client.post("/v1/needs", json={
        "title": "Export", "titles": {"fr": "Export demandé par paul.petit@globex.fr"}}).json()  # fmt: skip
    assert "paul.petit" not in need["titles"]["fr"] and need["titles"]["fr"].startswith("Export")
    edited = store_client.patch(f"/v1/needs/{need['id']}",
                                json={"titles": {"de": "Export für paul.petit@globex.fr"}})  # fmt: skip
    assert "paul.petit" not in edited.json()["titles"]["de"]


def test_an_erased_name_leaves_the_titles_too(store_client: TestClient) -> None:
    sarah = {"id": "c-sarah", "email": "sarah.connor@cyberdyne.io", "name": "Sarah Connor"}
    hers = ingest(store_client, 1, "The export crashes on big files.", sarah)
    # lower case: the name rules take a capitalised first name and surname when it is written
    need = store_client.post("/v1/needs", json={
        "title": "Export crash", "titles": {"fr": "Plantage signalé par sarah connor"},
        "insight_ids": [hers["insights"][0]["id"]]}).json()  # fmt: skip
    assert need["titles"] == {"fr": "Plantage signalé par sarah connor"}
    erased = store_client.post("/v1/erasures", json={"email": "sarah.connor@cyberdyne.io"})
    assert erased.json()["needs_renamed"] == 1, erased.text
    after = store_client.get(f"/v1/needs/{need['id']}").json()
    assert after["titles"] == {"fr": "Plantage signalé par [NAME]"}


def test_0032_gives_needs_stored_before_no_titles(unmigrated_store_settings) -> None:
    from alembic import command

    from api.storage import Database, sqlite_url
    from api.storage.migrate import alembic_config, upgrade

    settings = unmigrated_store_settings
    url = settings.database_url or sqlite_url(settings.data_dir)
    database = Database(url, settings.database_schema)
    try:
        command.upgrade(alembic_config(database), "0031")
        with database.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO needs (title, status, created_from, lineage, rice_overrides, "
                "created_at, updated_at) VALUES ('Export to Excel', 'open', 'manual', '[]', '{}', "
                "'2026-12-01 10:00:00', '2026-12-01 10:00:00')"))  # fmt: skip
        upgrade(database)
        with database.session() as session:
            need = session.query(Need).one()
            assert (need.title, need.titles) == ("Export to Excel", {})
        command.downgrade(alembic_config(database), "0031")
        with database.engine.begin() as connection:
            assert connection.execute(text("SELECT title FROM needs")).scalar() == "Export to Excel"
    finally:
        database.drop_schema()
        database.close()
