"""Webhook secrets at rest: they were stored in clear, so a copy of the database or a backup
signed bodies every receiver accepted. Now sealed with the workspace's secret key
(BOUCLE_SECRET_KEY, else BOUCLE_DATA_DIR/secret.key), opened only to sign and to give a hint."""

import hashlib
import hmac
import stat
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import insert, select

from api.ops.backup import backup, restore
from api.settings import Settings
from api.storage import Database, sqlite_url
from api.storage.webhook_tables import WebhookDelivery, WebhookSubscription
from api.webhooks.delivery import deliver_webhooks
from api.worker import Worker
from tests.test_loop import Receiver
from tests.test_webhook_subscriptions import SECRET, TICKET, register

OTHER_KEY = "another-workspace-key-of-40-characters-x"


def stored_secrets(db: Database) -> list[str]:
    """The column as a copy of the database shows it."""
    with db.engine.connect() as connection:
        return list(connection.scalars(select(WebhookSubscription.__table__.c.secret)))


def signed_with(secret: str, delivery: dict) -> bool:
    headers = delivery["headers"]
    signed = headers["X-Boucle-Timestamp"].encode() + b"." + delivery["body"]
    expected = "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return hmac.compare_digest(headers["X-Boucle-Signature-V2"], expected)


def test_a_secret_is_sealed_in_the_database_and_its_backups_and_still_signs(
    store_client, tmp_path: Path
) -> None:
    ws = store_client.app.state.workspace
    receiver = Receiver()
    try:
        hook = register(store_client, receiver.url, secret=SECRET)
        assert hook["secret"] == SECRET  # answered once, as given
        [stored] = stored_secrets(ws.db)
        assert SECRET[:-4] not in stored and stored.startswith("sealed:v1:")
        key = ws.settings.data_dir / "secret.key"  # made on first use, its owner's alone
        assert stat.S_IMODE(key.stat().st_mode) == 0o600 and len(key.read_text().strip()) == 64
        backup(ws.db, tmp_path / "backup")
        assert all(SECRET[:-4] not in f.read_text() for f in (tmp_path / "backup").iterdir())
        listed = store_client.get(f"/v1/webhooks/{hook['id']}").json()
        assert listed["secret_hint"] == "…" + SECRET[-4:]

        store_client.post("/v1/feedback", json={"items": [TICKET]})
        Worker(ws, interval_s=60, grace_s=0).tick()
    finally:
        receiver.close()
    [delivery] = receiver.received
    assert signed_with(SECRET, delivery)  # the receiver's secret, as it was given


def test_secrets_stored_in_clear_are_sealed_when_the_workspace_opens(store_settings) -> None:
    """A workspace upgraded from a version that kept them in clear: each row is sealed at the
    next start, and still signs with the secret the receiver holds."""
    from alembic import command

    from api.storage.migrate import alembic_config
    from api.webhooks.service import list_webhooks
    from api.workspace import open_database

    url = store_settings.database_url or sqlite_url(store_settings.data_dir)
    before = Database(url, store_settings.database_schema)
    command.upgrade(alembic_config(before), "0027")
    with before.engine.begin() as connection:
        connection.execute(insert(WebhookSubscription.__table__).values(
            url="https://desk.acme.com/hook", events=["feedback.analysed"], secret=SECRET,
            created_at=datetime.now(UTC)))  # fmt: skip
    before.close()

    db = open_database(store_settings)
    try:
        [stored] = stored_secrets(db)
        assert SECRET[:-4] not in stored and stored.startswith("sealed:v1:")
        assert [w.secret_hint for w in list_webhooks(db)] == ["…" + SECRET[-4:]]
        with db.session() as session:
            from api.webhooks.sealing import signing_secret

            assert signing_secret(session, session.scalars(select(WebhookSubscription)).one()) \
                == SECRET  # fmt: skip
    finally:
        db.close()


def test_a_secret_sealed_with_another_key_signs_nothing(workspace) -> None:
    """A backup restored without its key (another data folder, another BOUCLE_SECRET_KEY): the
    list says its secret is unreadable, and deliveries fail saying why, not signed with junk;
    they go through once the key is back."""
    from api.webhooks.schemas import WebhookIn
    from api.webhooks.service import UNREADABLE_HINT, add_webhook, list_webhooks
    from api.workspace import open_database

    receiver = Receiver()
    try:
        hook = add_webhook(workspace.db, WebhookIn(url=receiver.url, events=["feedback.analysed"],
                                                   secret=SECRET), actor="test")  # fmt: skip
        with workspace.db.session() as session:
            session.add(WebhookDelivery(subscription_id=hook.id, event="feedback.analysed",
                                        payload={"event": "feedback.analysed"},
                                        idempotency_key="boucle:test:1"))  # fmt: skip
        elsewhere = open_database(workspace.settings.model_copy(update={"secret_key": OTHER_KEY}))
        try:
            assert [w.secret_hint for w in list_webhooks(elsewhere)] == [UNREADABLE_HINT]
            assert deliver_webhooks(replace(workspace, db=elsewhere)) == 0
        finally:
            elsewhere.close()
        with workspace.db.session() as session:
            [row] = session.scalars(select(WebhookDelivery))
            assert row.status == "pending" and "sealed with another secret key" in row.last_error
            row.next_attempt_at = None  # due now
        assert receiver.received == []
        assert deliver_webhooks(workspace) == 1  # its own key: signed as before
    finally:
        receiver.close()
    assert signed_with(SECRET, receiver.received[0])


def test_a_backup_restores_its_webhooks_where_the_key_goes_with_it(
    workspace, tmp_path: Path
) -> None:
    """BOUCLE_SECRET_KEY (or the key file) carried beside the backup: the restored webhook
    signs with its secret; restored elsewhere, its secret is unreadable (`boucle restore` says
    which webhooks)."""
    from api.webhooks.schemas import WebhookIn
    from api.webhooks.sealing import unreadable_secrets
    from api.webhooks.service import UNREADABLE_HINT, add_webhook, list_webhooks
    from api.workspace import open_database

    wanted = WebhookIn(url="https://desk.acme.com/hook", events=["theme.emerging"], secret=SECRET)
    made = add_webhook(workspace.db, wanted, actor="test")
    backup(workspace.db, tmp_path / "backup")
    key = (workspace.settings.data_dir / "secret.key").read_text().strip()
    for secret_key, hint, unreadable in ((key, "…" + SECRET[-4:], []),
                                         (OTHER_KEY, UNREADABLE_HINT, [made.id])):  # fmt: skip
        settings = Settings(data_dir=tmp_path / f"new-{hint[-4:]}", worker=False,
                            secret_key=secret_key)  # fmt: skip
        db = open_database(settings)
        try:
            restore(db, tmp_path / "backup")
            assert [w.secret_hint for w in list_webhooks(db)] == [hint]
            assert unreadable_secrets(db) == unreadable
        finally:
            db.close()


def test_the_seal_opens_with_its_key_alone() -> None:
    from api.sealed import WrongKey, seal, unseal

    key = b"k" * 32
    first, second = seal(SECRET, key), seal(SECRET, key)
    assert first != second  # a fresh nonce each time: equal secrets do not show as equal
    assert unseal(first, key) == unseal(second, key) == SECRET
    assert unseal(SECRET, key) == SECRET  # stored in clear before: read as it is
    assert unseal(seal("é" * 200, key), key) == "é" * 200
    for wrong in (seal(SECRET, b"x" * 32), first[:-2] + ("AA" if first[-2:] != "AA" else "BB"),
                  "sealed:v1:", "sealed:v1:%%%"):  # fmt: skip
        with pytest.raises(WrongKey):
            unseal(wrong, key)


def test_the_key_is_made_once_and_the_setting_wins(tmp_path: Path) -> None:
    from api.sealed import secret_key

    settings = Settings(data_dir=tmp_path / "data")
    made = secret_key(settings)
    assert secret_key(settings) == made  # read again, not made again
    assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o700
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["secret.key"]  # no draft left
    moved = Settings(data_dir=tmp_path / "other", secret_key=made.decode())
    assert secret_key(moved) == made  # the file's text moved into BOUCLE_SECRET_KEY: same key
    with pytest.raises(ValidationError, match="32 at least"):
        Settings(data_dir=tmp_path / "data", secret_key="too-short")
