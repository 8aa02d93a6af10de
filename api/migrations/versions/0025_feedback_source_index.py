"""feedback.source indexed on PostgreSQL: a source filter's spellings (api.search.service
each_value, a seek per distinct source) read the whole table once per source there

0014 dropped PostgreSQL's unique (source, external_id), the only index leading with source;
SQLite keeps it (dropping it copies the table), so SQLite needs nothing.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07
"""

from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.create_index("ix_feedback_source", "feedback", ["source"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_feedback_source", table_name="feedback")
