"""Bring a database to the latest schema with Alembic (run at every start; a no-op when current)."""

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config

from api.storage.db import Database

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"
# Alembic keeps the running migration's context in module globals: two threads upgrading at once
# (an app's background model-loading thread and another workspace opening) read each other's
# config ("KeyError: 'config'", "table alembic_version already exists"). One upgrade at a time.
_ONE_AT_A_TIME = threading.Lock()


def alembic_config(database: Database) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = database.engine
    return config


def upgrade(database: Database) -> None:
    with _ONE_AT_A_TIME:
        command.upgrade(alembic_config(database), "head")
