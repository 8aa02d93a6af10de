"""Write docs/settings.md: every BOUCLE_* setting with its default and meaning, from
api/settings.py itself (tests/test_docs.py fails when the page is behind the code)."""

import argparse
import json
from pathlib import Path

from pydantic_core import PydanticUndefined

from api.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "settings.md"
HEADER = """# Settings

Every setting is an environment variable, read once at start (`api/settings.py`). A bad value
stops every command with one line naming the variable. Lists and objects are JSON.
Written by `python scripts/settings_doc.py` from the code.

| variable | default | meaning |
|---|---|---|
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


def settings_page() -> str:
    rows = [
        f"| `BOUCLE_{name.upper()}` | {default_of(field)} | {field.description} |"
        for name, field in Settings.model_fields.items()
    ]
    return HEADER + "\n".join(rows) + "\n"


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    PAGE.write_text(settings_page())
    print(f"wrote {PAGE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
