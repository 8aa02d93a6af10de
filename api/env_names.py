"""BOUCLE_* environment variables that no setting reads. Settings ignore what they do not know,
so a typo (BOUCLE_DATABASE_URI for BOUCLE_DATABASE_URL) sent the service to a new, empty SQLite
file without a word: each such variable is named at start, with the name it was likely meant as."""

import os
from collections.abc import Mapping

from api.settings import Settings
from api.wording import closest

# Read outside the service's settings: by the client commands and by the tests.
CLIENT_VARIABLES = {
    "BOUCLE_API_KEY": "The key `boucle import --url` and `boucle forget --url` send to the "
    "server (or pass --api-key).",
    "BOUCLE_TEST_POSTGRES": "The PostgreSQL database the tests use (default "
    "postgresql://postgres@127.0.0.1:5432/test).",
    "BOUCLE_DATASETS": "Where the tests find the public data sets (default ../shared/datasets).",
    "BOUCLE_SCREENSHOTS": "With 1, the browser tests write docs/screenshots.",
}


def known_names() -> list[str]:
    return [*(f"BOUCLE_{name.upper()}" for name in Settings.model_fields), *CLIENT_VARIABLES]


def unknown_variables(environ: Mapping[str, str] | None = None) -> list[str]:
    """One line per BOUCLE_* variable that is neither a setting nor a client variable (names are
    matched as the settings match them: whatever the case)."""
    environ = os.environ if environ is None else environ
    known = known_names()
    lines = []
    for name in sorted(environ):
        upper = name.upper()
        if not upper.startswith("BOUCLE_") or upper in known:
            continue
        close = closest(upper, known)
        hint = f" (did you mean {close[0]}?)" if close else " (docs/settings.md lists them)"
        lines.append(f"boucle: unknown setting {name}{hint}")
    return lines
