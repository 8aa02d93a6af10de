"""feedback told apart by its source whatever the case: "Helpdesk" after "helpdesk" was a new item

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05
"""

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

feedback = sa.table(
    "feedback",
    sa.column("id", sa.Integer),
    sa.column("source", sa.String),
    sa.column("external_id", sa.String),
    sa.column("source_key", sa.String),
)


def upgrade() -> None:
    # a plain ADD COLUMN: a batch would copy the table, which SQLite's foreign keys refuse
    op.add_column("feedback", sa.Column("source_key", sa.String(length=120), nullable=True))
    bind = op.get_bind()
    spellings: dict[str, list[str]] = defaultdict(list)
    for source in bind.scalars(sa.select(feedback.c.source).distinct()):
        spellings[source.casefold()].append(source)  # api.storage.tables.source_key
    for key, sources in spellings.items():
        set_key(bind, feedback.c.source.in_(sources), key)
        if len(sources) > 1:
            key_case_twins(bind, key, sources)
    if bind.dialect.name == "postgresql":
        op.alter_column("feedback", "source_key", nullable=False)
        # the new index is stricter; SQLite keeps the old one (dropping it copies the table)
        op.drop_constraint("uq_feedback_source_external_id", "feedback", type_="unique")
    op.create_index(
        "uq_feedback_source_key_external_id", "feedback", ["source_key", "external_id"], unique=True
    )


def set_key(bind, where, key: str) -> None:
    bind.execute(feedback.update().where(where).values(source_key=key))


def key_case_twins(bind, key: str, sources: list[str]) -> None:
    """Items of one source spelt several ways: the first of each external id keeps the key; a
    later twin (the same item sent again in another case) is kept, under a key nothing matches
    ("#" is not in a source name), for a person to erase if they wish."""
    rows = bind.execute(
        sa.select(feedback.c.id, feedback.c.external_id)
        .where(feedback.c.source.in_(sources))
        .order_by(feedback.c.id)
    )
    seen: set[str] = set()
    for row_id, external_id in rows.all():
        if external_id in seen:
            set_key(bind, feedback.c.id == row_id, f"{key}#{row_id}")
        seen.add(external_id)


def downgrade() -> None:
    op.drop_index("uq_feedback_source_key_external_id", table_name="feedback")
    if op.get_bind().dialect.name == "postgresql":
        op.create_unique_constraint(
            "uq_feedback_source_external_id", "feedback", ["source", "external_id"]
        )
    op.drop_column("feedback", "source_key")
