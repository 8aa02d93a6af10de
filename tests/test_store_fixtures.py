"""The tests' fresh stores start from templates made once per run (tests/conftest.py): one must
hold exactly what a new store gets (the migrations, a new vector store), or every test would
check Boucle against a store no user has; and no two tests may share one."""

import os
import sqlite3
import uuid
from pathlib import Path

import pytest
from qdrant_edge import EdgeShard

from api.settings import Settings
from api.vectors.edge import EdgeVectorStore, StoreBusy
from api.vectors.home import store_id
from api.workspace import INSIGHT_INDEXES, INSIGHTS, NEED_INDEXES, NEEDS, Workspace, open_database
from tests.conftest import drop_schema
from tests.schema_copies import dump_schema
from tests.vector_copies import copy_store


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


def test_a_workspace_opens_its_own_copy_of_the_empty_vector_store(
    workspace: Workspace, empty_vector_store: Path, tmp_path: Path
) -> None:
    root = workspace.settings.data_dir / "qdrant"
    with pytest.raises(StoreBusy, match=f"pid {os.getpid()}"):  # this process's lock, no copy's
        EdgeVectorStore(root)
    other = tmp_path / "other" / "qdrant"
    copy_store(empty_vector_store, other)
    assert store_id(other) != store_id(root)  # two copies: two stores (api/vectors/home.py)
    assert workspace.vectors.count(INSIGHTS) == workspace.vectors.count(NEEDS) == 0
    for name, indexes in ((INSIGHTS, INSIGHT_INDEXES), (NEEDS, NEED_INDEXES)):
        shard = EdgeShard.load(str(other / name))
        try:
            assert set(shard.info().payload_schema) == set(indexes)
        finally:
            shard.close()
