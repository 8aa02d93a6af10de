"""a stored item can be edited (PUT /v1/feedback/{id}) and analysed again: how many times, so
that the new analysis's webhook delivery has an Idempotency-Key of its own (the first one's
would be dropped as a repeat)

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN: a batch would copy the table, which SQLite's foreign keys refuse
    op.add_column("feedback", sa.Column("edits", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    op.drop_column("feedback", "edits")
