"""theme alerts

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "theme_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["theme_id"], ["themes.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key"),
    )
    with op.batch_alter_table("theme_alerts", schema=None) as batch_op:
        batch_op.create_index("ix_theme_alerts_due", ["status", "next_attempt_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_theme_alerts_theme_id"), ["theme_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("theme_alerts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_theme_alerts_theme_id"))
        batch_op.drop_index("ix_theme_alerts_due")
    op.drop_table("theme_alerts")
