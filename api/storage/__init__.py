"""SQL storage: tables, the database handle and migrations."""

from api.storage.db import Database, sqlite_url

__all__ = ["Database", "sqlite_url"]
