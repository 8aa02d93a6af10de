"""What the needs, VoC and loop commands share: the workspace opened without models, ids read
as the API reads them, and their output: aligned columns for a person, JSON for a script."""

import argparse
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING

from pydantic import BaseModel

from api.wording import one_line  # noqa: F401  (the commands' import of it)

if TYPE_CHECKING:  # imported when a command runs: building the parser stays light
    from sqlalchemy.orm import Session

    from api.workspace import Workspace

JSON_LINES = "JSON lines for scripts: one object per line"
JSON_DOCUMENT = "one JSON document for scripts"
# C0 and C1 controls and DEL: an escape sequence in a customer's text ("\x1b[2J", "\x1b]0;..")
# would drive the operator's terminal (clear it, retitle it, hide lines), so it is spelt out
CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
RAW_IN_JSON = re.compile(r"[\x7f-\x9f]")  # the controls json.dumps leaves unescaped


def positive(value: str) -> int:
    from api.params import MAX_ID

    number = int(value) if value.isascii() and value.isdigit() else 0
    if not 1 <= number <= MAX_ID:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive whole number")
    return number


@contextmanager
def opened(vectors: bool = False) -> "Iterator[Workspace]":
    """The workspace without its models (see open_sql_workspace), closed after the block."""
    from api.settings import get_settings
    from api.workspace import open_sql_workspace

    ws = open_sql_workspace(get_settings(), vectors)
    try:
        yield ws
    finally:
        ws.close()


@contextmanager
def stored() -> "Iterator[Session]":
    """One SQL transaction of the workspace, for the reports that read in a session."""
    with opened() as ws, ws.db.session() as session:
        yield session


def shown(text: object, keep: str = "") -> str:
    """Text for a person's terminal: each control character but those in `keep` (the line
    breaks of a message body) written as its escape, "\\x1b"."""
    return CONTROLS.sub(lambda c: c[0] if c[0] in keep else f"\\x{ord(c[0]):02x}", str(text))


def json_line(document: str) -> str:
    """A JSON document with the C1 controls and DEL its encoder leaves raw (C0 ones it escapes
    already) written as \\u escapes: the same JSON value, nothing for a terminal to act on."""
    return RAW_IN_JSON.sub(lambda c: f"\\u{ord(c[0]):04x}", document)


def jsonable(value: object) -> object:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def print_json(value: object) -> None:
    """One JSON document on one line (a list command prints one per item: JSON lines)."""
    print(json_line(json.dumps(value, ensure_ascii=False, default=jsonable)))


def money(value: float | None) -> str:
    """An amount (ARR) as the page and the digest write it, in BOUCLE_CURRENCY: "€310K"; empty
    for no amount."""
    from api.money import money as compact
    from api.settings import get_settings

    return "" if value is None else compact(value, get_settings().currency)


def day(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else ""


def print_table(
    headers: Sequence[str], rows: Iterable[Sequence], right: Sequence[int] = ()
) -> None:
    """Columns as wide as their widest cell; the columns in `right` (numbers) aligned right."""
    cells = [list(headers), *(["" if c is None else shown(c) for c in row] for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for row in cells:
        line = "  ".join(
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        print(line.rstrip())
