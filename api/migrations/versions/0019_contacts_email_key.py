"""contacts found by address normalised in Python (NFC, casefold), the same on every store:
SQLite's lower() folds only ASCII, so "ÉLODIE@exemple.fr" and "élodie@exemple.fr" were two
contacts there and one on PostgreSQL

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

contacts = sa.table(
    "contacts",
    sa.column("id", sa.String),
    sa.column("email", sa.String),
    sa.column("email_key", sa.String),
)


def email_key(email: str) -> str | None:
    """api.storage.tables.email_key as of this revision."""
    if not email.strip():
        return None
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", email.strip()).casefold())


def upgrade() -> None:
    # a plain ADD COLUMN: a batch would copy the table, which SQLite's foreign keys refuse
    op.add_column("contacts", sa.Column("email_key", sa.String(length=960), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(contacts.c.id, contacts.c.email).where(contacts.c.email.is_not(None))
    )
    for contact_id, email in rows.all():
        bind.execute(
            contacts.update().where(contacts.c.id == contact_id).values(email_key=email_key(email))
        )
    op.create_index("ix_contacts_email_key", "contacts", ["email_key"])
    op.drop_index("ix_contacts_email_lower", table_name="contacts")


def downgrade() -> None:
    op.create_index("ix_contacts_email_lower", "contacts", [sa.text("lower(email)")])
    op.drop_index("ix_contacts_email_key", table_name="contacts")
    op.drop_column("contacts", "email_key")
