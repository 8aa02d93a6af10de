"""A second need of one title is a 409 naming the first (themes answer a duplicate name so);
a need created by mistake, that nothing depends on, can be deleted (its only way out was
`declined`, which tells customers)."""

from fastapi.testclient import TestClient
from sqlalchemy import select

from api.storage.tables import AuditEvent, NeedSuggestion
from tests.test_needs_api import EXPORT, ingest


def created(client: TestClient, title: str, **body) -> int:
    answer = client.post("/v1/needs", json={"title": title, **body})
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def test_a_title_taken_by_a_need_is_a_409_naming_it(store_client: TestClient) -> None:
    dark = created(store_client, "Dark mode")
    again = store_client.post("/v1/needs", json={"title": " dark  MODE "})
    assert again.status_code == 409, again.text
    assert again.json()["message"] == (
        f"need {dark} is already titled 'Dark mode' (open): link the insights to it "
        f"(POST /v1/needs/{dark}/links), or give this one a title that tells the two apart"
    )
    night = created(store_client, "Night theme")
    renamed = store_client.patch(f"/v1/needs/{night}", json={"title": "Dark Mode"})
    assert renamed.status_code == 409 and f"need {dark} is already" in renamed.text
    own = store_client.patch(f"/v1/needs/{dark}", json={"title": "Dark Mode"})
    assert own.status_code == 200, own.text  # its own title, another case
    # a need merged away gives its title back
    assert (
        store_client.post(f"/v1/needs/{dark}/merge", json={"sources": [night]}).status_code == 200
    )
    assert created(store_client, "Night theme") > night
    assert len(store_client.get("/v1/needs").json()["items"]) == 2


def test_only_a_need_nothing_depends_on_is_deleted(store_client: TestClient) -> None:
    insight = ingest(store_client, "d1", EXPORT)["insights"][0]["id"]
    typo = created(store_client, "Exprot crashes")
    ws = store_client.app.state.workspace
    with ws.db.session() as session:  # a suggestion is a proposal: it goes with the need
        session.add(NeedSuggestion(insight_id=insight, need_id=typo, score=0.7))
    assert store_client.delete(f"/v1/needs/{typo}").status_code == 204
    assert store_client.get(f"/v1/needs/{typo}").status_code == 404
    assert store_client.delete(f"/v1/needs/{typo}").status_code == 404
    assert store_client.get("/v1/needs/suggestions").json()["items"] == []
    with ws.db.session() as session:
        (event,) = session.scalars(select(AuditEvent).where(AuditEvent.action == "need.delete"))
        assert (event.entity_id, event.detail["title"]) == (str(typo), "Exprot crashes")

    linked = created(store_client, "Export crashes", insight_ids=[insight])
    held = store_client.delete(f"/v1/needs/{linked}")
    assert held.status_code == 409 and "1 linked insight(s)" in held.json()["message"]
    assert "POST /v1/needs/{id}/merge" in held.json()["message"]
    twin = created(store_client, "CSV export")
    assert (
        store_client.post(f"/v1/needs/{linked}/merge", json={"sources": [twin]}).status_code == 200
    )
    merged = store_client.delete(f"/v1/needs/{twin}")
    assert merged.status_code == 409 and f"merged into {linked}" in merged.json()["message"]
    assert {n["id"] for n in store_client.get("/v1/needs").json()["items"]} == {linked}
