"""theme_alerts.theme_id nullable: an alert of unthemed growth belongs to no theme

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("theme_alerts", schema=None) as batch_op:
        batch_op.alter_column("theme_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM theme_alerts WHERE theme_id IS NULL")
    with op.batch_alter_table("theme_alerts", schema=None) as batch_op:
        batch_op.alter_column("theme_id", existing_type=sa.Integer(), nullable=False)
