"""Digests keyed with the workspace's secret (HMAC-SHA256): the audit trail names an erased
person by one, and the register of erasures keeps each erased item, contact, address and
account as one, so that they can be matched within the workspace but a guessed address cannot
be confirmed by hashing it without the key. The key is made once, at the first use, and kept in
the database and its backups (a restore into a new database needs it to match the register; one
into a workspace keeps the workspace's own): a backup's holder can confirm a guess."""

import hashlib
import hmac
import secrets
import weakref

from sqlalchemy import Engine, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from api.storage.tables import WorkspaceSecret, utcnow

AUDIT_KEY = "audit"


# engine -> name -> a secret read back committed: it never changes once stored (a restore keeps
# the workspace's own), so a process reads it once, not once a request (every outbox listing).
_committed: "weakref.WeakKeyDictionary[Engine, dict[str, bytes]]" = weakref.WeakKeyDictionary()


def workspace_secret(session: Session, name: str = AUDIT_KEY) -> bytes:
    """The secret `name`, made on first use; two processes making it at once keep the first."""
    cache = session.info.setdefault("workspace_secrets", {})
    if name not in cache:
        committed = _committed.setdefault(session.get_bind().engine, {})
        cache[name] = committed.get(name) or read_or_make_secret(session, name, committed)
    return cache[name]


def read_or_make_secret(session: Session, name: str, committed: dict[str, bytes]) -> bytes:
    stored = session.scalar(select(WorkspaceSecret.value).where(WorkspaceSecret.name == name))
    if stored is not None:
        committed[name] = bytes.fromhex(stored)
    else:  # made in this transaction: kept by the session alone until it is read back committed
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


def trail_digest(session: Session, kind: str, key: str) -> str:
    """How the audit trail names an erased contact, address or account (`kind`): the first 16
    of its keyed digest, one name in every event about it."""
    return keyed_digest(session, kind, key)[:16]


def item_digest(source: str, external_id: str) -> str:
    """Plain: the register stores it keyed (register_digest)."""
    return hashlib.sha256(f"{source}\x00{external_id}".encode()).hexdigest()


ADDRESS_KINDS = ("email", "opted_out")  # keyed by an address, which has no case


def party_digest(kind: str, key: str) -> str:
    """A contact, address or account (or an erasure's target) as the register and the audit
    trail know it: an address in any case is one."""
    return item_digest(kind, key.strip().casefold() if kind in ADDRESS_KINDS else key)


def register_digest(session: Session, plain: str) -> str:
    """What the register of erasures stores for a plain sha256 hex digest (of an item's source
    and external id, or of a contact's id or address): that digest keyed, HMAC-SHA256. Keying
    the plain digest, not the key itself, let migration 0018 re-key the rows stored plain."""
    return keyed_hex(workspace_secret(session), plain)


def keyed_hex(secret: bytes, plain: str) -> str:
    return hmac.new(secret, plain.encode(), hashlib.sha256).hexdigest()
