"""Alembic environment: runs on the engine the service opened (api/storage/migrate.py)."""

from alembic import context

import api.storage.key_tables  # noqa: F401  (their tables join Base.metadata)
import api.storage.loop_tables  # noqa: F401
from api.storage.tables import Base

engine = context.config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=engine.dialect.name == "sqlite",  # SQLite alters tables by copying them
    )
    context.run_migrations()
