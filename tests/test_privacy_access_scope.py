"""An access export holds what concerns the person who asked: another person's item that
merely holds their address came whole (writer, text, a private note, scores, insights), and
every row carried Boucle's internal columns (email_key, source_key, intent_labels)."""

import json

from fastapi.testclient import TestClient

from tests.test_privacy import ingest, item

C7 = {"id": "qa-c7", "email": "c7@qacorp.io", "name": "Carla Seven", "language": "en"}
JV = {"id": "qa-jv", "email": "jv@qacorp.io", "name": "Jules Vernet", "language": "en"}
INTERNAL = ("email_key", "source_key", "intent_labels", "attempts", "next_attempt_at")


def test_another_persons_item_naming_the_address_shows_only_what_names_it(
    store_client: TestClient,
) -> None:
    client = store_client
    meta = {"cc": "jv@qacorp.io, boss@qacorp.io", "private_note": "salary dispute"}
    [theirs] = ingest(client, item("c7-1", "The export crashes.", C7, metadata=meta))

    answer = client.post("/v1/access-exports", json={"email": "jv@qacorp.io"})

    assert answer.status_code == 200, answer.text
    [found] = answer.json()["feedback_naming_address"]
    assert found == {"mention": True, "id": theirs["id"], "source": "zendesk",
                     "created_at": found["created_at"], "text": None,
                     "metadata": {"cc": "jv@qacorp.io, [EMAIL]"}}  # fmt: skip
    said = json.dumps(answer.json())
    for secret in ("salary", "qa-c7", "c7@qacorp.io", "boss@", "crashes", "insights"):
        assert secret not in said, secret


def test_a_mention_quotes_the_sentences_naming_the_person_without_the_writer(
    store_client: TestClient,
) -> None:
    """Lower case: the name rules mask a capitalised name at ingestion."""
    client = store_client
    text = "The export crashes. carla seven told jules vernet about it. My salary is late."
    ingest(client, item("jv-1", "Billing is fine.", JV), item("c7-1", text, C7))
    for answer in (client.get("/v1/contacts/qa-jv/export"),
                   client.post("/v1/access-exports", json={"email": "jv@qacorp.io"})):  # fmt: skip
        doc = answer.json()
        [found] = doc.get("contacts", [doc])[0]["mentions"]
        assert found["text"] == "[NAME] told jules vernet about it.", found
        assert "salary" not in json.dumps(doc) and "qa-c7" not in json.dumps(doc)


def test_an_access_export_carries_no_internal_column(store_client: TestClient) -> None:
    client = store_client
    ingest(client, item("jv-1", "The export crashes on big files.", JV))
    for answer in (client.get("/v1/contacts/qa-jv/export"),
                   client.post("/v1/access-exports", json={"email": "JV@qacorp.io"})):  # fmt: skip
        assert answer.status_code == 200, answer.text
        said = json.dumps(answer.json())
        assert "crashes on big files" in said and "Jules Vernet" in said
        assert [c for c in INTERNAL if f'"{c}"' in said] == []


def test_an_access_export_takes_an_address_and_nothing_of_an_erasure(
    store_client: TestClient,
) -> None:
    """Its body was an erasure's: `{"feedback_ids": [1]}` reached the export with no address (500)."""
    for body in ({"feedback_ids": [1]}, {"email": "jv@qacorp.io", "dry_run": True}, {}):
        answer = store_client.post("/v1/access-exports", json=body)
        assert answer.status_code == 422, (body, answer.text)
