"""Every bad request gets a 4xx whose message names the field and says what to fix."""

import asyncio
import json
import logging
import math
import re
import uuid

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import InterfaceError, OperationalError, ProgrammingError
from starlette.exceptions import HTTPException

from api.failures import failure_logged, failure_trace
from api.field_names import did_you_mean, known_names, route_body_model
from api.security import key_refusal
from api.wording import plural

log = logging.getLogger("boucle.errors")  # under boucle: shown by its handler


def _field(location: tuple) -> str:
    """The body's fields by their path ("filters.theme"); a query parameter as written in a URL
    ("?format"): "query.format" read like the body's field `query`. A repeated parameter's
    position is left out ("?theme", not "?theme.1")."""
    if location[:1] == ("query",):
        return "?" + ".".join(str(part) for part in location[1:] if not isinstance(part, int))
    parts = [str(part) for part in location if part != "body"]
    return ".".join(parts) or "body"


PATTERN_MESSAGES = {
    r"\S": "must not be empty or only spaces",
    r"^\S(.*\S)?$": "must not be empty, nor start or end with a space",
    r"^[\w.:/-]+$": "letters, digits, '.', ':', '/' and '-' only (no spaces)",
    r"^[^@\s]+@[^@\s]+$": "must be an e-mail address (name@domain)",
    r"^\s*[^@\s]+@[^@\s]+\s*$": "must be an e-mail address (name@domain)",
    r"^[a-z][a-z0-9_]*$": "lower-case letters, digits and '_' only, starting with a letter",
    r"^[a-z0-9][a-z0-9_-]{0,63}$": "lower-case letters, digits, '_' and '-' only, at most 64",
}


# What a JSON value is, said to whoever sent it ("got a number"), never the value itself.
def json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "a list"
    return "an object" if isinstance(value, dict) else type(value).__name__


EXPECTED_KINDS = {  # pydantic's error type -> what the field must be
    "string_type": "a string",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "an object",
    "model_type": "an object",
    "model_attributes_type": "an object",
}
BOUNDS = {  # pydantic's error type -> its context key and how the bound reads
    "greater_than": ("gt", "more than {}"),
    "greater_than_equal": ("ge", "{} or more"),
    "less_than": ("lt", "less than {}"),
    "less_than_equal": ("le", "{} or less"),
}


def _count(number: object) -> str:
    """1000 -> "1,000", 1.0 -> "1" (a bound of a float field reads as written)."""
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    return (
        f"{number:,}" if isinstance(number, int) and not isinstance(number, bool) else str(number)
    )


def _items_of(location: tuple) -> str:
    """What a too-long list holds, by its name ("items", "texts"); "items" when nameless."""
    names = [part for part in location if isinstance(part, str) and part != "body"]
    return names[-1] if names else "items"


DATETIME_EXAMPLE = "e.g. 2026-11-20T10:00:00Z or 2026-11-20T11:00:00+01:00"
DATETIME_ERRORS = ("timezone_aware", "datetime_type", "datetime_parsing",
                   "datetime_from_date_parsing")  # fmt: skip


def datetime_message(kind: str, value: object) -> str:
    """A date and time that cannot be read, or read without its zone ("2026-11-20")."""
    if kind != "timezone_aware":
        return f"is not a date and time: send ISO 8601 with a time zone, {DATETIME_EXAMPLE}"
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value):
        return f"a day alone is not enough: needs a time and a time zone, {DATETIME_EXAMPLE}"
    return f"needs a time zone, {DATETIME_EXAMPLE}"


def surrogate_message(text: str) -> str | None:
    """A lone UTF-16 surrogate (a JSON "\\ud800" without its pair), by where it is."""
    found = next((n for n, char in enumerate(text) if "\ud800" <= char <= "\udfff"), None)
    if found is None:
        return None
    return (f"holds an invalid character (lone surrogate \\u{ord(text[found]):04x}) at position "
            f"{found} (from 0): send valid Unicode, a surrogate comes in a pair")  # fmt: skip


# pydantic's error types for a date or time it could not read ("31/10/2026": "Input should be a
# valid datetime or date, invalid character in year"): say how to write one instead.
DATE_ERRORS = frozenset({"datetime_parsing", "datetime_from_date_parsing", "datetime_type",
                         "date_parsing", "date_from_datetime_parsing", "date_type"})  # fmt: skip
DATE_FORMAT = (
    "must be a day written YYYY-MM-DD (2026-10-31) or an ISO 8601 time (2026-10-31T09:00:00+01:00)"
)


def as_json(kind: str, value: object) -> str:
    """What to send instead of a strict field's look-alike: a number or true/false written as
    text ("2", "yes") or a boolean as a number (1), which strict fields refuse rather than guess."""
    if kind in ("float_type", "int_type") and isinstance(value, str):
        try:
            finite = math.isfinite(float(value))
        except ValueError:
            return ""
        return f": send a JSON number, {value.strip()} without quotes" if finite else ""
    if kind == "bool_type" and isinstance(value, str | int | float) and not isinstance(value, bool):
        return f": send true or false, not {json.dumps(value)}"
    return ""


def plain_message(error: dict) -> str | None:
    """pydantic's wording for the common error types ("String should have at most 20000
    characters") in plain words that say what to send instead; None for the other types."""
    kind, ctx, value = error.get("type"), error.get("ctx") or {}, error.get("input")
    if kind == "string_too_long" and isinstance(value, str):
        # here: every `boucle` command imports this module, and the analyzer's takes a while
        from analyzer.markup import looks_html

        if looks_html(value):  # an e-mail's <style> block can be most of it
            return (f"{len(value):,} characters, HTML markup included; the limit is "
                    f"{_count(ctx.get('max_length'))}: send the message's plain-text part, or "
                    "its HTML without <style> and <script> blocks, or split it")  # fmt: skip
        return (f"{len(value):,} characters; the limit is {_count(ctx.get('max_length'))}: "
                "split it or send fewer characters")  # fmt: skip
    if kind == "string_too_short":
        return f"must have at least {plural(ctx.get('min_length', 1), 'character')}"
    got = f" (got {_count(ctx['actual_length'])})" if ctx.get("actual_length") is not None else ""
    if kind == "too_long":
        bound = _count(ctx.get("max_length"))
        if ctx.get("field_type") in ("List", "Tuple", "Set"):
            return f"send at most {bound} {_items_of(tuple(error.get('loc', ())))} per request{got}"
        return f"at most {bound} entries{got}"
    if kind == "too_short":
        return f"send at least {_count(ctx.get('min_length'))}{got}"
    # an item's created_at needs a time and a zone; a filter's bound may be a day alone
    if kind == "timezone_aware" or (
        kind in DATETIME_ERRORS and error.get("loc", ())[-1:] == ("created_at",)
    ):
        return datetime_message(kind, value)
    if kind in DATE_ERRORS:
        return DATE_FORMAT
    if kind in EXPECTED_KINDS:
        return f"must be {EXPECTED_KINDS[kind]} (got {json_kind(value)}){as_json(kind, value)}"
    if kind == "string_unicode" and isinstance(value, str):
        return surrogate_message(value)
    if kind in BOUNDS and BOUNDS[kind][0] in ctx:
        key, bound = BOUNDS[kind]
        return f"must be {bound.format(_count(ctx[key]))} (got {_count(value)})"
    return None


def format_message(expected: str) -> str:
    """The route's own formats, from pydantic's "'json' or 'csv'" (each route takes its own:
    themes json|csv, the digest json|markdown). "xlsx" is what an analyst tries first: where
    CSV is one of them, say which option gives a file Excel opens."""
    formats = re.findall(r"'([^']*)'", expected)
    message = "must be " + (", ".join(formats[:-1]) + " or " if len(formats) > 1 else "")
    message += formats[-1] if formats else expected
    return message + ("; for Excel, ask for format=csv&excel=true" if "csv" in formats else "")


def problem(error: dict) -> dict:
    """One pydantic error as {field, message}: what the API answers, and what the CLI prints."""
    field = _field(tuple(error.get("loc", ())))
    message = error.get("msg", "invalid value")
    if error.get("type") == "json_invalid":
        message = f"the body is not valid JSON ({error.get('ctx', {}).get('error', 'parse error')})"
        field = "body"
    elif error.get("type") == "missing":
        message = "this field is required"
    elif error.get("type") == "extra_forbidden":
        message = "unknown field: remove it"
    elif error.get("type") == "literal_error" and field == "?format":  # a file's format
        message = format_message(str(error.get("ctx", {}).get("expected", "")))
    elif error.get("type") == "string_pattern_mismatch":  # say what to write, not the regex
        message = PATTERN_MESSAGES.get(error.get("ctx", {}).get("pattern", ""), message)
    else:
        message = plain_message(error) or message
    return {"field": field, "message": message.removeprefix("Value error, ")}


ITEM_IDS = ("external_id", "id")  # how a batch's items name themselves: ingest, /v1/tag/batch


def item_named(body: object, location: tuple) -> str | None:
    """A batch item at fault by its own id as well as its index ("external_id 'zd-4711'"), so a
    help desk finds the ticket; None when the error is not inside an item that has one. An
    error of the item as a whole (account.id and account_id differ) is at ("body", "items", 0)."""
    if location[:2] != ("body", "items") or len(location) < 3 or not isinstance(location[2], int):
        return None
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, list) or not 0 <= location[2] < len(items):
        return None
    item = items[location[2]]
    for name in ITEM_IDS:
        if (
            isinstance(item, dict)
            and isinstance(item.get(name), str | int)
            and name not in location
        ):
            return f"{name} {str(item[name])[:200]!r}"
    return None


def not_json(request: Request, error: dict) -> bool:
    """The whole body failed as an object because it was not sent as JSON (curl -d without
    -H 'Content-Type: application/json' sends a form)."""
    content_type = request.headers.get("content-type", "")
    return tuple(error.get("loc", ())) == ("body",) and "json" not in content_type.lower()


async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    if refusal := await key_refusal(request):  # the key first, as for a well-formed body
        return await http_error(request, refusal)
    problems = [problem(error) for error in exc.errors()]
    for error, found in zip(exc.errors(), problems, strict=True):
        if not_json(request, error):
            content_type = request.headers.get("content-type") or "none"
            found["message"] = (
                f"the body must be a JSON object sent with 'Content-Type: application/json' "
                f"(this request's Content-Type: {content_type})"
            )
    for error, found in zip(exc.errors(), problems, strict=True):
        if item := item_named(exc.body, tuple(error.get("loc", ()))):
            found["item"] = item
    for error, found in zip(exc.errors(), problems, strict=True):
        location = tuple(error.get("loc", ()))
        if error.get("type") == "extra_forbidden" and location[:1] == ("body",):
            known = known_names(route_body_model(request.scope.get("route")), location)
            found["message"] += did_you_mean(location[-1], known)
    return problem_answer(422, summary(problems), problems)


def summary(problems: list[dict]) -> str:
    """Every field at fault, those with the same message said once: "items.0.text,
    items.3.text: must not be empty; items.5.external_id: ..." (a batch's bad items all named,
    each by its own id too where it has one, so that one answer is enough to fix them)."""
    fields_by_message: dict[str, list[str]] = {}
    for found in problems:
        field = found["field"] + (f" ({found['item']})" if "item" in found else "")
        fields_by_message.setdefault(found["message"], []).append(field)
    return "; ".join(
        f"{', '.join(fields)}: {message}" for message, fields in fields_by_message.items()
    )


class FieldProblem(BaseModel):
    """A field at fault in a 422."""

    field: str = Field(..., description='The body\'s field by its path ("items.0.text"), a query '
                       'parameter as written in a URL ("?format"), or "body".')  # fmt: skip
    message: str = Field(..., description="What is wrong with it and what to send instead.")
    item: str | None = Field(None, description="A batch item at fault by its own id as well as "
                             "its index (\"external_id 'zd-4711'\"), where it has one.")  # fmt: skip


class Problem(BaseModel):
    """What every 4xx/5xx answer holds: `message`, what went wrong and what to do, repeated as
    `detail` (FastAPI's usual field, for clients written against it); a 422 adds the fields at
    fault (`errors`)."""

    message: str
    detail: str = Field(..., description="The message again.")
    errors: list[FieldProblem] | None = Field(None, description="A 422's fields at fault.")


def problem_answer(status_code: int, message: str, errors: list[dict] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:  # fmt: skip
    """An error answer of the one shape every error takes (Problem)."""
    problem = Problem(message=message, detail=message, errors=errors)
    return JSONResponse(status_code=status_code, content=problem.model_dump(exclude_none=True),
                        headers=headers)  # fmt: skip


# What each error status means, documented per route (api/openapi.py) where the route can
# answer it: the key's (401, 403, 429) where it takes one, 404 where it reads an id, 409 where
# it declares it (`may_answer`).
ERROR_DESCRIPTIONS = {
    401: "Missing, unknown or conflicting API key",
    403: "The API key lacks the scope this route needs",
    404: "Nothing stored under that id",
    409: "Conflicts with what is stored; the message says what to change",
    413: "Request body too large",
    415: "Request body compressed (Content-Encoding): send it as plain JSON",
    422: "Invalid request; the message names every field at fault",
    429: "Rate limit; retry after the Retry-After header's seconds",
    503: "Models still loading, or the database unavailable; retry",
}


def may_answer(*codes: int) -> dict[int, dict]:
    """`responses=` for a route that can answer these errors beyond those its shape tells
    (an id read from the body or from a filter: 404; a conflict with what is stored: 409)."""
    return {code: {"model": Problem, "description": ERROR_DESCRIPTIONS[code]} for code in codes}


class NotFound(LookupError):
    """Something asked for by id is not stored; the message names it."""


class Conflict(ValueError):
    """A request that contradicts the stored state; the message says what to change."""


async def not_found(request: Request, exc: NotFound) -> JSONResponse:
    return problem_answer(404, str(exc))


async def conflict(request: Request, exc: Conflict) -> JSONResponse:
    return problem_answer(409, str(exc))


def is_utf8(body: bytes | None) -> bool:
    if body is None:
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
    """FastAPI answers `{"detail"}`; ours answer `{"message"}`: one shape for clients to read."""
    text = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    unparsed = exc.status_code == 400 and text == "There was an error parsing the body"
    if (unparsed or exc.status_code in (413, 415)) and (refusal := await key_refusal(request)):
        return await http_error(request, refusal)  # the key first, as for a body read
    if unparsed:
        # FastAPI's answer to a body it cannot decode: bytes that are not UTF-8, or JSON that
        # Python's parser gives up on (nested past its recursion limit, a 4,300-digit number)
        message = (
            "the body is UTF-8 but cannot be read as JSON: keep it a few levels deep and its "
            "numbers short"
            if is_utf8(getattr(request, "_body", None))
            else "the body is not UTF-8 JSON: send the text encoded as UTF-8"
        )
        return problem_answer(422, f"body: {message}", [{"field": "body", "message": message}])
    if exc.status_code == 404 and text == "Not Found":  # no route at all, not a missing id
        text = f"no route {request.url.path}: the API's routes are listed at /docs"
    elif exc.status_code == 405 and text == "Method Not Allowed":
        text = f"{request.url.path} does not take {request.method}: see /docs for its methods"
    return problem_answer(exc.status_code, text, headers=getattr(exc, "headers", None))


async def internal_error(request: Request, exc: Exception) -> JSONResponse:
    """A bug of ours: JSON like every other answer, with a reference to find it in the log. The
    log has its type and frames, not its message: a message may quote the request's feedback."""
    reference = uuid.uuid4().hex[:12]
    log.error("internal error %s on %s %s: %s", reference, request.method, request.url.path,
              failure_trace(exc))  # fmt: skip
    return problem_answer(500, f"internal error (reference {reference}): the server logged "
                          "the details; retry, and report the reference if it happens again")  # fmt: skip


async def database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    """The database cannot be reached (down, restarting, refusing connections): not a bug of
    ours, and nothing was half-done; the client may retry."""
    log.warning("database unavailable on %s %s: %s", request.method, request.url.path,
                failure_logged(exc))  # fmt: skip
    return problem_answer(503, "the database is unavailable: retry in a few seconds",
                          headers={"Retry-After": "5"})  # fmt: skip


def server_stopping() -> JSONResponse:
    """A request in progress when the server stops (its shutdown grace ran out, or a bulk route
    saw it stopping): to be sent again, to this server once restarted or to another one."""
    return problem_answer(503, "the server stopped before this request was done (it is "
                          "restarting or shutting down): send it again in a few seconds",
                          headers={"Retry-After": "5"})  # fmt: skip


async def schema_missing(request: Request, exc: ProgrammingError) -> JSONResponse:
    """A table gone (the database dropped and recreated under a running server) is not a bug
    to report: the server must restart to migrate. Any other ProgrammingError is ours."""
    from api.failures import table_missing
    from api.storage.migrate import SCHEMA_MISSING

    if not table_missing(exc):
        return await internal_error(request, exc)
    log.error("%s on %s %s", SCHEMA_MISSING, request.method, request.url.path)
    return problem_answer(503, SCHEMA_MISSING)


class AnswerBugs:
    """A route's unexpected exception answered here, innermost: Starlette's outermost handler
    answers too but raises it again, and uvicorn logged each 500's traceback a second time.
    A request cancelled at shutdown is answered here too."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except asyncio.CancelledError:
            # uvicorn cancels what still runs when BOUCLE_SHUTDOWN_GRACE_S runs out, then logged
            # a traceback and answered 500: a 503 to send again instead, and no word per request
            # (the shutdown's own line says it, api/access_log.py)
            if started:  # too late to answer: uvicorn closes the connection
                raise
            asyncio.current_task().uncancel()
            await server_stopping()(scope, receive, send)
        except Exception as exc:
            if started:  # too late to answer: the outer handler and uvicorn deal with it
                raise
            response = await internal_error(Request(scope, receive), exc)
            await response(scope, receive, send)


def install(app: FastAPI) -> None:
    app.add_exception_handler(Exception, internal_error)
    app.add_exception_handler(OperationalError, database_unavailable)
    app.add_exception_handler(InterfaceError, database_unavailable)
    app.add_exception_handler(ProgrammingError, schema_missing)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(Conflict, conflict)
