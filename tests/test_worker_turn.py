"""One background worker per workspace: `serve --workers N` starts a worker thread in each of
its processes (and `boucle worker` may run beside them); on PostgreSQL only the one holding the
schema's advisory lock ticks, and another takes over when it stops or its connection dies."""

import os
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from api.settings import Settings
from api.storage import Database
from api.tagging.service import Tagger
from api.worker import Worker
from api.worker_turn import WorkerTurn
from api.workspace import open_workspace
from tests.conftest import POSTGRES_URL, drop_schema


@pytest.fixture
def schema():
    name = f"boucle_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    yield name
    drop_schema(name)


def postgres_settings(data_dir: Path, schema: str) -> Settings:
    # ":memory:" vectors: two workspaces of one database in one test process
    return Settings(data_dir=data_dir, worker=False, database_url=POSTGRES_URL,
                    database_schema=schema, qdrant_url=":memory:")  # fmt: skip


@pytest.fixture
def two_workers(tmp_path: Path, schema: str, tagger: Tagger):
    """Two workers on one schema, as two processes of `serve --workers 2` have; retry_s=0: a
    stand-by tries to take over at each step instead of once a minute."""
    spaces = [open_workspace(postgres_settings(tmp_path / name, schema), tagger)
              for name in ("first", "second")]  # fmt: skip
    workers = [Worker(ws, 60, 0, WorkerTurn(ws.db, retry_s=0)) for ws in spaces]
    yield workers
    for worker, ws in zip(workers, spaces, strict=True):
        worker.turn.release()
        ws.close()


def test_only_one_worker_ticks_and_the_other_takes_over_when_it_stops(two_workers) -> None:
    first, second = two_workers
    assert first.step() and first.reconciled  # its first tick checked the vector store
    assert not second.step() and not second.reconciled  # it never ticked
    assert first.step() and not second.step()  # the turn stays with its holder
    first.turn.release()  # the process stopped: its session, and the lock, are gone
    assert second.step() and second.reconciled
    assert not first.step()  # back, it stands by


def test_a_worker_whose_connection_dies_loses_its_turn(two_workers, caplog) -> None:
    """A routine reconnect logged `ERROR ... cannot tell whose turn it is:
    PendingRollbackError`: the lost session's transaction was never rolled back."""
    first, second = two_workers
    assert first.step()
    backend = first.turn.held.scalar(text("SELECT pg_backend_pid()"))
    first.turn.held.commit()
    admin = Database(POSTGRES_URL)
    with admin.engine.begin() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
    admin.close()
    deadline = time.monotonic() + 30  # the server frees the lock as the backend exits
    while not second.step():
        assert time.monotonic() < deadline, "the lock of a terminated session was never freed"
        time.sleep(0.1)
    caplog.clear()
    assert not first.step()  # it notices its session is gone and finds the turn taken
    said = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "boucle.worker"]
    # "stands by to take over" (INFO) is captured too where an earlier test of the same process
    # set the logger's level (a full run with -n 2 did): only the warnings and errors count
    said = [(level, message) for level, message in said if level != "INFO"]
    assert [level for level, _ in said] == ["WARNING"], said  # no ERROR
    assert "connection holding the worker's turn is gone" in said[0][1]


def test_each_schema_has_its_own_worker(schema: str) -> None:
    other = f"{schema}_b"
    databases = [Database(POSTGRES_URL, name) for name in (schema, other)]
    turns = [WorkerTurn(db) for db in databases]
    try:
        assert all(turn.mine() for turn in turns)
    finally:
        for turn, db in zip(turns, databases, strict=True):
            turn.release()
            db.close()
        drop_schema(other)


def test_a_sqlite_workspace_always_runs_its_worker(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'boucle.db'}")
    assert WorkerTurn(db).mine() and WorkerTurn(db).mine()  # one process: no lock to take
    db.close()


def test_worker_once_refuses_while_another_process_runs_the_worker(
    tmp_path: Path, schema: str, share_with_cli, capsys
) -> None:
    """`boucle worker --once` took no turn: beside `serve --workers N` it drained, delivered and
    built indexes at the same time as the worker holding the lock."""
    from api.cli import main
    from api.feedback.cli import WORKER_BUSY
    from api.workspace import open_database

    settings = postgres_settings(tmp_path, schema)
    database = open_database(settings)  # the schema the server made: its lock is this schema's
    holder = WorkerTurn(database, retry_s=0)
    share_with_cli(settings)
    try:
        assert holder.mine()  # a serving process runs the worker
        assert main(["worker", "--once"]) == WORKER_BUSY
        said = capsys.readouterr()
        assert "another process" in said.err and "nothing done" in said.err
        assert "analysed" not in said.out
        holder.release()  # it stopped: the pass runs, and gives the turn back when done
        assert main(["worker", "--once"]) == 0
        assert "0 pending items analysed" in capsys.readouterr().out
        assert holder.mine()
    finally:
        holder.release()
        database.close()


def test_worker_once_is_a_full_pass_retention_and_vector_repair_included(
    settings: Settings, tagger: Tagger, share_with_cli, monkeypatch, capsys
) -> None:
    """`boucle worker --once` (the cron mode) analysed, delivered and built indexes only: it
    never expired feedback past BOUCLE_RETENTION_DAYS nor repaired a vector store out of step
    with SQL, as each start of the long-running worker does."""
    from datetime import UTC, datetime, timedelta

    from fastapi.testclient import TestClient
    from sqlalchemy import func, select

    from api.app import create_app
    from api.cli import main
    from api.storage.tables import Feedback, Insight
    from api.workspace import INSIGHTS, open_sql_workspace
    from tests.test_privacy import ingest, item

    old = (datetime.now(UTC) - timedelta(days=400)).isoformat()
    with TestClient(create_app(settings, tagger)) as client:
        _, new = ingest(client, item("t-old", "The export crashes on big files.", created_at=old),
                        item("t-new", "The export is slow."))  # fmt: skip
        # a point lost (a vector store restored from elsewhere): search would miss the insight
        client.app.state.workspace.vectors.delete(INSIGHTS, [new["insights"][0]["id"]])
    share_with_cli(settings)
    monkeypatch.setenv("BOUCLE_RETENTION_DAYS", "365")

    assert main(["worker", "--once"]) == 0
    assert "0 pending items analysed" in capsys.readouterr().out
    ws = open_sql_workspace(settings, vectors=True)
    try:
        with ws.db.session() as session:
            assert list(session.scalars(select(Feedback.external_id))) == ["t-new"]
            insights = session.scalar(select(func.count()).select_from(Insight))
        assert insights == ws.vectors.count(INSIGHTS) == 1
    finally:
        ws.close()


class Killed(Exception):
    """What SIGTERM's default action stands for here: the process dying mid-turn."""


def test_sigterm_stops_the_worker_as_ctrl_c_does(
    settings: Settings, share_with_cli, monkeypatch, capsys
) -> None:
    """`docker stop` sends SIGTERM: `boucle worker` died at once mid-turn, where Ctrl-C left
    its turn cleanly and exited 0. Mid-tick here, as a long analysis would be."""
    import signal

    from api.cli import main

    def killed(signum, frame) -> None:
        raise Killed  # the test process must outlive a worker that ignores the signal

    ticks: list[int] = []

    def tick(self) -> None:
        ticks.append(1)
        signal.raise_signal(signal.SIGTERM)
        pytest.fail("the tick went on after SIGTERM")

    share_with_cli(settings)
    monkeypatch.setenv("BOUCLE_WORKER_INTERVAL_S", "0.01")
    monkeypatch.setattr(Worker, "tick", tick)
    previous = signal.signal(signal.SIGTERM, killed)
    try:
        assert main(["worker"]) == 0
        assert signal.getsignal(signal.SIGTERM) is killed  # given back once the worker stopped
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert ticks == [1] and "Traceback" not in capsys.readouterr().err


def test_a_worker_that_fails_still_closes_its_workspace(
    settings: Settings, share_with_cli, monkeypatch
) -> None:
    """Only an interrupt reached `ws.close()`: any other error left the embedded vector store
    locked for the rest of the process."""
    from api.cli import main
    from api.workspace import open_sql_workspace

    def broken(self) -> None:
        raise RuntimeError("the loop broke")

    share_with_cli(settings)
    monkeypatch.setattr(Worker, "run", broken)
    with pytest.raises(RuntimeError, match="the loop broke"):
        main(["worker"])
    open_sql_workspace(settings, vectors=True).close()  # the store is free again
