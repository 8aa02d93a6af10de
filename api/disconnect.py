"""Whether a route's bulk work should stop before its next chunk: its client went away (curl
killed: the answer would go nowhere), or the server is stopping (the graceful shutdown ran out
and the work would hold the process up)."""

from collections.abc import Callable

import anyio.from_thread
from fastapi import Request


def stop_when_gone(request: Request) -> Callable[[], bool]:
    """A check for work running in the route's thread (a sync route), asked between chunks."""

    def gone() -> bool:
        if request.app.state.stopping.is_set():
            return True
        try:
            return anyio.from_thread.run(request.is_disconnected)
        except RuntimeError:  # the event loop has closed: nobody is left to answer
            return True

    return gone
