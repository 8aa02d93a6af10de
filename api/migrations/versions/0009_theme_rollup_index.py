"""an index the theme tree's totals read alone

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_insights_theme_rollup", "insights", ["theme_id", "sentiment_label", "feedback_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_insights_theme_rollup", table_name="insights")
