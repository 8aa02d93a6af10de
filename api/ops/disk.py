"""Free space on the data directory's disk. SQLite and Qdrant Edge write through memory maps
there: on a full disk a write into a mapped page kills the process with SIGBUS, with nothing in
the log. The space is checked before that: `serve` warns at start, the worker once a tick, and
/readyz stops saying ready while it is under BOUCLE_MIN_FREE_MB."""

import shutil
from pathlib import Path

MB = 1_000_000


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
