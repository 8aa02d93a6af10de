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
        if before == head_revision():  # every start: Alembic's own no-op run took ~35 ms of CPU
            return
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


def scripts() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config)


@cache
def head_revision() -> str:
    """The revision `upgrade` brings a database to: what a ready server's database is at."""
    return scripts().get_current_head()


@cache
def known_revisions() -> frozenset[str]:
    return frozenset(script.revision for script in scripts().walk_revisions())


class NotMigrated(Exception):
    """A database at another revision than this Boucle's, met by a command that does not
    migrate: upgraded there, its schema would change under the servers still running the
    release it was made for (their /readyz then says not migrated)."""


def require_head(database: Database) -> None:
    """Nothing when `database` is at this Boucle's revision (or empty: whoever opens it first
    makes it); NotMigrated, saying what to run, when it is behind or ahead."""
    at, needed = current_revision(database), head_revision()
    if at is None or at == needed:
        return
    if at not in known_revisions():
        raise NotMigrated(f"the database is at revision {at}, newer than this Boucle's "
                          f"({needed}): use the Boucle release that migrated it")  # fmt: skip
    raise NotMigrated(f"the database is at revision {at}, this Boucle needs {needed}: run "
                      "`boucle serve` or `boucle worker` (which migrate) or `boucle migrate`")  # fmt: skip
