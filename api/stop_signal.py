"""SIGTERM stops a long-running command as Ctrl-C does: `docker stop` (and systemd, Kubernetes)
send SIGTERM, whose default action killed `boucle worker` mid-turn with no cleanup at all."""

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # the same unwinding as Ctrl-C: `finally` blocks release what is held


@contextmanager
def sigterm_as_ctrl_c() -> Iterator[None]:
    """Within the block, SIGTERM raises KeyboardInterrupt in the main thread; the previous
    handler comes back after it."""
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
