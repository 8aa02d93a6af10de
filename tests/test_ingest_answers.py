"""What ingest answers of an item, as stored: the contact it was given when that is not the one
sent (and why), and its source as stored, on SQLite and PostgreSQL."""

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.feedback.answers import contact_made_empty
from tests.test_ingest_key_limits import ADMIN, INGEST, KEYS, posted

TEXT = "The export crashes on big files."


@pytest.fixture
def keyed(store_settings, tagger):
    settings = store_settings.model_copy(update={"api_keys": KEYS})
    with TestClient(create_app(settings, tagger)) as client:
        yield client


def item(external_id: str, **fields) -> dict:
    return {"source": "desk", "external_id": external_id, "text": TEXT, **fields}


def test_an_item_given_another_contact_than_sent_says_so(keyed: TestClient) -> None:
    """Its inline contact's address was another contact's: stored under that one, the sent one
    never created, and the answer said nothing (contact_ignored: [])."""
    client = keyed
    client.put("/v1/contacts/qa1-c1", json={"email": "jo@example.com"}, headers=ADMIN)
    swapped = {"id": "qa1-c2", "email": "jo@example.com"}
    [told] = posted(client, ADMIN, item("t-1", contact=swapped))
    assert (told["status"], told["contact_id"], told["contact_ignored"]) == ("created",
                                                                            "qa1-c1", [])  # fmt: skip
    [warning] = told["warnings"]
    assert "stored under contact 'qa1-c1', not 'qa1-c2'" in warning
    assert "the e-mail address sent with it belongs to contact 'qa1-c1'" in warning
    assert "'qa1-c2' was neither created nor changed" in warning
    assert client.get("/v1/contacts/qa1-c2", headers=ADMIN).status_code == 404  # kept as it was
    # a contact_id that is her address: hers too, said as such
    [bare] = posted(client, ADMIN, item("t-2", contact_id="JO@example.com"))
    assert bare["contact_id"] == "qa1-c1"
    assert "'JO@example.com' is the e-mail address of contact 'qa1-c1'" in bare["warnings"][0]
    # the contact sent is the one stored: nothing to say
    [own] = posted(client, ADMIN, item("t-3", contact={"id": "qa1-c1", "name": "Jo"}))
    assert (own["contact_id"], own["warnings"]) == ("qa1-c1", [])
    # a duplicate given it now (it had none) says it as a new item does
    posted(client, ADMIN, item("t-4"))
    [attached] = posted(client, ADMIN, item("t-4", contact=swapped))
    assert (attached["status"], attached["contact_attached"]) == ("duplicate", True)
    assert attached["contact_id"] == "qa1-c1" and "not 'qa1-c2'" in attached["warnings"][0]
    # a key without `read` learns nothing of who holds the address
    [hidden] = posted(client, INGEST, item("t-5", contact=swapped))
    assert (hidden["status"], hidden["contact_id"], hidden["warnings"]) == ("created", None, [])


def test_a_contact_id_nobody_has_keeps_the_item_and_says_the_contact_was_made_empty(
    keyed: TestClient,
) -> None:
    """An unknown contact_id silently made an empty contact (no e-mail, no account), where a
    survey send refuses it with a 422. Ingest loses no item: it is stored, and its answer says
    so; a stored contact's id, or a second item naming it, says nothing."""
    client = keyed
    client.put("/v1/contacts/qa7-known", json={"email": "kim@example.com"}, headers=ADMIN)
    made, known = posted(client, ADMIN, item("u-1", contact_id="qa7-typo"),
                         item("u-2", contact_id="qa7-known"))  # fmt: skip
    assert (made["status"], made["contact_id"]) == ("created", "qa7-typo")
    assert made["warnings"] == [
        "no contact had the id 'qa7-typo': it was created empty (no e-mail, name nor account), "
        "so no notification can reach it and the item counts for no account until "
        "PUT /v1/contacts/qa7-typo fills it (POST /v1/surveys/sends refuses such an id)"
    ]
    assert known["warnings"] == []
    [again] = posted(client, ADMIN, item("u-3", contact_id="qa7-typo"))  # stored now
    assert again["warnings"] == []
    # a key without `read` is not told whether a contact exists
    [hidden] = posted(client, INGEST, item("u-4", contact_id="qa7-other"))
    assert (hidden["status"], hidden["warnings"]) == ("created", [])


def test_a_re_send_naming_nobody_says_the_contact_was_made_empty_as_a_first_send_does(
    keyed: TestClient,
) -> None:
    """A stored item with no contact, re-sent with a contact_id nobody has, was given an empty
    contact (contact_attached: true) and no warning, where a first send with that id warns.
    A re-send naming a stored contact, or one the item keeps its own contact against, says
    nothing; a key without `read` is not told."""
    client = keyed
    posted(client, ADMIN, item("r-1"), item("r-2"), item("r-3"))
    [made] = posted(client, ADMIN, item("r-1", contact_id="qa9-typo"))
    assert (made["status"], made["contact_attached"], made["contact_id"]) == ("duplicate", True,
                                                                              "qa9-typo")  # fmt: skip
    assert made["warnings"] == [contact_made_empty("qa9-typo")]
    [known] = posted(client, ADMIN, item("r-2", contact_id="qa9-typo"))  # stored now
    assert (known["contact_attached"], known["warnings"]) == (True, [])
    [kept] = posted(client, ADMIN, item("r-1", contact_id="qa9-other"))  # r-1 keeps its own
    assert (kept["contact_ignored"], kept["warnings"]) == (["id"], [])
    assert client.get("/v1/contacts/qa9-other", headers=ADMIN).status_code == 404
    [hidden] = posted(client, INGEST, item("r-3", contact_id="qa9-hidden"))
    assert (hidden["status"], hidden["warnings"]) == ("duplicate", [])


def test_the_source_is_answered_as_stored(keyed: TestClient) -> None:
    """A re-send with "Zendesk" answered "Zendesk", while "zendesk" was stored."""
    client = keyed
    [first] = posted(client, ADMIN, {**item("9003"), "source": "zendesk"})
    [again] = posted(client, INGEST, {**item("9003"), "source": "Zendesk"})
    assert (first["source"], again["source"]) == ("zendesk", "zendesk")
    assert (again["status"], again["id"]) == ("duplicate", first["id"])
    [created] = posted(client, ADMIN, {**item(9004), "source": "HelpDesk"})
    [twin] = posted(client, ADMIN, {**item("9004"), "source": "helpdesk"})
    assert [(i["status"], i["source"], i["external_id"]) for i in (created, twin)] == [
        ("created", "HelpDesk", "9004"), ("duplicate", "HelpDesk", "9004")]  # fmt: skip
    stored = client.get(f"/v1/feedback/{created['id']}", headers=ADMIN).json()
    assert stored["source"] == "HelpDesk"
