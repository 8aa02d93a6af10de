"""A ticket re-sent with the contact or account it was first sent without (a help desk that
learns the requester later): the stored item gets them, as a first send would have given them;
one that already has a contact or account keeps it, and the answer names what was left out."""

from fastapi.testclient import TestClient

TICKET = {"source": "zendesk", "external_id": 4712,
          "text": "The CSV export crashes since the update."}  # fmt: skip
JOHN = {"id": "john-1", "email": "john.smith@acme-corp.com"}


def posted(client: TestClient, *items: dict) -> list[dict]:
    answer = client.post("/v1/feedback", json={"items": list(items)})
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


def people(client: TestClient, feedback_id: int) -> tuple[str | None, str | None]:
    stored = client.get(f"/v1/feedback/{feedback_id}").json()
    return stored["contact_id"], (stored["account"] or {}).get("id")


def test_a_resent_ticket_attaches_the_contact_and_account_it_lacked(store_client) -> None:
    """It answered duplicate, changed: false, contact_ignored: [], and dropped both: the
    contact was never created and the item stayed without them."""
    client = store_client
    [first] = posted(client, TICKET)
    account = {"id": "acme", "name": "Acme", "segment": "enterprise"}
    [again] = posted(client, {**TICKET, "contact": JOHN, "account": account})
    assert (again["status"], again["id"], again["changed"]) == ("duplicate", first["id"], False)
    assert (again["contact_attached"], again["account_attached"]) == (True, True)
    assert (again["contact_ignored"], again["account_ignored"]) == ([], [])
    assert people(client, first["id"]) == ("john-1", "acme")
    contact = client.get("/v1/contacts/john-1").json()
    assert (contact["email"], contact["account_id"]) == (JOHN["email"], "acme")
    assert client.get("/v1/accounts/acme").json()["segment"] == "enterprise"
    # search filters on what its insights carry: they follow the account
    found = client.post("/v1/search", json={"query": "export crash",
                                            "filters": {"account": "acme", "segment": "enterprise"}})  # fmt: skip
    assert [hit["feedback"]["id"] for hit in found.json()["items"]] == [first["id"]]

    # sent once more: nothing left to attach, nothing ignored
    [third] = posted(client, {**TICKET, "contact": JOHN, "account": account})
    assert (third["contact_attached"], third["account_attached"]) == (False, False)
    assert (third["contact_ignored"], third["account_ignored"]) == ([], [])

    # another person and account: the stored ones stay, and every field sent is named
    other = {**TICKET, "contact": {"id": "jane-2", "email": "jane@acme-corp.com"},
             "account_id": "globex"}  # fmt: skip
    [fourth] = posted(client, other)
    assert (fourth["contact_attached"], fourth["account_attached"]) == (False, False)
    assert (fourth["contact_ignored"], fourth["account_ignored"]) == (["email", "id"], ["id"])
    assert people(client, first["id"]) == ("john-1", "acme")
    assert client.get("/v1/contacts/jane-2").status_code == 404
    assert client.get("/v1/accounts/globex").status_code == 404
    # the same person by another spelling is no other person
    [same] = posted(client, {**TICKET, "contact_id": JOHN["email"].upper(), "account_id": "ACME"})
    assert (same["contact_ignored"], same["account_ignored"]) == ([], [])


def test_a_bare_contact_reference_brings_its_account(store_client) -> None:
    """As for a first send: an item naming a contact and no account is its account's."""
    client = store_client
    client.put("/v1/contacts/c-9", json={"email": "ines@example.com", "account_id": "acme"})
    [first] = posted(client, TICKET)
    [again] = posted(client, {**TICKET, "contact_id": "c-9"})
    assert (again["contact_attached"], again["account_attached"]) == (True, True)
    assert people(client, first["id"]) == ("c-9", "acme")
    # a new contact by its bare id is created, as a first send creates it
    [second] = posted(client, {**TICKET, "external_id": "4713"})
    posted(client, {**TICKET, "external_id": "4713", "contact_id": "c-new"})
    assert people(client, second["id"]) == ("c-new", None)
    assert client.get("/v1/contacts/c-new").status_code == 200
