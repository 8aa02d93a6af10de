"""An opt-out outlives the contact: opted out, erased, then re-created by a CRM sync under
another id with the same address, the person came back with "notifications": true."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from api.app import create_app
from api.privacy.retention import expire_people
from api.storage.tables import Contact
from tests.test_ingest_key_limits import ADMIN, INGEST, KEYS, READ, WRITE_READ


@pytest.fixture
def keyed(store_settings, tagger):
    settings = store_settings.model_copy(update={"api_keys": KEYS})
    with TestClient(create_app(settings, tagger)) as client:
        yield client


def consent(client: TestClient, contact_id: str) -> bool:
    answer = client.get(f"/v1/contacts/{contact_id}", headers=READ)
    assert answer.status_code == 200, answer.text
    return answer.json()["notifications"]


def test_an_opted_out_address_stays_opted_out_after_its_erasure(keyed: TestClient) -> None:
    client = keyed
    person = {"email": "attr@example.com", "name": "Ann Attr"}
    assert client.put("/v1/contacts/c-attr", json=person, headers=WRITE_READ).is_success
    assert client.patch("/v1/contacts/c-attr", json={"notifications": False},
                        headers=WRITE_READ).is_success  # fmt: skip
    assert client.delete("/v1/contacts/c-attr", headers=ADMIN).status_code == 200

    again = {**person, "email": "ATTR@example.com", "notifications": True}
    answer = client.put("/v1/contacts/c-attr2", json=again, headers=WRITE_READ)
    assert answer.status_code == 200, answer.text
    assert consent(client, "c-attr2") is False
    # an inline contact sent with feedback by a write-only key, under its address as its id
    ticket = {"source": "desk", "external_id": "t-1", "text": "Hello, the export fails.",
              "contact": {"id": "c-attr3", "email": "attr@example.com"}}  # fmt: skip
    assert client.post("/v1/feedback", json={"items": [ticket]}, headers=INGEST).is_success
    # one contact per address: the feedback is c-attr2's, still opted out
    assert consent(client, "c-attr2") is False
    # opting back in is an admin's act, as for any opt-out
    opted_in = client.put("/v1/contacts/c-attr2", json={**again, "notifications": True},
                          headers=ADMIN)  # fmt: skip
    assert opted_in.status_code == 200 and consent(client, "c-attr2") is True
    # an address erased on request (never opted out) starts opted out too
    erased = client.post("/v1/erasures", json={"email": "kim@example.com"}, headers=ADMIN)
    assert erased.status_code == 200
    ticket = {
        "source": "desk",
        "external_id": "t-2",
        "text": "Hello, the export fails.",
        "contact_id": "kim@example.com",
    }  # a requester's address: the contact's too
    assert client.post("/v1/feedback", json={"items": [ticket]}, headers=INGEST).is_success
    assert consent(client, "kim@example.com") is False
    fresh = client.put("/v1/contacts/c-new", json={"email": "new@example.com"}, headers=ADMIN)
    assert fresh.is_success and consent(client, "c-new") is True


def test_an_opted_out_contact_that_expired_is_opted_out_when_it_comes_back(keyed) -> None:
    client = keyed
    person = {"email": "old@example.com", "notifications": False}
    assert client.put("/v1/contacts/c-old", json=person, headers=ADMIN).is_success
    ws = client.app.state.workspace
    long_ago = datetime.now(UTC) - timedelta(days=400)
    with ws.db.session() as session:
        session.execute(update(Contact).values(created_at=long_ago, updated_at=long_ago))
    cutoff = datetime.now(UTC) - timedelta(days=30)
    assert expire_people(ws, cutoff, actor="retention").contacts == 1
    back = client.put("/v1/contacts/c-back", json={"email": "old@example.com"}, headers=ADMIN)
    assert back.status_code == 200, back.text
    assert consent(client, "c-back") is False
