"""Alembic upgrades, as every workspace runs them at start."""

import threading
from pathlib import Path

from sqlalchemy import inspect

from api.storage import Database, sqlite_url
from api.storage.migrate import upgrade


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
