"""Secrets Boucle must use again, sealed at rest: a webhook's secret signs every body (an HMAC
is keyed with the secret itself), so it cannot be kept as a digest; kept sealed with the
workspace's secret key (BOUCLE_SECRET_KEY, else BOUCLE_DATA_DIR/secret.key), a copy of the
database or a backup alone signs nothing.

No AEAD library is among the dependencies: the seal is encrypt-then-MAC from the standard
library. HMAC-SHA256 is the pseudo-random function of a counter-mode keystream (a fresh 128-bit
nonce each time), and HMAC-SHA256 over the version, the nonce and the ciphertext is the tag,
checked before anything is decrypted; the two keys are derived apart from the secret key."""

import base64
import hashlib
import hmac
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from api.private_dir import make_private_dir
from api.settings import Settings

PREFIX = "sealed:v1:"  # a stored value without it was written in clear, before sealing
KEY_FILE = "secret.key"
NONCE_BYTES = 16
TAG_BYTES = 32
BLOCK_BYTES = 32  # one HMAC-SHA256 output of keystream


class WrongKey(ValueError):
    """A sealed value whose tag does not match this key: sealed with another one (the key file
    or BOUCLE_SECRET_KEY of another workspace, or lost), or altered."""


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
    nonce = secrets.token_bytes(NONCE_BYTES)
    stream_key, tag_key = derived_keys(key)
    cipher = xor_stream(stream_key, nonce, secret.encode())
    return (
        PREFIX + base64.urlsafe_b64encode(nonce + cipher + tag_of(tag_key, nonce, cipher)).decode()
    )


def unseal(stored: str, key: bytes) -> str:
    """The secret in `stored`; a value stored in clear (before sealing) is answered as it is."""
    if not is_sealed(stored):
        return stored
    try:
        sealed = base64.urlsafe_b64decode(stored.removeprefix(PREFIX))
    except ValueError:  # cut or edited: no tag can match
        sealed = b""
    nonce, cipher, tag = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:-TAG_BYTES], sealed[-TAG_BYTES:]
    stream_key, tag_key = derived_keys(key)
    expected = tag_of(tag_key, nonce, cipher)
    if len(sealed) < NONCE_BYTES + TAG_BYTES or not hmac.compare_digest(tag, expected):
        raise WrongKey("sealed with another secret key (BOUCLE_SECRET_KEY or "
                       f"BOUCLE_DATA_DIR/{KEY_FILE}) than this workspace's")  # fmt: skip
    return xor_stream(stream_key, nonce, cipher).decode()


def derived_keys(key: bytes) -> tuple[bytes, bytes]:
    """One key for the keystream, another for the tag: neither use tells about the other."""
    return (hmac.new(key, b"boucle seal: stream", hashlib.sha256).digest(),
            hmac.new(key, b"boucle seal: tag", hashlib.sha256).digest())  # fmt: skip


def tag_of(key: bytes, nonce: bytes, cipher: bytes) -> bytes:
    """The tag over the version (the prefix), the nonce and the ciphertext."""
    return hmac.new(key, PREFIX.encode() + nonce + cipher, hashlib.sha256).digest()


def xor_stream(key: bytes, nonce: bytes, data: bytes) -> bytes:
    """`data` XOR the keystream of (key, nonce): encrypts, and decrypts what it encrypted."""
    blocks = (
        hmac.new(key, nonce + counter.to_bytes(4, "big"), hashlib.sha256).digest()
        for counter in range(-(-len(data) // BLOCK_BYTES))
    )
    stream = b"".join(blocks)[: len(data)]
    return bytes(a ^ b for a, b in zip(data, stream, strict=True))
