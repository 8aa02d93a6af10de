"""A failure said without the data it carried: feedback text must never reach the log or
`feedback.last_error`, and a database error quotes it (SQLAlchemy's `[parameters: ...]`,
PostgreSQL's `DETAIL: Failing row contains (...)`), as may any exception of ours or a library's
(a ValueError naming the text it could not read)."""

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
    """A failure in one log line: its kind (a database error with its driver's first line, which
    names the constraint, not the row), where it was raised and, when that is in a library, the
    last place of ours on the way. No other message: it may quote feedback."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "/lib/python" not in f.filename]  # not a library, nor stdlib
    database = isinstance(error, DBAPIError) and error.orig is not None
    said = (
        f"{failure_summary(error) if database else failure_kind(error)} at {failure_origin(error)}"
    )
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
