"""Creating, listing and revoking API keys (the CLI's `boucle keys`)."""

import secrets
from datetime import UTC, datetime

from sqlalchemy import select

from api.audit import record
from api.errors import Conflict, NotFound
from api.security import SCOPES, digest
from api.storage.db import Database
from api.storage.key_tables import ApiKey


def create_key(db: Database, name: str, scopes: list[str], actor: str | None = None) -> str:
    """A new key, returned once: only its digest is kept. `actor` (the CLI's "cli"): who made
    it, in the audit trail, with its name and scopes and nothing of the key itself."""
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise Conflict(
            f"scopes must be some of {', '.join(SCOPES)}; got {', '.join(unknown) or 'none'}"
        )
    key = "bk_" + secrets.token_urlsafe(32)
    with db.session() as session:
        same = session.scalar(select(ApiKey).where(ApiKey.name == name))
        if same is not None and same.revoked_at is None:
            raise Conflict(f"a key named {name!r} exists: revoke it or pick another name")
        if same is not None:  # a revoked key gives its name up and stays listed as "name#id"
            same.name = f"{name[:90]}#{same.id}"
            session.flush()
        made = ApiKey(name=name, prefix=key[:10], digest=digest(key), scopes=sorted(scopes))
        session.add(made)
        if actor is not None:
            session.flush()  # its id, the event's entity id
            record(session, actor, "key.create", "api_key", made.id,
                   {"name": name, "scopes": made.scopes})  # fmt: skip
    return key


def list_keys(db: Database) -> list[dict]:
    with db.session() as session:
        return [
            {
                "id": k.id,
                "name": k.name,
                "prefix": k.prefix,
                "scopes": k.scopes,
                "created_at": k.created_at.isoformat(),
                "revoked_at": k.revoked_at.isoformat() if k.revoked_at else None,
            }  # fmt: skip
            for k in session.scalars(select(ApiKey).order_by(ApiKey.id))
        ]


def revoke_key(db: Database, name: str, actor: str | None = None) -> None:
    """`actor`: who revoked it, in the audit trail (a key revoked already changes nothing)."""
    with db.session() as session:
        key = session.scalar(select(ApiKey).where(ApiKey.name == name))
        if key is None:
            raise NotFound(f"no key named {name!r}")
        if actor is not None and key.revoked_at is None:
            record(session, actor, "key.revoke", "api_key", key.id,
                   {"name": name, "scopes": key.scopes})  # fmt: skip
        key.revoked_at = key.revoked_at or datetime.now(UTC)


def live_digests(db: Database) -> dict[str, set[str]]:
    """Digest -> scopes of the live keys. Revoked keys stay as entries that match nothing, so
    that revoking the last key does not reopen the API."""
    with db.session() as session:
        rows = session.execute(select(ApiKey.digest, ApiKey.scopes, ApiKey.revoked_at)).all()
        return {
            (f"revoked:{row.digest}" if row.revoked_at else row.digest): (
                set() if row.revoked_at else set(row.scopes)
            )
            for row in rows
        }


def live_key_names(db: Database) -> dict[str, str]:
    """Digest -> name of the keys created with `boucle keys`: who did what, in the audit trail."""
    with db.session() as session:
        return {
            digest: name for digest, name in session.execute(select(ApiKey.digest, ApiKey.name))
        }
