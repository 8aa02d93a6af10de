"""Two processes on one database, each with an embedded vector store of its own, silently
disagreed: what one stored was searchable only there. The database now records which store
holds its vectors, and another embedded store is refused until it rebuilds them."""

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.feedback.schemas import FeedbackIn
from api.feedback.service import ingest
from api.ops.backup import backup, restore
from api.ops.doctor import repair
from api.search.service import Filters, search
from api.settings import Settings
from api.vectors.home import VectorsElsewhere
from api.workspace import INSIGHTS, open_database, open_workspace
from tests.conftest import POSTGRES_URL, fresh_sqlite_settings
from tests.serve_here import serve_up_to_uvicorn

SAYS = "this database's vectors live in another process's embedded store"


def beside(settings: Settings, data_dir: Path) -> Settings:
    """Another process's settings: the same database, its own data dir (and embedded store)."""
    url = settings.database_url or f"sqlite:///{settings.data_dir.resolve()}/boucle.db"
    return settings.model_copy(update={"data_dir": data_dir, "database_url": url})


def test_a_second_embedded_store_on_one_database_is_refused(store_settings, tagger, tmp_path):
    first = open_workspace(store_settings, tagger)
    try:
        ingest(first, [FeedbackIn(source="zendesk", external_id="1", text="Export crashes")])
        other = beside(store_settings, tmp_path / "other")
        with pytest.raises(VectorsElsewhere) as refused:
            open_workspace(other, tagger)
        said = str(refused.value)
        assert said.startswith(SAYS) and "BOUCLE_QDRANT_URL" in said, said
        assert str((store_settings.data_dir / "qdrant").resolve()) in said  # where they are
        assert "boucle doctor --repair" in said
    finally:
        first.close()
    open_workspace(store_settings, tagger).close()  # the same store again (a restart) is its own


def test_a_server_beside_another_store_says_so_on_readyz(store_settings, tagger, tmp_path):
    open_workspace(store_settings, tagger).close()
    other = beside(store_settings, tmp_path / "other")
    with TestClient(create_app(other)) as client:  # as served: it opens its stores at start
        deadline = time.monotonic() + 60
        while (ready := client.get("/readyz")).json()["status"] == "loading":
            assert time.monotonic() < deadline, "still loading"
            time.sleep(0.2)
        assert ready.status_code == 503 and SAYS in ready.json()["error"], ready.text
        assert client.get("/healthz").status_code == 503


def test_serve_beside_another_store_stops_before_binding(
    store_settings, tagger, tmp_path, boucle, monkeypatch
):
    open_workspace(store_settings, tagger).close()
    other = beside(store_settings, tmp_path / "other")
    env = {"BOUCLE_DATA_DIR": str(other.data_dir), "BOUCLE_DATABASE_URL": other.database_url,
           "BOUCLE_DATABASE_SCHEMA": other.database_schema or ""}  # fmt: skip
    done, served = serve_up_to_uvicorn(boucle, monkeypatch, env, "--port", "1")
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith(f"boucle: {SAYS}"), done.stderr
    assert served == []


def test_a_rebuild_moves_the_vectors_to_the_store_that_runs_it(store_settings, tagger, tmp_path):
    """`boucle doctor --repair` (and `restore`) open with take_over: that store holds them."""
    first = open_workspace(store_settings, tagger)
    ingest(first, [FeedbackIn(source="zendesk", external_id="1", text="Please add dark mode")])
    first.close()
    other = beside(store_settings, tmp_path / "other")
    moved = open_workspace(other, tagger, take_over_vectors=True)
    try:
        assert repair(moved).healthy
        assert search(moved, "dark theme", 1, Filters()).items[0].text == "Please add dark mode"
    finally:
        moved.close()
    with pytest.raises(VectorsElsewhere, match=str((tmp_path / "other").resolve())):
        open_workspace(store_settings, tagger)  # the first store is the other one now


def test_a_backup_carries_no_claim_and_restores_into_a_new_store(workspace, settings, tagger,
                                                                 tmp_path):  # fmt: skip
    ingest(workspace, [FeedbackIn(source="zendesk", external_id="1", text="Export crashes")])
    manifest = backup(workspace.db, tmp_path / "backup")
    assert "vector_home" not in manifest["rows"]
    fresh = open_workspace(settings.model_copy(update={"data_dir": tmp_path / "new"}), tagger)
    try:
        restore(fresh.db, tmp_path / "backup")  # the fresh store's claim stays
        assert repair(fresh, rebuild=True).healthy
    finally:
        fresh.close()
    again = open_workspace(settings.model_copy(update={"data_dir": tmp_path / "new"}), tagger)
    again.close()


@pytest.mark.parametrize("command", [["worker", "--once"], ["worker"], ["serve", "--port", "1"]])
def test_serve_and_worker_refuse_memory_vectors_on_a_database_with_a_store(
    store_settings, tagger, boucle, monkeypatch, command
) -> None:
    """A worker with BOUCLE_QDRANT_URL=:memory: on a database whose vectors live in Qdrant Edge
    "repaired" all of them into memory (its erasures would leave them in the store)."""
    import uvicorn

    from api.tagging import shared
    from api.worker import Worker

    ws = open_workspace(store_settings, tagger)
    ingest(ws, [FeedbackIn(source="zendesk", external_id="1", text="Export crashes")])
    ws.close()
    # the session's tagger, not a build; and kept out of the CLI's cache of taggers
    monkeypatch.setattr(shared, "shared_tagger", lambda config: tagger)
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: print("served"))  # no port bound
    monkeypatch.setattr(Worker, "run", lambda self: print("worked"))  # no endless loop
    env = {"BOUCLE_DATA_DIR": str(store_settings.data_dir), "BOUCLE_QDRANT_URL": ":memory:",
           "BOUCLE_DATABASE_URL": store_settings.database_url or "",
           "BOUCLE_DATABASE_SCHEMA": store_settings.database_schema or ""}  # fmt: skip
    done = boucle(*command, env={k: v for k, v in env.items() if v})
    err = done.stderr
    assert (done.returncode, done.stdout) == (1, ""), (done.stdout, err)
    edge = str((store_settings.data_dir / "qdrant").resolve())
    assert err.splitlines()[-1].startswith("boucle: BOUCLE_QDRANT_URL is ':memory:' but this "
                                           "database's vectors live in store "), err  # fmt: skip
    assert edge in err and "Traceback" not in err


NO_SERVER = {"BOUCLE_QDRANT_URL": "http://127.0.0.1:1"}  # nothing listens there


@pytest.mark.parametrize("command", [["doctor", "--repair"], ["doctor"]])
def test_a_qdrant_server_that_does_not_answer_is_said_and_never_made_the_home(
    store_settings, tagger, share_with_cli, boucle, command
):
    """`doctor --repair` (or a restore) against a server that did not answer recorded it as the
    vectors' home, and a plain `boucle serve` then refused to start; a plain `doctor` advised to
    `--repair` onto that server."""
    open_workspace(store_settings, tagger).close()  # the embedded store holds the vectors
    share_with_cli(store_settings)
    done = boucle(*command, env=NO_SERVER)
    assert done.returncode == 1, done.stderr
    assert "cannot use the Qdrant server at http://127.0.0.1:1" in done.stderr, done.stderr
    assert "--repair" not in done.stderr
    open_workspace(store_settings, tagger).close()  # still their home: no VectorsElsewhere


OWNED = "the vector store (store "  # owned_elsewhere: which database the store holds the vectors of


def another_database(settings: Settings, folder: Path) -> Settings:
    """`settings` with its data dir (and embedded store) kept, on a new, empty database."""
    folder.mkdir(parents=True)
    return settings.model_copy(
        update={"database_url": f"sqlite:///{folder}/boucle.db", "database_schema": None}
    )


@pytest.mark.parametrize("command", [["serve", "--port", "1"], ["worker", "--once"], ["doctor"]])
def test_a_store_holding_another_databases_vectors_refuses_a_new_database(
    store_settings, tagger, tmp_path, boucle, monkeypatch, command
):
    """A data dir's store started on a new, empty database was emptied to match it ("repairing
    it from the database"), and the first database's start then rebuilt it back."""
    import uvicorn

    from api.tagging import shared
    from api.worker import Worker

    first = open_workspace(store_settings, tagger)
    ingest(first, [FeedbackIn(source="zendesk", external_id="1", text="Export crashes")])
    first.close()
    other = another_database(store_settings, tmp_path / "b")
    if command == ["doctor"]:  # it makes no tables: a new database Boucle has migrated
        open_database(other).close()
    monkeypatch.setattr(shared, "shared_tagger", lambda config: tagger)
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: print("served"))  # no port bound
    monkeypatch.setattr(Worker, "run", lambda self: print("worked"))  # no endless loop
    env = {"BOUCLE_DATA_DIR": str(other.data_dir), "BOUCLE_DATABASE_URL": other.database_url}
    done = boucle(*command, env=env)
    err = done.stderr
    assert (done.returncode, done.stdout) == (1, ""), (done.stdout, err)
    said = err.strip().splitlines()[-1]
    assert said.startswith(f"boucle: {OWNED}"), err
    first_database = "SQLite at" if store_settings.database_url is None else POSTGRES_URL
    assert f"holds the vectors of another database ({first_database}" in said, said
    assert str(tmp_path / "b" / "boucle.db") in said  # this one
    assert "boucle restore" in said and "boucle doctor --repair" in said
    again = open_workspace(store_settings, tagger)  # the first database's start: all still there
    try:
        assert again.vectors.count(INSIGHTS) == 1
    finally:
        again.close()


def test_doctor_repair_makes_the_store_hold_the_new_databases_vectors(
    store_settings, tagger, tmp_path
):
    """Deliberately: the store is the new database's then, and the first one is refused."""
    open_workspace(store_settings, tagger).close()
    other = another_database(store_settings, tmp_path / "b")
    moved = open_workspace(other, tagger, take_over_vectors=True)  # as `doctor --repair` opens
    try:
        assert repair(moved).healthy
    finally:
        moved.close()
    open_workspace(other, tagger).close()  # its own now
    with pytest.raises(VectorsElsewhere) as refused:
        open_workspace(store_settings, tagger)
    assert str(refused.value).startswith(OWNED)
    assert str(tmp_path / "b" / "boucle.db") in str(refused.value)


def test_a_database_made_again_at_the_same_address_is_told_apart(settings, tagger, migrated_sqlite):
    """A database dropped and made again (or loaded from a dump) at the same address is
    another one: the refusal names that address once, not as two databases."""
    open_workspace(settings, tagger).close()
    (settings.data_dir / "boucle.db").unlink()
    fresh_sqlite_settings(settings.data_dir, migrated_sqlite)  # an empty one in its place
    with pytest.raises(VectorsElsewhere) as refused:
        open_workspace(settings, tagger)
    said = str(refused.value)
    assert said.startswith(OWNED) and "an earlier database at this same address (SQLite at " in said
    assert "boucle doctor --repair" in said
