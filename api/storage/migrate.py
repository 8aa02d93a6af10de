"""Bring a database to the latest schema with Alembic (run at every start; a no-op when current)."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from api.storage.db import Database

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


def alembic_config(database: Database) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = database.engine
    return config


def upgrade(database: Database) -> None:
    command.upgrade(alembic_config(database), "head")
