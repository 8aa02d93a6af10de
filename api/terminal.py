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
# What a terminal acts on or draws as nothing, spelt out for a person ("\x1b", "\u202e"): C0
# and C1 controls and DEL (an escape sequence in a customer's text, "\x1b[2J", "\x1b]0;..",
# would clear the operator's terminal, retitle it, hide lines); Unicode's format characters,
# category Cf: bidi embeddings, overrides and isolates (U+202A-E, U+2066-9) reorder what
# follows ("\u202etxt.exe" reads "exe.txt"), zero-width ones (U+200B-F, U+2060-4, U+FEFF, the
# tags U+E0001-E007F) hide inside a name; line and paragraph separators (U+2028-9) break a
# line unseen; a lone surrogate cannot be printed at all. test_terminal checks it against
# unicodedata.
UNSEEN = re.compile(
    r"[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    r"\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb"
    r"\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    r"\U000e0001\U000e0020-\U000e007f]"
)


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
    """Text for a person's terminal: each UNSEEN character but those in `keep` (the line
    breaks of a message body) written as Python writes its escape: "\\x1b", "\\u202e"."""
    return UNSEEN.sub(lambda c: c[0] if c[0] in keep else spelt(c[0]), str(text))


def spelt(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def json_line(document: str) -> str:
    """A JSON document with the UNSEEN characters its encoder leaves raw written as \\u escapes
    (astral ones as their surrogate pair): the same JSON value, nothing for a terminal to act
    on or hide. C0 controls are left: the encoder escapes them in strings, so a raw one is the
    layout of an indented document."""
    return UNSEEN.sub(lambda c: c[0] if c[0] < " " else json_escape(ord(c[0])), document)


def json_escape(code: int) -> str:
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


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
