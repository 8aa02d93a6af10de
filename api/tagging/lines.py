"""JSON lines (or plain lines) in, one answer line out per input line, in order: what `boucle tag`
and `boucle taggers predict` read and write. A bad line is answered in its place with
{"line", "error"} (and "id" when it had one) and the lines after it are still answered."""

import json
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple, TextIO

from pydantic import ValidationError

from api.errors import problem
from api.params import iso_639_1
from api.tagging.schemas import TagContact


class Item(NamedTuple):
    id: object  # as the line gave it: echoed back
    text: str
    language: str | None
    names: tuple[str, ...] = ()  # its contact's name, masked in the text


@dataclass(frozen=True)
class BadLine:
    """A line that cannot be tagged: its number, why, and its id when it could be read."""

    number: int
    reason: str
    id: object = None

    def __str__(self) -> str:
        return f"line {self.number}: {self.reason}"

    def answer(self) -> dict:
        return {"line": self.number, **({"id": self.id} if self.id is not None else {}),
                "error": self.reason}  # fmt: skip


def read_item(number: int, line: str) -> Item | BadLine:
    if not line.lstrip().startswith("{"):
        return Item(None, line, None)
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        return BadLine(number, f"not valid JSON ({error.msg})")
    text, language, item_id = item.get("text"), item.get("language"), item.get("id")
    if not isinstance(text, str) or not text.strip():
        return BadLine(number, "'text' must be a non-empty string", item_id)
    if language is not None:
        try:
            language = iso_639_1(str(language))  # as the API reads it: "fr-CA" -> "fr"
        except ValueError as error:
            return BadLine(number, f"'language': {error}", item_id)
    names: tuple[str, ...] = ()
    if (contact := item.get("contact")) is not None:
        try:
            names = tuple(TagContact.model_validate(contact).names)
        except ValidationError as error:  # said as POST /v1/tag says it
            said = problem(error.errors()[0])
            field = "contact" + (f".{said['field']}" if said["field"] != "body" else "")
            return BadLine(number, f"'{field}': {said['message']}", item_id)
    return Item(item_id, text, language, names)


def read_items(stream: TextIO) -> Iterator[Item | BadLine]:
    """(id, text, language, names) per non-empty line, a JSON object {"id", "text", "language"?,
    "contact"?: {"name"?, "email"?}} or plain text; a BadLine in place of a line that is
    neither."""
    for number, line in enumerate(stream, start=1):
        line = line.rstrip("\n")
        if line.strip():
            yield read_item(number, line)


def answers(
    entries: Iterable[Item | BadLine],
    answer: Callable[[Iterator[Item]], Iterable[dict]],
) -> Iterator[tuple[dict, BadLine | None]]:
    """Each entry's answer line, in input order: `answer` gets the good items (lazily, so an
    endless stdin streams) and answers them in order; a bad line's answer comes in its place.
    An item without an id gets its position among the answers."""
    read: deque[Item | BadLine] = deque()

    def good() -> Iterator[Item]:
        for entry in entries:
            read.append(entry)
            if not isinstance(entry, BadLine):
                yield entry

    position = 0
    for result in answer(good()):
        while isinstance(read[0], BadLine):
            position += 1
            bad = read.popleft()
            yield bad.answer(), bad
        position += 1
        item_id = read.popleft()[0]
        yield {"id": item_id if item_id is not None else position, **result}, None
    for bad in read:  # bad lines after the last good one
        yield bad.answer(), bad


def write_answers(
    command: str, output: TextIO, entries: Iterable[Item | BadLine], answer: Callable
) -> int:
    """Write every answer line; each bad line is also said on stderr. 2 if any line was bad."""
    bad_lines = 0
    for line, bad in answers(entries, answer):
        output.write(json.dumps(line, ensure_ascii=False) + "\n")
        if bad is not None:
            bad_lines += 1
            print(f"{command}: {bad}", file=sys.stderr)
    if bad_lines:
        print(f"{command}: {bad_lines} bad line(s) answered with an error", file=sys.stderr)
    return 2 if bad_lines else 0
