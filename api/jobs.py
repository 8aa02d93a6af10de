"""Background jobs (a theme refit, a tagger's training): status, progress and result kept in SQL,
so whoever started one can follow it at GET /v1/jobs/{id}, from any process. A job names the
process running it and beats while it runs: a process's start (and the worker, now and then)
fails only the jobs whose process is gone, never those another live process runs (`serve
--workers N`, a second server on the same PostgreSQL)."""

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import select

from api.errors import NotFound
from api.failures import failure_logged, failure_summary, failure_trace
from api.metrics.instruments import JOBS_FINISHED
from api.storage.tables import Job
from api.workspace import Workspace

log = logging.getLogger("boucle.jobs")
Progress = Callable[[float, str], None]  # (share done, what it is doing)
HEARTBEAT_S = 30.0  # a queued or running job says its process is alive this often
STALE_S = 600.0  # silent for 20 beats: its process is gone (hosts' clocks agree to minutes)
ABANDONED = "the process running it stopped; start it again"
# this process's start: a restarted process may get the pid of the one that died (pid 1 of a
# container), the token tells them apart
RUNNER_TOKEN = uuid.uuid4().hex
ENDED = ("done", "failed", "cancelled")
_beats: dict[tuple, threading.Event] = {}  # a job of this process (beat_key): stop its beat


class Cancelled(RuntimeError):
    """Work called off while it ran (what it worked on was deleted meanwhile): its job ends
    `cancelled`, not `failed`, with the message saying why and what to do."""


class JobOut(BaseModel):
    id: int
    kind: str = Field(..., description="themes.refit, tagger.train")
    status: Literal["queued", "running", "done", "failed", "cancelled"] = Field(
        ...,
        description="queued: not started yet (a training waiting for another to finish, its "
        "`message` says which; `started_at` null); running: started (`started_at`), see "
        "`progress`; then done (see `result`), failed or cancelled (`message` says why).",
    )
    progress: float
    message: str | None
    result: dict = Field(..., description="When done: what the synchronous call would answer.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


def now() -> datetime:
    return datetime.now(UTC)


def read_text(path: str) -> str:
    try:
        return Path(path).read_text().strip()
    except OSError:  # not Linux
        return ""


def pid_space() -> str:
    """Where this process's pid means this process: the host, and on Linux the boot and the pid
    namespace (two containers named alike, on one host or two, each have their own pid 1)."""
    namespace = os.readlink("/proc/self/ns/pid") if os.path.exists("/proc/self/ns/pid") else ""
    boot = read_text("/proc/sys/kernel/random/boot_id")[:8]
    return " ".join(part for part in (socket.gethostname(), boot, namespace) if part)[:255]


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether it exists
    except ProcessLookupError:
        return False
    except OSError:  # another user's process (PermissionError): it exists
        return True
    return True


def new_job(ws: Workspace, kind: str) -> int:
    """A queued job run by this process, beating from now until it ends (run_job)."""
    with ws.db.session() as session:
        job = Job(kind=kind, status="queued", progress=0.0, result={}, heartbeat_at=now(),
                  runner_host=pid_space(), runner_pid=os.getpid(),
                  runner_token=RUNNER_TOKEN)  # fmt: skip
        session.add(job)
        session.flush()
        job_id = job.id
    stop = _beats[beat_key(ws, job_id)] = threading.Event()
    threading.Thread(target=beat, args=(ws, job_id, stop), name=f"boucle-job-{job_id}-beat",
                     daemon=True).start()  # fmt: skip
    return job_id


def beat_key(ws: Workspace, job_id: int) -> tuple:
    return ws.db.url, ws.db.schema, job_id


def stop_beat(ws: Workspace, job_id: int) -> None:
    if (stop := _beats.pop(beat_key(ws, job_id), None)) is not None:
        stop.set()


def beat(ws: Workspace, job_id: int, stop: threading.Event) -> None:
    """Say every HEARTBEAT_S that the process running the job is alive, until it ends."""
    while not stop.wait(HEARTBEAT_S):
        try:
            with ws.db.session() as session:
                job = session.get(Job, job_id)
                if job is None or job.status in ENDED:
                    return  # ended, or deleted with its workspace
                job.heartbeat_at = now()
        except Exception as error:  # the database is down: the next beat tries again
            log.warning("job %d: cannot say it is still running (%s)", job_id,
                        failure_summary(error))  # fmt: skip


def set_job(ws: Workspace, job_id: int, **fields) -> None:
    with ws.db.session() as session:
        job = session.get(Job, job_id)
        job.heartbeat_at = now()
        for key, value in fields.items():
            setattr(job, key, value)
    if fields.get("status") in ENDED:
        stop_beat(ws, job_id)


class JobProgress:
    """The Progress of job `job_id`: work that waits on another can name the job it waits for."""

    def __init__(self, ws: Workspace, job_id: int) -> None:
        self.ws, self.job_id = ws, job_id

    def __call__(self, share: float, message: str) -> None:
        set_job(self.ws, self.job_id, progress=share, message=message)

    def start(self) -> None:
        """The work begins: the job is `running` from now (`queued` until then)."""
        set_job(self.ws, self.job_id, status="running", started_at=now(), message="starting")


def run_job(ws: Workspace, job_id: int, kind: str, work: Callable[[Progress], dict],
            starts_itself: bool = False) -> None:  # fmt: skip
    """Run `work` as job `job_id`: its result, or why it failed, goes on the job's row.
    `starts_itself`: the job stays `queued` until `work` calls its progress's `start` (a
    training waiting its turn); else it is `running` at once."""
    try:
        run_work(ws, job_id, kind, work, starts_itself)
    finally:  # ended, or stopped by an error writing its end
        stop_beat(ws, job_id)


def run_work(ws: Workspace, job_id: int, kind: str, work: Callable[[Progress], dict],
             starts_itself: bool) -> None:  # fmt: skip
    progress = JobProgress(ws, job_id)
    if not starts_itself:
        progress.start()
    try:
        result = work(progress)
    except Cancelled as error:
        set_job(ws, job_id, status="cancelled", finished_at=now(), message=str(error))
        JOBS_FINISHED.labels(kind, "cancelled").inc()
        return
    except Exception as error:  # the job says why; the service goes on
        log.error(
            "job %d failed: %s", job_id, failure_trace(error)
        )  # no message: it may quote text
        # GET /v1/jobs/{id} answers it to every `read` key: where, not what it said
        set_job(ws, job_id, status="failed", finished_at=now(), message=failure_logged(error))
        JOBS_FINISHED.labels(kind, "failed").inc()
        return
    set_job(ws, job_id, status="done", progress=1.0, finished_at=now(), result=result,
            message="done")  # fmt: skip
    JOBS_FINISHED.labels(kind, "done").inc()


def start_job(ws: Workspace, kind: str, work: Callable[[Progress], dict],
              starts_itself: bool = False) -> int:  # fmt: skip
    """A new job running `work` in a thread of this process (`starts_itself`: see run_job)."""
    job_id = new_job(ws, kind)
    thread = threading.Thread(target=run_job, args=(ws, job_id, kind, work, starts_itself),
                              name=f"boucle-{kind}", daemon=True)  # fmt: skip
    thread.start()
    return job_id


def cancel_queued(ws: Workspace, job_ids: list[int], message: str) -> None:
    """End the jobs of `job_ids` still queued as `cancelled` with `message` now: their work was
    called off before it began (it ends so itself when its thread reaches it)."""
    if not job_ids:
        return
    with ws.db.session() as session:
        for job in session.scalars(select(Job).where(Job.id.in_(job_ids), Job.status == "queued")):
            job.status, job.finished_at, job.message = "cancelled", now(), message


def running_job(ws: Workspace, kind: str) -> int | None:
    with ws.db.session() as session:
        return session.scalar(
            select(Job.id).where(Job.kind == kind, Job.status.in_(["queued", "running"]))
        )


def get_job(ws: Workspace, job_id: int) -> JobOut:
    with ws.db.session() as session:
        job = session.get(Job, job_id)
        if job is None:
            raise NotFound(f"no job with id {job_id}")
        return JobOut.model_validate(job, from_attributes=True)


def abandoned(job: Job, at: datetime) -> bool:
    """Whether the process running the job is gone: on this host (same pid namespace) its pid
    is dead, or is this process's own while the job names another start; anywhere, its last
    beat is STALE_S old. A job of this process, or of one that beats, is not."""
    if job.runner_token == RUNNER_TOKEN:
        return False
    here = job.runner_pid is not None and job.runner_host == pid_space()
    if here and (job.runner_pid == os.getpid() or not pid_alive(job.runner_pid)):
        return True
    last = job.heartbeat_at or job.started_at or job.created_at  # no beat: made before 0027
    return at - last > timedelta(seconds=STALE_S)


def fail_abandoned(ws: Workspace) -> list[int]:
    """Fail the jobs left queued or running by a process that died (at start-up, and by the
    worker now and then); returns their ids."""
    at, failed = now(), []
    with ws.db.session() as session:
        for job in session.scalars(select(Job).where(Job.status.in_(["queued", "running"]))):
            if abandoned(job, at):
                job.status, job.finished_at, job.message = "failed", at, ABANDONED
                failed.append(job.id)
    for job_id in failed:  # a beat of this process whose job it failed (its pid taken over)
        stop_beat(ws, job_id)
    if failed:
        log.warning("jobs %s failed: the process running them stopped",
                    ", ".join(map(str, failed)))  # fmt: skip
    return failed
