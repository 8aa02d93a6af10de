"""`boucle doctor`'s check of the key that seals webhook secrets (api/sealed.py): where it
comes from, whether it can be read and is a key, and whether it opens the secrets stored. A
changed key leaves every sealed secret unreadable, and their webhooks sign nothing: said here
with what to do, before receivers notice. The key itself is never shown."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sqlalchemy import select

from api.sealed import KEY_FILE, WrongKey, is_sealed, unseal
from api.settings import SECRET_KEY_MIN, Settings
from api.storage.db import Database
from api.storage.webhook_tables import WebhookSubscription

# what a key changed since the secrets were sealed leaves to do
PUT_IT_BACK = ("set back the key they were sealed with (BOUCLE_SECRET_KEY, or the text of "
               "BOUCLE_DATA_DIR/secret.key, as kept apart from the backups), or remove those "
               "webhooks (`boucle webhooks remove ID`) and add them again with their receivers' "
               "secrets; until then they sign nothing and their deliveries wait")  # fmt: skip


@dataclass
class SealingKeyCheck:
    source: Literal["env", "file"]  # BOUCLE_SECRET_KEY, or the data folder's key file
    problem: str | None = None  # the key cannot be read or is no key: what, and what to do
    sealed: int = 0  # webhook secrets stored sealed
    unreadable: list[int] = field(default_factory=list)  # webhooks this key does not open
    advice: list[str] = field(default_factory=list)  # one line per thing to do

    @property
    def healthy(self) -> bool:
        return self.problem is None and not self.unreadable

    def summary(self) -> dict:
        return {"source": self.source, "problem": self.problem, "sealed_secrets": self.sealed,
                "unreadable_secrets": self.unreadable}  # fmt: skip


def check_sealing_key(settings: Settings, db: Database) -> SealingKeyCheck:
    """Reads the key as sealing does, without making a key file that is not there yet (one is
    made when a first secret is sealed; made now, it would open nothing sealed before)."""
    source: Literal["env", "file"] = "env" if settings.secret_key else "file"
    path = settings.data_dir / KEY_FILE
    sealed = sealed_secrets(db)
    found = SealingKeyCheck(source=source, sealed=len(sealed))
    if settings.secret_key:
        key = settings.secret_key
        found.problem = key_text_problem(key, "BOUCLE_SECRET_KEY")
    else:
        key, found.problem = read_key_file(path, bool(sealed))
    if found.problem or key is None:
        if found.problem:
            found.advice.append(found.problem)
        return found
    found.unreadable = not_opened(sealed, key.encode())
    if found.unreadable:
        ids = ", ".join(map(str, found.unreadable))
        where = "BOUCLE_SECRET_KEY" if source == "env" else str(path)
        found.advice.append(f"the secrets of webhooks {ids} do not open with the key in {where}: "
                            f"the key changed since they were sealed; {PUT_IT_BACK}")  # fmt: skip
        if source == "env" and opened_by_file(path, sealed, found.unreadable):
            found.advice.append(f"they open with the key in {path}, which BOUCLE_SECRET_KEY "
                                "replaced: set BOUCLE_SECRET_KEY to that file's text")  # fmt: skip
    return found


def sealed_secrets(db: Database) -> dict[int, str]:
    """The sealed secret of each webhook, by id (one stored in clear is sealed at start)."""
    with db.session() as session:
        rows = session.execute(select(WebhookSubscription.id, WebhookSubscription.secret)
                               .order_by(WebhookSubscription.id)).all()  # fmt: skip
    return {row.id: row.secret for row in rows if is_sealed(row.secret)}


def read_key_file(path: Path, needed: bool) -> tuple[str | None, str | None]:
    """(the key, None), or (None, what is wrong with the file); no file is no problem while
    nothing is sealed with it."""
    if not path.exists():
        if not needed:
            return None, None
        return None, (f"{path} is missing while webhook secrets are sealed (with its key, or "
                      f"with a BOUCLE_SECRET_KEY since unset): {PUT_IT_BACK}")  # fmt: skip
    try:
        text = path.read_text(encoding="utf-8").strip()
    except UnicodeDecodeError:
        return None, f"{path} is not text: a key file holds one line, the key; put back the file"
    except OSError as error:  # a folder, no permission
        return None, (f"{path} cannot be read ({error.strerror or type(error).__name__}): let "
                      "the user that runs Boucle read it (chmod 600, its owner)")  # fmt: skip
    return text, key_text_problem(text, str(path))


def key_text_problem(text: str, where: str) -> str | None:
    """A key too short to be one (an empty or cut file): sealing with it would be guessable."""
    size = len(text.strip())
    if size >= SECRET_KEY_MIN:
        return None
    return (f"{where} holds {size} characters, not a key ({SECRET_KEY_MIN} at least): put back "
            "the key the secrets were sealed with, or, if none are, a new one "
            "(`openssl rand -hex 32`)")  # fmt: skip


def not_opened(sealed: dict[int, str], key: bytes) -> list[int]:
    unreadable = []
    for webhook_id, stored in sealed.items():
        try:
            unseal(stored, key)
        except WrongKey:
            unreadable.append(webhook_id)
    return unreadable


def opened_by_file(path: Path, sealed: dict[int, str], ids: list[int]) -> bool:
    """Whether the key file left beside BOUCLE_SECRET_KEY opens what the setting does not."""
    text, problem = read_key_file(path, needed=False)
    if text is None or problem:
        return False
    return not not_opened({i: sealed[i] for i in ids}, text.encode())
