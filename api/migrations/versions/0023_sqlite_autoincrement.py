"""integer ids never reused on SQLite: AUTOINCREMENT on every integer primary key

Without it SQLite gives a new row the largest id + 1, so the ids of the last items erased
(`boucle forget`) came back on the next import, and links and exports kept from before pointed at
other feedback. PostgreSQL's sequences never hand an id out twice: nothing to do there.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-05
"""

import warnings

from alembic import op
from sqlalchemy.exc import SAWarning

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

# Every table whose primary key is an integer id, parents before the tables that refer to them.
TABLES = (
    "feedback",
    "insights",
    "needs",
    "need_links",
    "need_suggestions",
    "audit",
    "themes",
    "jobs",
    "survey_sends",
    "feedback_actions",
    "notifications",
    "notification_templates",
    "theme_alerts",
    "api_keys",
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    # SQLite declares AUTOINCREMENT only when a table is created: each table is copied into a
    # new one. Dropping a parent with foreign keys on would delete its children (ON DELETE
    # CASCADE): api/migrations/env.py turns them off around SQLite's migrations.
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError("0023 copies tables: run it with SQLite's foreign keys off")
    for table in TABLES:
        if not declares_autoincrement(bind, table):
            copy_table(table, autoincrement=True)
    broken = bind.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise RuntimeError(f"0023: rows refer to missing rows after the copy: {broken[:5]}")


def declares_autoincrement(bind, table: str) -> bool:
    sql = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).scalar()
    return "AUTOINCREMENT" in (sql or "").upper()


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for table in reversed(TABLES):
        copy_table(table, autoincrement=False)


def copy_table(table: str, autoincrement: bool) -> None:
    """The table re-created as it is (columns, indexes, constraints, rows), AUTOINCREMENT or not.
    Reflecting it reads the tables it refers to: contacts' index on lower(email) cannot be read
    back, which does not matter here (contacts is not copied), so SQLAlchemy's warning is not shown."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection", SAWarning)
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass
