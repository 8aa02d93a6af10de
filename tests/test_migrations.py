"""Alembic upgrades, as every workspace runs them at start."""

import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path

from sqlalchemy import inspect

from api.storage import Database, sqlite_url
from api.storage.migrate import upgrade
from tests.conftest import POSTGRES_URL, drop_schema

ROOT = Path(__file__).resolve().parents[1]


def test_workspaces_opening_at_once_all_reach_the_latest_schema(tmp_path: Path) -> None:
    """An app's background model-loading thread opens its workspace while tests (or another
    thread) open theirs: Alembic's global context must not be shared between two upgrades."""
    folders = [tmp_path / f"ws{n}" for n in range(6)]
    errors: list[BaseException] = []

    def open_one(folder: Path) -> None:
        folder.mkdir()
        database = Database(sqlite_url(folder))
        try:
            upgrade(database)
        except Exception as error:  # collected: an exception in a thread would go unnoticed
            errors.append(error)
        finally:
            database.close()

    threads = [threading.Thread(target=open_one, args=(folder,)) for folder in folders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for folder in folders:
        database = Database(sqlite_url(folder))
        assert {"feedback", "insights", "needs"} <= set(inspect(database.engine).get_table_names())
        database.close()


def test_processes_starting_together_on_a_new_postgresql_schema(tmp_path: Path) -> None:
    """`serve` and `boucle worker` started at once on a new PostgreSQL database: one of them
    died in the migration (UniqueViolation on pg_type), 3 times in 3 tries."""
    schema = f"boucle_test_migrate_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    script = (
        "import sys; from api.storage import Database; from api.storage.migrate import upgrade; "
        "upgrade(Database(sys.argv[1], sys.argv[2]))"
    )
    try:
        runs = [
            subprocess.Popen(
                [sys.executable, "-c", script, POSTGRES_URL, schema],
                cwd=ROOT,
                stderr=subprocess.PIPE,
                text=True,
            )  # fmt: skip
            for _ in range(3)
        ]
        results = [(run.wait(timeout=120), run.stderr.read()[-400:]) for run in runs]
        assert [code for code, _ in results] == [0, 0, 0], results
        database = Database(POSTGRES_URL, schema)
        assert {"feedback", "needs"} <= set(inspect(database.engine).get_table_names(schema))
        database.close()
    finally:
        drop_schema(schema)


def test_an_address_is_found_by_its_index_whatever_its_case(workspace) -> None:
    """Each new e-mail contact ref asks whether a contact holds that address (its email_key):
    without an index, a scan of every contact per batch."""
    from sqlalchemy import text

    with workspace.db.session() as session:
        if session.bind.dialect.name == "sqlite":
            plan = session.execute(text(
                "EXPLAIN QUERY PLAN SELECT id FROM contacts WHERE email_key IN ('a@b.fr')"
            )).all()  # fmt: skip
            assert any("ix_contacts_email_key" in str(row) for row in plan), plan
        else:
            found = session.execute(text(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_contacts_email_key' "
                "AND schemaname = current_schema()"
            )).scalar()  # fmt: skip
            assert found and "email_key" in found, found


def test_items_of_one_source_in_two_cases_are_told_apart_after_0014(
    unmigrated_store_settings,
) -> None:
    """Before 0014, "Helpdesk" after "helpdesk" was stored again: the first of each pair takes
    the source's key, its twin is kept under a key nothing matches."""
    from alembic import command
    from sqlalchemy import text

    from api.storage.migrate import alembic_config

    url = unmigrated_store_settings.database_url or sqlite_url(unmigrated_store_settings.data_dir)
    database = Database(url, unmigrated_store_settings.database_schema)
    try:
        command.upgrade(alembic_config(database), "0013")
        rows = [("helpdesk", "9003"), ("Helpdesk", "9003"), ("Helpdesk", "9004"), ("zendesk", "1")]
        with database.engine.begin() as connection:
            for source, external_id in rows:
                connection.execute(
                    text("INSERT INTO feedback (source, external_id, status, created_at, "
                         "received_at, metadata, intents, intent_labels, tags, attempts) VALUES "
                         "(:source, :external_id, 'pending', :at, :at, '{}', '[]', ',', '{}', 0)"),
                    {"source": source, "external_id": external_id, "at": "2026-12-01 10:00:00"},
                )  # fmt: skip
        upgrade(database)
        with database.engine.begin() as connection:
            keys = connection.execute(text("SELECT id, source_key FROM feedback ORDER BY id")).all()
        twin_id = keys[1][0]
        assert [key for _, key in keys] == [
            "helpdesk",
            f"helpdesk#{twin_id}",
            "helpdesk",
            "zendesk",
        ]
    finally:
        database.drop_schema()
        database.close()


def test_sqlite_never_reuses_an_id_after_0023(tmp_path: Path) -> None:
    """SQLite gave a new row the largest id + 1: the last items erased lent their ids (and their
    insights') to the next import, and links and exports kept from before pointed at other
    feedback. 0023 copies the tables with AUTOINCREMENT, keeping their rows and indexes."""
    from alembic import command
    from sqlalchemy import text

    from api.storage.migrate import alembic_config

    database = Database(sqlite_url(tmp_path))
    insert_item = text(
        "INSERT INTO feedback (source, source_key, external_id, status, created_at, received_at, "
        "metadata, intents, intent_labels, tags, attempts) VALUES ('zendesk', 'zendesk', :id, "
        "'analysed', '2026-12-01 10:00:00', '2026-12-01 10:00:00', '{}', '[]', ',', '{}', 0)"
    )
    insert_insight = text(
        'INSERT INTO insights (feedback_id, position, text, start, "end", intents) '
        "VALUES (:feedback, 0, 'The export fails', 0, 16, '[]')"
    )

    def indexes() -> dict[str, list]:
        found = inspect(database.engine)
        return {table: sorted(i["name"] for i in found.get_indexes(table))
                for table in ("feedback", "insights", "need_links")}  # fmt: skip

    try:
        command.upgrade(alembic_config(database), "0016")
        with database.engine.begin() as connection:
            for external_id in ("1", "2"):
                connection.execute(insert_item, {"id": external_id})
            ids = connection.execute(text("SELECT id FROM feedback ORDER BY id")).scalars().all()
            connection.execute(insert_insight, {"feedback": ids[0]})
        before = indexes()
        command.upgrade(alembic_config(database), "0023")  # later ones add indexes of their own
        assert indexes() == before
        with database.engine.begin() as connection:
            # the rows were copied, an insight of an item included (no cascade on the copy)
            assert connection.execute(text("SELECT count(*) FROM insights")).scalar() == 1
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            connection.execute(text("DELETE FROM insights"))
            connection.execute(text("DELETE FROM feedback WHERE id = :id"), {"id": ids[-1]})
            connection.execute(insert_item, {"id": "3"})
            new = connection.execute(text("SELECT max(id) FROM feedback")).scalar()
        assert new > ids[-1]
    finally:
        database.close()


def test_0028_downgrades_with_the_workspaces_key_and_says_why_it_cannot(store_settings) -> None:
    """Below 0028 the secrets go back in clear, opened with the workspace's key (it raised
    NotImplementedError). Without that key, or under another, it says which webhooks and what to
    do, and changes nothing."""
    import pytest
    from sqlalchemy import select

    from api.sealed import SecretsStaySealed
    from api.storage.migrate import current_revision, downgrade, head_revision
    from api.storage.webhook_tables import WebhookSubscription
    from api.webhooks.schemas import WebhookIn
    from api.webhooks.service import add_webhook
    from api.workspace import open_database
    from tests.test_sealed_webhook_secrets import OTHER_KEY, stored_secrets
    from tests.test_webhook_subscriptions import SECRET

    db = open_database(store_settings)
    wanted = WebhookIn(
        url="https://desk.acme.com/hook", events=["feedback.analysed"], secret=SECRET
    )
    made = add_webhook(db, wanted, actor="test").id
    [sealed] = stored_secrets(db)
    url = store_settings.database_url or sqlite_url(store_settings.data_dir)
    keyless = Database(url, store_settings.database_schema)  # opened without the settings
    other = open_database(store_settings.model_copy(update={"secret_key": OTHER_KEY}))
    try:
        for database, words in (
            (keyless, f"the secrets of webhooks {made} are sealed and go back in clear only with"),
            (other, f"the secrets of webhooks {made} were sealed with another key"),
        ):
            with pytest.raises(SecretsStaySealed, match="nothing was changed") as refused:
                downgrade(database, "0027")
            assert words in str(refused.value) and OTHER_KEY not in str(refused.value)
            assert current_revision(db) == head_revision() and stored_secrets(db) == [sealed]

        downgrade(db, "0027")
        assert current_revision(db) == "0027" and stored_secrets(db) == [SECRET]
        if db.dialect == "postgresql":  # the column as 0027 made it
            [column] = [c for c in inspect(db.engine).get_columns(
                "webhook_subscriptions", store_settings.database_schema) if c["name"] == "secret"]  # fmt: skip
            assert column["type"].length == 200
        upgrade(db)  # and up again: sealed at the next start, as an old workspace's are
        reopened = open_database(store_settings)
        [again] = stored_secrets(reopened)
        assert again.startswith("sealed:v1:") and SECRET[:-4] not in again
        with reopened.session() as session:
            from api.webhooks.sealing import signing_secret

            assert signing_secret(session, session.scalars(select(WebhookSubscription)).one()) \
                == SECRET  # fmt: skip
        reopened.close()
    finally:
        for database in (keyless, other, db):
            database.close()
