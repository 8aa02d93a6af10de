"""/v1/accounts and /v1/contacts by id: PUT replaces the record, PATCH changes the fields it
gives; ids holding "/" (CRM paths) are reachable as they are and as %2F, in a test client and
through uvicorn."""

import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.feedback.bulk import import_people
from api.feedback.remote import send_people
from api.settings import Settings
from tests.processes import served_in_a_thread

FIELDS = ("name", "arr", "segment", "plan", "attributes")


def fields(account: dict) -> dict:
    return {name: account[name] for name in FIELDS}


def errors_of(response: httpx.Response) -> list[str]:
    assert response.status_code == 422, response.text
    return [error["field"] for error in response.json()["errors"]]


def test_put_replaces_an_account_patch_changes_some_fields(client: TestClient) -> None:
    full = {"name": "Acme", "arr": 12000, "segment": "smb", "plan": "pro",
            "attributes": {"country": "FR", "tier": 1}}  # fmt: skip
    assert client.put("/v1/accounts/acme", json=full).status_code == 200
    patched = client.patch("/v1/accounts/acme", json={"arr": 15000, "attributes": {"tier": 2}})
    assert patched.status_code == 200, patched.text
    assert fields(patched.json()) == {**full, "arr": 15000, "attributes": {"country": "FR",
                                                                          "tier": 2}}  # fmt: skip
    cleared = client.patch("/v1/accounts/acme", json={"plan": None}).json()
    assert (cleared["plan"], cleared["segment"]) == (None, "smb")  # null clears that one alone

    replaced = client.put("/v1/accounts/acme", json={"name": "Acme Corp", "attributes": {"a": 1}})
    assert replaced.status_code == 200, replaced.text
    # the old PUT kept arr, segment, plan and merged the attributes
    assert fields(client.get("/v1/accounts/acme").json()) == fields(replaced.json()) == {
        "name": "Acme Corp", "arr": None, "segment": None, "plan": None, "attributes": {"a": 1},
    }  # fmt: skip
    assert client.get("/v1/accounts", params={"segment": "smb"}).json()["total"] == 0
    emptied = client.put("/v1/accounts/acme", json={}).json()
    assert (emptied["name"], emptied["attributes"], emptied["auto_created"]) == (None, {}, False)

    created = client.patch("/v1/accounts/globex", json={"segment": "enterprise"})
    assert created.status_code == 200 and created.json()["segment"] == "enterprise"

    before = client.get("/v1/accounts/globex").json()
    for verb in ("put", "patch"):
        send = getattr(client, verb)
        assert errors_of(send("/v1/accounts/globex", json={"arr": -1})) == ["arr"]
        assert errors_of(send("/v1/accounts/globex", json={"arr": "Red 31m evil"})) == ["arr"]
        assert errors_of(send("/v1/accounts/globex", json={"colour": "red"})) == ["colour"]
        assert errors_of(send("/v1/accounts/globex", json={"attributes": None})) == ["attributes"]
        assert errors_of(send("/v1/accounts/%20x", json={})) == ["path.account_id"]
    assert client.get("/v1/accounts/globex").json() == before  # a refusal wrote nothing


def test_put_replaces_a_contact_patch_changes_some_fields(client: TestClient) -> None:
    full = {"account_id": "acme", "email": "ann@acme.com", "name": "Ann", "language": "fr",
            "attributes": {"role": "cfo"}}  # fmt: skip
    assert client.put("/v1/contacts/c1", json=full).status_code == 200
    patched = client.patch("/v1/contacts/c1", json={"name": "Ann B", "attributes": {"vip": True}})
    assert patched.status_code == 200, patched.text
    consent = {"notifications": True, "notifications_opted_out_at": None}
    assert patched.json() == {"id": "c1", **full, "name": "Ann B",
                              "attributes": {"role": "cfo", "vip": True}, **consent}  # fmt: skip
    replaced = client.put("/v1/contacts/c1", json={"email": "ann.b@acme.com"})
    assert replaced.json() == client.get("/v1/contacts/c1").json() == {
        "id": "c1", "account_id": None, "email": "ann.b@acme.com", "name": None,
        "language": None, "attributes": {}, **consent,
    }  # fmt: skip
    # the address left c1: another contact may take it, as PATCH may clear it
    assert client.put("/v1/contacts/c2", json={"email": "ann@acme.com"}).status_code == 200
    assert client.patch("/v1/contacts/c2", json={"email": None}).json()["email"] is None
    for verb in ("put", "patch"):
        send = getattr(client, verb)
        assert errors_of(send("/v1/contacts/c1", json={"email": "nope"})) == ["email"]
        assert errors_of(send("/v1/contacts/c1", json={"language": "xx"})) == ["language"]
    taken = client.patch("/v1/contacts/c3", json={"email": "ANN.B@acme.com"})
    assert taken.status_code == 409 and "c1" in taken.json()["message"]
    assert client.get("/v1/contacts/c3").status_code == 404  # refused: nothing made


@pytest.mark.parametrize("kind", ["accounts", "contacts"])
def test_the_id_given_back_in_the_body_is_taken_when_it_is_the_path_s(
    client: TestClient, kind: str
) -> None:
    """PUT /v1/contacts/{id} refused "id" in the body ("id: unknown field"), as the accounts'
    did, though GET gives it: a record read and sent back was refused. Now both take the
    path's id in the body, and refuse another with a 422 naming it, writing nothing."""
    for verb in ("put", "patch"):
        send = getattr(client, verb)
        taken = send(f"/v1/{kind}/qa8-one", json={"id": "qa8-one", "name": "One"})
        assert taken.status_code == 200, taken.text
        assert (taken.json()["id"], taken.json()["name"]) == ("qa8-one", "One")
        other = send(f"/v1/{kind}/qa8-one", json={"id": "qa8-two", "name": "Two"})
        assert errors_of(other) == ["id"]
        assert "'qa8-two' is not the id in the path ('qa8-one')" in other.json()["message"]
    assert client.get(f"/v1/{kind}/qa8-one").json()["name"] == "One"
    assert client.get(f"/v1/{kind}/qa8-two").status_code == 404


@pytest.mark.parametrize("verb", ["put", "patch"])
def test_a_record_read_and_sent_back_unchanged_is_taken(client: TestClient, verb: str) -> None:
    """A client's round trip (GET, then PUT what it read) was refused: "auto_created: unknown
    field", "notifications_opted_out_at: unknown field". The read-only fields GET gives are
    taken when they are the stored values, and not written; another value is a 422 naming the
    field, writing nothing."""
    send = getattr(client, verb)
    client.put("/v1/accounts/qa10-acme", json={"name": "Acme", "segment": "smb"})
    client.put("/v1/contacts/qa10-ann", json={"email": "ann@acme.com", "account_id": "qa10-acme"})
    client.patch("/v1/contacts/qa10-ann", json={"notifications": False})  # opted out: a date
    for path in ("/v1/accounts/qa10-acme", "/v1/contacts/qa10-ann"):
        read = client.get(path).json()
        again = send(path, json=read)
        assert again.status_code == 200, again.text
        assert again.json() == client.get(path).json() == read
    # a bare reference's account, read and sent back with a field set: no longer auto_created
    client.put("/v1/contacts/qa10-bob", json={"account_id": "qa10-bare"})
    bare = client.get("/v1/accounts/qa10-bare").json()
    assert bare["auto_created"] is True
    named = send("/v1/accounts/qa10-bare", json={**bare, "name": "Bare"})
    assert named.status_code == 200, named.text
    assert (named.json()["name"], named.json()["auto_created"]) == ("Bare", False)
    # a read-only value that is not the stored one: a 422 saying so, nothing written
    contact = client.get("/v1/contacts/qa10-ann").json()
    moved = send("/v1/contacts/qa10-ann", json={**contact, "name": "Ann",
                                                "notifications_opted_out_at": "2020-01-01T00:00:00Z"})  # fmt: skip
    assert errors_of(moved) == ["notifications_opted_out_at"]
    stored = json.dumps(contact["notifications_opted_out_at"])
    assert moved.json()["errors"][0]["message"] == (
        f'read-only (Boucle sets it): stored as {stored}, not "2020-01-01T00:00:00Z": leave it '
        "out, or send it as GET gives it"
    )
    flipped = send("/v1/accounts/qa10-acme", json={"name": "Acme Corp", "auto_created": True})
    assert errors_of(flipped) == ["auto_created"]
    assert "stored as false, not true" in flipped.json()["message"]
    new = send("/v1/accounts/qa10-new", json={"auto_created": True})  # a new one's: false
    assert errors_of(new) == ["auto_created"]
    assert client.get("/v1/contacts/qa10-ann").json() == contact
    assert client.get("/v1/accounts/qa10-acme").json()["name"] == "Acme"
    assert client.get("/v1/accounts/qa10-new").status_code == 404


@pytest.mark.parametrize("verb", ["put", "patch"])
def test_a_contacts_language_by_name_as_its_import_takes_it(client: TestClient, verb) -> None:
    """A CRM sync sends "français" where the contacts CSV says "Français": both are fr."""
    send = getattr(client, verb)
    for given, stored in (("français", "fr"), ("Français", "fr"), ("English", "en"),
                          ("anglais", "en"), ("fr-CA", "fr"), ("FR", "fr")):  # fmt: skip
        answer = send("/v1/contacts/c1", json={"email": "ann@acme.com", "language": given})
        assert answer.status_code == 200, (given, answer.text)
        assert answer.json()["language"] == stored
    assert errors_of(send("/v1/contacts/c1", json={"language": "Klingon"})) == ["language"]


def test_an_import_sent_to_the_api_keeps_what_its_file_leaves_out(
    client: TestClient, tmp_path: Path
) -> None:
    """`boucle import --url` sends each row's columns: a second file with fewer columns (or a
    row with empty cells) changes those alone, as a local import does; ids with "/" arrive."""
    crm = tmp_path / "crm.csv"
    crm.write_text("id,name,arr,segment\nacme/emea,Acme EMEA,12000,enterprise\n")
    assert send_people(client, crm, "accounts").created == 1
    plans = tmp_path / "plans.csv"
    plans.write_text("id,plan\nacme/emea,pro\n")
    assert send_people(client, plans, "accounts").created == 1
    stored = client.get("/v1/accounts/acme%2Femea").json()
    assert (stored["name"], stored["arr"], stored["segment"], stored["plan"]) == (
        "Acme EMEA", 12000, "enterprise", "pro",
    )  # fmt: skip


def slash_ids_round_trip(http: httpx.Client, spell) -> None:
    """GET, PUT, PATCH, health and DELETE of an account and a contact whose ids hold "/"."""
    account, contact = "acme/emea", "crm/contacts/42"
    put = http.put(f"/v1/accounts/{spell(account)}", json={"name": "Acme EMEA", "plan": "pro"})
    assert put.status_code == 200 and put.json()["id"] == account, put.text
    patched = http.patch(f"/v1/accounts/{spell(account)}", json={"segment": "enterprise"})
    assert (patched.json()["id"], patched.json()["plan"]) == (account, "pro")
    assert http.get(f"/v1/accounts/{spell(account)}").json()["segment"] == "enterprise"
    assert http.get("/v1/accounts/acme").status_code == 404  # not the parent of a path
    health = http.get(f"/v1/accounts/{spell(account)}/health")
    assert health.status_code == 200 and health.json()["account_id"] == account, health.text
    body = {"account_id": account, "email": "eva@acme.com"}
    assert http.put(f"/v1/contacts/{spell(contact)}", json=body).json()["id"] == contact
    assert http.patch(f"/v1/contacts/{spell(contact)}", json={"name": "Eva"}).status_code == 200
    assert http.get(f"/v1/contacts/{spell(contact)}").json()["name"] == "Eva"
    assert http.delete(f"/v1/contacts/{spell(contact)}").status_code == 200
    assert http.get(f"/v1/contacts/{spell(contact)}").status_code == 404
    assert http.delete(f"/v1/accounts/{spell(account)}").status_code == 200
    assert http.get(f"/v1/accounts/{spell(account)}").status_code == 404
    assert http.get("/v1/accounts/").status_code in (307, 200)  # still the list, not an id ""


def as_is(key: str) -> str:
    return key


def encoded(key: str) -> str:
    return key.replace("/", "%2F")


@pytest.mark.parametrize("spell", [as_is, encoded])
def test_ids_with_a_slash_through_the_test_client(client: TestClient, spell) -> None:
    slash_ids_round_trip(client, spell)


@pytest.fixture
def served(settings: Settings, tagger) -> Iterator[str]:
    """The app behind uvicorn, in a thread: the server decodes %2F, not the test client."""
    with served_in_a_thread(create_app(settings, tagger)) as address:
        yield address


@pytest.mark.parametrize("spell", [as_is, encoded])
def test_ids_with_a_slash_through_uvicorn(served: str, spell) -> None:
    with httpx.Client(base_url=served, timeout=30) as http:
        deadline = time.monotonic() + 120
        while http.get("/readyz").status_code != 200:  # the workspace opens after startup
            assert time.monotonic() < deadline, "not ready"
            time.sleep(0.1)
        slash_ids_round_trip(http, spell)


@pytest.mark.parametrize("spell", [as_is, encoded])
def test_an_id_ending_in_a_sub_route_is_refused_where_it_would_be_made(
    store_client: TestClient, spell, tmp_path: Path
) -> None:
    """An account "acme/health" (a contact "c-1/export") was stored, then read back as account
    acme's health (contact c-1's export): GET /v1/accounts/acme%2Fhealth is routed decoded.
    Such ids are refused where ids are made, with a 422 saying what to use; on both stores."""
    http = store_client
    assert http.put("/v1/accounts/acme", json={"name": "Acme"}).status_code == 200
    for method in (http.put, http.patch):
        refused = method(f"/v1/accounts/{spell('acme/health')}", json={"name": "Acme health"})
        assert errors_of(refused) == ["path.account_id"]
        assert "ends in '/health'" in refused.json()["message"]
        assert "'acme-health'" in refused.json()["message"]
        refused = method(f"/v1/contacts/{spell('c-1/export')}", json={"name": "Ann"})
        assert errors_of(refused) == ["path.contact_id"]
        assert "ends in '/export'" in refused.json()["message"]
    refused = http.put("/v1/contacts/c-2", json={"account_id": "acme/health"})
    assert errors_of(refused) == ["account_id"]
    item = {"source": "crm", "external_id": "n-1", "text": "The export is slow"}
    for sent, field in (
        ({"account_id": "acme/health"}, "items.0.account_id"),
        ({"account": {"id": "acme/health"}}, "items.0.account.id"),
        ({"contact_id": "c-1/export"}, "items.0.contact_id"),
        ({"contact": {"id": "c-1/export"}}, "items.0.contact.id"),
    ):
        assert errors_of(http.post("/v1/feedback", json={"items": [{**item, **sent}]})) == [field]
    # an import row too, rejected with the same words
    crm = tmp_path / "crm.csv"
    crm.write_text("id,name\nacme/health,Acme health\n")
    report = import_people(http.app.state.workspace, crm, "accounts")
    assert report.created == 0 and "ends in '/health'" in report.rejected[0], report.rejected
    assert [a["id"] for a in http.get("/v1/accounts").json()["items"]] == ["acme"]
    assert http.get("/v1/contacts").json()["items"] == []
    # the health of acme is its own, and a slash elsewhere in an id still round-trips
    assert http.get(f"/v1/accounts/{spell('acme/health')}").json()["account_id"] == "acme"
    for kind, key in (("accounts", "x/export"), ("contacts", "c-1/health"), ("contacts", "a/b")):
        assert http.put(f"/v1/{kind}/{spell(key)}", json={}).json()["id"] == key
        assert http.get(f"/v1/{kind}/{spell(key)}").json()["id"] == key


def test_accounts_match_a_typed_prefix_of_id_or_name_in_any_case(store_client: TestClient) -> None:
    """The page's account picker held the first 1,000 accounts by id: `q` finds any of them by
    what is typed, the id, the name or a word of it, in any case, accented letters too."""
    client = store_client
    accounts = {"acme-42": "ACME Group", "b-7": "The Acme Works", "c-1": "Élodie Conseil",
                "d_1": "50% Off", "e-9": "Lacme", "ACME-MAIN": None}  # fmt: skip
    for account_id, name in accounts.items():
        assert client.put(f"/v1/accounts/{account_id}", json={"name": name}).status_code == 200

    def matched(q: str, **params) -> set[str]:
        answer = client.get("/v1/accounts", params={"q": q, **params})
        assert answer.status_code == 200, answer.text
        page = answer.json()
        assert page["total"] >= len(page["items"])
        return {account["id"] for account in page["items"]}

    # the id or the name starting with it, or a word of the name; not within a word ("Lacme")
    assert matched("acme") == {"ACME-MAIN", "acme-42", "b-7"}
    assert matched("AcMe-4") == {"acme-42"}
    assert matched("works") == {"b-7"}
    assert matched("élodie") == matched("ÉLO") == {"c-1"}  # SQLite's lower() folds ASCII only
    assert matched("d_") == matched("50%") == {"d_1"}  # % and _ are no wildcards
    assert matched("d%") == matched("_") == matched("%") == set()
    assert len(matched("acme", limit=1)) == 1
    assert client.get("/v1/accounts", params={"q": "acme", "limit": 1}).json()["total"] == 3
    assert matched("nothing-like-it") == set()
    for blank in ("", "  "):
        refused = client.get("/v1/accounts", params={"q": blank})
        assert refused.status_code == 422, refused.text


def test_accounts_match_a_prefix_typed_without_accents(store_client: TestClient) -> None:
    """`electricite`, `lemaire energie` or `lefevre` found nothing: a keyboard without accents
    (or a hurried analyst) finds the accented names, and the accented prefix still finds them."""
    client = store_client
    accounts = {"acc-1": "Électricité Morel", "acc-2": "Compagnie Lemaire Énergie",
                "acc-3": "Garage Lefèvre & Fils", "acc-4": "Électronique Ouest",
                "acc-5": "Ærø Shipping", "acc-6": "Müller Straße GmbH"}  # fmt: skip
    for account_id, name in accounts.items():
        assert client.put(f"/v1/accounts/{account_id}", json={"name": name}).status_code == 200

    def matched(q: str) -> set[str]:
        answer = client.get("/v1/accounts", params={"q": q})
        assert answer.status_code == 200, answer.text
        return {account["id"] for account in answer.json()["items"]}

    assert matched("electricite") == matched("ÉLECTRICITÉ") == matched("Electricité") == {"acc-1"}
    assert matched("elec") == matched("éLEC") == {"acc-1", "acc-4"}
    assert matched("lemaire energie") == matched("energie") == matched("ÉNERGIE") == {"acc-2"}
    assert matched("lefevre") == matched("LEFÈVRE") == {"acc-3"}
    assert matched("muller") == matched("MÜLLER") == {"acc-6"}
    assert matched("ærø") == matched("ÆRØ") == {"acc-5"}  # letters of their own stay letters
    assert matched("electricien") == matched("lefevres") == set()


def test_segments_lists_each_stored_segment_once_with_its_accounts(client: TestClient) -> None:
    """What a segment picker offers: the segments on accounts, one per spelling in any case (as
    every filter reads them), named as most of its accounts spell it, most accounts first."""
    segments = {"a": "enterprise", "b": "Enterprise", "c": "enterprise", "d": "smb", "e": None,
                "f": "mid-market", "g": "SMB"}  # fmt: skip
    for account_id, segment in segments.items():
        assert (
            client.put(f"/v1/accounts/{account_id}", json={"segment": segment}).status_code == 200
        )
    answer = client.get("/v1/segments")
    assert answer.status_code == 200, answer.text
    assert answer.json()["items"] == [
        {"segment": "enterprise", "accounts": 3},
        {"segment": "smb", "accounts": 2},
        {"segment": "mid-market", "accounts": 1},
    ]


def every_page(client: TestClient, path: str, limit: int, between=None) -> list[str]:
    """The ids of every page of `path`, read with next_cursor; `between(n)` runs after page n."""
    ids, params, pages = [], {"limit": limit}, 0
    while True:
        page = client.get(path, params=params)
        assert page.status_code == 200, page.text
        ids += [row["id"] for row in page.json()["items"]]
        pages += 1
        if between is not None:
            between(pages)
        if page.json()["next_cursor"] is None:
            return ids
        params["cursor"] = page.json()["next_cursor"]


@pytest.mark.parametrize("kind", ["accounts", "contacts"])
def test_a_cursor_reads_each_row_once_while_rows_are_stored_between_pages(
    store_client: TestClient, kind: str
) -> None:
    """A sync paging by offset got 47 rows for 43 accounts: those stored between its pages
    (with lower ids) pushed rows it had read onto the next page."""
    client = store_client
    for n in range(10, 20):
        assert client.put(f"/v1/{kind}/id-{n}", json={"name": f"N{n}"}).status_code == 200

    def store_lower_ids(page: int) -> None:
        client.put(f"/v1/{kind}/id-0{page}", json={"name": f"new {page}"})

    ids = every_page(client, f"/v1/{kind}", limit=3, between=store_lower_ids)
    # each once, in id order (those stored meanwhile sort before the pages read: a next run's)
    assert ids == [f"id-{n}" for n in range(10, 20)]
    offset = client.get(f"/v1/{kind}", params={"limit": 3, "offset": 4}).json()
    assert [row["id"] for row in offset["items"]] == ["id-10", "id-11", "id-12"]  # after 4 new
    both = client.get(f"/v1/{kind}", params={"cursor": "id-10", "offset": 3})
    assert both.status_code == 422 and "give cursor or offset, not both" in both.text
