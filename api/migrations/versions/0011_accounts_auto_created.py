"""accounts made from a bare reference (a survey's company column) are marked as such

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN: a batch would copy the table, which SQLite's foreign keys refuse
    op.add_column(
        "accounts",
        sa.Column("auto_created", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    op.drop_column("accounts", "auto_created")
