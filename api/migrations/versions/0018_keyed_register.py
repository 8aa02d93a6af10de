"""the register of erasures keyed: each stored digest becomes HMAC-SHA256(workspace secret, it)

A plain sha256 of an address or an id confirmed a guessed one to whoever held a copy of the
database; keyed with the workspace's secret (the audit trail's), it cannot be. The plain digests
are what the new ones key, so every stored row is re-keyed here and stays matched.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05
"""

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

SECRETS = sa.table(
    "workspace_secrets", sa.column("name"), sa.column("value"), sa.column("created_at")
)
REGISTERS = ("forgotten_items", "forgotten_parties")


def secret(connection) -> bytes:
    """The workspace's "audit" secret (api/privacy/keyed.py), made here if none was yet."""
    query = sa.select(SECRETS.c.value).where(SECRETS.c.name == "audit")
    stored = connection.execute(query).scalar()
    if stored is None:
        stored = secrets.token_hex(32)
        made = {"name": "audit", "value": stored, "created_at": datetime.now(UTC)}
        connection.execute(SECRETS.insert().values(**made))
    return bytes.fromhex(stored)


def upgrade() -> None:
    connection = op.get_bind()
    if not any(connection.execute(sa.text(f"SELECT 1 FROM {t} LIMIT 1")).first()
               for t in REGISTERS):  # fmt: skip
        return  # nothing to re-key: the secret is made at its first use
    key = secret(connection)
    for name in REGISTERS:
        table = sa.table(name, sa.column("digest"))
        for (plain,) in connection.execute(sa.select(table.c.digest)).all():
            keyed = hmac.new(key, plain.encode(), hashlib.sha256).hexdigest()
            connection.execute(table.update().where(table.c.digest == plain).values(digest=keyed))


def downgrade() -> None:
    raise NotImplementedError("a keyed digest cannot be turned back into the plain one")
