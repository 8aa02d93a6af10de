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
    # without `read`, nothing is named: which fields were kept said that the contact exists
    assert (item["contact_ignored"], item["account_ignored"]) == ([], [])
    mine = client.get("/v1/feedback", params={"contact": "c-elo"}, headers=READ).json()["items"]
    assert [i["id"] for i in mine] == [item["id"]]
    [told] = posted(client, WRITE_READ, {**attack, "external_id": "w-0"})  # a key that may read
    assert (told["contact_ignored"], told["account_ignored"]) == (["email", "name"],
                                                                  ["arr", "segment"])  # fmt: skip

    # a key that may read is told only what differs (the address without case is the same)
    again = {**TICKET, "external_id": "w-2",
             "contact": {"id": "c-elo", "email": "ELO@example.fr", "name": "Elo"}}  # fmt: skip
    assert posted(client, WRITE_READ, again)[0]["contact_ignored"] == ["name"]
    assert posted(client, INGEST, {**again, "external_id": "w-3"})[0]["contact_ignored"] == []
    # the routes that change people still do; moving a stored address takes an admin key: a
    # write-only key's move is kept out, answered as any write (a 403 confirmed a guess)
    for verb in (client.put, client.patch):
        moved = verb("/v1/contacts/c-elo", json={"email": "attacker@evil-domain.fr"},
                     headers=INGEST)  # fmt: skip
        assert moved.status_code == 200
        assert moved.json() == {"id": "c-elo", "email": "attacker@evil-domain.fr"}
        refused = verb("/v1/contacts/c-elo", json={"email": "attacker@evil-domain.fr"},
                       headers=WRITE_READ)  # fmt: skip
        assert refused.status_code == 403 and "admin" in refused.json()["message"]
    assert client.get("/v1/contacts/c-elo", headers=READ).json()["email"] == "elo@example.fr"
    cleared = client.put("/v1/contacts/c-elo", json={"name": "Élodie"}, headers=INGEST)
    assert cleared.status_code == 200  # a PUT without it keeps it
    assert client.put("/v1/contacts/c-elo", json={"name": "Élodie"},
                      headers=WRITE_READ).status_code == 403  # fmt: skip
    renamed = client.patch("/v1/contacts/c-elo", json={"name": "Élodie R."}, headers=INGEST)
    assert renamed.status_code == 200 and "email" not in renamed.json()
    assert client.get("/v1/contacts/c-elo", headers=READ).json()["email"] == "elo@example.fr"
    same = {"email": "ELO@example.fr", "name": "Élodie R."}
    assert client.put("/v1/contacts/c-elo", json=same, headers=INGEST).status_code == 200
    client.put("/v1/contacts/c-elo", json={"email": "elodie@example.fr"}, headers=ADMIN)
    assert client.get("/v1/contacts/c-elo", headers=READ).json()["email"] == "elodie@example.fr"


def test_an_ingest_key_cannot_confirm_a_guessed_address(keyed: TestClient) -> None:
    """A write-only key told a stored address from a wrong guess: PUT /v1/contacts/{id} with
    the stored address was 200, with another 403; giving a new id an address another contact
    holds was a 409 naming the holder; an opted-out contact's opt-in was a 403; an inline
    contact sent under an address named the holder's kept fields; a survey send under an
    address answered the holder's id. Now each answer is the same for a right and a wrong
    guess, while what is stored stays as the rules keep it."""
    client = keyed
    client.put("/v1/contacts/c-elo", json={"email": "elo@example.fr", "name": "Élodie",
                                           "notifications": False}, headers=ADMIN)  # fmt: skip
    client.put("/v1/contacts/c-ann", json={"email": "ann@example.com", "name": "Ann"},
               headers=ADMIN)  # fmt: skip
    right, wrong = "elo@example.fr", "guess@example.fr"
    probes = [  # (method, path, body): the same request for a right and a wrong guess
        ("PUT", "/v1/contacts/c-elo", {"email": right, "name": "E"}),
        ("PUT", "/v1/contacts/c-elo", {"email": wrong, "name": "E"}),
        ("PATCH", "/v1/contacts/c-elo", {"email": wrong}),
        ("PUT", "/v1/contacts/c-elo", {"name": "E"}),  # clearing it
        ("PUT", "/v1/contacts/c-new", {"email": "ann@example.com", "name": "N"}),  # taken
        ("PUT", "/v1/contacts/c-free", {"email": "nobody@example.com", "name": "N"}),
        ("PATCH", "/v1/contacts/c-elo", {"notifications": True}),  # opted out
        ("PATCH", "/v1/contacts/c-nobody", {"notifications": True}),
    ]
    for method, path, body in probes:
        for _ in range(2):  # and again: the same answer (idempotent)
            answer = client.request(method, path, json=body, headers=INGEST)
            assert answer.status_code == 200, (path, body, answer.text)
            assert answer.json() == {"id": path.rsplit("/", 1)[1], **body}
    elo = client.get("/v1/contacts/c-elo", headers=READ).json()
    assert (elo["email"], elo["name"], elo["notifications"]) == (right, "E", False)
    new = client.get("/v1/contacts/c-new", headers=READ).json()
    assert (new["email"], new["name"]) == (None, "N")  # stored, without another's address
    assert client.get("/v1/contacts/c-free", headers=READ).json()["email"] == "nobody@example.com"
    ann = client.get("/v1/contacts", params={"email": "ann@example.com"}, headers=READ).json()
    assert [c["id"] for c in ann["items"]] == ["c-ann"]
    kept = client.get("/v1/audit", params={"action": "contact_fields_kept"}, headers=ADMIN)
    details = sorted((e["entity_id"], tuple(e["detail"]["kept"])) for e in kept.json()["items"])
    assert set(details) == {("c-elo", ("email moved",)), ("c-new", ("email taken",)),
                            ("c-elo", ("notifications",))}  # fmt: skip
    assert "@" not in kept.text  # ids and reasons, never an address

    # keys that may read are still told, as before
    moved = client.put("/v1/contacts/c-elo", json={"email": wrong}, headers=WRITE_READ)
    assert moved.status_code == 403
    taken = client.put("/v1/contacts/c-x", json={"email": "ann@example.com"}, headers=WRITE_READ)
    assert taken.status_code == 409 and "c-ann" in taken.json()["message"]

    # an inline contact, and a survey send, under an address: the holder is not named
    for guess in ("ANN@example.com", "nobody-else@example.com"):
        sent = {**TICKET, "external_id": guess, "contact": {"id": guess, "name": "Z"}}
        [item] = posted(client, INGEST, sent)
        assert (item["status"], item["contact_ignored"]) == ("created", [])
        send = {"survey": "nps", "contact_id": guess, "sent_at": "2026-01-05T10:00:00Z"}
        answer = client.post("/v1/surveys/sends", json={"sends": [send]}, headers=INGEST)
        assert answer.status_code == 200, answer.text
        assert answer.json()["items"][0]["contact_id"] == guess
    # stored under the holder all the same, as before
    mine = client.get("/v1/feedback", params={"contact": "c-ann"}, headers=READ).json()["items"]
    assert len(mine) == 1
    [send] = client.post(
        "/v1/surveys/sends",
        json={"sends": [{"survey": "nps", "contact_id": "ann@example.com",
                         "sent_at": "2026-01-05T10:00:00Z"}]},
        headers=WRITE_READ,
    ).json()["items"]  # fmt: skip
    assert (send["contact_id"], send["status"]) == ("c-ann", "duplicate")


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


def test_a_write_only_key_is_not_refused_for_read_only_values(keyed: TestClient) -> None:
    """Read-only fields sent back (a round trip) are checked against the stored values for a
    key that may read; a write-only key's are left out unread, and not said back: a 422 for
    another value than stored told it whether a guessed contact had opted out, and when."""
    client = keyed
    client.put("/v1/contacts/qa11-eve", json={"email": "eve@example.fr"}, headers=ADMIN)
    client.patch("/v1/contacts/qa11-eve", json={"notifications": False}, headers=ADMIN)
    stored = client.get("/v1/contacts/qa11-eve", headers=ADMIN).json()
    guess = {"name": "Eve", "notifications_opted_out_at": "2020-01-01T00:00:00Z"}
    answer = client.patch("/v1/contacts/qa11-eve", json=guess, headers=INGEST)
    assert answer.status_code == 200 and answer.json() == {"id": "qa11-eve", "name": "Eve"}
    flipped = client.put("/v1/accounts/qa11-acme", json={"auto_created": True}, headers=INGEST)
    assert flipped.status_code == 200 and flipped.json() == {"id": "qa11-acme"}
    after = client.get("/v1/contacts/qa11-eve", headers=ADMIN).json()
    assert after == {**stored, "name": "Eve"}
    assert client.get("/v1/accounts/qa11-acme", headers=ADMIN).json()["auto_created"] is False


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
    for answer in (posted(client, INGEST, guess), posted(client, INGEST, TICKET)):
        assert all(i["status"] == "duplicate" and i["id"] == first["id"] for i in answer)
        # said, not left to look like a ticket without tags
        assert [i["withheld"] for i in answer] == [True] * len(answer)
        assert [(i["changed"], i["insights"], i["tags"]) for i in answer] == [
            (False, [], {})] * len(answer)  # fmt: skip
        # nor the message's analysis (the analysis of someone else's text)
        assert [(i["language"], i["sentiment"], i["intents"], i["urgency"]) for i in answer] == [
            (None, None, [], None)] * len(answer)  # fmt: skip
    for headers in (ADMIN, WRITE_READ):  # a key that may read keeps today's answer
        [told] = posted(client, headers, guess)
        assert told["changed"] is True and told["withheld"] is False
        assert [i["id"] for i in told["insights"]] == [i["id"] for i in first["insights"]]
        assert (told["urgency"], told["intents"]) == (first["urgency"], first["intents"])
    # the sender's own new item is still answered with its analysis
    [own] = posted(client, INGEST, {**TICKET, "external_id": "w-9"})
    assert own["status"] == "created" and own["insights"] and own["withheld"] is False


def test_the_contact_filter_takes_an_e_mail_address(keyed: TestClient) -> None:
    """A right-of-access request by address: GET /v1/feedback?contact=hans@mueller.de listed
    nothing though contact c-hans has that address."""
    client = keyed
    client.put("/v1/contacts/c-hans", json={"email": "hans@mueller.de"}, headers=ADMIN)
    [item] = posted(client, INGEST, {**TICKET, "contact_id": "c-hans"})
    for ref in ("hans@mueller.de", "Hans@Mueller.DE", "c-hans"):
        listed = client.get("/v1/feedback", params={"contact": ref}, headers=READ).json()
        assert [i["id"] for i in listed["items"]] == [item["id"]], ref
        assert listed["warnings"] == [], ref
    export = client.get("/v1/feedback/export", params={"contact": "HANS@mueller.de"},
                        headers=READ)  # fmt: skip
    assert export.status_code == 200 and "c-hans" in export.text
    nobody = client.get("/v1/feedback", params={"contact": "nobody@mueller.de"}, headers=READ)
    assert nobody.status_code == 200 and nobody.json()["items"] == []
    # an empty answer, but not a silent one, as for a source nothing has
    unknown = "no feedback has contact 'nobody@mueller.de' (an id, or an e-mail address a stored "
    assert [w.startswith(unknown) for w in nobody.json()["warnings"]] == [True]
    export = client.get("/v1/feedback/export", params={"contact": "nobody@mueller.de"},
                        headers=READ)  # fmt: skip
    assert export.headers["x-boucle-warning"].startswith(unknown)
    assert client.get("/v1/contacts/c-nobody", headers=READ).status_code == 404


def test_a_write_only_resend_attaches_a_contact_without_saying_so(keyed: TestClient) -> None:
    """A re-sent ticket gives its stored item the contact it lacked whatever the key; only a key
    that may read is told (`contact_attached`): it says the item had none."""
    client = keyed
    posted(client, INGEST, TICKET)
    again = {**TICKET, "contact": {"id": "c-new", "email": "new@example.com"}}
    [told] = posted(client, INGEST, again)
    assert (told["status"], told["contact_attached"], told["contact_ignored"]) == (
        "duplicate", False, [])  # fmt: skip
    mine = client.get("/v1/feedback", params={"contact": "c-new"}, headers=READ).json()["items"]
    assert [item["external_id"] for item in mine] == [TICKET["external_id"]]
