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
import shlex
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from itertools import chain, islice
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError

from api.errors import problem
from api.feedback.presets import PRESETS
from api.feedback.schemas import FeedbackIn
from api.nul import without_nul
from api.params import joined_zone, language_code
from api.tagging.schemas import MAX_TEXT_CHARS
from api.wording import plural

# What common exports (help desks, survey tools, spreadsheets kept by hand) call each field, in
# English and French, as the accounts and contacts import reads CRM names
# (api/accounts/importer.py): tried by every preset after its own names.
COMMON_COLUMNS: dict[str, list[str]] = {
    "external_id": ["ticket_id", "ticket_number", "ticket", "response_id", "review_id",
                    "feedback_id", "comment_id", "message_id", "id_ticket", "numero_ticket",
                    "numero_de_ticket", "identifiant", "reference", "ref", "numero"],
    "text": ["description", "review", "verbatim", "commentaire", "commentaires", "comments",
             "remarque", "avis", "texte", "contenu", "retour", "content"],
    "created_at": ["submitted_at", "submitted", "created", "created_on", "creation_date",
                   "date_created", "submission_date", "received_at", "sent_at", "datetime",
                   "date_de_creation", "date_creation", "date_de_soumission", "date_de_reponse",
                   "date_reponse", "cree_le", "horodatage", "horodateur"],
    "source": ["channel", "canal", "origine", "provenance"],
    "language": ["locale", "langue"],
    "score": ["nps", "csat", "stars", "note", "satisfaction", "satisfaction_score"],
    "account_id": ["company", "organization", "organization_id", "company_id", "id_compte",
                   "identifiant_compte", "compte", "societe", "entreprise"],
    "contact_id": ["requester_email", "requester", "e_mail", "email_address", "courriel",
                   "adresse_email", "id_contact"],
    "segment": ["segment", "customer_segment", "tier", "segment_client"],
}  # fmt: skip
FIELDS = ("external_id", "text", "created_at", "source", "language", "score", "account_id",
          "contact_id", "segment")  # fmt: skip
SCORED = ("appstore", "nps")  # presets whose rows are expected to carry a score
DEFAULT_SOURCE = {"generic": "import", "support": "support", "appstore": "app_store",
                  "nps": "nps_survey"}  # fmt: skip


class ImportError_(ValueError):  # noqa: N801 - not to shadow the builtin ImportError
    """A file or a mapping that cannot be imported; the message says what to fix."""


_BRACKETED_END = re.compile(r"\s*[(\[]([^()\[\]]*)[)\]]\s*$")
_OFFSET = re.compile(r"(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)


def column_key(name: str) -> str:
    """Header spellings that name the same column: "Submitted At", "submitted_at", "SUBMITTED-AT",
    "Date de création" and "date_de_creation"; "ARR (EUR)" is arr: a unit or scale in brackets at
    the end does not rename it."""
    name = _BRACKETED_END.sub("", str(name)) or str(name)
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return re.sub(r"[\s_\-]+", "", folded).lower()


@lru_cache(maxsize=256)
def zone_in_header(name: str) -> tzinfo | None:
    """The zone a time column's header names in brackets at its end, as Boucle's Excel-style
    exports write it ("created_at (Europe/Paris)"; also "(UTC)", "(UTC+01:00)", "(+0100)"); None
    when the brackets hold no zone (a unit, "(local)") or there are none. column_key drops the
    brackets, so without this an export imported back moved by the zone's offset."""
    bracketed = _BRACKETED_END.search(name)
    if bracketed is None:
        return None
    named = bracketed[1].strip()
    if named.upper() in ("UTC", "GMT", "Z"):
        return UTC
    try:
        if offset := _OFFSET.fullmatch(named):
            shift = timedelta(hours=int(offset[2]), minutes=int(offset[3] or 0))
            return timezone(-shift if offset[1] == "-" else shift)
        return ZoneInfo(named)
    except (ZoneInfoNotFoundError, ValueError):  # no zone, or an offset of a day or more
        return None


def with_common_columns(preset: str) -> dict[str, list[str]]:
    """A preset's names first, then the generic preset's and the common exports'
    (COMMON_COLUMNS) it does not list. A source column is read by the generic preset alone:
    the others name their source (an NPS file's "Channel" must not make its answers another
    source's, off the NPS scale)."""
    merged = {name: list(columns) for name, columns in PRESETS[preset].items()}
    for common in (PRESETS["generic"], COMMON_COLUMNS):
        for name, columns in common.items():
            if name == "source" and preset != "generic":
                continue
            known = {column_key(column) for column in merged.get(name, [])}
            merged[name] = merged.get(name, []) + [c for c in columns if column_key(c) not in known]
    return merged


@dataclass
class Mapping:
    fields: dict[str, list[str]]
    source: str
    given: frozenset[str] = frozenset()  # fields named by hand (--map): their column must exist
    source_given: bool = False  # --source: it wins over a source column
    date_format: str | None = None  # strptime format for dates that are not ISO 8601
    zone: tzinfo = UTC  # for times written without a zone
    expected: frozenset[str] = frozenset()  # fields a missing column of is worth a warning
    keep: tuple[str, ...] = ()  # columns kept as the item's metadata ("*": every other one)
    # fields whose column may be missing: --no-date-column (created_at), --content-ids
    # (external_id); without them a file with no such column stops before its first row
    unneeded: frozenset[str] = frozenset()
    # columns a preset would read as the score that hold text: column -> (numbers, values) in
    # the rows sampled (an English "Note" is a remark; a French one, a score)
    not_scores: dict[str, tuple[int, int]] = field(default_factory=dict)
    # --timezone: it wins over a zone the date column's header names (zone_in_header)
    zone_given: bool = False
    _chosen: dict[tuple, dict[str, list[str]]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(
        cls,
        preset: str,
        overrides: dict[str, str],
        source: str | None,
        date_format: str | None = None,
        zone: str | None = None,
        keep: tuple[str, ...] = (),
        dateless: bool = False,
        content_ids: bool = False,
    ) -> "Mapping":
        """`dateless`: a file without a date column is dated at the import (--no-date-column);
        `content_ids`: one without an id column gets ids made from each row (--content-ids)."""
        if preset not in PRESETS:
            raise ImportError_(f"unknown preset {preset!r}; choose one of {', '.join(PRESETS)}")
        fields = with_overrides(with_common_columns(preset), overrides, FIELDS)
        expected = {"score"} if preset in SCORED else set()
        unneeded = {"created_at"} if dateless else set()
        unneeded |= {"external_id"} if content_ids else set()
        return cls(fields, source or DEFAULT_SOURCE[preset], frozenset(overrides),
                   source is not None, date_format, time_zone(zone), frozenset(expected),
                   tuple(keep), frozenset(unneeded), zone_given=zone is not None)  # fmt: skip

    def choose(self, columns) -> dict[str, list[str]]:
        """Field -> the columns it reads, first matching candidate wins; names compared
        without case, spaces or underscores ("Ticket ID" is ticket_id)."""
        signature = tuple(columns)
        if signature not in self._chosen:
            if len(self._chosen) > 1_000:  # JSON lines whose keys keep changing
                self._chosen.clear()
            keys: dict[str, str] = {}
            for column in signature:
                keys.setdefault(column_key(column), column)
            chosen = {}
            for name, candidates in self.fields.items():
                for candidate in candidates:
                    parts = [keys.get(column_key(part)) for part in candidate.split("+")]
                    if all(part is not None for part in parts):
                        chosen[name] = parts
                        break
            self._chosen[signature] = chosen
        return self._chosen[signature]

    def check_columns(
        self, path: Path, columns: list[str], header: bool = True, sample: Iterable[dict] = ()
    ) -> list[str]:
        """Before any row: the text must come from somewhere and every column named by hand
        must exist, or every row would be rejected or silently lose a field; so must a survey's
        scores in a file with a header (JSON objects may leave out an empty score). `sample`:
        the first rows, whose values tell a score column from a text one. Returns warnings for
        the fields a preset found no column for, and for text columns not read as scores."""
        self.settle_score(columns, list(sample))
        chosen = self.choose(columns)
        listed = ", ".join(map(repr, columns))
        if "text" not in chosen:
            tried = " or ".join(repr(c) for c in self.fields.get("text", [])[:_TRIED])
            raise ImportError_(
                f"{path}: no column for the feedback text (tried {tried}); the columns are "
                f"{listed}: name yours with --map text=COLUMN{self.text_hint()}"
            )
        self.refuse_insight_export(path, columns, chosen)
        missing = sorted(name for name in self.given if name not in chosen)
        if missing:
            named = ", ".join(f"{n}={self.fields[n][0]}" for n in missing)
            raise ImportError_(f"{path}: --map {named}: no such column; the columns are {listed}")
        if header and "score" in self.expected and "score" not in chosen:
            # A survey or review import without its scores cannot be mended later: a re-run
            # skips the stored rows. Stop before the first one.
            tried = ", ".join(map(repr, self.fields.get("score", [])))
            raise ImportError_(
                f"{path}: no column for the score (tried {tried}){self.text_hint()}; the columns "
                f"are {listed}: name yours with --map score=COLUMN (or use --preset generic to "
                "import the texts without scores)"
            )
        keys = {column_key(c) for c in columns}
        absent = [c for c in self.keep if c != "*" and column_key(c) not in keys]
        if absent:
            raise ImportError_(
                f"{path}: --keep {', '.join(map(repr, absent))}: no such column; the columns "
                f"are {listed}"
            )
        # Items dated today or keyed by their content cannot be mended by a re-run (it skips
        # them as stored): stop before the first row unless told that the file has no such column.
        unfound = [(name, what, flag, consequence)
                   for name, what, flag, consequence in _NEEDED
                   if name not in chosen and name not in self.unneeded]  # fmt: skip
        if unfound:
            raise ImportError_(f"{path}: nothing imported; " + "; ".join(
                f"no {what} column (tried {self.tried(name)}): name yours with --map "
                f"{name}=COLUMN, or pass {flag} to {consequence}"
                for name, what, flag, consequence in unfound
            ) + f". The columns are {listed}")  # fmt: skip
        warnings = [
            f"no {what} column (tried {self.tried(name)}): {consequence}; name it with --map "
            f"{name}=COLUMN"
            for name, what, consequence in _WORTH_A_WARNING
            if name in self.expected and name not in chosen and self.fields.get(name)
        ]
        warnings += [
            f"the {column!r} column holds text, not scores (numbers: {numbers} of its first "
            f"{plural(values, 'value')}): kept as each item's metadata, not read as its score; name "
            f"the score column with --map score=COLUMN, or the text with --map text={column}"
            for column, (numbers, values) in self.not_scores.items()
        ]
        warnings += self.zone_overridden(chosen)
        warnings += self.not_kept(columns, chosen)
        if "segment" in chosen and "account_id" not in chosen:
            warnings.append(f"the {chosen['segment'][0]!r} column is not kept: a segment is an "
                            "account's, and no account column was found (--map account_id=COLUMN)")  # fmt: skip
        return warnings

    @staticmethod
    def refuse_insight_export(path: Path, columns: list[str], chosen: dict[str, list[str]]) -> None:
        """ImportError_ for Boucle's default export, one row per insight: its rows repeat their
        message's id, so each message was imported as its first insight alone (and a re-run told
        the stored whole messages "differ", which --update-changed cut to that fragment). An
        import keyed by the insight's own id (--map external_id=insight_id) is one item each."""
        if not is_insight_export(columns):
            return
        if [column_key(c) for c in chosen.get("external_id", [])] == ["insightid"]:
            return
        raise ImportError_(
            f"{path}: nothing imported; this is Boucle's export of insights (one row per insight, "
            "its 'insight_id' and 'feedback_id' columns): importing it would store each message "
            "as its first insight alone. Export whole messages with `boucle export --messages` "
            "and import that file (or pass --map external_id=insight_id to store each insight "
            "as an item of its own)"
        )

    def not_kept(self, columns: list[str], chosen: dict[str, list[str]]) -> list[str]:
        """A warning naming the columns the import neither reads nor keeps ("app_version",
        "platform" of a store's export): they were dropped without a word."""
        if "*" in self.keep:
            return []
        read = {part for parts in chosen.values() for part in parts} | _OBJECTS
        worked_out = WORKED_OUT if is_boucle_export(columns) else ()
        kept = {column_key(column) for column in (*self.keep, *worked_out)}
        left = [c for c in columns if c not in read and column_key(c) not in kept]
        if not left:
            return []
        named, them = ", ".join(map(repr, left)), "it" if len(left) == 1 else "them"
        return [f"{plural(len(left), 'column')} not kept ({named}): keep {them} as each item's "
                f"metadata with --keep {shlex.quote(','.join(left))} (--keep '*': every column "
                "not read)"]  # fmt: skip

    def zone_overridden(self, chosen: dict[str, list[str]]) -> list[str]:
        """A warning when --timezone reads the date column in another zone than its header
        names: the flag wins (a person's word over a file's), but not silently."""
        column = (chosen.get("created_at") or [""])[0]
        named = zone_in_header(column)
        if not self.zone_given or named is None or str(named) == str(self.zone):
            return []
        return [f"the {column!r} column names its time zone; its times without one are read "
                f"in {self.zone} as --timezone says"]  # fmt: skip

    def settle_score(self, columns: list[str], sample: list[dict]) -> None:
        """A column found by its name alone is read as the score only if most of its values in
        `sample` are scores: an English "Note" (an agent's remark) is kept as metadata instead,
        and the next candidate column, if any, is tried. A column named with --map is read
        as told (its rows say what is wrong with each value)."""
        if "score" in self.given:
            return
        while (parts := self.choose(columns).get("score")) is not None:
            values = [value for row in sample if (value := joined(row, parts)) is not None]
            numbers = sum(map(is_score, values))
            if not values or 2 * numbers > len(values):
                return
            column = parts[0]
            self.not_scores[column] = (numbers, len(values))
            self.fields["score"] = [c for c in self.fields["score"]
                                    if column_key(c) != column_key(column)]  # fmt: skip
            self._chosen.clear()
            if "*" not in self.keep and column_key(column) not in map(column_key, self.keep):
                self.keep += (column,)

    def text_hint(self) -> str:
        """What a message adds about the columns of text that were not read as scores."""
        if not self.not_scores:
            return ""
        named = ", ".join(map(repr, self.not_scores))
        return f" ({named} {'holds' if len(self.not_scores) == 1 else 'hold'} text, not scores)"

    def tried(self, name: str) -> str:
        """The first candidate columns of a field, as a message lists them."""
        candidates = self.fields.get(name, [])
        more = ", ..." if len(candidates) > _TRIED else ""
        return ", ".join(map(repr, candidates[:_TRIED])) + more

    def kept(self, row: dict) -> dict:
        """The columns asked for with --keep, by their header names, as the item's metadata."""
        if not self.keep:
            return {}
        if "*" in self.keep:
            used = {part for parts in self.choose(row).values() for part in parts}
            used |= _OBJECTS
            return {k: v for k, v in row.items() if k not in used and v not in (None, "")}
        wanted = {column_key(c) for c in self.keep}
        return {k: v for k, v in row.items() if column_key(k) in wanted and v not in (None, "")}

    def zone_of(self, row: dict) -> tzinfo:
        """The zone of the row's times written without one: --timezone's when given, else the
        one the date column's header names ("created_at (Europe/Paris)", as `boucle export
        --excel` writes it: its export imports back as it was stored), else UTC."""
        if self.zone_given:
            return self.zone
        parts = self.choose(row).get("created_at")
        return (zone_in_header(parts[0]) if parts else None) or self.zone

    def column(self, row: dict, name: str) -> str | None:
        parts = self.choose(row).get(name)
        return None if parts is None else joined(row, parts)


def joined(row: dict, parts: list[str]) -> str | None:
    """The text of a row's columns `parts`, one a line; None if they are all empty."""
    values = [str(row[part]).strip() for part in parts if row.get(part) not in (None, "")]
    values = [value for value in values if value]
    return "\n".join(values) if values else None


_TRIED = 8  # candidate columns a message names
_OBJECTS = {"account", "contact", "metadata"}  # JSON objects a row carries whole, read as they are
# Columns of Boucle's own export (api/feedback/export.py) that an import works out again (the
# analysis, the store's own id and times) or reads from the account: none is worth a warning.
WORKED_OUT = ("id", "received_at", "updated_at", "status", "account_name", "arr", "sentiment",
              "sentiment_score", "intents", "urgency", "urgency_score", "tags")  # fmt: skip
# Columns only Boucle's export has together: a help desk's "Status", "ARR" or "Sentiment" is
# its own data, kept only when asked (--keep), so named in the warning.
_EXPORT_SIGNATURE = ("received_at", "sentiment_score", "urgency_score", "intents")


def is_insight_export(columns: Iterable[str]) -> bool:
    """Whether a file's header is that of Boucle's export of insights (api/search/export.py),
    in CSV (`feedback_id`) or JSON lines (`feedback.id`, its nested message flattened)."""
    keys = {column_key(column) for column in columns}
    return "insightid" in keys and bool(keys & {"feedbackid", "feedback.id"})


def is_boucle_export(columns: Iterable[str]) -> bool:
    """Whether a file's header is that of Boucle's own export (api/feedback/export.py)."""
    keys = {column_key(column) for column in columns}
    return all(column_key(name) in keys for name in _EXPORT_SIGNATURE)


# (field, what, the flag that accepts a file without it, what the import then does)
_NEEDED = (
    ("created_at", "date", "--no-date-column", "date every item with the time of the import"),
    ("external_id", "id", "--content-ids", "make each row's id from its content (a row edited "
     "since imports again)"),
)  # fmt: skip
_WORTH_A_WARNING = (("score", "score", "no survey score or stars are kept"),)


def with_overrides(
    candidates: dict[str, list[str]],
    overrides: dict[str, str],
    known: Iterable[str],
    kind: str = "",
) -> dict[str, list[str]]:
    """Field -> candidate columns, each field named with --map reading that column alone."""
    fields = {name: list(columns) for name, columns in candidates.items()}
    unknown = sorted(set(overrides) - set(known))
    if unknown:
        raise ImportError_(
            f"--map: unknown field {', '.join(map(repr, unknown))}{f' for {kind}' if kind else ''};"
            f" the fields are {', '.join(known)}"
        )
    for name, column in overrides.items():
        fields[name] = [column]
    return fields


def time_zone(name: str | None) -> tzinfo:
    if not name or name.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImportError_(
            f"--timezone {name!r}: unknown time zone; use an IANA name such as Europe/Paris"
        ) from None


@dataclass
class Report:
    read: int = 0
    created: int = 0
    duplicates: int = 0
    changed: int = 0  # duplicates whose text, score or metadata differ: the stored one is kept
    updated: int = 0  # of those, stored and analysed again (--update-changed)
    forgotten: int = 0  # erased on request earlier: not stored again
    rejected: list[str] = field(default_factory=list)  # "line N: why" ("item N" in a JSON array)
    pending: int = 0
    score_only: int = 0  # rows stored this run with a score and no text: comment-less answers
    blank_ids: list[str] = field(default_factory=list)  # rows keyed by content: their id cell blank
    warnings: list[str] = field(default_factory=list)  # what the import will do that may surprise


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
    header: list[str] = field(default_factory=list)  # a CSV file's column names


def file_format(path: Path) -> FileFormat:
    """UTF-8 (BOM or not); UTF-16 after its byte-order mark; Windows-1252 when the file is not
    UTF-8, which is what Excel saves as "CSV" on French and English Windows ("Café" as the bytes
    43 61 66 E9). The CSV delimiter is the one of , ; tab | that the header line holds most of
    (Excel's French "CSV" uses ";")."""
    with path.open("rb") as raw:
        head = raw.read(SNIFF_BYTES)
    encoding, errors = "utf-8-sig", "strict"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text": UTF-16, tabs
        encoding = "utf-16"
    elif is_windows_1252(path, head):
        encoding, errors = "cp1252", "replace"
    header = head.decode(encoding, errors="replace").lstrip("\ufeff").split("\n", 1)[0]
    best = max(DELIMITERS, key=header.count)  # ties keep the comma (first)
    delimiter = best if header.count(best) else ","
    columns = next(csv.reader([header.rstrip("\r")], delimiter=delimiter), [])
    return FileFormat(encoding, errors, delimiter, [c for c in columns if c])


def is_windows_1252(path: Path, head: bytes, chunk: int = 1 << 20) -> bool:
    """Whether bytes that are not UTF-8 come before any UTF-8 "é": then the file is Windows-1252
    text. A file that holds a UTF-8 character first is UTF-8 with a bad line, which stops the
    import and names it. Only a start of plain ASCII needs reading on (a French export often
    meets its first accent thousands of rows in)."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # not merely a character cut at the sample's end
        return error.start < len(head) - 3 and not _UTF8_MULTIBYTE.search(head)
    if not head.isascii():
        return False
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as raw:
        while block := raw.read(chunk):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as error:
                return not _UTF8_MULTIBYTE.search(block[: max(error.start, 0)])
            if _UTF8_MULTIBYTE.search(block):
                return False  # a UTF-8 character came first
    return False


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


def is_json(path: Path) -> bool:
    return path.suffix.lower() in (".jsonl", ".ndjson", ".json")


def _rows(path: Path, stream: IO[str], delimiter: str) -> Iterator[tuple[str, dict | BadRow]]:
    if is_json(path):
        yield from _json_rows(path, stream)
        return
    # csv's default limit (131,072 characters a field) raised on a long cell, a crash that
    # imported nothing; bounded still, so a double quote left open cannot read a whole file
    csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.reader(stream, delimiter=delimiter)
    header = next((row for row in reader if row), None)
    if not header:
        raise ImportError_(f"{path}: empty file or no header row")
    width, end = len(header), reader.line_num
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # that row alone: the reader goes on at the next line
            start, end = end + 1, reader.line_num
            too_long = "field limit" in str(error)  # csv.Error's one other cause: none here
            yield f"line {start}", BadRow(_FIELD_TOO_LONG if too_long else f"not CSV: {error}")
            continue
        # a row is named by its first line: a quoted field may run over several
        start, end = end + 1, reader.line_num
        if not values or _blank(values):  # a blank line, or one of spaces alone
            continue
        where = f"line {start}"
        if len(values) < width:
            yield where, ShortRow(header, values, delimiter)
        elif len(values) > width:
            yield (
                where,
                BadRow(
                    f"{len(values)} fields, the header has {width}: put a field that holds "
                    f"the delimiter {delimiter!r} in double quotes"
                ),
            )
        else:
            yield where, dict(zip(header, values, strict=True))


CSV_FIELD_LIMIT = 1 << 24  # characters a CSV field may hold (16 MiB of text)
_FIELD_TOO_LONG = (
    f"a field over {CSV_FIELD_LIMIT:,} characters (the text limit is {MAX_TEXT_CHARS:,}): split "
    "it, or close the double quote left open before it"
)


def _blank(values: list[str]) -> bool:
    """A line of spaces alone: skipped as a blank line is (it was a row of an empty text)."""
    return len(values) == 1 and not values[0].strip()


class ShortRow(dict):
    """A CSV row of fewer fields than the header, its missing cells empty (a tool may leave off
    trailing empty cells); when it is rejected, its field count says why (a row written with
    another delimiter than the header's is one field)."""

    def __init__(self, header: list[str], values: list[str], delimiter: str) -> None:
        super().__init__(zip(header, values + [None] * (len(header) - len(values)), strict=True))
        self.fields, self.width, self.delimiter = len(values), len(header), delimiter

    def why(self) -> str:
        return (f"{plural(self.fields, 'field')}, the header has {self.width}: write the row "
                f"with the header's delimiter {self.delimiter!r}, a field for each column")  # fmt: skip


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
        yield f"line {number}", flat(row) if isinstance(row, dict) else _NOT_AN_OBJECT


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
        yield f"item {number}", flat(item) if isinstance(item, dict) else _NOT_AN_OBJECT


# Objects the API takes whole (an inline account, contact, metadata or attributes).
WHOLE = frozenset({"account", "contact", "metadata", "attributes"})


def flat(row: dict, prefix: str = "") -> dict:
    """A JSON object's nested fields as dotted columns, so that a mapping can name them
    (Intercom's {"source": {"body": …}} is `--map text=source.body`)."""
    out: dict = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and not (not prefix and key in WHOLE):
            out.update(flat(value, f"{name}."))
        else:
            out[name] = value
    return out


_NOT_AN_OBJECT = BadRow("expected a JSON object (one per line, or an array of them)")


EPOCH_MS_FROM = 10**11  # a larger epoch number counts milliseconds (Google Play), not seconds


def parse_time(value: str | None, date_format: str | None = None, zone: tzinfo = UTC):
    """ISO 8601, epoch seconds or milliseconds, or `date_format` (strptime); a time without a
    zone is read in `zone` (UTC unless said otherwise: exports often omit it)."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        moment = _parse_text_time(text, date_format)
    else:
        moment = datetime.fromtimestamp(number / 1000 if number >= EPOCH_MS_FROM else number, UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


# what datetime says of a date written right that does not exist (31 February, 25:00)
_NO_SUCH_DATE = re.compile(r"(day|month|year|hour|minute|second) is out of range|must be in")


def _parse_text_time(text: str, date_format: str | None) -> datetime:
    if date_format:
        try:
            return datetime.strptime(text, date_format)
        except ValueError as error:
            no_such_date(text, error)
            raise ValueError(
                f"created_at: {text!r} does not match --date-format {date_format!r}"
            ) from None
    try:
        return datetime.fromisoformat(joined_zone(text).replace("Z", "+00:00"))
    except ValueError as error:
        no_such_date(text, error)
        raise ValueError(
            f"created_at: {text!r} is not a date: use ISO 8601 (2026-11-20 or "
            "2026-11-20T14:05:00+01:00) or epoch seconds, or say how it is written with "
            "--date-format (e.g. '%d/%m/%Y %H:%M')"
        ) from None


def no_such_date(text: str, error: ValueError) -> None:
    """ValueError saying that `text`, written as its format says, names no day or time that
    exists ("31/02/2026 10:00" was told it did not match a --date-format that it matched)."""
    if _NO_SUCH_DATE.search(str(error)):
        raise ValueError(f"created_at: {text!r} does not exist ({error})") from None


_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")  # "4,5" in French and German exports


def parse_score(value: str | None) -> float | None:
    if value is None:
        return None
    text = value.strip()
    if _DECIMAL_COMMA.match(text):
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"score: {value!r} is not a number") from None


def feedback_record(row: dict, mapping: Mapping) -> dict:
    """A row as a FeedbackIn-shaped dict (validated by the caller)."""
    text = mapping.column(row, "text")
    source = None if mapping.source_given else mapping.column(row, "source")
    source = re.sub(r"\s+", "_", source) if source else mapping.source  # "Web Widget"
    created = parse_time(
        mapping.column(row, "created_at"), mapping.date_format, mapping.zone_of(row)
    )
    score = parse_score(mapping.column(row, "score"))
    external_id = mapping.column(row, "external_id")
    if external_id is None and (text or score is not None):
        # the whole row, so two customers' same words on one day stay two items; stable, so
        # re-running an import still skips it
        seed = f"{source}\n{json.dumps(row, sort_keys=True, default=str, ensure_ascii=False)}"
        external_id = "sha1:" + hashlib.sha1(seed.encode()).hexdigest()
    record = {
        "source": source,
        "external_id": external_id or "",
        "text": text or "",
        "created_at": created,
        "language": language_code(mapping.column(row, "language")),
        "account_id": mapping.column(row, "account_id"),
        "contact_id": mapping.column(row, "contact_id"),
        "metadata": mapping.kept(row),
    }
    if score is not None:
        record["score"] = score
    segment = mapping.column(row, "segment")
    if segment and record["account_id"]:  # filled in when the account has none
        record["account"] = {"id": record["account_id"], "segment": segment}
        record["account_id"] = None
    for key in ("account", "contact"):  # JSON lines may carry them whole
        if isinstance(row.get(key), dict):
            record[key], record[f"{key}_id"] = row[key], None
    if isinstance(row.get("metadata"), dict):
        record["metadata"] = {**record["metadata"], **row["metadata"]}
    if not text and score is None:
        if isinstance(row, ShortRow):  # its text is in no field: a delimiter not the header's
            raise ValueError(row.why())
        raise ValueError("text is empty (and the row has no score): nothing to import")
    return record


def is_score(value: str) -> bool:
    """Whether an import reads `value` as a score FeedbackIn takes (a number from -100 to 100)."""
    try:
        score = parse_score(value)
    except ValueError:
        return False
    return score is not None and -100 <= score <= 100


def row_name(where: str, row: dict | BadRow, mapping: Mapping) -> str:
    """How a rejected row is named: "line 4", and the id in its id column if it has one, as
    POST /v1/feedback names a refused item ("line 4 (external_id 'r3')")."""
    external_id = mapping.column(row, "external_id") if isinstance(row, dict) else None
    return f"{where} (external_id {external_id!r})" if external_id else where


def validation_message(error: ValidationError) -> str:
    """The first error as the API words it (api/errors.py): "text: 25,000 characters; the limit
    is 20,000: split it…", not pydantic's "String should have at most 20000 characters"."""
    first = error.errors()[0]
    said = problem(first)
    return f"{said['field'] if first.get('loc') else 'row'}: {said['message']}"


SAMPLE_ROWS = 100  # the first rows, read before any is stored to check the mapping against


def check_sample(
    path: Path, mapping: Mapping, fmt: FileFormat, head: list[tuple[str, dict | BadRow]]
) -> list[str] | None:
    """The mapping checked against a CSV file's header, or the keys of the JSON objects among
    `head` (the first rows: one object may lack a key that the next ones have), and the values
    in `head`. Its warnings; None when there was nothing to check (no object in `head`)."""
    sample = [row for _, row in head if isinstance(row, dict)]
    if fmt.header and not is_json(path):
        return mapping.check_columns(path, fmt.header, sample=sample)
    if not sample:
        return None
    keys = list(dict.fromkeys(key for row in sample for key in row))
    return mapping.check_columns(path, keys, header=False, sample=sample)


def check_header(path: Path, mapping: Mapping) -> None:
    """The file's first rows checked as its import will check them, so that a command stops
    before it loads models or opens a store."""
    fmt = file_format(path)
    with path.open("rb") as raw:
        rows = rows_of(path, text_stream(raw, fmt), fmt.delimiter, fmt.errors == "replace")
        check_sample(path, mapping, fmt, list(islice(rows, SAMPLE_ROWS)))


def repeated(item: FeedbackIn, where: str, first_with: dict[int, str], given: str | None) -> None:
    """ValueError for a row repeating the id of one before it in the file: the two were stored
    in turn, so each --update-changed run swapped the stored text. The first row is kept,
    as a file is read; a row keyed by its content (--content-ids) repeats a whole row: none."""
    if given is None:
        return
    first = first_with.setdefault(hash(item.key), where)
    if first != where:
        raise ValueError(
            f"repeats the external_id of {first}: the first row is imported, this one skipped"
        )


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
        rows = rows_of(path, stream, fmt.delimiter, fmt.errors == "replace")
        head = list(islice(rows, SAMPLE_ROWS))  # before any row is stored, even in a file of none
        warnings = check_sample(path, mapping, fmt, head)
        checked = warnings is not None
        report.warnings += warnings or []
        # hash of each id read from the file (source, external_id) -> the row that first had it
        first_with: dict[int, str] = {}
        id_column = ""  # the id column, once a row has it
        idless: list[str] = []  # rows with no id: a blank cell, or a JSON object without the key
        for where, row in chain(head, rows):
            report.read += 1
            if not checked and isinstance(row, dict):  # the first object, after as many bad lines
                report.warnings += mapping.check_columns(path, list(row), False, [row])
                checked = True
            try:
                if isinstance(row, BadRow):
                    raise ValueError(row.reason)
                item = FeedbackIn.model_validate(without_nul(feedback_record(row, mapping)))
                given = mapping.column(row, "external_id")
                repeated(item, where, first_with, given)
            except ValidationError as error:
                report.rejected.append(f"{row_name(where, row, mapping)}: "
                                       f"{validation_message(error)}")  # fmt: skip
                continue
            except ValueError as error:
                report.rejected.append(f"{row_name(where, row, mapping)}: {error}")
                continue
            if id_parts := mapping.choose(row).get("external_id"):
                id_column = "+".join(id_parts)
            if given is None:
                idless.append(where)
            batch.append(item)
            if len(batch) == size:
                yield batch, counter.count
                batch = []
        # a file with ids: each row without one was keyed by its content (JSON objects that left
        # the key out were not counted); a file with none at all is warned about before any row
        report.blank_ids = idless if id_column else []
        report.warnings += blank_id_warning(report.blank_ids, id_column)
        yield batch, counter.count


def blank_id_warning(lines: list[str], column: str) -> list[str]:
    """A warning for the rows of a file with an id `column` whose id cell is blank: each was
    keyed by its whole row (sha1:…) without a word, so an edit of it imports as a new item."""
    if not lines:
        return []
    named = ", ".join(lines[:5]) + (", ..." if len(lines) > 5 else "")
    its = "its" if len(lines) == 1 else "their"
    return [f"{plural(len(lines), 'row')} with no id in the {column!r} column ({named}): keyed "
            f"by {its} whole content instead, so an edit of such a row imports as a new item; "
            "give every row an id"]  # fmt: skip
