"""a theme's automatic label, stored at each refit beside a person's name: releasing the name
(PATCH {"name": null}) gives back the latest label, not the one from before the first rename

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN: a batch would copy the table, which SQLite's foreign keys refuse
    op.add_column("themes", sa.Column("auto_name", sa.String(200), nullable=True))


def downgrade() -> None:
    op.drop_column("themes", "auto_name")
