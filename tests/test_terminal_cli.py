"""Stored text as the `boucle` commands print it for a person: a customer's escape sequence
("\x1b[31m") and Unicode bidi override ("\u202e") spelt out, never sent raw to the operator's
terminal, where they recolour, clear or reorder what is read; a JSON answer is the same value
with those characters written as JSON escapes."""

import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from api.storage.tables import Account, Contact, Feedback
from api.tagging.lines import Item, write_answers
from api.workspace import open_existing_database
from tests.test_taggers import EXAMPLES

EVIL = "Red\x1b[31m \u202eevil"  # recolours the terminal, then reverses what follows
SPELT = "Red\\x1b[31m \\u202eevil"  # as a person reads it
IN_JSON = "Red\\u001b[31m \\u202eevil"  # as a JSON document writes it
DAY = datetime(2026, 11, 2, 10, tzinfo=UTC)


def no_raw(text: str) -> bool:
    return "\x1b" not in text and "\u202e" not in text


@pytest.fixture
def evil_store(settings: Settings, share_with_cli) -> Settings:
    """An account, two contacts of one address (duplicates) and an item, each naming EVIL."""
    share_with_cli(settings)
    database = open_existing_database(settings)
    try:
        with database.session() as session:
            session.add(Account(id="acme", name=EVIL, segment=EVIL, arr=1000.0))
            session.flush()
            for n, contact_id in enumerate(("c-1", "c-2")):
                session.add(Contact(id=contact_id, email=f"ann{EVIL}@example.com", name=EVIL,
                                    account_id="acme", created_at=DAY + timedelta(days=n)))  # fmt: skip
            session.flush()
            session.add(Feedback(source="desk", external_id="t-1", text=EVIL, created_at=DAY,
                                 account_id="acme", contact_id="c-1"))  # fmt: skip
    finally:
        database.close()
    return settings


def test_voc_health_spells_out_the_account_name(evil_store: Settings, boucle) -> None:
    done = boucle("voc", "health", "acme")
    assert done.returncode == 0, done.stderr
    assert no_raw(done.stdout) and done.stdout.startswith(f"acme ({SPELT}, {SPELT}, ARR ")
    exact = boucle("voc", "health", "acme", "--json")
    assert no_raw(exact.stdout) and IN_JSON in exact.stdout
    assert json.loads(exact.stdout)["name"] == EVIL


def test_contacts_merge_spells_out_the_address(evil_store: Settings, boucle) -> None:
    done = boucle("contacts", "merge-duplicates", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert no_raw(done.stdout)
    assert done.stdout.splitlines()[0] == f"ann{SPELT}@example.com: would merge c-2 into c-1"
    exact = boucle("contacts", "merge-duplicates", "--dry-run", "--json")
    assert no_raw(exact.stdout) and json.loads(exact.stdout)["email"] == f"ann{EVIL}@example.com"


def test_privacy_export_is_exact_json_with_nothing_raw(evil_store: Settings, boucle) -> None:
    done = boucle("privacy", "export", "--contact", "c-1")
    assert done.returncode == 0, done.stderr
    assert no_raw(done.stdout) and IN_JSON in done.stdout
    document = json.loads(done.stdout)
    assert document["contact"]["name"] == EVIL and document["feedback"][0]["text"] == EVIL


def test_a_warning_spells_out_the_stored_values_it_lists(evil_store: Settings, boucle) -> None:
    done = boucle("voc", "at-risk", "--segment", "enterprise")
    assert done.returncode == 0, done.stderr
    assert no_raw(done.stderr) and SPELT in done.stderr  # "segments stored: ..."


def test_taggers_show_writes_its_labels_as_json_escapes(settings: Settings, tagger, boucle) -> None:
    examples = [{**e, "label": f"{e['label']}{EVIL}"} for e in EXAMPLES[:8]]
    with TestClient(create_app(settings, tagger)) as client:
        trained = client.put("/v1/taggers/queues", json={"examples": examples,
                                                         "description": EVIL})  # fmt: skip
        assert trained.status_code == 200, trained.text
    env = {"BOUCLE_DATA_DIR": str(settings.data_dir)}
    done = boucle("taggers", "show", "queues", env=env)
    assert done.returncode == 0, done.stderr
    assert no_raw(done.stdout) and f"billing{IN_JSON}" in done.stdout
    info = json.loads(done.stdout)
    assert info["labels"] == [f"billing{EVIL}", f"login{EVIL}"] and info["description"] == EVIL
    listed = boucle("taggers", "list", env=env)
    assert no_raw(listed.stdout) and f"labels: billing{SPELT}, login{SPELT}" in listed.stdout


def test_tagged_lines_write_a_given_id_as_json_escapes() -> None:
    output = io.StringIO()
    tagged = write_answers("boucle tag", output, [Item(1, EVIL, "fine", None)],
                           lambda items: ({"text": item.text} for item in items))  # fmt: skip
    assert tagged == 0 and no_raw(output.getvalue()) and IN_JSON in output.getvalue()
    assert json.loads(output.getvalue())["id"] == EVIL


def test_taggers_train_spells_out_the_labels_it_refuses(tmp_path, boucle) -> None:
    examples = tmp_path / "examples.csv"
    examples.write_text(
        f"text,label\nrefund me,billing\ncharged twice,billing\nlocked out,login{EVIL}\n"
    )
    done = boucle("taggers", "train", "queues", str(examples),
                  env={"BOUCLE_DATA_DIR": str(tmp_path / "data")})  # fmt: skip
    assert done.returncode == 2 and no_raw(done.stderr)
    assert f"too few for: 'login{SPELT}'" in done.stderr


def test_export_as_json_lines_on_a_terminal_is_exact_json(evil_store: Settings, boucle) -> None:
    done = boucle("export", "--messages", "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    assert no_raw(done.stdout) and IN_JSON in done.stdout
    (message,) = map(json.loads, done.stdout.splitlines())
    assert message["text"] == EVIL and message["account"]["name"] == EVIL
