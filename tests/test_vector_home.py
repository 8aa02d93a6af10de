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
from api.workspace import open_workspace
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
