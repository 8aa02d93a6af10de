"""one notification per (need, contact, kind), not per (need, contact): a customer told a need was
declined ("we will come back if this changes") is told again when it ships, each decision once.
Rows stored before keep their keys: the outbox still reads them as theirs (api/loop/recipients.py)

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-06
"""

from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a batch copies the table on SQLite (nothing has a foreign key to notifications), keeping
    # its AUTOINCREMENT (0023)
    with op.batch_alter_table(
        "notifications", schema=None, table_kwargs={"sqlite_autoincrement": True}
    ) as batch_op:
        batch_op.drop_constraint("uq_notification_need_contact", type_="unique")
        batch_op.create_unique_constraint(
            "uq_notification_need_contact_kind", ["need_id", "contact_id", "kind"]
        )


def downgrade() -> None:
    # one row per (need, contact) again: the latest decision's is kept
    op.execute(
        "DELETE FROM notifications WHERE need_id IS NOT NULL AND id NOT IN (SELECT max(id) FROM "
        "notifications WHERE need_id IS NOT NULL GROUP BY need_id, contact_id)"
    )
    with op.batch_alter_table(
        "notifications", schema=None, table_kwargs={"sqlite_autoincrement": True}
    ) as batch_op:
        batch_op.drop_constraint("uq_notification_need_contact_kind", type_="unique")
        batch_op.create_unique_constraint("uq_notification_need_contact", ["need_id", "contact_id"])
