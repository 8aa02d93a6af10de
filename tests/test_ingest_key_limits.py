"""What a write-only `ingest` key can do to stored people and tickets (a data-protection audit):
an inline contact or account creates or fills, never overwrites; a duplicate's answer carries
nothing stored without `read`; the contact filter takes an e-mail address (right of access)."""

import pytest
from fastapi.testclient import TestClient

from api.app import create_app

ADMIN = {"X-API-Key": "admin-key-0123456789"}
INGEST = {"X-API-Key": "ingest-key-0123456789"}
READ = {"X-API-Key": "read-key-0123456789"}
WRITE_READ = {"X-API-Key": "sync-key-0123456789"}
KEYS = {"admin-key-0123456789": ["admin"], "ingest-key-0123456789": ["ingest"],
        "read-key-0123456789": ["read"], "sync-key-0123456789": ["ingest", "read"]}  # fmt: skip
TICKET = {"source": "web", "external_id": "w-1",
          "text": "Nice product, but the CSV export crashes since the update."}  # fmt: skip


@pytest.fixture
def keyed(store_settings, tagger):
    settings = store_settings.model_copy(update={"api_keys": KEYS})
    with TestClient(create_app(settings, tagger)) as client:
        yield client


def posted(client: TestClient, headers: dict, *items: dict) -> list[dict]:
    answer = client.post("/v1/feedback", json={"items": list(items)}, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


def test_an_ingest_key_cannot_rewrite_a_stored_contact_or_account(keyed: TestClient) -> None:
    """An ingest key sending feedback with contact {"id": "c-elo", "email": the attacker's}
    changed c-elo's address: her notifications went to the attacker, and an erasure by her
    real address found nothing."""
    client = keyed
    client.put("/v1/accounts/acme", json={"arr": 5000, "segment": "enterprise"}, headers=ADMIN)
    client.put("/v1/contacts/c-elo", json={"email": "elo@example.fr", "name": "Élodie",
                                           "account_id": "acme"}, headers=ADMIN)  # fmt: skip
    attack = {**TICKET, "account": {"id": "acme", "arr": 1, "segment": "smb", "plan": "pro"},
              "contact": {"id": "c-elo", "email": "attacker@evil-domain.fr", "name": "Hacker",
                          "language": "fr"}}  # fmt: skip
    [item] = posted(client, INGEST, attack)
    contact = client.get("/v1/contacts/c-elo", headers=READ).json()
    assert (contact["email"], contact["name"]) == ("elo@example.fr", "Élodie")
    assert contact["language"] == "fr"  # an empty field is filled
    account = client.get("/v1/accounts/acme", headers=READ).json()
    assert (account["arr"], account["segment"], account["plan"]) == (5000, "enterprise", "pro")
    assert item["status"] == "created"  # the feedback is stored all the same
    assert item["contact_ignored"] == ["email", "name"]
    assert item["account_ignored"] == ["arr", "segment"]
    mine = client.get("/v1/feedback", params={"contact": "c-elo"}, headers=READ).json()["items"]
    assert [i["id"] for i in mine] == [item["id"]]

    # a key that may read is told only what differs (the address without case is the same)
    again = {**TICKET, "external_id": "w-2",
             "contact": {"id": "c-elo", "email": "ELO@example.fr", "name": "Elo"}}  # fmt: skip
    assert posted(client, WRITE_READ, again)[0]["contact_ignored"] == ["name"]
    # without `read`, every field already set is named, so that a guess learns nothing
    assert posted(client, INGEST, {**again, "external_id": "w-3"})[0]["contact_ignored"] == [
        "email", "name"]  # fmt: skip
    # the routes that change people still do; moving a stored address takes an admin key
    for verb in (client.put, client.patch):
        moved = verb("/v1/contacts/c-elo", json={"email": "attacker@evil-domain.fr"},
                     headers=INGEST)  # fmt: skip
        assert moved.status_code == 403 and "admin" in moved.json()["message"]
    cleared = client.put("/v1/contacts/c-elo", json={"name": "Élodie"}, headers=INGEST)
    assert cleared.status_code == 403  # a PUT without it would clear it
    renamed = client.patch("/v1/contacts/c-elo", json={"name": "Élodie R."}, headers=INGEST)
    assert renamed.status_code == 200 and "email" not in renamed.json()
    assert client.get("/v1/contacts/c-elo", headers=READ).json()["email"] == "elo@example.fr"
    same = {"email": "ELO@example.fr", "name": "Élodie R."}
    assert client.put("/v1/contacts/c-elo", json=same, headers=INGEST).status_code == 200
    client.put("/v1/contacts/c-elo", json={"email": "elodie@example.fr"}, headers=ADMIN)
    assert client.get("/v1/contacts/c-elo", headers=READ).json()["email"] == "elodie@example.fr"


def test_writing_people_reads_nothing_stored_without_read(keyed: TestClient) -> None:
    """`PATCH /v1/contacts/{id}` with `{}` answered the whole stored contact: a write-only key
    read anyone's e-mail address, name and attributes by trying ids (a help desk's are numbers)."""
    client = keyed
    client.put("/v1/accounts/acme", json={"name": "Acme", "arr": 5000, "attributes": {"csm": "Li"}},
               headers=ADMIN)  # fmt: skip
    client.put("/v1/contacts/c-elo", json={"email": "elo@example.fr", "name": "Élodie",
                                           "attributes": {"phone": "0601"}}, headers=ADMIN)  # fmt: skip
    probe = client.patch("/v1/contacts/c-elo", json={}, headers=INGEST)
    assert probe.status_code == 200 and probe.json() == {"id": "c-elo"}
    some = client.patch("/v1/contacts/c-elo", json={"language": "fr", "attributes": {"plan": "pro"}},
                        headers=INGEST)  # fmt: skip
    assert some.json() == {"id": "c-elo", "language": "fr", "attributes": {"plan": "pro"}}
    account = client.patch("/v1/accounts/acme", json={"segment": "smb"}, headers=INGEST)
    assert account.json() == {"id": "acme", "segment": "smb"}
    replaced = client.put("/v1/accounts/acme", json={"name": "Acme SA"}, headers=INGEST)
    assert replaced.json() == {"id": "acme", "name": "Acme SA"}
    # a key that may read is answered the whole record, as before
    whole = client.patch("/v1/contacts/c-elo", json={}, headers=WRITE_READ).json()
    assert (whole["email"], whole["attributes"]) == (
        "elo@example.fr",
        {"phone": "0601", "plan": "pro"},
    )


def test_an_inline_contact_still_creates_and_fills(keyed: TestClient) -> None:
    client = keyed
    new = {**TICKET, "contact": {"id": "c-new", "email": "new@example.com", "name": "New"}}
    assert posted(client, INGEST, new)[0]["contact_ignored"] == []
    posted(client, INGEST, {**TICKET, "external_id": "w-2", "contact_id": "c-bare"})
    filled = {**TICKET, "external_id": "w-3",
              "contact": {"id": "c-bare", "email": "bare@example.com"}}  # fmt: skip
    assert posted(client, INGEST, filled)[0]["contact_ignored"] == []
    assert client.get("/v1/contacts/c-new", headers=READ).json()["name"] == "New"
    assert client.get("/v1/contacts/c-bare", headers=READ).json()["email"] == "bare@example.com"


def test_a_duplicate_tells_a_key_without_read_nothing_stored(keyed: TestClient) -> None:
    """Re-sending a stored source + external_id with text "x" answered `changed: true` and
    every stored insight of that ticket, to a write-only key."""
    client = keyed
    [first] = posted(client, ADMIN, TICKET)
    assert first["insights"]
    guess = {**TICKET, "text": "x"}
    for answer in (posted(client, INGEST, guess), posted(client, INGEST, TICKET, guess)):
        assert all(i["status"] == "duplicate" and i["id"] == first["id"] for i in answer)
        assert [(i["changed"], i["insights"], i["tags"]) for i in answer] == [
            (False, [], {})] * len(answer)  # fmt: skip
        # nor the message's analysis (the analysis of someone else's text)
        assert [(i["language"], i["sentiment"], i["intents"], i["urgency"]) for i in answer] == [
            (None, None, [], None)] * len(answer)  # fmt: skip
    for headers in (ADMIN, WRITE_READ):  # a key that may read keeps today's answer
        [told] = posted(client, headers, guess)
        assert told["changed"] is True
        assert [i["id"] for i in told["insights"]] == [i["id"] for i in first["insights"]]
        assert (told["urgency"], told["intents"]) == (first["urgency"], first["intents"])
    # the sender's own new item is still answered with its analysis
    [own] = posted(client, INGEST, {**TICKET, "external_id": "w-9"})
    assert own["status"] == "created" and own["insights"]


def test_the_contact_filter_takes_an_e_mail_address(keyed: TestClient) -> None:
    """A right-of-access request by address: GET /v1/feedback?contact=hans@mueller.de listed
    nothing though contact c-hans has that address."""
    client = keyed
    client.put("/v1/contacts/c-hans", json={"email": "hans@mueller.de"}, headers=ADMIN)
    [item] = posted(client, INGEST, {**TICKET, "contact_id": "c-hans"})
    for ref in ("hans@mueller.de", "Hans@Mueller.DE", "c-hans"):
        listed = client.get("/v1/feedback", params={"contact": ref}, headers=READ).json()
        assert [i["id"] for i in listed["items"]] == [item["id"]], ref
    export = client.get("/v1/feedback/export", params={"contact": "HANS@mueller.de"},
                        headers=READ)  # fmt: skip
    assert export.status_code == 200 and "c-hans" in export.text
    nobody = client.get("/v1/feedback", params={"contact": "nobody@mueller.de"}, headers=READ)
    assert nobody.status_code == 200 and nobody.json()["items"] == []
    assert client.get("/v1/contacts/c-nobody", headers=READ).status_code == 404
