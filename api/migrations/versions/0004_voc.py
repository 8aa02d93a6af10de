"""voc: survey sends and follow-up actions

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "survey_sends",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey", sa.String(length=100), nullable=False),
        sa.Column("contact_id", sa.String(length=200), nullable=False),
        sa.Column("account_id", sa.String(length=200), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("external_id", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("survey", "contact_id", "sent_at", name="uq_survey_send"),
        sa.UniqueConstraint("survey", "external_id", name="uq_survey_send_external_id"),
    )
    with op.batch_alter_table("survey_sends", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_sends_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_survey_sends_contact_id"), ["contact_id"], unique=False
        )
        batch_op.create_index("ix_survey_sends_survey_sent_at", ["survey", "sent_at"], unique=False)

    op.create_table(
        "feedback_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["feedback_id"], ["feedback.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("feedback_actions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_feedback_actions_feedback_at", ["feedback_id", "at"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("feedback_actions", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_actions_feedback_at")

    op.drop_table("feedback_actions")
    with op.batch_alter_table("survey_sends", schema=None) as batch_op:
        batch_op.drop_index("ix_survey_sends_survey_sent_at")
        batch_op.drop_index(batch_op.f("ix_survey_sends_contact_id"))
        batch_op.drop_index(batch_op.f("ix_survey_sends_account_id"))

    op.drop_table("survey_sends")
