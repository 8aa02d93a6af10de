"""Digests keyed with the workspace's secret (HMAC-SHA256): the audit trail names an erased
person by one, so that it can be matched within the workspace but a guessed address cannot be
confirmed by hashing it. The key is made once, at the first use, and kept in the database."""

import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from api.storage.tables import WorkspaceSecret, utcnow

AUDIT_KEY = "audit"


def workspace_secret(session: Session, name: str = AUDIT_KEY) -> bytes:
    """The secret `name`, made on first use; two processes making it at once keep the first."""
    stored = session.scalar(select(WorkspaceSecret.value).where(WorkspaceSecret.name == name))
    if stored is None:
        table = WorkspaceSecret.__table__
        dialect = postgresql if session.bind.dialect.name == "postgresql" else sqlite
        made = {"name": name, "value": secrets.token_hex(32), "created_at": utcnow()}
        session.execute(dialect.insert(table).on_conflict_do_nothing(), [made])
        stored = session.scalar(select(table.c.value).where(table.c.name == name))
    return bytes.fromhex(stored)


def keyed_digest(session: Session, *parts: str) -> str:
    """HMAC-SHA256 of the parts joined by NUL, hex; the audit trail keeps its first 16."""
    message = "\x00".join(parts).encode()
    return hmac.new(workspace_secret(session), message, hashlib.sha256).hexdigest()
