"""Secrets Boucle must use again, sealed at rest: a webhook's secret signs every body (an HMAC
is keyed with the secret itself), so it cannot be kept as a digest; kept sealed with the
workspace's secret key (BOUCLE_SECRET_KEY, else BOUCLE_DATA_DIR/secret.key), a copy of the
database or a backup alone signs nothing.

The seal is `cryptography`'s Fernet (AES-128-CBC with a fresh IV, then HMAC-SHA256 over it,
checked before anything is decrypted): a vetted recipe, not one of ours. Its key is derived from
the secret key with HKDF, so the setting can be any long string."""

import base64
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy.orm import Session

from api.private_dir import make_private_dir
from api.settings import Settings

PREFIX = "sealed:v1:"  # a stored value without it was written in clear, before sealing
KEY_FILE = "secret.key"


class WrongKey(ValueError):
    """A sealed value whose tag does not match this key: sealed with another one (the key file
    or BOUCLE_SECRET_KEY of another workspace, or lost), or altered."""


class SecretsStaySealed(RuntimeError):
    """Sealed secrets that must go back in clear (a downgrade below 0028) and cannot: no key
    given, or not theirs. Its message says which and what to do; nothing was changed."""


def secret_key(settings: Settings) -> bytes:
    """BOUCLE_SECRET_KEY, else the data folder's key file (made if there is none yet). The
    file's text is the key as the setting would give it: moving it into the setting keeps it."""
    if settings.secret_key:
        return settings.secret_key.encode()
    return key_file(settings.data_dir / KEY_FILE)


def key_file(path: Path) -> bytes:
    """The key in `path`; made there (64 hex digits, 0600) when missing. Written beside it and
    linked into place: two processes starting together (`serve` and `boucle worker`) read the
    same key, never a half-written file."""
    if not path.exists():
        make_private_dir(path.parent)
        draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as out:
            out.write(secrets.token_hex(32) + "\n")
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process made it first: its key is the one
        finally:
            draft.unlink()
    return path.read_text(encoding="utf-8").strip().encode()


def session_key(session: Session) -> bytes:
    """The secret key of the workspace this session's database was opened for (its loader is
    in the session's info: api/workspace.py, session_info)."""
    load: Callable[[], bytes] | None = session.info.get("secret_key")
    if load is None:
        raise RuntimeError("this database was opened without its workspace's secret key: "
                           "open it with api.workspace.open_database")  # fmt: skip
    return load()


def is_sealed(stored: str) -> bool:
    return stored.startswith(PREFIX)


def seal(secret: str, key: bytes) -> str:
    return PREFIX + fernet(key).encrypt(secret.encode()).decode()


def unseal(stored: str, key: bytes) -> str:
    """The secret in `stored`; a value stored in clear (before sealing) is answered as it is."""
    if not is_sealed(stored):
        return stored
    try:
        return fernet(key).decrypt(stored.removeprefix(PREFIX)).decode()
    except InvalidToken:  # another key, or a cut or edited value: no tag can match
        raise WrongKey("sealed with another secret key (BOUCLE_SECRET_KEY or "
                       f"BOUCLE_DATA_DIR/{KEY_FILE}) than this workspace's") from None  # fmt: skip


def fernet(key: bytes) -> Fernet:
    """Fernet with a 32-byte key derived from the workspace's secret key (HKDF-SHA256)."""
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"boucle seal").derive(key)
    return Fernet(base64.urlsafe_b64encode(derived))
