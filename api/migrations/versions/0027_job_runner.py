"""a job names the process running it (host, pid, a token of that process's start) and when it
last said it was alive: each process failed at its start every job still running, those a
live process of `serve --workers N`, or of another server on the same database, was running

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMNs: a batch would copy the table
    op.add_column("jobs", sa.Column("runner_host", sa.String(255)))
    op.add_column("jobs", sa.Column("runner_pid", sa.Integer()))
    op.add_column("jobs", sa.Column("runner_token", sa.String(32)))
    op.add_column("jobs", sa.Column("heartbeat_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    for column in ("heartbeat_at", "runner_token", "runner_pid", "runner_host"):
        op.drop_column("jobs", column)
