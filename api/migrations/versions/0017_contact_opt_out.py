"""contacts may opt out of closing-the-loop notifications; each has an unguessable unsubscribe
token, and each notification keeps the unsubscribe link it carries

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMNs: a batch would copy the table, which SQLite's foreign keys refuse
    op.add_column("contacts", sa.Column("notifications_opted_out_at", sa.DateTime(timezone=True)))
    op.add_column("contacts", sa.Column("unsubscribe_token", sa.String(length=64)))
    op.create_index("ix_contacts_unsubscribe_token", "contacts", ["unsubscribe_token"])
    op.add_column("notifications", sa.Column("unsubscribe_url", sa.String(length=600)))
    contacts = sa.table("contacts", sa.column("id", sa.String), sa.column("unsubscribe_token"))
    connection = op.get_bind()
    ids = list(connection.scalars(sa.select(contacts.c.id)))
    for contact_id in ids:  # each stored contact gets its own token, as a new one does
        connection.execute(
            contacts.update()
            .where(contacts.c.id == contact_id)
            .values(unsubscribe_token=secrets.token_urlsafe(32))
        )


def downgrade() -> None:
    op.drop_column("notifications", "unsubscribe_url")
    op.drop_index("ix_contacts_unsubscribe_token", "contacts")
    op.drop_column("contacts", "unsubscribe_token")
    op.drop_column("contacts", "notifications_opted_out_at")
