"""Alembic environment: runs on the engine the service opened (api/storage/migrate.py)."""

from alembic import context
from sqlalchemy import Connection, text

import api.storage.key_tables  # noqa: F401  (their tables join Base.metadata)
import api.storage.loop_tables  # noqa: F401
import api.storage.webhook_tables  # noqa: F401
from api.storage.tables import Base

engine = context.config.attributes["engine"]


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=engine.dialect.name == "sqlite",  # SQLite alters tables by copying them
    )
    context.run_migrations()


if engine.dialect.name == "sqlite":
    # A table copied by a batch migration drops the old one, which with foreign keys on deletes
    # the rows referring to it (ON DELETE CASCADE). SQLite changes this setting only outside a
    # transaction: before it starts, and back on after it commits (the connection is pooled).
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
        try:
            with connection.begin():
                # pysqlite opens a transaction only before INSERT/UPDATE/DELETE: without this
                # BEGIN, each ALTER or DROP of a run was committed as it ran, and one that failed
                # halfway (a downgrade refused by 0028) left the schema changed under the old
                # revision. One transaction: all the steps, or none.
                connection.exec_driver_sql("BEGIN")
                run_migrations(connection)
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
else:
    with engine.begin() as connection:
        # Processes starting together (`serve` and `boucle worker`) would both create the
        # tables: the second waits here, then finds the schema current. Released at commit.
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('boucle:migrate'))"))
        run_migrations(connection)
