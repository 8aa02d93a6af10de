"""Keys of BOUCLE_API_KEYS too short or copied from an example: said by every `boucle` command
at its start, so this module imports neither FastAPI nor SQLAlchemy (api/security.py's)."""

import re

from api.settings import Settings

MIN_KEY_LENGTH = 16
NEW_KEY_HINT = "python -c 'import secrets; print(secrets.token_urlsafe(32))'"


def weak_key_warning(settings: Settings) -> str | None:
    """A line about the keys of BOUCLE_API_KEYS short enough to guess (never the keys)."""
    short = sum(len(key) < MIN_KEY_LENGTH for key in settings.api_keys)
    if not short:
        return None
    return (f"{short} key(s) in BOUCLE_API_KEYS are shorter than {MIN_KEY_LENGTH} characters, "
            f"easy to guess: use long random ones ({NEW_KEY_HINT}) or `boucle keys create`")  # fmt: skip


# Keys copied from an example or a compose file: long enough, and known to everyone. Compared
# in lower case without separators, whole or by how they start (a random key never does).
PLACEHOLDER_KEYS = {"secret", "password", "changeme", "alongsecret", "alongrandomsecret",
                    "alongrandomkey", "apikey", "mysecret", "test", "admin"}  # fmt: skip
PLACEHOLDER_STARTS = ("replacewith", "changeme", "yourapikey", "yourkey", "yoursecret",
                      "placeholder", "insertyour", "putyour")  # fmt: skip


def is_placeholder(key: str) -> bool:
    plain = re.sub(r"[^a-z0-9]", "", key.lower())
    return plain in PLACEHOLDER_KEYS or plain.startswith(PLACEHOLDER_STARTS)


def placeholder_keys(settings: Settings) -> int:
    """How many keys of BOUCLE_API_KEYS are placeholders ("replace-with-a-long-secret")."""
    return sum(is_placeholder(key) for key in settings.api_keys)


def placeholder_warning(settings: Settings) -> str | None:
    """A line about the keys of BOUCLE_API_KEYS copied from an example (never the keys)."""
    if not (placeholders := placeholder_keys(settings)):
        return None
    return (f"{placeholders} key(s) in BOUCLE_API_KEYS are placeholders from an example "
            "(\"replace-with-a-long-secret\", \"changeme\"): remove them from BOUCLE_API_KEYS "
            "(unset it if your keys come from `boucle keys create`) or replace them with long "
            f"random ones ({NEW_KEY_HINT})")  # fmt: skip
