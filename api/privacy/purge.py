"""After an erasure, the embedded vector store is rewritten without the deleted points (Qdrant
Edge keeps them in its segments and log until then), in the background; a marker file carries
the request across a restart."""

import logging
import threading
from pathlib import Path

from api.workspace import INSIGHTS, Workspace

log = logging.getLogger("boucle.privacy")
_running = threading.Lock()


def marker(ws: Workspace) -> Path | None:
    """Where a wanted purge is remembered; None for a Qdrant server (it vacuums by itself)."""
    if ws.settings.qdrant_url is not None:
        return None
    return ws.settings.data_dir / "qdrant" / ".purge-wanted"


def want_purge(ws: Workspace, wait: bool = False) -> None:
    """Ask for a purge: now in this thread (`wait`), else in a background one."""
    path = marker(ws)
    if path is None:
        return
    path.touch()
    if wait:
        purge_wanted(ws)
    else:
        threading.Thread(target=purge_wanted, args=(ws,), name="boucle-purge", daemon=True).start()


def purge_wanted(ws: Workspace) -> None:
    """Purge while a purge is wanted (an erasure during a purge asks for another); one at a
    time. The worker calls it at each tick, so a purge cut by a stop is done at the next start."""
    path = marker(ws)
    if path is None or not _running.acquire(blocking=False):
        return
    try:
        while path.exists():
            path.unlink()
            try:
                ws.vectors.purge(INSIGHTS)
            except Exception as error:  # a store closing under it (a stop), a full disk
                path.touch()  # still wanted: the worker's next tick (or start) tries again
                log.warning("rewriting the vector store after an erasure failed (%s): it is "
                            "tried again at the worker's next tick", error)  # fmt: skip
                return
            log.info("vector store rewritten without erased points")
    finally:
        _running.release()
