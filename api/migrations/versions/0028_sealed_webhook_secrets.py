"""webhook secrets are stored sealed (api/sealed.py): the column holds the sealed form, longer
than the 200 characters a secret may have

PostgreSQL alone: SQLite enforces no length (VARCHAR(200) has TEXT's affinity), and copying the
table would drop its AUTOINCREMENT (0023). The secrets stored in clear are sealed when the
workspace opens (api/workspace.py): the key comes from the settings, which a migration does not
see.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-09
"""

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("webhook_subscriptions", "secret", existing_type=sa.String(length=200),
                        type_=sa.Text(), existing_nullable=False)  # fmt: skip


def downgrade() -> None:
    raise NotImplementedError("a sealed secret goes back in clear only with its key")
