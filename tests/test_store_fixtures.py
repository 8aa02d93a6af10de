"""The tests' fresh stores start from templates made once per run (tests/conftest.py): one must
hold exactly what running the migrations on a new store makes, or every test would check Boucle
against a schema no user has."""

import os
import sqlite3
import uuid
from pathlib import Path

from api.settings import Settings
from api.workspace import open_database
from tests.conftest import drop_schema
from tests.schema_copies import dump_schema


def stored(settings: Settings) -> list:
    """Every table, index, constraint, sequence and row of the store, as SQL, its schema's
    name left out; on SQLite each statement's lines and the statements in no set order (batch
    migrations rebuild a table with its constraints and indexes in whichever order)."""
    if settings.database_url:
        schema = settings.database_schema
        return dump_schema(settings.database_url, schema).replace(schema, "SCHEMA").splitlines()
    with sqlite3.connect(settings.data_dir / "boucle.db") as connection:
        statements = list(connection.iterdump())
    return sorted(sorted(line.strip().rstrip(",") for line in s.splitlines()) for s in statements)


def test_a_fresh_store_holds_what_the_migrations_make(
    store_settings: Settings, tmp_path: Path
) -> None:
    migrated = store_settings.model_copy(update={"data_dir": tmp_path / "migrated"})
    if migrated.database_url:
        schema = f"boucle_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        migrated = migrated.model_copy(update={"database_schema": schema})
    try:
        open_database(migrated).close()
        assert stored(store_settings) == stored(migrated)
    finally:
        if migrated.database_url:
            drop_schema(migrated.database_schema)
