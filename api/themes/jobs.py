"""Refits as background jobs: one at a time."""

import threading

from api.jobs import new_job, run_job, running_job
from api.themes.refit import refit
from api.workspace import Workspace

_running = threading.Lock()


def start_refit(ws: Workspace, cold: bool = False) -> tuple[int, bool]:
    """(job id, started): a refit already queued or running is returned instead of a second
    (its result's `cold` says which kind it was)."""
    current = running_job(ws, "themes.refit")
    if current is not None and _running.locked():
        return current, False
    job_id = new_job(ws, "themes.refit")
    threading.Thread(target=run_refit, args=(ws, job_id, cold), name="boucle-refit",
                     daemon=True).start()  # fmt: skip
    return job_id, True


def run_refit(ws: Workspace, job_id: int, cold: bool = False) -> None:
    with _running:
        run_job(ws, job_id, "themes.refit", lambda progress: refit(ws, progress, cold))
