"""One contact per e-mail address: an item's inline contact whose address another contact holds
is that contact (it made a second one), and `boucle contacts merge-duplicates` merges the
duplicates stored before, on SQLite and PostgreSQL."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.accounts.duplicates import merge_duplicate_contacts
from api.app import create_app
from api.cli import main
from api.settings import Settings
from api.storage.tables import Contact, Feedback, SurveySend

TEXT = "The export crashes on big files."


def item(external_id: str, **fields) -> dict:
    return {"source": "desk", "external_id": external_id, "text": TEXT, **fields}


def contact_of(client: TestClient, answer: dict) -> str:
    return client.get(f"/v1/feedback/{answer['id']}").json()["contact_id"]


def sent(client: TestClient, *items: dict) -> list[dict]:
    answer = client.post("/v1/feedback", json={"items": list(items)})
    assert answer.status_code == 200, answer.text
    assert all(i["status"] == "created" for i in answer.json()["items"]), answer.text
    return answer.json()["items"]


def holders(client: TestClient, email: str) -> list[str]:
    found = client.get("/v1/contacts", params={"email": email}).json()["items"]
    return [contact["id"] for contact in found]


def test_an_inline_contact_with_a_known_address_is_that_contact(store_client: TestClient) -> None:
    client = store_client
    client.put("/v1/contacts/C-01", json={"email": "Anna@Example.com", "name": "Anna"})
    (answer,) = sent(client, item("t-1", contact={"id": "c-2", "email": "anna@example.com",
                                                  "name": "Anna B.", "language": "fr"}))  # fmt: skip
    assert contact_of(client, answer) == "C-01"
    assert holders(client, "anna@example.com") == ["C-01"]
    anna = client.get("/v1/contacts/C-01").json()
    assert (anna["name"], anna["language"]) == ("Anna", "fr")  # blanks filled, names kept
    assert client.get("/v1/contacts/c-2").status_code == 404

    # two new ids for one address in one batch: the first is the contact of both
    zoe, again = sent(client, item("t-2", contact={"id": "z-1", "email": "zoe@durand.fr"}),
                      item("t-3", contact={"id": "z-2", "email": "ZOE@durand.fr"}))  # fmt: skip
    assert (contact_of(client, zoe), contact_of(client, again)) == ("z-1", "z-1")
    assert holders(client, "zoe@durand.fr") == ["z-1"]

    # a contact keyed by its address (a ticket's requester) becomes the CRM id, as on import
    (bare,) = sent(client, item("t-4", contact_id="lou@acme.com"))
    (named,) = sent(client, item("t-5", contact={"id": "CRM-7", "email": "Lou@acme.com"}))
    assert (contact_of(client, bare), contact_of(client, named)) == ("CRM-7", "CRM-7")
    assert holders(client, "lou@acme.com") == ["CRM-7"]

    # a stored contact already holding the address stays the item's contact
    (own,) = sent(client, item("t-6", contact={"id": "z-1", "email": "Zoe@Durand.fr"}))
    assert contact_of(client, own) == "z-1"
    # an account the inline contact names is made, for its holder, as for a new contact
    sent(client, item("t-7", contact={"id": "z-3", "email": "zoe@durand.fr", "account_id": "NEW"}))
    assert client.get("/v1/contacts/z-1").json()["account_id"] == "NEW"
    assert client.get("/v1/accounts/NEW").status_code == 200


@pytest.fixture
def cli_store(store_settings: Settings, tagger, share_with_cli) -> TestClient:
    """A served store the CLI opens too."""
    share_with_cli(store_settings)
    with TestClient(create_app(store_settings, tagger)) as client:
        yield client


def duplicates_before_the_rule(client: TestClient) -> None:
    """Three contacts of Anna's address (stored as ingest made them before), two of Zoe's in
    non-ASCII case, and one of Bob's; items and survey sends naming them."""
    day = datetime(2026, 11, 1, tzinfo=UTC)
    people = [("c-3", "ANNA@example.com", None, day + timedelta(days=2)),
              ("c-1", "anna@example.com", None, day),
              ("c-2", "Anna@Example.com", "Anna", day + timedelta(days=1)),
              ("z-2", "ZOÉ@exemple.fr", "Zoé", day + timedelta(days=1)),
              ("z-1", "zoé@exemple.fr", None, day),
              ("b-1", "bob@example.com", None, day)]  # fmt: skip
    ws = client.app.state.workspace
    with ws.db.session() as session:
        for contact_id, email, name, created in people:
            session.add(Contact(id=contact_id, email=email, name=name, created_at=created,
                                attributes={"from": contact_id}))  # fmt: skip
        session.flush()
        for n, contact_id in enumerate(["c-1", "c-2", "c-3", "c-3", "z-2", "b-1"]):
            session.add(Feedback(source="desk", external_id=f"t-{n}", text=TEXT,
                                 created_at=day, contact_id=contact_id))  # fmt: skip
        for contact_id in ("c-1", "c-2"):  # one send recorded under both: kept once
            session.add(SurveySend(survey="nps", contact_id=contact_id, sent_at=day))
        session.add(SurveySend(survey="nps", contact_id="c-3", sent_at=day + timedelta(days=1)))


def contacts_of_items(client: TestClient) -> list[tuple[str, str]]:
    with client.app.state.workspace.db.session() as session:
        rows = session.execute(select(Feedback.external_id, Feedback.contact_id)).all()
    return sorted((external_id, contact_id) for external_id, contact_id in rows)


def test_merge_duplicates_keeps_the_oldest_contact_of_each_address(
    cli_store: TestClient, capsys
) -> None:
    client = cli_store
    duplicates_before_the_rule(client)
    before = contacts_of_items(client)
    assert main(["contacts", "merge-duplicates", "--dry-run"]) == 0
    said = capsys.readouterr().out
    assert said.splitlines() == [
        "anna@example.com: would merge c-2, c-3 into c-1 (3 feedback, 1 survey_sends moved)",
        "zoé@exemple.fr: would merge z-2 into z-1 (1 feedback moved)",
        "3 duplicate contacts would merge into 2 (dry run: nothing changed)",
    ]
    assert contacts_of_items(client) == before and len(holders(client, "anna@example.com")) == 3

    assert main(["contacts", "merge-duplicates"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "3 duplicate contacts merged into 2"
    assert contacts_of_items(client) == [
        ("t-0", "c-1"), ("t-1", "c-1"), ("t-2", "c-1"), ("t-3", "c-1"), ("t-4", "z-1"),
        ("t-5", "b-1"),
    ]  # fmt: skip
    assert holders(client, "anna@example.com") == ["c-1"]
    anna = client.get("/v1/contacts/c-1").json()
    assert (anna["name"], anna["attributes"]) == ("Anna", {"from": "c-1"})
    assert client.get("/v1/contacts/z-1").json()["name"] == "Zoé"
    with client.app.state.workspace.db.session() as session:
        sends = session.execute(select(SurveySend.contact_id, SurveySend.sent_at)).all()
    assert sorted(contact_id for contact_id, _ in sends) == ["c-1", "c-1"]

    assert main(["contacts", "merge-duplicates", "--json"]) == 0
    assert capsys.readouterr().out == ""  # nothing left to merge


def test_merging_in_a_session_says_what_it_did(workspace) -> None:
    with workspace.db.session() as session:
        session.add_all([Contact(id="a", email="x@y.fr", attributes={}),
                         Contact(id="b", email="X@Y.FR", attributes={})])  # fmt: skip
    with workspace.db.session() as session:
        (merge,) = merge_duplicate_contacts(session)
    assert (merge.kept, merge.merged, merge.moved) == ("a", ["b"], {})
    with workspace.db.session() as session:
        assert session.scalars(select(Contact.id)).all() == ["a"]


def test_an_address_in_another_case_or_form_is_one_contact_on_every_store(
    store_client: TestClient,
) -> None:
    """SQLite's lower() folds only ASCII: "ÉLODIE@exemple.fr" was a second contact beside
    "élodie@exemple.fr" there (one on PostgreSQL). Addresses are normalised in Python (NFC,
    casefold) when written, and looked up by that form, on both stores; a decomposed "é"
    (e + U+0301, as some systems write it) is the same address too."""
    client = store_client
    assert (
        client.put("/v1/contacts/c-elodie", json={"email": "élodie@exemple.fr"}).status_code == 200
    )
    for other in ("ÉLODIE@exemple.fr", "E\u0301lodie@Exemple.FR"):
        refused = client.put("/v1/contacts/c-other", json={"email": other})
        assert refused.status_code == 409, refused.text
        assert "already belongs to contact 'c-elodie'" in refused.json()["message"]
        assert holders(client, other) == ["c-elodie"]
    # an item's contact ref that is the address, in another case, is that contact's
    [by_ref] = sent(client, item("t-1", contact_id="ÉLODIE@EXEMPLE.FR"))
    assert contact_of(client, by_ref) == "c-elodie"
    # an inline contact whose address she holds is her too
    [inline] = sent(client, item("t-2", contact={"id": "crm-9", "email": "Élodie@exemple.fr"}))
    assert contact_of(client, inline) == "c-elodie"
    assert [c["id"] for c in client.get("/v1/contacts").json()["items"]] == ["c-elodie"]
    # the same address sent again in another case is no change to report, and no move
    again = client.patch("/v1/contacts/c-elodie", json={"email": "ÉLODIE@exemple.fr"})
    assert again.status_code == 200, again.text


def test_addresses_stored_before_0019_get_their_key(unmigrated_store_settings) -> None:
    """The migration writes each stored address's key, so the contacts made before it are
    found by their address in any case."""
    from alembic import command
    from sqlalchemy import text

    from api.storage import Database, sqlite_url
    from api.storage.migrate import alembic_config, upgrade

    url = unmigrated_store_settings.database_url or sqlite_url(unmigrated_store_settings.data_dir)
    database = Database(url, unmigrated_store_settings.database_schema)
    try:
        command.upgrade(alembic_config(database), "0016")
        with database.engine.begin() as connection:
            for contact_id, email in (("c-1", "ÉLODIE@exemple.fr"), ("c-2", None)):
                connection.execute(
                    text("INSERT INTO contacts (id, email, attributes, created_at, updated_at) "
                         "VALUES (:id, :email, '{}', :at, :at)"),
                    {"id": contact_id, "email": email, "at": "2026-12-01 10:00:00"},
                )  # fmt: skip
        upgrade(database)
        with database.session() as session:
            keys = dict(session.execute(select(Contact.id, Contact.email_key)).all())
        assert keys == {"c-1": "élodie@exemple.fr", "c-2": None}
    finally:
        database.drop_schema()
        database.close()
