"""A failure said without the data it carried: feedback text and personal data must never reach
the log, `feedback.last_error` or a job's message (both read through the API), and a database
error quotes them (SQLAlchemy's `[parameters: ...]`, PostgreSQL's `DETAIL: Key (email)=(...)`
or `invalid input syntax for type ...: "..."`), as may any exception of ours or a library's
(a ValueError naming the text it could not read)."""

import re
import sqlite3
import traceback

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, StatementError

MAX_CHARS = 300


def first_line(message: str | BaseException) -> str:
    """The first line of a message (PostgreSQL's DETAIL and the SQL come after it), cut short;
    of an error that says nothing, its type. Only for messages known to quote no data."""
    lines = str(message).strip().splitlines()
    if lines:
        return lines[0][:MAX_CHARS]
    return type(message).__name__ if isinstance(message, BaseException) else ""


def database_detail(cause: BaseException) -> str:
    """What a driver's error says that names things, never values: PostgreSQL's SQLSTATE and the
    constraint, table and column it names (its message quotes the value: `invalid input syntax
    for type integer: "..."`, `DETAIL: Key (email)=(...)`); SQLite's first line, which names the
    table.column or constraint and quotes no value. A connection that failed before any SQL ran
    (no SQLSTATE) is said in our words (connection_hint): its message may quote the user's name
    or a URL's options."""
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate is not None:  # psycopg: the server answered
        diag = getattr(cause, "diag", None)
        names = [("constraint", "constraint_name"), ("table", "table_name"),
                 ("column", "column_name")]  # fmt: skip
        named = [f"{what} {value}" for what, field in names
                 if (value := getattr(diag, field, None))]  # fmt: skip
        return ", ".join([f"SQLSTATE {sqlstate}", *named])
    if isinstance(cause, sqlite3.Error):
        return first_line(str(cause))
    if type(cause).__name__ in ("OperationalError", "InterfaceError"):  # a connection's failure
        return connection_hint(cause)
    return ""  # another driver, or psycopg's own check of a value: its type alone


def database_code(cause: BaseException) -> str:
    """What names a driver's error without a word of its message: PostgreSQL's SQLSTATE, or
    SQLite's code name (`SQLITE_BUSY`, `SQLITE_CANTOPEN`)."""
    if (sqlstate := getattr(cause, "sqlstate", None)) is not None:
        return f"SQLSTATE {sqlstate}"
    return getattr(cause, "sqlite_errorname", None) or ""


# A failed connection has no SQLSTATE (psycopg makes the error itself): what it says is told
# in these words of ours, its own never quoted
CONNECTION_HINTS = (
    (re.compile(r"timeout expired"), "no answer within the connect timeout"),
    (re.compile(r"Connection refused"), "nothing listens at that host and port"),
    (re.compile(r"failed to resolve host|could not translate host name"),
     "the host name does not resolve"),
    (re.compile(r"password authentication failed"), "the user or its password was refused"),
    (re.compile(r"no password supplied"), "the server wants a password"),
    (re.compile(r'role ".*" does not exist'), "no such user on the server"),
    (re.compile(r'database ".*" does not exist'), "no such database on the server"),
    (re.compile(r"not currently accepting connections"), "the database accepts no connections"),
    (re.compile(r"starting up|shutting down|in recovery mode"), "the server is starting or stopping"),
    (re.compile(r"too many clients|remaining connection slots"), "no connection slot is left"),
    (re.compile(r"connection is bad: invalid"), "the URL sets a value the driver refuses"),
    # a web server or proxy on that port: its first byte is no PostgreSQL answer
    (re.compile(r"invalid response to SSL negotiation|expected authentication request"),
     "something other than PostgreSQL answers at that host and port"),
)  # fmt: skip


def connection_hint(cause: BaseException) -> str:
    """What a failed connection's message says, in fixed words of ours (empty: none fits)."""
    said = str(cause)
    return next((words for pattern, words in CONNECTION_HINTS if pattern.search(said)), "")


def database_failure_named(error: BaseException) -> str:
    """A database failure by its types and code, for what anyone may read (/readyz, the CLI's
    one line): `OperationalError (OperationalError): SQLSTATE 57P01`, or a failed connection's
    `...: nothing listens at that host and port`. Never a word of its message: a DSN's parts,
    a user's name may be in it."""
    cause = error.orig if isinstance(error, DBAPIError) else None
    code = (database_code(cause) or connection_hint(cause)) if cause is not None else ""
    return failure_kind(error) + (f": {code}" if code else "")


def database_place(url: "str | URL") -> str:
    """Where a database is, without user, password or options: `PostgreSQL at 127.0.0.1:5433`,
    `SQLite at /srv/boucle/boucle.db`."""
    url = make_url(url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        return f"SQLite at {url.database or 'memory'}"
    if backend == "postgresql":
        return f"PostgreSQL at {url.host or 'its local socket'}:{url.port or 5432}"
    return f"{backend} at {url.host}" + (f":{url.port}" if url.port else "")


def table_missing(error: BaseException) -> bool:
    """A PostgreSQL table not found (SQLSTATE 42P01, undefined_table): the schema dropped,
    renamed or never migrated under a running server (SQLite says so as an OperationalError)."""
    return getattr(getattr(error, "orig", None), "sqlstate", None) == "42P01"


def failure_summary(error: BaseException) -> str:
    """A failure's type, and for a database error its driver's type with what names the
    constraint or table (`IntegrityError (UniqueViolation): SQLSTATE 23505, constraint
    contacts_email_key`): no message, which may quote feedback or a value."""
    if isinstance(error, DBAPIError) and error.orig is not None:
        detail = database_detail(error.orig)
        return failure_kind(error) + (f": {detail}" if detail else "")
    return failure_kind(error)


def frame_place(frame: traceback.FrameSummary) -> str:
    where = "/".join(frame.filename.split("/")[-2:])
    return f"{where}:{frame.lineno} in {frame.name}"


def failure_origin(error: BaseException) -> str:
    """Where it was raised, as `file:line in function` (no values): for the log line of a bug."""
    frames = traceback.extract_tb(error.__traceback__)
    return frame_place(frames[-1]) if frames else "unknown place"


def failure_kind(error: BaseException) -> str:
    """A failure's type, and its driver's for a database error: `OperationalError (Locked)`."""
    cause = getattr(error, "orig", None) if isinstance(error, StatementError) else None
    return type(error).__name__ + (f" ({type(cause).__name__})" if cause is not None else "")


def failure_logged(error: BaseException) -> str:
    """A failure in one line, for the log, `feedback.last_error` or a job's message: its kind (a
    database error with the constraint, table or SQLSTATE it names), where it was raised and,
    when that is in a library, the last place of ours on the way. No message: it may quote
    feedback."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "/lib/python" not in f.filename]  # not a library, nor stdlib
    said = f"{failure_summary(error)} at {failure_origin(error)}"
    if ours and ours[-1] is not frames[-1]:
        said += f", called from {frame_place(ours[-1])}"
    return said


def failure_trace(error: BaseException) -> str:
    """A bug's traceback for the log without what any message said: each exception of the
    chain by its type, and each frame as `file:line in function`, most recent call last."""
    lines = []
    for link in reversed(chain_of(error)):
        if lines:
            lines.append("which led to:")
        lines.append(f"{type(link).__name__} (its message left out: it may quote feedback)")
        lines += [f"  {frame_place(frame)}" for frame in traceback.extract_tb(link.__traceback__)]
    return "\n".join(lines)


def chain_of(error: BaseException) -> list[BaseException]:
    """The error, then what it was raised from or while handling, and so on (each once)."""
    chain: list[BaseException] = []
    while error is not None and error not in chain:
        chain.append(error)
        error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    return chain
