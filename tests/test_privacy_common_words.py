"""An erasure masks a person, not the words other customers write: a one-word address local
part ("thanks@", "hello@") counted as a whole name, so erasing thanks@nowhere.io, held by no
one, made every "Thanks" [NAME]; an account named "Outlook" made every "Outlook" [ACCOUNT]."""

import json
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.cli import main
from tests.test_privacy import DAN, fresh_settings, ingest, item  # noqa: F401 (a fixture)

THANKS = "Please add a dark theme. Thanks for reading."
HELLO = "Hello, the Outlook calendar sync fails. Nobody from your side got back to us."


def texts(client: TestClient, *ids: int) -> list[str]:
    return [client.get(f"/v1/feedback/{i}").json()["text"] for i in ids]


def test_an_address_nobody_holds_masks_only_itself(store_client: TestClient) -> None:
    client = store_client
    thanks, hello = ingest(client, item("d-1", THANKS, DAN), item("d-2", HELLO, DAN))
    kept = {"cc": "thanks@nowhere.io", "note": "Thanks, Nobody"}  # attributes keep addresses
    client.put("/v1/accounts/other", json={"name": "Other Co", "attributes": kept})
    for email in ("thanks@nowhere.io", "nobody@nowhere.io"):
        erased = client.post("/v1/erasures", json={"email": email})
        assert erased.status_code == 200, erased.text
        assert erased.json()["texts_masked"] == (email == "thanks@nowhere.io"), erased.json()
    assert texts(client, thanks["id"], hello["id"]) == [THANKS, HELLO]
    attributes = client.get("/v1/accounts/other").json()["attributes"]
    assert attributes == {"cc": "[EMAIL]", "note": "Thanks, Nobody"}


def test_a_contact_with_a_one_word_address_leaves_that_word(store_client: TestClient) -> None:
    """A contact erased: their whole name and address go from others' texts, not the word."""
    client = store_client
    hello = {"email": "hello@qacorp.io", "name": "Sarah Connor"}
    assert client.put("/v1/contacts/qa-hello", json=hello).status_code == 200
    other, named = ingest(
        client,
        item("d-1", HELLO, DAN),
        item("d-2", "sarah connor asked first.", DAN),  # lower case: ingestion masks Sarah Connor
    )
    erased = client.delete("/v1/contacts/qa-hello").json()
    assert erased["contacts"] == 1 and erased["texts_masked"] == 1
    assert texts(client, other["id"], named["id"]) == [HELLO, "[NAME] asked first."]


def test_an_account_named_by_a_dictionary_word_stays_in_others_words(
    store_client: TestClient,
) -> None:
    client = store_client
    for account_id, name in (("qa-outlook", "Outlook"), ("qa-initech", "Initech")):
        assert client.put(f"/v1/accounts/{account_id}", json={"name": name}).status_code == 200
    [other] = ingest(client, item("d-1", f"{HELLO} Initech too.", DAN))
    need = client.post("/v1/needs", json={"title": "Outlook calendar sync for Initech"}).json()

    outlook = client.delete("/v1/accounts/qa-outlook").json()
    assert (outlook["accounts"], outlook["texts_masked"], outlook["needs_renamed"]) == (1, 0, 0)
    assert texts(client, other["id"]) == [f"{HELLO} Initech too."]
    initech = client.delete("/v1/accounts/qa-initech").json()  # a name no dictionary has: masked
    assert (initech["texts_masked"], initech["needs_renamed"]) == (1, 1)
    assert texts(client, other["id"]) == [f"{HELLO} [ACCOUNT] too."]
    title = client.get(f"/v1/needs/{need['id']}").json()["title"]
    assert title == "Outlook calendar sync for [ACCOUNT]"


def test_a_one_word_local_part_is_no_whole_name() -> None:
    from api.privacy.masking import common_word, full_names

    assert full_names(None, "thanks@nowhere.io") == set()
    assert full_names("Sarah Connor", "hello@qacorp.io") == {"sarah connor"}
    assert full_names(None, "Sarah.Connor+crm@cyberdyne.io") == {"sarah connor"}
    assert [common_word(n) for n in ("Outlook", "Sage", "merci", "Initech", "Acme Corp")] == [
        True, True, True, False, False]  # fmt: skip


MASKS = ("needs_renamed", "notifications_masked", "audit_masked", "themes_masked",
         "texts_masked", "webhook_deliveries")  # fmt: skip


@pytest.mark.usefixtures("fresh_settings")
def test_the_cli_dry_run_says_what_would_be_masked(tmp_path: Path, monkeypatch, capsys) -> None:
    """`boucle forget email` without --yes said "0 items, 0 contacts" of an erasure that then
    masked words in other people's texts."""
    monkeypatch.setenv("BOUCLE_DATA_DIR", str(tmp_path / "data"))
    export = tmp_path / "tickets.csv"
    export.write_text(
        "id,text,email\n1,The app logs me out.,kim.lee@example.com\n"
        "2,kim lee told me the app logs out. Thanks!,lou@example.com\n"
        "3,Thanks for the dark mode.,max@example.com\n"
    )
    assert main(["import", str(export), "--quiet", "--map", "external_id=id", "--map",
                 "contact_id=email", "--source", "desk", "--no-date-column"]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["forget", "email", "thanks@nowhere.io"]) == 0
    assert "Here: 0 items, 0 contacts. Run" in capsys.readouterr().err  # masks nothing
    assert main(["forget", "email", "kim.lee@example.com"]) == 0
    said = capsys.readouterr().err
    assert "Here: 1 item, 1 contact; 1 other stored text masked" in said, said
    assert main(["forget", "email", "kim.lee@example.com", "--yes"]) == 0
    erased = json.loads(capsys.readouterr().out)
    assert sum(erased[field] for field in MASKS) == 1, erased
    with sqlite3.connect(tmp_path / "data" / "boucle.db") as db:
        kept = [row[0] for row in db.execute("select text from feedback order by id")]
    assert kept == ["[NAME] told me the app logs out. Thanks!", "Thanks for the dark mode."]
