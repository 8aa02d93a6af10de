"""Write docs/settings.md: every BOUCLE_* setting with its default and meaning, from
api/settings.py itself (tests/test_docs.py fails when the page is behind the code)."""

import argparse
import json
from pathlib import Path
from types import UnionType
from typing import Literal, Union, get_args, get_origin

from pydantic_core import PydanticUndefined

from api.env_names import CLIENT_VARIABLES
from api.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "settings.md"
HEADER = """# Settings

Every setting is an environment variable, read once at start (`api/settings.py`). A bad value
stops every command with one line naming the variable. Lists and objects are JSON. An optional
setting set to "" (as compose files write what they leave unset) is unset.
Written by `python scripts/settings_doc.py` from the code.

A `BOUCLE_*` variable that is neither a setting below nor a client-side variable is named at
start, with the closest known name: `boucle: unknown setting BOUCLE_DATABASE_URI (did you mean
BOUCLE_DATABASE_URL?)`. Other commands go on after the warning; `boucle serve` refuses to start
(exit 2), since a misspelled storage setting would send data to a new, empty store. An app
served another way (`uvicorn --factory api.app:create_app`, gunicorn) logs the same lines as
warnings and starts.

| variable | default | meaning |
|---|---|---|
"""
CLIENT_HEADER = """
## Client-side variables

Read by the commands that talk to a server, and by the tests; the service itself ignores them.

| variable | meaning |
|---|---|
"""


def default_of(field) -> str:
    if field.default_factory is not None:
        value = field.default_factory()
    elif field.default is PydanticUndefined:
        return "(required)"
    else:
        value = field.default
    if value is None:
        return "unset"
    if isinstance(value, tuple | list | dict):
        return f"`{json.dumps(list(value) if isinstance(value, tuple) else value)}`"
    return f"`{value}`"


def meaning_of(field) -> str:
    """The field's description, and the values it accepts when they are a fixed few."""
    values = accepted_values(field.annotation)
    if all(str(value) in field.description for value in values):  # none, or named already
        return field.description
    return f"{field.description} One of: {', '.join(f'`{value}`' for value in values)}."


def accepted_values(annotation) -> tuple:
    """The values of a Literal setting (an optional one's too); () for any other type."""
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    if get_origin(annotation) in (Union, UnionType):  # `Literal[...] | None`
        for part in get_args(annotation):
            if values := accepted_values(part):
                return values
    return ()


def settings_page() -> str:
    rows = [
        f"| `BOUCLE_{name.upper()}` | {default_of(field)} | {meaning_of(field)} |"
        for name, field in Settings.model_fields.items()
    ]
    client = [f"| `{name}` | {meaning} |" for name, meaning in CLIENT_VARIABLES.items()]
    return HEADER + "\n".join(rows) + "\n" + CLIENT_HEADER + "\n".join(client) + "\n"


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    PAGE.write_text(settings_page())
    print(f"wrote {PAGE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
