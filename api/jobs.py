"""Background jobs (a theme refit, a tagger's training): status, progress and result kept in SQL,
so whoever started one can follow it at GET /v1/jobs/{id}, from any process."""

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import select

from api.errors import NotFound
from api.failures import failure_logged, failure_trace
from api.metrics.instruments import JOBS_FINISHED
from api.storage.tables import Job
from api.workspace import Workspace

log = logging.getLogger("boucle.jobs")
Progress = Callable[[float, str], None]  # (share done, what it is doing)


class Cancelled(RuntimeError):
    """Work called off while it ran (what it worked on was deleted meanwhile): its job ends
    `cancelled`, not `failed`, with the message saying why and what to do."""


class JobOut(BaseModel):
    id: int
    kind: str = Field(..., description="themes.refit, tagger.train")
    status: Literal["queued", "running", "done", "failed", "cancelled"]
    progress: float
    message: str | None
    result: dict = Field(..., description="When done: what the synchronous call would answer.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


def now() -> datetime:
    return datetime.now(UTC)


def new_job(ws: Workspace, kind: str) -> int:
    with ws.db.session() as session:
        job = Job(kind=kind, status="queued", progress=0.0, result={})
        session.add(job)
        session.flush()
        return job.id


def set_job(ws: Workspace, job_id: int, **fields) -> None:
    with ws.db.session() as session:
        job = session.get(Job, job_id)
        for key, value in fields.items():
            setattr(job, key, value)


def run_job(ws: Workspace, job_id: int, kind: str, work: Callable[[Progress], dict]) -> None:
    """Run `work` as job `job_id`: its result, or why it failed, goes on the job's row."""
    set_job(ws, job_id, status="running", started_at=now(), message="starting")
    try:
        result = work(lambda share, message: set_job(ws, job_id, progress=share, message=message))
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


def start_job(ws: Workspace, kind: str, work: Callable[[Progress], dict]) -> int:
    """A new job running `work` in a thread of this process."""
    job_id = new_job(ws, kind)
    thread = threading.Thread(target=run_job, args=(ws, job_id, kind, work), name=f"boucle-{kind}",
                              daemon=True)  # fmt: skip
    thread.start()
    return job_id


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


def fail_abandoned(ws: Workspace) -> None:
    """Jobs left running by a process that died are marked failed at start-up."""
    with ws.db.session() as session:
        for job in session.scalars(select(Job).where(Job.status.in_(["queued", "running"]))):
            job.status, job.finished_at = "failed", now()
            job.message = "the process running it stopped; start it again"
