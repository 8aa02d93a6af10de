"""Files the API streams (the exports): their media types and attachment headers, and the audit
event each download leaves (who, which export, which query, how many bytes; never the rows)."""

from collections.abc import Iterable, Iterator
from typing import TypeVar
from urllib.parse import quote

from fastapi import Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response, StreamingResponse

from api.audit import record
from api.feedback.listing import contacts_matching_nothing
from api.headers import WARNING
from api.recorded_query import query_params, recorded_query
from api.search.export import MEDIA_TYPES, ExportFormat, excel_zone
from api.search.schemas import Filters
from api.search.service import stored_ids_only, values_matching_nothing
from api.security import actor

TEXT = {"schema": {"type": "string"}}
# Printable ASCII stays as it is (a warning reads as written); '%', control characters and
# anything else are percent-encoded UTF-8 (RFC 3986), which a header can carry whole.
HEADER_SAFE = "".join(chr(code) for code in range(0x20, 0x7F) if chr(code) != "%")
WARNING_HEADERS = {WARNING: {
    "description": "One per warning of the file (a filter value nothing stored has: its empty "
    "file is not a silent one), as the JSON's `warnings` say it; printable ASCII as it is, "
    "'%', control characters and any other character percent-encoded as UTF-8 (decode it "
    "with `urllib.parse.unquote`, `decodeURIComponent`).",
    "schema": {"type": "string"},
}}  # fmt: skip
FILE_RESPONSES = {200: {
    "description": "The file: CSV for format=csv, JSON lines for format=jsonl",
    "content": {"text/csv": TEXT, "application/x-ndjson": TEXT},
    "headers": WARNING_HEADERS,
}}  # fmt: skip
EXCEL = Query(False, description="CSV for Excel in French (or any locale whose list separator is "
              "`;`): a UTF-8 byte-order mark, `;` between cells, decimal commas, times as "
              "BOUCLE_TIMEZONE's clock (2026-11-05 00:00:00), the zone in the header.")  # fmt: skip


def excel_style(excel: bool, fmt: str | None, timezone: str) -> str | None:
    """The Excel style's zone for the writers (None: the plain CSV); a 422 for `excel` with
    anything but CSV, which it would leave as it is without a word."""
    if excel and fmt != "csv":
        raise RequestValidationError([{
            "loc": ("query", "excel"), "type": "value_error",
            "msg": "applies to CSV files only: ask for format=csv, or leave excel out",
        }])  # fmt: skip
    return excel_zone(excel, timezone)


R = TypeVar("R", bound=Response)  # an export streamed, or a table answered whole


def header_text(warning: str) -> str:
    """A warning as its header carries it (ASCII: a header is Latin-1 at most, and a value is
    the caller's text): Python's escapes ('\\u6771') read as such in no other language."""
    return quote(warning, safe=HEADER_SAFE, errors="replace")


def with_warnings(response: R, warnings: list[str]) -> R:
    """A file with one X-Boucle-Warning header per warning (a filter value nothing stored has):
    a file has no room for them."""
    for warning in warnings:
        response.headers.append(WARNING, header_text(warning))
    return response


def filtered_attachment(
    request: Request,
    lines,
    fmt: ExportFormat,
    name: str,
    filters: Filters,
    contacts: list[str] | None = None,
) -> StreamingResponse:
    """An export of what matches `filters` (and `contacts`), a warning header for each filter
    value nothing stored has (a source typo, a contact id or address no message has): its empty
    file is an answer, but not a silent one. A theme or need not stored is a 404 here, before
    the file starts (once it streams, only a cut file)."""
    with request.app.state.workspace.db.session() as session:
        stored_ids_only(session, filters)
        warnings = [*values_matching_nothing(session, filters),
                    *contacts_matching_nothing(session, contacts)]  # fmt: skip
    return with_warnings(attachment(request, lines, fmt, name), warnings)


def attachment(
    request: Request, lines, fmt: ExportFormat, name: str, body: dict | None = None
) -> StreamingResponse:
    """`body`: what a POST asked in its body, recorded with its query parameters."""
    return StreamingResponse(audited(request, lines, name, fmt, body), media_type=MEDIA_TYPES[fmt],
                             headers={"Content-Disposition": f"attachment; filename={name}.{fmt}"})  # fmt: skip


def record_export(request: Request, name: str, detail: dict, body: dict | None = None) -> None:
    """An export event: the key that asked, the export's name, its query (filters and ids,
    no key; a POST's `body` beside its parameters: a search's text and filters), redacted
    (api/recorded_query.py), what was sent."""
    ws = request.app.state.workspace or request.app.state.sql_workspace
    asked = {**query_params(request.query_params.multi_items()), **(body or {})}
    query = recorded_query(asked, ws.settings)
    with ws.db.session() as session:
        record(session, actor(request), "export", name, request.url.path,
               {**detail, "query": query})  # fmt: skip


def audited(
    request: Request, pieces: Iterable[str], name: str, fmt: str, body: dict | None = None
) -> Iterator[str]:
    """The file as it streams; its event once it ends, said complete or cut (a client gone)."""
    sent, lines, complete = 0, 0, False
    try:
        for piece in pieces:
            sent += len(piece.encode())
            lines += piece.count("\n")  # JSON lines: the records (CSV: rows, but for line breaks)
            yield piece
        complete = True
    finally:
        record_export(request, name, {"format": fmt, "bytes": sent, "lines": lines,
                                      "complete": complete}, body)  # fmt: skip
