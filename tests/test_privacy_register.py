"""The register of erasures keys its digests with the workspace's secret, as the trail does: a
copy of the database cannot confirm a guessed address, id or ticket by hashing it."""

import hashlib
import json
from pathlib import Path

from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.privacy.service import forgotten_keys
from api.storage import Database, sqlite_url
from api.storage.migrate import alembic_config, upgrade
from api.storage.tables import ForgottenItem, ForgottenParty
from tests.test_privacy import ANN, ingest, item, workspace_of


def plain(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def test_the_register_cannot_confirm_a_guessed_address(store_client: TestClient) -> None:
    client = store_client
    ingest(client, item("t-1", "The export crashes.", ANN))
    assert client.post("/v1/erasures", json={"email": "ann.lee@example.com"}).json()["contacts"]
    with workspace_of(client).db.session() as session:
        stored = set(session.scalars(select(ForgottenItem.digest)))
        stored |= set(session.scalars(select(ForgottenParty.digest)))
    guesses = {plain("email", "ann.lee@example.com"), plain("contact", "c-ann"),
               plain("zendesk", "t-1")}  # fmt: skip
    assert len(stored) == 3 and not stored & guesses
    # still matched: the ticket sent again is not stored, nor is Ann
    assert ingest(client, item("t-1", "The export crashes."))[0]["status"] == "forgotten"


def test_migration_0018_keys_the_digests_stored_plain(tmp_path: Path) -> None:
    database = Database(sqlite_url(tmp_path))
    try:
        command.upgrade(alembic_config(database), "0016")
        with database.session() as session:
            session.add(ForgottenItem(digest=plain("desk", "42")))
            session.add(ForgottenParty(digest=plain("email", "kim@example.com"), kind="email"))
        upgrade(database)
        with database.session() as session:
            stored = set(session.scalars(select(ForgottenItem.digest)))
            stored |= set(session.scalars(select(ForgottenParty.digest)))
            assert len(stored) == 2
            assert not stored & {plain("desk", "42"), plain("email", "kim@example.com")}
            assert forgotten_keys(session, [("desk", "42"), ("desk", "43")]) == {("desk", "42")}
    finally:
        database.close()


def test_a_restore_keeps_the_register_matched(tmp_path: Path) -> None:
    """The workspace's secret keys the register kept through a restore: a backup made before
    the secret existed must not take it away; a backup made before migration 0018 holds its
    register plain, which the restore keys."""
    from api.ops.backup import backup, restore
    from api.privacy.keyed import register_digest
    from api.privacy.service import item_digest

    database = Database(sqlite_url(tmp_path / "ws"))
    try:
        upgrade(database)
        older = tmp_path / "older"
        manifest = backup(database, older)  # no secret yet: nothing was erased
        with database.session() as session:
            digest = register_digest(session, item_digest("desk", "1"))
            session.add(ForgottenItem(digest=digest))
        line = json.dumps({"digest": plain("desk", "2"), "forgotten_at": manifest["at"]})
        (older / "forgotten_items.jsonl").write_text(line + "\n")
        manifest["rows"]["forgotten_items"], manifest["revision"] = 1, "0016"
        (older / "manifest.json").write_text(json.dumps(manifest))

        restore(database, older, force=True)

        with database.session() as session:
            wanted = [("desk", "1"), ("desk", "2"), ("desk", "3")]
            assert forgotten_keys(session, wanted) == {("desk", "1"), ("desk", "2")}
            assert plain("desk", "2") not in set(session.scalars(select(ForgottenItem.digest)))
    finally:
        database.close()
