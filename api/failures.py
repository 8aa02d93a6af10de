"""A failure said in one line without the data it carried: feedback text must never reach the
log or `feedback.last_error`, and a database error quotes it (SQLAlchemy's `[parameters: ...]`,
PostgreSQL's `DETAIL: Failing row contains (...)`)."""

import traceback

from sqlalchemy.exc import DBAPIError, StatementError

MAX_CHARS = 300


def first_line(message: str) -> str:
    """The first line of a message (PostgreSQL's DETAIL and the SQL come after it), cut short."""
    lines = message.strip().splitlines()
    return lines[0][:MAX_CHARS] if lines else ""


def failure_summary(error: BaseException) -> str:
    """`Type: message` for a log line or `last_error`. A database error is named by its own type
    and its driver's, with the driver's first line: the statement, its parameters and the row
    quoted after it are left out."""
    if isinstance(error, DBAPIError) and error.orig is not None:
        cause = error.orig
        return f"{type(error).__name__} ({type(cause).__name__}): {first_line(str(cause))}"
    if isinstance(error, StatementError):  # raised before the driver ran: no driver message
        cause = error.orig
        named = f" ({type(cause).__name__})" if cause is not None else ""
        return f"{type(error).__name__}{named}: the statement could not be run"
    message = first_line(str(error))
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def failure_origin(error: BaseException) -> str:
    """Where it was raised, as `file:line in function` (no values): for the log line of a bug."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return "unknown place"
    frame = frames[-1]
    where = "/".join(frame.filename.split("/")[-2:])
    return f"{where}:{frame.lineno} in {frame.name}"
