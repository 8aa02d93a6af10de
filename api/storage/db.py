"""The SQL store: one engine and session factory, SQLite by default or PostgreSQL by URL, migrated
to the latest schema when opened."""

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, String, Table, create_engine, event, func, literal, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from api.private_dir import make_private_dir
from api.storage.accents import ACCENTED, PLAIN, without_accents
from api.timezone import LOCAL_TIME_SQL, local_time

# The SQLite function, registered on each connection, that folds case as Python does and drops
# accents: SQLite's lower() folds only ASCII ("Élodie" stays "Élodie").
FOLD_SQL = "boucle_fold"
SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
SQLITE_MMAP_BYTES = 1 << 30  # address space, not memory: pages stay the OS's file cache
CONNECT_TIMEOUT_S = 10  # BOUCLE_DATABASE_CONNECT_TIMEOUT's default


class Database:
    def __init__(
        self,
        url: str,
        schema: str | None = None,
        info: dict | None = None,
        connect_timeout_s: int = CONNECT_TIMEOUT_S,
        make_schema: bool = True,
    ) -> None:
        self.url = url
        self.schema = schema
        self.engine = make_engine(url, schema, connect_timeout_s, make_schema)
        # `info`: what every session knows of the workspace (`session.info`), e.g. where the
        # links sent to customers point; migrations read it too (the key that seals secrets)
        self.info = info or {}
        self.sessions = sessionmaker(self.engine, expire_on_commit=False, info=self.info)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back if it raises."""
        with self.sessions() as session, session.begin():
            yield session

    def drop_schema(self) -> None:
        """Remove a PostgreSQL schema and everything in it (test isolation)."""
        if self.dialect == "postgresql" and self.schema:
            with self.engine.begin() as connection:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))

    def compact(self) -> None:
        """After an erasure: SQLite's write-ahead log still holds the erased pages until a
        checkpoint copies it into the file and empties it (PostgreSQL's autovacuum reclaims)."""
        if self.dialect == "sqlite":
            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        self.engine.dispose()


class NoWorkspace(Exception):
    """A command that reads stored data found none where the settings point."""


def sqlite_url(data_dir: Path) -> str:
    # Feedback holds customers' words and addresses: a new workspace is its owner's alone.
    make_private_dir(data_dir)
    path = data_dir / "boucle.db"
    if not path.exists():  # SQLite gives its -wal and -shm files the database file's mode
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    return f"sqlite:///{path.resolve()}"


def make_engine(
    url: str,
    schema: str | None,
    connect_timeout_s: int = CONNECT_TIMEOUT_S,
    make_schema: bool = True,
) -> Engine:
    """The engine of `url`; on PostgreSQL within `schema`, made if missing unless `make_schema`
    is False (a reading command: it left an empty schema behind, "nothing was written")."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            hide_parameters=True,  # an error's message would quote feedback text (api/failures)
        )

        @event.listens_for(engine, "connect")
        def sqlite_pragmas(connection, _record) -> None:
            cursor = connection.cursor()
            # WAL lets readers work while the worker writes; foreign keys are off by default.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            # Deleted content is overwritten, not left in free pages: the unredacted text
            # cleared after analysis, and whatever an erasure on request removes.
            cursor.execute("PRAGMA secure_delete=ON")
            # Reads map the file instead of copying each page through a read() call: the theme
            # rollups look up a feedback row per insight, 2-3x faster at 175,000 insights.
            cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
            cursor.close()
            # BOUCLE_TIMEZONE's periods: SQLite has no zones (api/themes/trends.period_sql)
            connection.create_function(LOCAL_TIME_SQL, 2, local_time, deterministic=True)
            connection.create_function(FOLD_SQL, 1, fold, deterministic=True)

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    connect_args: dict[str, object] = {}
    # A server that accepts and never answers held every command for minutes (the kernel's
    # TCP retries); a URL's own ?connect_timeout= wins.
    if url_connect_timeout(url) is None:
        connect_args["connect_timeout"] = connect_timeout_s
    if schema:
        if not SCHEMA_NAME.match(schema):
            raise ValueError(f"schema {schema!r}: use lower-case letters, digits and _")
        connect_args["options"] = f"-csearch_path={schema}"
    engine = create_engine(
        url,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=10,
        connect_args=connect_args,
        hide_parameters=True,  # an error's message would quote feedback text (api/failures)
    )
    if schema and make_schema:
        with engine.begin() as connection:  # one process at a time, as migrations are
            connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('boucle:migrate'))"))
            connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    return engine


def url_connect_timeout(url: str) -> str | None:
    """The ?connect_timeout= a database URL sets itself (the last one given), else None."""
    given = make_url(url).query.get("connect_timeout")
    return given if given is None or isinstance(given, str) else given[-1]


def connect_wait(url: str, connect_timeout_s: int) -> tuple[int, str]:
    """How long psycopg waits for a new connection to answer, in seconds, and what set it: the
    URL's connect_timeout, else BOUCLE_DATABASE_CONNECT_TIMEOUT. As psycopg counts it: at least
    2 s, and 130 s for 0 or less (psycopg.conninfo.timeout_from_conninfo)."""
    given = url_connect_timeout(url)
    seconds, source = (connect_timeout_s, "BOUCLE_DATABASE_CONNECT_TIMEOUT") if given is None \
        else (int(given), "connect_timeout in BOUCLE_DATABASE_URL")  # fmt: skip
    return (130 if seconds <= 0 else max(seconds, 2)), source


def fold(value: str | None) -> str | None:
    """FOLD_SQL: `value` in lower case, every letter, without accents (None stays None)."""
    return None if value is None else without_accents(value).casefold()


def starts_with_folded(column, prefix: str, dialect: str, after: str = ""):
    """`column` starts with `prefix` (`after` anything ending in `after`: " " for a word
    within), any case and accents aside ("electricite" finds "Électricité"): Python's fold on
    SQLite, the server's lower() (every letter under a UTF-8 locale) then translate() on
    PostgreSQL. `%` and `_` in `prefix` are plain characters."""
    escaped = prefix.replace("/", "//").replace("%", "/%").replace("_", "/_")
    start = f"%{after}" if after else ""
    if dialect == "sqlite":
        return getattr(func, FOLD_SQL)(column, type_=String).like(
            f"{start}{fold(escaped)}%", escape="/"
        )
    folded = _folded_on_server(literal(escaped, String))
    return _folded_on_server(column).like(start + folded + "%", escape="/")


def _folded_on_server(value):
    """PostgreSQL's fold: lower case, then each accented letter as its plain one."""
    return func.translate(func.lower(value), ACCENTED, PLAIN, type_=String)


def take_turn(session: Session, name: str) -> None:
    """Make transactions that take the turn `name` run one after another, across threads and
    processes: the next one waits here until this one commits or rolls back. Call it first in
    the transaction (a SQLite reader cannot become a writer once another has committed)."""
    if session.bind.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": name})
    else:  # SQLite has one writer at a time: a write that changes nothing takes that turn now
        session.execute(text("UPDATE alembic_version SET version_num = version_num WHERE 0"))


def insert_new_rows(
    session: Session, table: Table, rows: list[dict], key: list[str] | None
) -> set[int]:
    """INSERT ... ON CONFLICT (key) DO NOTHING on either engine (key None: on any unique
    constraint); the ids of the rows inserted. Concurrent writers of the same row store it once."""
    dialect = postgresql if session.bind.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).on_conflict_do_nothing(index_elements=key)
    statement = statement.returning(table.c.id)
    inserted: set[int] = set()
    for start in range(0, len(rows), 200):  # one statement per chunk keeps SQLite's limits
        inserted |= set(session.execute(statement, rows[start : start + 200]).scalars())
    return inserted
