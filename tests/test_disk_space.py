"""A full disk under the embedded stores kills the process (SIGBUS from a memory map) with
nothing in the log: free space under BOUCLE_MIN_FREE_MB is said first, by /readyz, `serve` and
the worker."""

import logging

from fastapi.testclient import TestClient

from api.app import create_app
from api.ops.disk import LowDiskLog, free_mb, low_disk_space
from api.settings import Settings
from api.worker import Worker
from tests.serve_here import serve_up_to_uvicorn

MORE_THAN_ANY_DISK = 10**12  # MB: a petabyte


def test_free_space_is_read_where_the_data_dir_will_be(tmp_path) -> None:
    # read on the folder above it (other processes may write meanwhile: not to the megabyte)
    assert abs(free_mb(tmp_path / "not" / "made" / "yet") - free_mb(tmp_path)) < 100
    assert low_disk_space(tmp_path, int(free_mb(tmp_path) / 2)) is None
    assert low_disk_space(tmp_path, 0) is None  # 0: never checked
    problem = low_disk_space(tmp_path, MORE_THAN_ANY_DISK)
    assert problem.startswith("low disk space: ") and f"BOUCLE_DATA_DIR {tmp_path}" in problem
    assert "BOUCLE_MIN_FREE_MB=1000000000000" in problem


def test_low_disk_space_is_not_ready_and_logged_once_not_each_tick(
    settings: Settings, tagger, caplog
):
    with TestClient(create_app(settings, tagger)) as client:
        assert client.get("/readyz").status_code == 200
    low = settings.model_copy(update={"min_free_mb": MORE_THAN_ANY_DISK})
    with TestClient(create_app(low, tagger)) as client:
        ready = client.get("/readyz")
        assert (ready.status_code, ready.json()["status"]) == (503, "low disk space")
        assert "free some space or grow the volume" in ready.json()["error"]
        assert client.get("/healthz").status_code == 200  # a restart would not free the disk
        item = {"source": "zendesk", "external_id": "t1", "text": "Export is slow."}
        accepted = client.post("/v1/feedback", json={"items": [item]})
        assert accepted.status_code < 300  # writes go on (README): a margin, not a full disk
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="boucle.worker"):
            worker = Worker(client.app.state.workspace, 60, 0)
            worker.tick()
            worker.tick()  # 30 lines a minute at the 2 s tick buried the log
        lines = [r for r in caplog.records if r.name == "boucle.worker"]
        assert [r.levelno for r in lines] == [logging.WARNING]
        assert lines[0].getMessage().startswith("worker: low disk space: ")


def test_low_disk_space_is_logged_when_it_changes_and_now_and_then(tmp_path, caplog) -> None:
    now = [0.0]
    said = LowDiskLog(logging.getLogger("boucle.worker"), repeat_s=600, clock=lambda: now[0])
    with caplog.at_level(logging.INFO, logger="boucle.worker"):
        for at, min_free_mb in [(0, MORE_THAN_ANY_DISK), (2, MORE_THAN_ANY_DISK),
                                (599, MORE_THAN_ANY_DISK), (600, MORE_THAN_ANY_DISK),
                                (602, MORE_THAN_ANY_DISK), (604, 1), (606, 1),
                                (608, MORE_THAN_ANY_DISK)]:  # fmt: skip
            now[0] = at
            said.check(tmp_path, min_free_mb)
    lines = [r.getMessage() for r in caplog.records if r.name == "boucle.worker"]
    said_low = [line.startswith("worker: low disk space: ") for line in lines]
    assert said_low == [True, True, False, True]  # low at 0, still at 600, back at 604, low at 608
    assert lines[2].startswith("worker: disk space is back over BOUCLE_MIN_FREE_MB=1 ")


def test_serve_warns_at_start_on_low_disk_space(tmp_path, boucle, monkeypatch) -> None:
    env = {"BOUCLE_DATA_DIR": str(tmp_path), "BOUCLE_WORKER": "false",
           "BOUCLE_MIN_FREE_MB": str(MORE_THAN_ANY_DISK)}  # fmt: skip
    done, served = serve_up_to_uvicorn(boucle, monkeypatch, env)
    said = [line for line in done.stderr.splitlines() if "low disk space" in line]
    assert len(served) == 1 and said, done.stderr  # said, and served all the same
    assert " WARNING boucle.serve: low disk space: " in said[0], said
