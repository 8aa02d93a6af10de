"""feedback indexed on (created_at, id): the exports page oldest first along it, with no sort

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # it also serves every created_at range the old one-column index served
    op.create_index("ix_feedback_created_at_id", "feedback", ["created_at", "id"])
    op.drop_index("ix_feedback_created_at", table_name="feedback")


def downgrade() -> None:
    op.create_index("ix_feedback_created_at", "feedback", ["created_at"])
    op.drop_index("ix_feedback_created_at_id", table_name="feedback")
