"""A seeded theme made by mistake can be deleted: it is retired, its insights go to the nearest
remaining theme or to none, its lineage and the audit trail say so; a filter on it (or on any
retired theme) says it matches nothing now and where its insights went. DELETE was a 405."""

from fastapi.testclient import TestClient

from api.storage.tables import Insight, Theme
from tests.test_needs_api import ingest
from tests.test_themes_api import CALENDAR, INVOICE, post, seed


def test_a_seeded_theme_is_deleted_and_its_insights_go_to_the_nearest(
    store_client: TestClient,
) -> None:
    stored = post(store_client, [*CALENDAR, *INVOICE], "d")
    calendar = seed(store_client, "Calendar sync", ["calendar sync is broken"])["id"]
    # made by mistake: it took the calendar insights from the theme that should hold them
    mistake = seed(store_client, "Agenda", ["My calendar no longer syncs with Google",
                                            "La synchronisation avec Outlook ne marche plus"])  # fmt: skip
    taken = {q["insight_id"] for q in mistake["quotes"]}
    assert taken
    deleted = store_client.delete(f"/v1/themes/{mistake['id']}")
    assert deleted.status_code == 200, deleted.text
    gone = deleted.json()
    assert gone["status"] == "retired" and gone["size"] == 0
    last = gone["lineage"][-1]
    assert (last["event"], last["reason"], last["successors"]) == ("retired", "deleted", [calendar])
    assert last["unthemed"] == 0
    ws = store_client.app.state.workspace
    with ws.db.session() as session:
        placed = {i.id: i.theme_id for i in session.query(Insight).filter(Insight.id.in_(taken))}
    assert set(placed.values()) == {calendar}
    tree = store_client.get("/v1/themes").json()
    assert mistake["id"] not in {t["id"] for t in tree["items"]}
    [audited] = store_client.get("/v1/audit", params={"action": "theme.delete"}).json()["items"]
    assert audited["entity_id"] == str(mistake["id"]) and audited["detail"]["successors"] == [
        calendar
    ]
    # a new insight about it goes to the theme that stands, and the name can be seeded again
    new = post(store_client, ["Google calendar sync fails every morning"], "n")[0]
    assert new["insights"][0]["theme_id"] == calendar
    assert seed(store_client, "Agenda", ["agenda view"])["id"] != mistake["id"]
    # the invoices were never in it: left in no theme, as before
    invoices = {i["id"] for item in stored[3:] for i in item["insights"]}
    with ws.db.session() as session:
        rows = session.query(Insight).filter(Insight.id.in_(invoices))
        assert {i.theme_id for i in rows} == {None}


def test_only_an_active_seeded_theme_is_deleted(store_client: TestClient) -> None:
    post(store_client, CALENDAR, "o")
    seeded = seed(store_client, "Calendar sync", ["calendar sync is broken"])["id"]
    ws = store_client.app.state.workspace
    with ws.db.session() as session:
        found = Theme(level="theme", name="found by discovery", lineage=[], keywords=[],
                      quotes=[], seed_examples=[])  # fmt: skip
        parent = Theme(level="parent", name="a parent", lineage=[], keywords=[], quotes=[],
                       seed_examples=[])  # fmt: skip
        session.add_all([found, parent])
        session.flush()
        found_id, parent_id = found.id, parent.id
    assert store_client.delete(f"/v1/themes/{seeded}").status_code == 200
    for theme_id, says in ((found_id, "not seeded"), (parent_id, "is a parent"),
                           (seeded, "already retired")):  # fmt: skip
        refused = store_client.delete(f"/v1/themes/{theme_id}")
        assert refused.status_code == 409 and says in refused.json()["message"], refused.text
    assert store_client.delete("/v1/themes/99999").status_code == 404


def test_a_filter_on_a_retired_theme_says_so_and_where_its_insights_went(
    store_client: TestClient,
) -> None:
    post(store_client, [*CALENDAR, *INVOICE], "f")
    calendar = seed(store_client, "Calendar sync", ["calendar sync is broken"])["id"]
    mistake = seed(store_client, "Agenda", ["My calendar no longer syncs with Google"])["id"]
    assert store_client.delete(f"/v1/themes/{mistake}").status_code == 200
    said = [f"theme {mistake} was deleted by api: no insight is in it now; its insights went "
            f"to theme {calendar}: filter on that one"]  # fmt: skip
    assert store_client.get("/v1/feedback", params={"theme": mistake}).json()["warnings"] == said
    search = {"query": "calendar", "filters": {"theme": mistake}}
    assert store_client.post("/v1/search", json=search).json()["warnings"] == said
    ranking = store_client.get("/v1/themes/ranking", params={"theme": mistake}).json()
    assert ranking["warnings"] == said
    export = store_client.get("/v1/insights/export", params={"theme": mistake})
    assert export.headers["X-Boucle-Warning"] == said[0]
    ingest(store_client, "n1", "The export fails")
    assert store_client.get("/v1/needs", params={"theme": mistake}).json()["warnings"] == said
    # a retired theme with no recorded successor says to pick an active one
    ws = store_client.app.state.workspace
    with ws.db.session() as session:
        theme = session.get(Theme, mistake)
        theme.lineage = [*theme.lineage[:-1], {"event": "retired", "by": "refit"}]
    listed = store_client.get("/v1/feedback", params={"theme": mistake}).json()
    assert listed["warnings"] == [f"theme {mistake} was retired by refit: no insight is in it "
                                  "now; pick an active theme (GET /v1/themes)"]  # fmt: skip
