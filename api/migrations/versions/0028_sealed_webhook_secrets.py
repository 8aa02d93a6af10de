"""webhook secrets are stored sealed (api/sealed.py): the column holds the sealed form, longer
than the 200 characters a secret may have

PostgreSQL alone: SQLite enforces no length (VARCHAR(200) has TEXT's affinity), and copying the
table would drop its AUTOINCREMENT (0023). The secrets stored in clear are sealed when the
workspace opens (api/workspace.py): the key comes from the settings, which a migration does not
see. The downgrade puts them back in clear with the key the Alembic config brings (the workspace's
database's: api/storage/migrate.py alembic_config).

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-09
"""

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

from api.sealed import SecretsStaySealed, WrongKey, is_sealed, unseal

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("webhook_subscriptions", "secret", existing_type=sa.String(length=200),
                        type_=sa.Text(), existing_nullable=False)  # fmt: skip


def downgrade() -> None:
    """Secrets back in clear, as 0027's code reads them, each opened with the workspace's key
    (its loader comes with the Alembic config: api/storage/migrate.py). A secret that does not
    open stops it all: the downgrade's one transaction changes nothing."""
    bind = op.get_bind()
    secrets = sa.table("webhook_subscriptions", sa.column("id", sa.Integer),
                       sa.column("secret", sa.Text))  # fmt: skip
    rows = bind.execute(sa.select(secrets.c.id, secrets.c.secret).order_by(secrets.c.id))
    sealed = {row.id: row.secret for row in rows if is_sealed(row.secret)}
    load_key = op.get_context().config.attributes.get("secret_key")
    for webhook_id, secret in in_clear(sealed, load_key).items():
        bind.execute(secrets.update().where(secrets.c.id == webhook_id).values(secret=secret))
    if bind.dialect.name == "postgresql":  # a secret has 200 characters at most (the API's limit)
        op.alter_column("webhook_subscriptions", "secret", existing_type=sa.Text(),
                        type_=sa.String(length=200), existing_nullable=False)  # fmt: skip


def in_clear(sealed: dict[int, str], load_key: Callable[[], bytes] | None) -> dict[int, str]:
    """Each sealed secret opened, by webhook id; SecretsStaySealed, saying what to do, when the
    key is not given or does not open them all."""
    if not sealed:
        return {}
    ids = ", ".join(map(str, sealed))
    if load_key is None:
        raise SecretsStaySealed(
            f"cannot downgrade below 0028: the secrets of webhooks {ids} are sealed and go back in "
            "clear only with the workspace's secret key, which this database was opened without: "
            "open it with api.workspace.open_database (its BOUCLE_SECRET_KEY or "
            "BOUCLE_DATA_DIR/secret.key) and downgrade again; nothing was changed"
        )
    key, opened, unreadable = load_key(), {}, []
    for webhook_id, stored in sealed.items():
        try:
            opened[webhook_id] = unseal(stored, key)
        except WrongKey:
            unreadable.append(webhook_id)
    if unreadable:
        raise SecretsStaySealed(
            f"cannot downgrade below 0028: the secrets of webhooks {', '.join(map(str, unreadable))} "
            "were sealed with another key than this workspace's (BOUCLE_SECRET_KEY or "
            "BOUCLE_DATA_DIR/secret.key): set the key they were sealed with, or remove those "
            "webhooks (`boucle webhooks remove ID`), and downgrade again; nothing was changed"
        )
    return opened
