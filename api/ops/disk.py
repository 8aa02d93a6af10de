"""Free space on the data directory's disk. SQLite and Qdrant Edge write through memory maps
there: on a full disk a write into a mapped page kills the process with SIGBUS, with nothing in
the log. The space is checked before that: `serve` warns at start, the worker once a tick (its
log says when it goes low or back, and again every LOW_DISK_REPEAT_S while it stays low), and
/readyz stops saying ready while it is under BOUCLE_MIN_FREE_MB."""

import logging
import shutil
import time
from collections.abc import Callable
from pathlib import Path

MB = 1_000_000
LOW_DISK_REPEAT_S = 600.0  # a reminder every 10 minutes: a line every 2 s tick buried the log


def free_mb(data_dir: Path) -> float:
    """Megabytes free to this user on the disk that holds `data_dir` (or would: the nearest
    folder above it that exists, before the first start makes it)."""
    where = data_dir.absolute()
    while not where.exists() and where != where.parent:
        where = where.parent
    return shutil.disk_usage(where).free / MB


def low_disk_space(data_dir: Path, min_free_mb: int) -> str | None:
    """What to tell an operator when the disk of `data_dir` has less than `min_free_mb` free
    (None: enough, or the check is off with 0)."""
    if min_free_mb <= 0:
        return None
    free = free_mb(data_dir)
    if free >= min_free_mb:
        return None
    return (
        f"low disk space: {free:.0f} MB free on the disk of BOUCLE_DATA_DIR {data_dir}, under "
        f"BOUCLE_MIN_FREE_MB={min_free_mb}; free some space or grow the volume (a full disk "
        "stops the embedded stores' writes and can kill the process)"
    )


class LowDiskLog:
    """The worker's line about low disk space: when the space goes low, when it is back, and
    at most once every `repeat_s` in between, not once a tick."""

    def __init__(self, log: logging.Logger, repeat_s: float = LOW_DISK_REPEAT_S,
                 clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.log = log
        self.repeat_s = repeat_s
        self.clock = clock
        self.low = False
        self.warned_at = float("-inf")

    def check(self, data_dir: Path, min_free_mb: int) -> None:
        problem = low_disk_space(data_dir, min_free_mb)
        now = self.clock()
        if problem is None:
            if self.low:
                self.log.info("worker: disk space is back over BOUCLE_MIN_FREE_MB=%d on the "
                                 "disk of BOUCLE_DATA_DIR %s", min_free_mb, data_dir)  # fmt: skip
            self.low = False
            return
        if not self.low or now - self.warned_at >= self.repeat_s:
            self.log.warning("worker: %s", problem)
            self.warned_at = now
        self.low = True
