"""`boucle import`: CSV or JSON lines, streamed in batches, mapped onto feedback (or accounts /
contacts) by a preset or by hand. Every batch is committed before it is analysed, so an import
killed half-way resumes by running it again: stored items are skipped, pending ones analysed.
This module reads and checks rows; api/feedback/bulk.py stores them, api/feedback/remote.py
sends them to a running server."""

import codecs
import csv
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from pydantic import BaseModel, ValidationError

from api.accounts.schemas import AccountIn, ContactIn
from api.feedback.schemas import FeedbackIn
from api.nul import without_nul

# Field -> candidate columns, first present wins; "a+b" joins several columns' text.
PRESETS: dict[str, dict[str, list[str]]] = {
    "generic": {
        "external_id": ["external_id", "id"],
        "text": ["text", "body", "comment", "feedback", "message"],
        "created_at": ["created_at", "date", "timestamp"],
        "source": ["source"],
        "language": ["language", "lang"],
        "score": ["score", "rating"],
        "account_id": ["account_id", "account"],
        "contact_id": ["contact_id", "contact", "email"],
    },
    "support": {  # ticket exports (Zendesk, Freshdesk, Intercom, Help Scout...)
        "external_id": ["ticket_id", "id", "Ticket ID"],
        "text": ["subject+description", "Subject+Description", "description", "body", "text"],
        "created_at": ["created_at", "Created at", "created", "date"],
        "account_id": ["organization_id", "organization", "Organization", "account_id", "company"],
        "contact_id": ["requester_email", "requester", "Requester email", "email"],
        "language": ["language", "locale"],
    },
    "appstore": {  # App Store / Google Play review exports
        "external_id": ["review_id", "reviewId", "Review Link", "id"],
        "text": [
            "title+review",
            "title+body",
            "Review Title+Review Text",
            "review",
            "content",
            "Review Text",
            "body",
            "text",
        ],  # fmt: skip
        "created_at": ["date", "at", "Review Submit Date and Time", "created_at"],
        "score": ["rating", "Star Rating", "score", "stars"],
        "language": ["language", "Reviewer Language", "lang"],
    },
    "nps": {  # NPS / CSAT survey results
        "external_id": ["response_id", "Response ID", "id"],
        "text": ["comment", "Comment", "reason", "verbatim", "feedback", "text"],
        "created_at": ["submitted_at", "Submitted at", "date", "created_at"],
        "score": ["score", "Score", "nps", "rating"],
        "account_id": ["account_id", "company", "Company"],
        "contact_id": ["email", "Email", "respondent_email"],
        "language": ["language", "lang"],
    },
}
FIELDS = ("external_id", "text", "created_at", "source", "language", "score", "account_id",
          "contact_id")  # fmt: skip
DEFAULT_SOURCE = {"generic": "import", "support": "support", "appstore": "app_store",
                  "nps": "nps_survey"}  # fmt: skip


class ImportError_(ValueError):  # noqa: N801 - not to shadow the builtin ImportError
    """A file or a mapping that cannot be imported; the message says what to fix."""


@dataclass
class Mapping:
    fields: dict[str, list[str]]
    source: str

    @classmethod
    def build(cls, preset: str, overrides: dict[str, str], source: str | None) -> "Mapping":
        if preset not in PRESETS:
            raise ImportError_(f"unknown preset {preset!r}; choose one of {', '.join(PRESETS)}")
        fields = {name: list(columns) for name, columns in PRESETS[preset].items()}
        unknown = sorted(set(overrides) - set(FIELDS))
        if unknown:
            raise ImportError_(
                f"--map: unknown field {', '.join(map(repr, unknown))}; the fields are "
                f"{', '.join(FIELDS)}"
            )
        for name, column in overrides.items():
            fields[name] = [column]
        return cls(fields, source or DEFAULT_SOURCE[preset])

    def check_columns(self, path: Path, columns: list[str]) -> None:
        """Before any row: the text must come from somewhere, or every row would be rejected."""
        if any(all(p in columns for p in c.split("+")) for c in self.fields.get("text", [])):
            return
        tried = " or ".join(repr(c) for c in self.fields.get("text", []))
        raise ImportError_(
            f"{path}: no column for the feedback text (tried {tried}); the columns are "
            f"{', '.join(map(repr, columns))}: name yours with --map text=COLUMN"
        )

    def column(self, row: dict, name: str) -> str | None:
        for candidate in self.fields.get(name, []):
            parts = candidate.split("+")
            if all(part in row for part in parts):
                values = [str(row[part]).strip() for part in parts if row[part] not in (None, "")]
                return "\n".join(values) if values else None
        return None


@dataclass
class Report:
    read: int = 0
    created: int = 0
    duplicates: int = 0
    rejected: list[str] = field(default_factory=list)  # "line N: why" ("item N" in a JSON array)
    pending: int = 0


Progress = Callable[[int, Report], None]  # (bytes read, report so far)


class CountingReader(io.RawIOBase):
    """Counts bytes read, for a progress bar that does not need a first pass over the file."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


# A well-formed UTF-8 character of 2-4 bytes; Windows-1252 text almost never holds one ("Ã©").
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
SNIFF_BYTES = 64 * 1024  # read once at the start to choose the encoding and the CSV delimiter
DELIMITERS = ",;\t|"


@dataclass(frozen=True)
class FileFormat:
    encoding: str
    errors: str  # how undecodable bytes are met: "strict" (UTF-8: say so) or "replace"
    delimiter: str


def file_format(path: Path) -> FileFormat:
    """UTF-8 (BOM or not); UTF-16 after its byte-order mark; Windows-1252 when the start of the
    file is not UTF-8, which is what Excel saves as "CSV" on French and English Windows ("Café"
    as the bytes 43 61 66 E9). The CSV delimiter is the one of , ; tab | that the header line
    holds most of (Excel's French "CSV" uses ";")."""
    with path.open("rb") as raw:
        head = raw.read(SNIFF_BYTES)
    encoding, errors = "utf-8-sig", "strict"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text": UTF-16, tabs
        encoding = "utf-16"
    else:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # not merely a character cut at the sample's end, and no UTF-8 "é" elsewhere: a file
            # that holds both is UTF-8 with a bad line, which stops the import and names it
            if error.start < len(head) - 3 and not _UTF8_MULTIBYTE.search(head):
                encoding, errors = "cp1252", "replace"
    header = head.decode(encoding, errors="replace").lstrip("\ufeff").split("\n", 1)[0]
    best = max(DELIMITERS, key=header.count)  # ties keep the comma (first)
    return FileFormat(encoding, errors, best if header.count(best) else ",")


def text_stream(raw: IO[bytes], fmt: FileFormat) -> io.TextIOWrapper:
    return io.TextIOWrapper(raw, encoding=fmt.encoding, errors=fmt.errors, newline="")


@dataclass(frozen=True)
class BadRow:
    """A line that is not a row at all (not JSON, not an object): rejected, the import goes on."""

    reason: str


def rows_of(
    path: Path, stream: IO[str], delimiter: str = ",", replaced: bool = False
) -> Iterator[tuple[str, dict | BadRow]]:
    """("line N" or "item N", row) from a CSV (header row), JSON lines, or JSON array file; bytes
    that are not UTF-8 in a file that starts as UTF-8 stop the import, naming the line to fix.
    `replaced`: the stream replaces undecodable bytes (Windows-1252): rows holding one are
    rejected rather than stored garbled."""
    try:
        for where, row in _rows(path, stream, delimiter):
            if replaced and isinstance(row, dict) and _holds_replacement(row):
                row = BadRow(_NOT_TEXT)
            yield where, row
    except UnicodeDecodeError:
        raise ImportError_(
            f"{path}: line {first_line_not_utf8(path)} is not UTF-8: save the file as UTF-8 and "
            "run the same command again (what is stored is skipped)"
        ) from None


def first_line_not_utf8(path: Path, chunk: int = 1 << 20) -> int:
    """The 1-based line holding the file's first byte that is not UTF-8 (0: none)."""
    decoder, lines = codecs.getincrementaldecoder("utf-8")(), 0
    with path.open("rb") as raw:
        while block := raw.read(chunk):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as error:
                return lines + block[: max(error.start, 0)].count(b"\n") + 1
            lines += block.count(b"\n")
    return 0


def _rows(path: Path, stream: IO[str], delimiter: str) -> Iterator[tuple[str, dict | BadRow]]:
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        yield from _json_rows(path, stream)
        return
    reader = csv.DictReader(stream, delimiter=delimiter)
    if not reader.fieldnames:
        raise ImportError_(f"{path}: empty file or no header row")
    width = len(reader.fieldnames)
    for row in reader:
        where = f"line {reader.line_num}"
        extra = row.pop(None, None)  # DictReader's place for fields beyond the header's
        if extra:
            yield (
                where,
                BadRow(
                    f"{width + len(extra)} fields, the header has {width}: put a field that holds "
                    f"the delimiter {delimiter!r} in double quotes"
                ),
            )
        else:
            yield where, row


def _holds_replacement(row: dict) -> bool:
    return any("\ufffd" in value for value in row.values() if isinstance(value, str))


_NOT_TEXT = (
    "bytes that are neither UTF-8 nor Windows-1252 text (shown as \ufffd): save the file as "
    "UTF-8 and import it again"
)


def _json_rows(path: Path, stream: IO[str]) -> Iterator[tuple[str, dict | BadRow]]:
    """JSON lines, one object a line; a bad line is rejected, not the rest of the file. A file
    that opens with "[" is one JSON array (what many tools export as .json), read whole."""
    started = False
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        if not started:
            started, line = True, line.lstrip("\ufeff")
            if line.lstrip().startswith("["):
                yield from _json_array(path, line + stream.read())
                return
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            where = f"{error.msg.removesuffix(' at')} at column {error.colno}"
            yield f"line {number}", BadRow(f"not valid JSON ({where})")
            continue
        yield f"line {number}", row if isinstance(row, dict) else _NOT_AN_OBJECT


def _json_array(path: Path, text: str) -> Iterator[tuple[str, dict | BadRow]]:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportError_(
            f"{path}: not valid JSON ({error.msg}): fix it, or write one JSON object a line "
            "(JSON lines)"
        ) from None
    if not isinstance(items, list):
        raise ImportError_(f"{path}: expected a JSON array of objects, or JSON lines")
    for number, item in enumerate(items, start=1):
        yield f"item {number}", item if isinstance(item, dict) else _NOT_AN_OBJECT


_NOT_AN_OBJECT = BadRow("expected a JSON object (one per line, or an array of them)")


def parse_time(value: str | None) -> datetime | None:
    """ISO 8601 or epoch seconds; a time without a zone is taken as UTC (exports often omit it)."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    try:
        moment = datetime.fromtimestamp(float(text), UTC)
    except ValueError:
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(
                f"created_at: {text!r} is not a date: use ISO 8601 (2026-11-20 or "
                "2026-11-20T14:05:00+01:00) or epoch seconds"
            ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def feedback_record(row: dict, mapping: Mapping) -> dict:
    """A row as a FeedbackIn-shaped dict (validated by the caller)."""
    text = mapping.column(row, "text")
    source = mapping.column(row, "source") or mapping.source
    created = parse_time(mapping.column(row, "created_at"))
    external_id = mapping.column(row, "external_id")
    if external_id is None and text:  # stable, so re-running an import still skips it
        seed = f"{source}\n{created.isoformat() if created else ''}\n{text}"
        external_id = "sha1:" + hashlib.sha1(seed.encode()).hexdigest()
    record = {
        "source": source,
        "external_id": external_id,
        "text": text or "",
        "created_at": created,
        "language": (mapping.column(row, "language") or "")[:2].lower() or None,
        "account_id": mapping.column(row, "account_id"),
        "contact_id": mapping.column(row, "contact_id"),
        "metadata": {},
    }
    score = mapping.column(row, "score")
    if score is not None:
        try:
            record["score"] = float(score)
        except (TypeError, ValueError):
            raise ValueError(f"score: {score!r} is not a number") from None
    for key in ("account", "contact", "metadata"):  # JSON lines may carry them whole
        if isinstance(row.get(key), dict):
            record[key] = row[key]
            if key != "metadata":
                record[f"{key}_id"] = None
    return record


def validation_message(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "row"
    return f"{where}: {first.get('msg', 'invalid').removeprefix('Value error, ')}"


def feedback_batches(
    path: Path, mapping: Mapping, report: Report, size: int
) -> Iterator[tuple[list[FeedbackIn], int]]:
    """The file's valid rows as FeedbackIn batches of `size` (the last one may be shorter, or
    empty when the file ends on rejected rows), each with the bytes read so far; rejected rows
    go to `report`."""
    with path.open("rb") as raw:
        counter = CountingReader(raw)
        fmt = file_format(path)
        stream = text_stream(io.BufferedReader(counter), fmt)
        batch: list[FeedbackIn] = []
        checked = False
        for where, row in rows_of(path, stream, fmt.delimiter, fmt.errors == "replace"):
            report.read += 1
            if not checked and isinstance(row, dict):
                mapping.check_columns(path, list(row))
                checked = True
            try:
                if isinstance(row, BadRow):
                    raise ValueError(row.reason)
                batch.append(FeedbackIn.model_validate(without_nul(feedback_record(row, mapping))))
            except ValidationError as error:
                report.rejected.append(f"{where}: {validation_message(error)}")
            except ValueError as error:
                report.rejected.append(f"{where}: {error}")
            if len(batch) == size:
                yield batch, counter.count
                batch = []
        yield batch, counter.count


def people_rows(path: Path, kind: str, report: Report) -> list[AccountIn | ContactIn]:
    """Accounts (id, name, arr, segment, plan) or contacts (id, account_id, email, name,
    language); any other column lands in `attributes`. Rejected rows go to `report`."""
    model: type[BaseModel] = {"accounts": AccountIn, "contacts": ContactIn}[kind]
    known = set(model.model_fields) - {"attributes"}
    people = []
    fmt = file_format(path)
    with text_stream(path.open("rb"), fmt) as stream:
        for where, row in rows_of(path, stream, fmt.delimiter, fmt.errors == "replace"):
            report.read += 1
            if isinstance(row, BadRow):
                report.rejected.append(f"{where}: {row.reason}")
                continue
            values = {k: v for k, v in row.items() if k in known and v not in (None, "")}
            extra = {k: v for k, v in row.items() if k not in known and v not in (None, "")}
            try:
                people.append(model.model_validate(without_nul({**values, "attributes": extra})))
            except ValidationError as error:
                report.rejected.append(f"{where}: {validation_message(error)}")
    if not report.read:
        raise ImportError_(f"{path}: no rows")
    return people
