"""Each process of `serve --workers N` (and a second server on the same PostgreSQL, or one
restarted while another runs) failed at its start every job still running, those a live process
ran included. A job now names the process running it and beats; a start fails only the jobs whose
process is gone: its pid dead on this host, or its beat stale."""

import os
import threading
import time
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

import api.jobs
from api.app import create_app
from api.jobs import (
    ABANDONED,
    RUNNER_TOKEN,
    STALE_S,
    beat,
    fail_abandoned,
    new_job,
    now,
    pid_space,
    set_job,
)
from api.settings import Settings
from api.storage.tables import Job
from api.worker import Worker
from api.workspace import open_workspace


def finished_pid() -> int:
    """The pid of a process that has ended (reaped: no other process has it yet)."""
    import subprocess
    import sys

    done = subprocess.Popen([sys.executable, "-c", "pass"])
    done.wait()
    return done.pid


def job_of(ws, job_id: int) -> Job:
    with ws.db.session() as session:
        return session.get(Job, job_id)


def running_as(ws, **runner) -> int:
    """A running job as another process left it: `runner` overrides this process's fields."""
    job_id = new_job(ws, "themes.refit")
    set_job(ws, job_id, status="running", started_at=now(), **runner)
    return job_id


@pytest.fixture
def app_settings(store_settings: Settings) -> Settings:
    # ":memory:" vectors: two apps on one store in one test process, as two processes have
    return store_settings.model_copy(update={"qdrant_url": ":memory:"})


def test_a_second_start_keeps_the_jobs_of_live_processes_and_fails_those_of_dead_ones(
    app_settings: Settings, tagger
) -> None:
    with TestClient(create_app(app_settings, tagger)) as first:
        ws = first.app.state.workspace
        mine = running_as(ws)  # this live process runs it
        here = pid_space()
        other_live = running_as(ws, runner_pid=os.getppid(), runner_token="another-start")
        dead = running_as(ws, runner_pid=finished_pid(), runner_token="another-start")
        # this very pid with another start's token: a restarted process (pid 1 in a container)
        restarted = running_as(ws, runner_pid=os.getpid(), runner_token="another-start")
        elsewhere = running_as(ws, runner_host="another-host", runner_pid=1,
                               runner_token="another-start")  # fmt: skip
        silent = running_as(ws, runner_host="another-host", runner_pid=1,
                            runner_token="another-start")  # fmt: skip
        set_job(ws, silent, heartbeat_at=now() - timedelta(seconds=STALE_S + 60))
        with TestClient(create_app(app_settings, tagger)) as second:  # the second start
            assert second.get("/readyz").status_code == 200
            for job_id in (mine, other_live, elsewhere):
                job = first.get(f"/v1/jobs/{job_id}").json()
                assert job["status"] == "running", (job_id, job)
            for job_id in (dead, restarted, silent):
                job = first.get(f"/v1/jobs/{job_id}").json()
                assert (job["status"], job["message"]) == ("failed", ABANDONED), job_id
        assert job_of(ws, mine).runner_host == here
        for job_id in (mine, other_live, elsewhere):
            set_job(ws, job_id, status="done")  # their beats stop


def test_a_job_records_its_process_and_its_beat_keeps_it_alive(
    app_settings: Settings, tagger, monkeypatch
) -> None:
    ws = open_workspace(app_settings, tagger)
    try:
        job_id = new_job(ws, "tagger.train")
        job = job_of(ws, job_id)
        assert (job.runner_host, job.runner_pid, job.runner_token) == (
            pid_space(), os.getpid(), RUNNER_TOKEN)  # fmt: skip
        old = now() - timedelta(seconds=STALE_S + 60)
        set_job(ws, job_id, runner_host="another-host", runner_token="x")
        with ws.db.session() as session:
            session.get(Job, job_id).heartbeat_at = old
        monkeypatch.setattr(api.jobs, "HEARTBEAT_S", 0.0)
        stop = threading.Event()
        beating = threading.Thread(target=beat, args=(ws, job_id, stop), daemon=True)
        beating.start()
        deadline = time.monotonic() + 60
        while job_of(ws, job_id).heartbeat_at <= old:
            assert time.monotonic() < deadline, "the job never beat"
            time.sleep(0.05)
        assert fail_abandoned(ws) == []  # it beats: its process is alive
        set_job(ws, job_id, status="done")
        beating.join(timeout=60)
        assert not beating.is_alive()  # a job that ended stops beating
    finally:
        ws.close()


def test_the_worker_fails_a_job_whose_process_stopped_beating(workspace) -> None:
    """A process on another host died mid-refit: its job said `running` until a process
    started; the worker's tick fails it once its beat is stale."""
    job_id = running_as(workspace, runner_host="another-host", runner_token="x")
    set_job(workspace, job_id, heartbeat_at=now() - timedelta(seconds=STALE_S + 60))
    Worker(workspace, interval_s=60, grace_s=0).tick()
    job = job_of(workspace, job_id)
    assert (job.status, job.message) == ("failed", ABANDONED)
