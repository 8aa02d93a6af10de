"""A full disk under the embedded stores kills the process (SIGBUS from a memory map) with
nothing in the log: free space under BOUCLE_MIN_FREE_MB is said first, by /readyz, `serve` and
the worker."""

import logging
import os

from fastapi.testclient import TestClient

from api.app import create_app
from api.ops.disk import free_mb, low_disk_space
from api.settings import Settings
from api.worker import Worker
from tests.processes import serve_lines_until

MORE_THAN_ANY_DISK = 10**12  # MB: a petabyte


def test_free_space_is_read_where_the_data_dir_will_be(tmp_path) -> None:
    # read on the folder above it (other processes may write meanwhile: not to the megabyte)
    assert abs(free_mb(tmp_path / "not" / "made" / "yet") - free_mb(tmp_path)) < 100
    assert low_disk_space(tmp_path, int(free_mb(tmp_path) / 2)) is None
    assert low_disk_space(tmp_path, 0) is None  # 0: never checked
    problem = low_disk_space(tmp_path, MORE_THAN_ANY_DISK)
    assert problem.startswith("low disk space: ") and f"BOUCLE_DATA_DIR {tmp_path}" in problem
    assert "BOUCLE_MIN_FREE_MB=1000000000000" in problem


def test_low_disk_space_is_not_ready_and_logged_each_tick(settings: Settings, tagger, caplog):
    with TestClient(create_app(settings, tagger)) as client:
        assert client.get("/readyz").status_code == 200
    low = settings.model_copy(update={"min_free_mb": MORE_THAN_ANY_DISK})
    with TestClient(create_app(low, tagger)) as client:
        ready = client.get("/readyz")
        assert (ready.status_code, ready.json()["status"]) == (503, "low disk space")
        assert "free some space or grow the volume" in ready.json()["error"]
        assert client.get("/healthz").status_code == 200  # a restart would not free the disk
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="boucle.worker"):
            worker = Worker(client.app.state.workspace, 60, 0)
            worker.tick()
            worker.tick()
        lines = [r for r in caplog.records if r.name == "boucle.worker"]
        assert [r.levelno for r in lines] == [logging.WARNING] * 2
        assert all(r.getMessage().startswith("worker: low disk space: ") for r in lines)


def test_serve_warns_at_start_on_low_disk_space(tmp_path) -> None:
    env = {**os.environ, "BOUCLE_DATA_DIR": str(tmp_path), "BOUCLE_WORKER": "false",
           "BOUCLE_MIN_FREE_MB": str(MORE_THAN_ANY_DISK)}  # fmt: skip
    said = serve_lines_until(env, "low disk space")
    assert said and " WARNING boucle.serve: low disk space: " in said[-1], said
