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


def test_names_in_feedback_metadata_are_redacted_before_any_read_key_sees_them(
    store_client,
) -> None:
    """A ticket's requester_name and a note naming the customer were stored as sent, and reached
    every read key and the CSV export."""
    client = store_client
    metadata = {"requester_name": "Mary Johnson", "note": "Hello, this is Mary Johnson",
                "customerName": "Jean Dupont", "author": "jp.martin@example.fr",
                "product_name": "Apple Pay", "plan": "pro"}  # fmt: skip
    item = {"source": "desk", "external_id": "t-mary", "text": "The export fails.",
            "metadata": metadata}  # fmt: skip
    answer = client.post("/v1/feedback", json={"items": [item]})
    assert answer.status_code < 300, answer.text
    stored = client.get(f"/v1/feedback/{answer.json()['items'][0]['id']}").json()["metadata"]
    assert stored == {"requester_name": "[NAME]", "note": "Hello, this is [NAME]",
                      "customerName": "[NAME]", "author": "jp.martin@example.fr",
                      "product_name": "Apple Pay", "plan": "pro"}  # fmt: skip
    csv = client.get("/v1/feedback/export", params={"format": "csv"}).text
    assert "Johnson" not in csv and "Dupont" not in csv and "[NAME]" in csv
    again = client.post("/v1/feedback", json={"items": [item]}).json()["items"][0]
    assert again["status"] == "duplicate" and again["changed"] is False


def test_only_keys_naming_a_person_mask_their_whole_value() -> None:
    from api.redacted_json import names_a_person

    assert [names_a_person(key) for key in ("name", "requester_name", "customerName",
            "Reviewer", "first-name", "product_name", "plan_name", "file_name", "status")] == [
        True, True, True, True, True, False, False, False, False]  # fmt: skip


def test_uk_insurance_numbers_us_streets_and_birthdays_under_their_keys(store_client) -> None:
    """A DPO found `ni_number`, `street` and `birthday` metadata and a `nino` attribute stored
    as sent, while `dob` was masked."""
    client = store_client
    answer = client.put("/v1/contacts/c-uk", json={"attributes": {"nino": "QQ 12 34 56 C"}})
    assert answer.status_code == 200, answer.text
    assert client.get("/v1/contacts/c-uk").json()["attributes"] == {"nino": "[SSN]"}
    metadata = {"ni_number": "AB123456C", "street": "742 Evergreen Terrace, Springfield, IL 62704",
                "birthday": "1985-05-17", "dob": "1985-05-17"}  # fmt: skip
    sent = {"source": "desk", "external_id": "t-uk", "text": "Please fix my tax form.",
            "metadata": metadata}  # fmt: skip
    [item] = client.post("/v1/feedback", json={"items": [sent]}).json()["items"]
    read = client.get(f"/v1/feedback/{item['id']}").json()
    assert read["metadata"] == {"ni_number": "[SSN]", "street": "[ADDRESS]",
                                "birthday": "[DATE_OF_BIRTH]", "dob": "[DATE_OF_BIRTH]"}  # fmt: skip
