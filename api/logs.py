"""One log format for every line a serving process writes, Boucle's and uvicorn's: an ISO time
in UTC, the level and the logger, so that lines from several processes can be merged and read."""

import copy
import logging
import sys
import warnings
from datetime import UTC, datetime

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class IsoFormatter(logging.Formatter):
    """`2026-12-06T10:15:02.123+00:00 INFO boucle.worker: …`"""

    def __init__(self, fmt: str = FORMAT, **_: object) -> None:
        super().__init__(fmt)

    def formatException(self, ei) -> str:  # noqa: N802
        """A traceback any logger asks for (uvicorn's, a library's) by types and frames alone:
        an exception's message may quote the feedback it was handling."""
        from api.failures import failure_trace

        return failure_trace(ei[1]) if ei and ei[1] is not None else super().formatException(ei)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")


PRINTED_WARNING = warnings.showwarning  # the warnings module's own: for a warning sent to a file


def log_python_warnings(handler: logging.Handler, level: str) -> None:
    """Python warnings (qdrant-client's local-mode UserWarning, a library's deprecation) as one
    stamped line each on the `py.warnings` logger, through `handler`, from `level` up: printed
    by the warnings module they reached the log bare, over two lines (file, then source line)."""
    logger = logging.getLogger("py.warnings")
    if handler not in logger.handlers:
        logger.addHandler(handler)
    logger.setLevel(level)
    warnings.showwarning = log_warning


def log_warning(message, category, filename, lineno, file=None, line=None) -> None:
    if file is not None:  # asked for on a given stream: printed there, as before
        PRINTED_WARNING(message, category, filename, lineno, file, line)
        return
    where = "/".join(filename.split("/")[-2:])  # package and file, as failures.frame_place
    logging.getLogger("py.warnings").warning(
        "%s: %s (%s:%s)", category.__name__, message, where, lineno
    )


class ToStderr(logging.StreamHandler):
    """Lines in our format to sys.stderr as it is when each is logged (redirected by then, or
    captured by a test), not as it was when the handler was made."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(IsoFormatter())

    @property
    def stream(self):  # noqa: ANN201 - a text stream
        return sys.stderr

    @stream.setter
    def stream(self, _: object) -> None:
        """Always sys.stderr."""


def say_migrations(level: str) -> None:
    """What a migration logs (from which revision to which) on stderr, whatever `boucle` command
    made it; once `serve` or `worker` set up Boucle's log (a handler on "boucle"), with the
    rest of their lines there instead."""
    logger = logging.getLogger("boucle.migrate")
    logger.setLevel(level)
    if not any(isinstance(handler, ToStderr) for handler in logger.handlers):
        handler = ToStderr()
        handler.addFilter(lambda _: not logging.getLogger("boucle").handlers)
        logger.addHandler(handler)


def uvicorn_log_config() -> dict:
    """uvicorn's logging set-up with our format: its start, error and access lines stamped."""
    from uvicorn.config import LOGGING_CONFIG  # here: every `boucle` command imports this module

    config = copy.deepcopy(LOGGING_CONFIG)
    for name in ("default", "access"):
        config["formatters"][name] = {"()": "api.logs.IsoFormatter", "fmt": FORMAT}
    return config


def stores_said(settings) -> str:
    """The database (password hidden) and the vector store a process works with, in words."""
    from sqlalchemy.engine import make_url

    from api.vectors.home import store_home

    if settings.database_url:
        database = make_url(settings.database_url).render_as_string(hide_password=True)
        if settings.database_schema:
            database += f" (schema {settings.database_schema})"
    else:
        database = f"SQLite at {(settings.data_dir / 'boucle.db').resolve()}"
    home = store_home(settings.data_dir, settings.qdrant_url)
    vectors = "qdrant-client's memory" if home is None else home.said()  # "store 55a8…, …"
    return f"database {database}, vectors in {vectors}"
