"""a need's titles per language: a French customer told it shipped reads "Export vers Excel",
not "Export to Excel" (the main title stays the default)

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN: a batch would copy the table, which SQLite's foreign keys refuse;
    # every need stored before has no title but its main one
    op.add_column("needs", sa.Column("titles", sa.JSON(), nullable=False, server_default="{}"))


def downgrade() -> None:
    op.drop_column("needs", "titles")
