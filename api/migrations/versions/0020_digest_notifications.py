"""notifications.need_id and contact_id nullable: a digest sent through the outbox is about no
need and goes to an address of BOUCLE_DIGEST_RECIPIENTS, not to a contact

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a batch copies the table on SQLite: nothing has a foreign key to notifications
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.alter_column("need_id", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column("contact_id", existing_type=sa.String(length=200), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM notifications WHERE need_id IS NULL OR contact_id IS NULL")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.alter_column("need_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("contact_id", existing_type=sa.String(length=200), nullable=False)
