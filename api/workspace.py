"""Everything one Boucle process works with: the settings, the SQL store, the vector store and the
analyzer. The API, the CLI, the worker and the tests all build one of these."""

import threading
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from analyzer.needs import MatchThresholds
from api.sealed import secret_key
from api.search.words import WordTables
from api.settings import Settings
from api.storage import Database, sqlite_url
from api.storage.db import NoWorkspace
from api.storage.migrate import current_revision, require_head, upgrade
from api.themes.index import ThemeIndex
from api.vectors import VectorStore, open_vector_store
from api.vectors.home import claim_vectors, store_home
from api.webhooks.sealing import seal_clear_secrets

if TYPE_CHECKING:  # its module loads analyzer code, which commands reading SQL alone skip
    from api.tagging.service import Tagger

INSIGHTS = "insights"
NEEDS = "needs"

# Every payload field search can filter on gets an index in the vector store.
INSIGHT_INDEXES = {
    "feedback_id": "integer",
    "source": "keyword",
    "language": "keyword",
    "created_ts": "float",
    "sentiment": "keyword",
    "intents": "keyword",
    "urgency": "keyword",
    "account_id": "keyword",
    "segment": "keyword",
    "need_id": "integer",
    "theme_id": "integer",
    "score": "float",
}
NEED_INDEXES = {"status": "keyword"}  # merged needs leave the collection


@dataclass
class Workspace:
    settings: Settings
    db: Database
    vectors: VectorStore
    tagger: "Tagger"
    themes: ThemeIndex
    # Ingestion writes (SQL + vectors + need centroids) one batch at a time per process.
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    # The lemma tables of search's word boost: loaded on a first search, or by a server in the
    # background (api/app.py), searches ranking by meaning alone meanwhile.
    word_tables: WordTables = field(default_factory=WordTables)

    @property
    def thresholds(self) -> MatchThresholds:
        return MatchThresholds(
            auto=self.settings.need_auto_threshold, review=self.settings.need_review_threshold
        )

    @property
    def dim(self) -> int:
        return self.tagger.analyzer.resources.embedder.dim

    def close(self) -> None:
        self.vectors.close()
        self.db.close()


@dataclass
class Store:
    """The SQL and vector stores without the analyzer: for work that reads no text (an accounts
    or contacts import), so that no model loads."""

    settings: Settings
    db: Database
    vectors: VectorStore | None  # None for a contacts import: it writes no vector
    write_lock: threading.Lock = field(default_factory=threading.Lock)

    def close(self) -> None:
        if self.vectors is not None:
            self.vectors.close()
        self.db.close()


def open_store(settings: Settings, vectors: bool = True) -> Store:
    """The stores `open_workspace` opens, the insights' collection sized from the embedder's
    registered dimension (its class says it; nothing is loaded); `vectors`: False for work that
    writes none (contacts), so a server holding the vector store does not stop it."""
    from models.embedders import EMBEDDERS

    database = open_database(settings)
    if not vectors:
        return Store(settings, database, None)
    try:
        vectors = open_collections(settings, EMBEDDERS[settings.embedder].dim, database)
    except Exception:
        database.close()
        raise
    return Store(settings, database, vectors)


def session_info(settings: Settings) -> dict:
    """What the code that renders a message reads from its session: where links point; and
    what seals webhooks' secrets, read (or made) when first needed (api/sealed.py)."""
    return {"link_base": settings.link_base, "secret_key": partial(secret_key, settings)}


def open_database(settings: Settings, migrate: bool = True) -> Database:
    """The workspace's database at the latest schema; `migrate=False`: as brought_up_to_date."""
    return brought_up_to_date(connected(settings), migrate)


def connected(settings: Settings, make_schema: bool = True) -> Database:
    """The workspace's database as it is: nothing migrated; its PostgreSQL schema made if
    missing unless `make_schema` is False (a command that only reads)."""
    url = settings.database_url or sqlite_url(settings.data_dir)
    return Database(url, settings.database_schema, session_info(settings),
                    settings.database_connect_timeout, make_schema)  # fmt: skip


def brought_up_to_date(database: Database, migrate: bool = True) -> Database:
    """`database` at the latest schema, and no webhook secret left in clear (stored before they
    were sealed: the key is in the settings, which a migration does not see); closed if not.
    `migrate=False`, for the commands that do not migrate: a new, empty database is made, one
    at another revision is left as it is (NotMigrated), not upgraded under the servers still
    running on it."""
    try:
        if migrate or current_revision(database) is None:
            upgrade(database)
        else:
            require_head(database)
        seal_clear_secrets(database)
    except BaseException:
        database.close()
        raise
    return database


def open_existing_database(settings: Settings) -> Database:
    """The database of a workspace that exists: a command that only reads (export, list,
    backup) pointed at the wrong folder says so instead of answering from a new, empty one;
    one at another revision than this Boucle's is not migrated here (NotMigrated)."""
    if not settings.database_url and not (settings.data_dir / "boucle.db").is_file():
        raise NoWorkspace(
            f"no Boucle database in {settings.data_dir.resolve()}: set BOUCLE_DATA_DIR to the "
            "folder `boucle serve` uses (or BOUCLE_DATABASE_URL)"
        )
    if settings.database_url:  # a server database: Boucle's tables must be there already
        database = connected(settings, make_schema=False)  # a wrong schema is left unmade
        if not inspect(database.engine).has_table("alembic_version"):
            database.close()
            where = make_url(settings.database_url).render_as_string(hide_password=True)
            schema = f", schema {settings.database_schema}" if settings.database_schema else ""
            raise NoWorkspace(
                f"no Boucle tables in {where}{schema}: set BOUCLE_DATABASE_URL (and "
                "BOUCLE_DATABASE_SCHEMA) to the database `boucle serve` uses; nothing was written"
            )
        return brought_up_to_date(database, migrate=False)
    return open_database(settings, migrate=False)


class NotOpened:
    """Stands in for what a workspace was opened without (the models, the vector store): a
    command that reaches for it after all is told so, rather than failing on None."""

    def __init__(self, what: str) -> None:
        self._what = what

    def __getattr__(self, name: str):
        raise RuntimeError(f"this command opened the workspace without {self._what}")

    def close(self) -> None:
        """Nothing was opened: nothing to close."""


def open_sql_workspace(settings: Settings, vectors: bool = False) -> Workspace:
    """An existing workspace without its models: reading needs, VoC and the outbox, deciding a
    need or sending its messages analyse no text. Without `vectors` it is SQL alone, so it runs
    beside a serving `boucle serve` on the embedded store."""
    from models.embedders import EMBEDDERS  # its classes name their size: nothing loads

    database = open_existing_database(settings)
    if not vectors:
        return sql_only(settings, database)
    try:
        store = open_collections(settings, EMBEDDERS[settings.embedder].dim, database)
    except Exception:
        database.close()
        raise
    return Workspace(settings, database, store, NotOpened("the models"),
                     NotOpened("the theme index"))  # fmt: skip


def sql_only(settings: Settings, database: Database) -> Workspace:
    """A workspace of `database` alone: the vector store, the models and the theme index are
    NotOpened (a reach for them says so)."""
    return Workspace(settings, database, NotOpened("the vector store"), NotOpened("the models"),
                     NotOpened("the theme index"))  # fmt: skip


def open_collections(
    settings: Settings, dim: int, database: Database, take_over: bool = False
) -> VectorStore:
    """The configured vector store, once `database` is known to keep its vectors there
    (VectorsElsewhere if not). The store is recorded as their home only once it is open:
    `take_over` (a rebuild, a restore) records it once rebuilt (api/ops/doctor.py `repair`)."""
    home = store_home(settings.data_dir, settings.qdrant_url)
    # opened first: a Qdrant server that does not answer says so, rather than advice to move
    # the vectors to it
    vectors = open_vector_store(settings.data_dir, settings.qdrant_url, settings.qdrant_api_key)
    try:
        claim_vectors(database, home, take_over, record=False)
        vectors.ensure_collection(INSIGHTS, dim, INSIGHT_INDEXES)
        vectors.ensure_collection(NEEDS, dim, NEED_INDEXES)
        if not take_over:
            claim_vectors(database, home)
    except BaseException:
        vectors.close()
        raise
    return vectors


def claim_rebuilt(ws: "Workspace | Store") -> None:
    """The workspace's vector store, every vector just rewritten there from SQL, is their
    home now (`boucle doctor --repair`, `boucle restore`)."""
    home = store_home(ws.settings.data_dir, ws.settings.qdrant_url)
    claim_vectors(ws.db, home, take_over=True)


def open_workspace(
    settings: Settings,
    tagger: "Tagger",
    database: Database | None = None,
    take_over_vectors: bool = False,
) -> Workspace:
    """The whole workspace; `database`: one opened already (the server opens it first);
    `take_over_vectors`: the vectors are rebuilt here (open_collections)."""
    database = database or open_database(settings)
    dim = tagger.analyzer.resources.embedder.dim
    vectors = open_collections(settings, dim, database, take_over_vectors)
    themes = ThemeIndex(settings.theme_min_similarity)
    with database.session() as session:
        themes.reload(session)
    return Workspace(settings, database, vectors, tagger, themes)
