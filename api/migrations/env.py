"""Alembic environment: runs on the engine the service opened (api/storage/migrate.py)."""

from alembic import context
from sqlalchemy import text

import api.storage.key_tables  # noqa: F401  (their tables join Base.metadata)
import api.storage.loop_tables  # noqa: F401
from api.storage.tables import Base

engine = context.config.attributes["engine"]

with engine.begin() as connection:
    if engine.dialect.name == "postgresql":
        # Processes starting together (`serve` and `boucle worker`) would both create the tables:
        # the second waits here, then finds the schema current. Released at commit.
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('boucle:migrate'))"))
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=engine.dialect.name == "sqlite",  # SQLite alters tables by copying them
    )
    context.run_migrations()
