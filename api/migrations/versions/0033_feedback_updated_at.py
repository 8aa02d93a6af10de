"""a feedback item's updated_at: when it, its analysis or its insights' need links last changed,
so that a nightly sync asks for what changed since its last run (?changed_since=), edits and
re-analyses included

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN: a batch would copy the table, which SQLite's foreign keys refuse
    op.add_column("feedback", sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
    # items stored before: last changed when analysed, or stored (created_at is the message's
    # own date, which an import may set years back: a sync would never read it as a change)
    op.execute("UPDATE feedback SET updated_at = COALESCE(analysed_at, received_at)")
    op.create_index("ix_feedback_updated_at", "feedback", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_feedback_updated_at", table_name="feedback")
    op.drop_column("feedback", "updated_at")
