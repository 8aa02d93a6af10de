"""a pending item whose analysis failed waits before its next try, longer after each failure:
the worker retried it every tick, 20 tries in about a minute, then never again

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN: a batch would copy the table, which SQLite's foreign keys refuse
    op.add_column("feedback", sa.Column("next_attempt_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    op.drop_column("feedback", "next_attempt_at")
