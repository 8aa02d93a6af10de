"""Refits as background jobs: one at a time, status and progress kept in SQL."""

import logging
import threading
from datetime import UTC, datetime

from sqlalchemy import select

from api.errors import NotFound
from api.storage.tables import Job
from api.themes.refit import refit
from api.workspace import Workspace

log = logging.getLogger("boucle.jobs")
_running = threading.Lock()


def now() -> datetime:
    return datetime.now(UTC)


def start_refit(ws: Workspace) -> tuple[int, bool]:
    """(job id, started): a refit already queued or running is returned instead of a second."""
    with ws.db.session() as session:
        current = session.scalar(
            select(Job.id).where(Job.kind == "themes.refit", Job.status.in_(["queued", "running"]))
        )
        if current is not None and _running.locked():
            return current, False
        job = Job(kind="themes.refit", status="queued", progress=0.0, result={})
        session.add(job)
        session.flush()
        job_id = job.id
    threading.Thread(target=run_refit, args=(ws, job_id), name="boucle-refit", daemon=True).start()
    return job_id, True


def set_job(ws: Workspace, job_id: int, **fields) -> None:
    with ws.db.session() as session:
        job = session.get(Job, job_id)
        for key, value in fields.items():
            setattr(job, key, value)


def run_refit(ws: Workspace, job_id: int) -> None:
    with _running:
        set_job(ws, job_id, status="running", started_at=now(), message="starting")
        try:
            result = refit(ws, lambda share, message: set_job(ws, job_id, progress=share,
                                                              message=message))  # fmt: skip
        except Exception as error:  # the job says why; the service goes on
            log.exception("theme refit %d failed", job_id)
            set_job(ws, job_id, status="failed", finished_at=now(),
                    message=f"{type(error).__name__}: {error}")  # fmt: skip
            return
        set_job(ws, job_id, status="done", progress=1.0, finished_at=now(), result=result,
                message="done")  # fmt: skip


def get_job(ws: Workspace, job_id: int) -> Job:
    with ws.db.session() as session:
        job = session.get(Job, job_id)
        if job is None:
            raise NotFound(f"no job with id {job_id}")
        return job


def fail_abandoned(ws: Workspace) -> None:
    """Jobs left running by a process that died are marked failed at start-up."""
    with ws.db.session() as session:
        for job in session.scalars(select(Job).where(Job.status.in_(["queued", "running"]))):
            job.status, job.finished_at = "failed", now()
            job.message = "the process running it stopped; start the refit again"
