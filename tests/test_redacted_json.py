"""Metadata and attributes are stored with the same patterns redacted as the customer's words
(a DPO found a ticket's phone and a CRM's IBAN column stored as sent)."""

from fastapi.testclient import TestClient

from api.app import create_app
from api.redacted_json import redacted_json


def test_every_string_is_redacted_but_an_email_address_and_the_keys() -> None:
    sent = {"phone": "+33 6 12 34 56 78", "requester_email": "jp.martin@example.fr",
            "billing": {"iban": "FR76 3000 6000 0112 3456 7890 189", "plan": "pro"},
            "history": ["called on 0612345678", 42, None], "seats": 12}  # fmt: skip
    assert redacted_json(sent) == {
        "phone": "[PHONE]", "requester_email": "jp.martin@example.fr",
        "billing": {"iban": "[IBAN]", "plan": "pro"},
        "history": ["called on [PHONE]", 42, None], "seats": 12}  # fmt: skip


def test_feedback_metadata_and_contact_attributes_are_stored_redacted(settings, tagger) -> None:
    item = {"source": "desk", "external_id": "t-9", "text": "Payment failed twice.",
            "metadata": {"phone": "+33 6 12 34 56 78", "card": "4111 1111 1111 1111"}}  # fmt: skip
    with TestClient(create_app(settings, tagger)) as client:
        [stored] = client.post("/v1/feedback", json={"items": [item]}).json()["items"]
        read = client.get(f"/v1/feedback/{stored['id']}").json()
        assert read["metadata"] == {"phone": "[PHONE]", "card": "[CARD]"}
        again = client.post("/v1/feedback", json={"items": [item]}).json()["items"][0]
        assert again["status"] == "duplicate" and again["changed"] is False
        contact = {"email": "jp@example.fr", "attributes": {"iban": "FR7630006000011234567890189"}}
        client.put("/v1/contacts/c-jp", json=contact)
        assert client.get("/v1/contacts/c-jp").json()["attributes"] == {"iban": "[IBAN]"}


def test_a_number_under_its_label_gets_the_placeholder_a_message_gives_it(store_client) -> None:
    """A contact attribute {"ssn": "123-45-6789"} was stored [PHONE], while "SSN 123-45-6789"
    in a message is [SSN]: the key is the cue a number's shape alone lacks."""
    client = store_client
    attributes = {"ssn": "123-45-6789", "nir": "1 85 05 78 006 084 36",
                  "note": "SSN 123-45-6789", "phone": "555-123-4567"}  # fmt: skip
    answer = client.put("/v1/contacts/c-ssn", json={"attributes": attributes})
    assert answer.status_code == 200, answer.text
    stored = client.get("/v1/contacts/c-ssn").json()["attributes"]
    assert stored == {"ssn": "[SSN]", "nir": "[SSN]", "note": "SSN [SSN]", "phone": "[PHONE]"}
    [tagged] = client.post("/v1/tag/batch", json={"items": [
        {"id": "t", "text": "My SSN is 123-45-6789."}]}).json()["items"]  # fmt: skip
    assert "[SSN]" in tagged["redacted_text"]
    sent = {"source": "desk", "external_id": "t-ssn", "text": "Please fix my tax form.",
            "metadata": {"customer": {"ssn": "123-45-6789"}}}  # fmt: skip
    [item] = client.post("/v1/feedback", json={"items": [sent]}).json()["items"]
    read = client.get(f"/v1/feedback/{item['id']}").json()
    assert read["metadata"] == {"customer": {"ssn": "[SSN]"}}
