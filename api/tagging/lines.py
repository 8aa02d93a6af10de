"""JSON lines (or plain lines) in, one answer line out per non-blank input line, in order: what
`boucle tag` and `boucle taggers predict` read and write. Every answer carries "line", the line's
number in the input (blank lines counted), and "id" only when the line gave one: a position never
passes for a caller's id. An integer id is echoed as a string (7 is "7"), as POST /v1/tag/batch
echoes it and POST /v1/feedback stores an external_id. A bad line is answered in its place with {"line", "id"?, "error"} and
the lines after it are still answered."""

import json
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple, TextIO

from pydantic import ValidationError

from api.errors import json_kind, problem
from api.params import integer_id_as_text, text_language
from api.tagging.schemas import TagContact
from api.terminal import json_line, shown


class Item(NamedTuple):
    number: int  # the line's number in the input, blank lines counted
    id: object  # as the line gave it: echoed back; None when it gave none
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
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        if line.lstrip().startswith("{"):  # meant as an object
            return BadLine(number, f"not valid JSON ({error.msg})")
        return Item(number, None, line, None)  # plain text
    if isinstance(item, str):  # a JSON string: its text
        if not item.strip():
            return BadLine(number, "the JSON string is empty: send the feedback's words")
        return Item(number, None, item, None)
    if not isinstance(item, dict):  # "42", "[1, 2]", "true": tagging their digits helps no one
        return BadLine(
            number,
            f'a JSON line must be an object {{"text": ...}} or a string (got {json_kind(item)}): '
            'to tag such words as text, quote them ("42")',
        )
    text, language, item_id = item.get("text"), item.get("language"), item.get("id")
    if item_id is not None:
        try:  # as POST /v1/tag/batch reads it: 7 is echoed "7", as feedback stores it
            item_id = integer_id_as_text(item_id)
        except ValueError as error:
            return BadLine(number, f"'id': {error}")
        if not isinstance(item_id, str):
            return BadLine(
                number, f"'id' must be a string or an integer (got {json_kind(item_id)})"
            )
    if not isinstance(text, str) or not text.strip():
        return BadLine(number, "'text' must be a non-empty string", item_id)
    if language is not None:
        try:
            language = text_language(str(language))  # as the API reads it: "French" -> "fr"
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
    return Item(number, item_id, text, language, names)


def read_items(stream: TextIO) -> Iterator[Item | BadLine]:
    """An Item per non-blank line, a JSON object {"id", "text", "language"?, "contact"?:
    {"name"?, "email"?}}, a JSON string or plain text; a BadLine in place of a line that is none
    of them (other JSON included). Blank lines are skipped but counted."""
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
    Each answer starts with its line's number, then the id the line gave, if any."""
    read: deque[Item | BadLine] = deque()

    def good() -> Iterator[Item]:
        for entry in entries:
            read.append(entry)
            if not isinstance(entry, BadLine):
                yield entry

    for result in answer(good()):
        while isinstance(read[0], BadLine):
            bad = read.popleft()
            yield bad.answer(), bad
        item = read.popleft()
        yield {"line": item.number, **({"id": item.id} if item.id is not None else {}),
               **result}, None  # fmt: skip
    for bad in read:  # bad lines after the last good one
        yield bad.answer(), bad


def write_answers(
    command: str, output: TextIO, entries: Iterable[Item | BadLine], answer: Callable
) -> int:
    """Write every answer line; each bad line is also said on stderr. 2 if any line was bad."""
    bad_lines = 0
    for line, bad in answers(entries, answer):
        output.write(json_line(json.dumps(line, ensure_ascii=False)) + "\n")
        if bad is not None:
            bad_lines += 1
            print(shown(f"{command}: {bad}"), file=sys.stderr)
    if bad_lines:
        print(f"{command}: {bad_lines} bad line(s) answered with an error", file=sys.stderr)
    return 2 if bad_lines else 0
