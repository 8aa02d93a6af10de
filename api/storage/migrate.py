"""Bring a database to the latest schema with Alembic (run at every start; a no-op when current)."""

import logging
import threading
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from api.storage.db import Database

log = logging.getLogger("boucle.migrate")
MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"
# Alembic keeps the running migration's context in module globals: two threads upgrading at once
# (an app's background model-loading thread and another workspace opening) read each other's
# config ("KeyError: 'config'", "table alembic_version already exists"). One upgrade at a time.
_ONE_AT_A_TIME = threading.Lock()
SCHEMA_MISSING = "database schema missing or not migrated: restart to migrate"


def alembic_config(database: Database) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = database.engine
    # a migration that opens sealed secrets (0028's downgrade) loads the workspace's key with it:
    # a migration does not see the settings
    config.attributes["secret_key"] = database.info.get("secret_key")
    return config


def upgrade(database: Database) -> None:
    with _ONE_AT_A_TIME:
        before = current_revision(database)
        command.upgrade(alembic_config(database), "head")
        after = current_revision(database)
    if after != before:
        log.info("database migrated from %s to %s", before or "an empty schema", after)


def downgrade(database: Database, revision: str) -> None:
    """Back to `revision` (a release rolled back); all or nothing, one transaction. Below 0028
    webhook secrets go back in clear: open the database as the workspace does
    (api.workspace.open_database), with its key."""
    with _ONE_AT_A_TIME:
        before = current_revision(database)
        command.downgrade(alembic_config(database), revision)
    log.info("database downgraded from %s to %s", before, current_revision(database))


def current_revision(database: Database) -> str | None:
    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@cache
def head_revision() -> str:
    """The revision `upgrade` brings a database to: what a ready server's database is at."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()
