"""Shared fixtures: one real analyzer for the whole run (models load once), an app around it."""

import io
import os
import shutil
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from fastapi.testclient import TestClient  # noqa: E402

from analyzer import Analyzer, AnalyzerConfig  # noqa: E402
from api.app import create_app  # noqa: E402
from api.settings import Settings  # noqa: E402
from api.tagging.service import Tagger  # noqa: E402
from tests.schema_copies import SchemaTemplate  # noqa: E402
from tests.vector_copies import copy_store, make_empty_store  # noqa: E402

DATASETS = Path(
    os.environ.get("BOUCLE_DATASETS", Path(__file__).resolve().parents[2] / "shared" / "datasets")
)


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return Analyzer(AnalyzerConfig())


@pytest.fixture(scope="session")
def analyzer_without_negation() -> Analyzer:
    """The analyzer before the negation stage's rules: to show what a rule changes."""
    from analyzer import DEFAULT_STAGES

    return Analyzer(AnalyzerConfig(stages=tuple(s for s in DEFAULT_STAGES if s != "negation")))


@pytest.fixture(scope="session")
def tagger(analyzer: Analyzer) -> Tagger:
    return Tagger(analyzer)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database brought to the latest schema once per run: a fresh store copies it
    instead of running every migration again (about a second each on this 2-core host, for
    hundreds of tests). The migrations themselves still run in test_migrations.py and on every
    PostgreSQL store."""
    from api.workspace import open_database

    data_dir = tmp_path_factory.mktemp("migrated") / "data"
    open_database(Settings(data_dir=data_dir, worker=False)).close()
    return data_dir / "boucle.db"


def fresh_sqlite_settings(data_dir: Path, migrated: Path) -> Settings:
    """Settings for a new SQLite workspace in `data_dir` that starts at the latest schema, as
    `open_database` would leave it (a private folder, a 0600 file)."""
    from api.private_dir import make_private_dir

    make_private_dir(data_dir)
    shutil.copyfile(migrated, data_dir / "boucle.db")
    (data_dir / "boucle.db").chmod(0o600)
    return Settings(data_dir=data_dir, worker=False)


@pytest.fixture
def settings(tmp_path: Path, migrated_sqlite: Path) -> Settings:
    return fresh_sqlite_settings(tmp_path / "data", migrated_sqlite)


@pytest.fixture(scope="session")
def empty_vector_store(tmp_path_factory: pytest.TempPathFactory, tagger: Tagger) -> Path:
    """An empty Qdrant Edge store (both collections, their payload indexes) made once per run:
    the fixtures that open a workspace copy it in (with_empty_vectors) instead of making one."""
    root = tmp_path_factory.mktemp("vectors") / "qdrant"
    make_empty_store(root, tagger.analyzer.resources.embedder.dim)
    return root


def with_empty_vectors(settings: Settings, template: Path) -> Settings:
    """`settings`, its embedded vector store started from `template` when it has none yet."""
    root = settings.data_dir / "qdrant"
    if settings.qdrant_url is None and not root.exists():
        copy_store(template, root)
    return settings


@pytest.fixture
def client(settings: Settings, tagger: Tagger, empty_vector_store: Path) -> TestClient:
    app = create_app(with_empty_vectors(settings, empty_vector_store), tagger)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def datasets() -> Path:
    if not (DATASETS / "README.md").is_file():
        raise RuntimeError(
            f"public data sets not found at {DATASETS}: clone beside ../shared or set BOUCLE_DATASETS"
        )
    return DATASETS


POSTGRES_URL = os.environ.get("BOUCLE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(params=["sqlite", "postgresql"])
def unmigrated_store_settings(request, tmp_path: Path) -> Settings:
    """Settings for a fresh, isolated store with no table yet (a test that migrates it step by
    step): a temp SQLite file, or an own PostgreSQL schema."""
    settings = Settings(data_dir=tmp_path / "data", worker=False)
    if request.param == "postgresql":
        schema = f"boucle_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        settings = settings.model_copy(
            update={"database_url": POSTGRES_URL, "database_schema": schema}
        )
        request.addfinalizer(lambda: drop_schema(schema))
    return settings


@pytest.fixture(scope="session")
def migrated_postgres(tmp_path_factory: pytest.TempPathFactory) -> SchemaTemplate:
    """A PostgreSQL schema brought to the latest schema once per run, as SQL: a fresh store
    replays it under its own schema's name (a few ms of the server's) instead of running every
    migration again (~0.2 s each). The migrations themselves still run on every
    `unmigrated_store_settings` (test_migrations.py, test_cli_migrations.py)."""
    from api.workspace import open_database

    schema = f"boucle_template_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    settings = Settings(data_dir=tmp_path_factory.mktemp("migrated_postgres"), worker=False,
                        database_url=POSTGRES_URL, database_schema=schema)  # fmt: skip
    try:
        open_database(settings).close()
        return SchemaTemplate(POSTGRES_URL, schema)
    finally:
        drop_schema(schema)


@pytest.fixture
def store_settings(request, unmigrated_store_settings: Settings, migrated_sqlite: Path) -> Settings:
    """Settings for a fresh, isolated store at the latest schema already: a temp SQLite file,
    or an own PostgreSQL schema."""
    if unmigrated_store_settings.database_url:
        template: SchemaTemplate = request.getfixturevalue("migrated_postgres")
        template.copy_to(POSTGRES_URL, unmigrated_store_settings.database_schema)
        return unmigrated_store_settings
    return fresh_sqlite_settings(unmigrated_store_settings.data_dir, migrated_sqlite)


def drop_schema(schema: str) -> None:
    from api.storage import Database

    database = Database(POSTGRES_URL, schema)
    database.drop_schema()
    database.close()


@pytest.fixture
def workspace(store_settings: Settings, tagger: Tagger, empty_vector_store: Path):
    from api.workspace import open_workspace

    ws = open_workspace(with_empty_vectors(store_settings, empty_vector_store), tagger)
    yield ws
    ws.close()


@pytest.fixture
def store_client(store_settings: Settings, tagger: Tagger, empty_vector_store: Path) -> TestClient:
    app = create_app(with_empty_vectors(store_settings, empty_vector_store), tagger)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def share_with_cli(monkeypatch):
    """Call with a store's Settings: `boucle` (its BOUCLE_* variables) opens that store too."""
    from api.settings import get_settings

    def share(settings: Settings) -> None:
        monkeypatch.setenv("BOUCLE_DATA_DIR", str(settings.data_dir))
        monkeypatch.setenv("BOUCLE_TIMEZONE", settings.timezone)
        if settings.database_url:
            monkeypatch.setenv("BOUCLE_DATABASE_URL", settings.database_url)
            monkeypatch.setenv("BOUCLE_DATABASE_SCHEMA", settings.database_schema)
        get_settings.cache_clear()

    yield share
    get_settings.cache_clear()


@pytest.fixture
def boucle(monkeypatch, capsys):
    """Call with `boucle`'s arguments (and `env`, `stdin`): the command runs in this process,
    through the `main()` that `python -m api` calls, and answers as `subprocess.run` would. A
    new process loads the models again (tens of seconds on this 2-core host): keep one for what
    only a process of its own shows (a kill, a lock held elsewhere, what reaches the terminal).
    `env` adds to this process's variables until the test ends."""
    import logging

    from api.cli import main
    from api.settings import get_settings

    # `boucle worker` sets Boucle's logger up for a terminal (a handler on this test's captured
    # stderr, a level): undone after, or later tests would log to a closed stream.
    boucle_log = logging.getLogger("boucle")
    handlers, level = list(boucle_log.handlers), boucle_log.level

    def run(*args: str, env: dict[str, str] | None = None, stdin: str = ""):
        for name, value in (env or {}).items():
            monkeypatch.setenv(name, value)
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()  # what the test printed before is not the command's
        get_settings.cache_clear()
        try:
            code = main(list(args))
        except SystemExit as exited:  # argparse (--help, a bad argument), a refusal's message
            code = exited.code
            if isinstance(code, str):  # as Python says it, on stderr with status 1
                print(code, file=sys.stderr)
                code = 1
            code = code or 0
        finally:
            get_settings.cache_clear()
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(["boucle", *args], code, out, err)

    yield run
    get_settings.cache_clear()
    boucle_log.handlers[:] = handlers
    boucle_log.setLevel(level)


# The longest modules (seconds of a 2-worker run, measured 2026-12-06) start first: with
# `--dist loadscope` a module runs whole on one worker, and the browser tests' 4 minutes started
# last kept one worker busy while the other sat idle. The second browser module comes later: it
# would wait for the first one's demo (demo_data_dir) instead of running other modules.
LONGEST_FIRST = ("test_web_e2e", "test_webhook_subscriptions", "test_loop", "test_privacy",
                 "test_cli", "test_import", "test_web_priorities_e2e")  # fmt: skip


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        module = item.path.stem
        return LONGEST_FIRST.index(module) if module in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: within a module, and among the rest, the order stays


@pytest.fixture(scope="session")
def demo_data_dir(request, tmp_path_factory: pytest.TempPathFactory, migrated_sqlite: Path) -> Path:
    """scripts/load_demo.py's demo, loaded once per run (tests/demo_template.py): a browser
    test's server serves a copy of it (copy_of_demo), never this folder."""
    from tests.demo_template import demo_template, run_folder

    return demo_template(
        run_folder(tmp_path_factory),
        lambda data: fresh_sqlite_settings(data, migrated_sqlite),
        lambda: request.getfixturevalue("tagger"),
    )


@pytest.fixture(autouse=True)
def purges_finish_with_their_test():
    """A test's erasure rewrites the vector store in a background thread (api/privacy/purge.py
    want_purge); it ends with its test, or its log line lands in a later test's captured stderr."""
    yield
    for thread in threading.enumerate():
        if thread.name == "boucle-purge":
            thread.join(timeout=60)
