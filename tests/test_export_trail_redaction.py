"""An export's audit event recorded its query as sent: `?meta=phone:+33 1 42 68 53 00` stayed in
the trail after the person's erasure, where the address became a digest; and a search file's
event (`POST /v1/search?format=csv`) recorded `{"format": "csv"}` alone, not what was searched.
Privacy events hold ids, counts and keyed digests, never a customer's words (docs/privacy.md)."""

import json

from fastapi.testclient import TestClient
from sqlalchemy import select

from api.storage.tables import AuditEvent
from tests.test_privacy import ingest, item

MARIE = {"id": "c-marie", "email": "marie.curie@orange.fr", "name": "Marie Curie",
         "language": "fr"}  # fmt: skip
PHONE = "+33 1 42 68 53 00"


def export_queries(client: TestClient) -> list[dict]:
    with client.app.state.workspace.db.session() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "export"))
        return [event.detail["query"] for event in events]


def test_an_exports_recorded_query_is_redacted_but_its_ids(store_client: TestClient) -> None:
    client = store_client
    ingest(client, item("t-1", "L'export plante.", MARIE, metadata={"phone": PHONE}))
    params = [("format", "csv"), ("contact", "marie.curie@orange.fr"), ("meta", f"phone:{PHONE}"),
              ("meta", "requester_name:Jean Dupont"), ("source", "zendesk")]  # fmt: skip
    exported = client.get("/v1/feedback/export", params=params)
    assert exported.status_code == 200, exported.text

    [query] = export_queries(client)
    assert query == {"format": "csv", "contact": "marie.curie@orange.fr", "source": "zendesk",
                     "meta": ["phone:[PHONE]", "requester_name:[NAME]"]}  # fmt: skip
    erased = client.post("/v1/erasures", json={"email": "marie.curie@orange.fr"})
    assert erased.status_code == 200, erased.text
    trail = json.dumps(export_queries(client))
    for word in ("42 68 53", "Dupont", "marie.curie"):
        assert word not in trail, (word, trail)


def test_a_search_files_event_records_its_text_and_filters_redacted(
    store_client: TestClient,
) -> None:
    client = store_client
    ingest(client, item("t-1", "The export crashes on big files.", MARIE))
    body = {"query": "Jean Dupont called on 06 12 34 56 78 about the export crash", "limit": 5,
            "filters": {"source": "zendesk", "account": "acme", "metadata": {"phone": PHONE}}}  # fmt: skip
    found = client.post("/v1/search", params={"format": "csv"}, json=body)
    assert found.status_code == 200, found.text

    [query] = export_queries(client)
    assert query == {
        "format": "csv", "query": "[NAME] called on [PHONE] about the export crash", "limit": 5,
        "filters": {"source": "zendesk", "account": "acme", "metadata": {"phone": "[PHONE]"}},
    }  # fmt: skip
