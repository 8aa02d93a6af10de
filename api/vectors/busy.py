"""Is the vector store kept on this disk held by another process (a running `boucle serve`)?
Asked before a command loads its models (tens of seconds), so it learns it first, not last."""

import fcntl
from pathlib import Path

from api.vectors.edge import StoreBusy, check_store_free, import_instead


def check_vectors_free(data_dir: Path, url: str | None) -> None:
    """StoreBusy when another process holds the store these settings open here: the embedded
    Edge store, or qdrant-client's local mode on disk. A Qdrant server (or `:memory:`) is
    shared, or this process's own: nothing to check."""
    if url is None:
        check_store_free(data_dir / "qdrant")
    elif url.startswith("local:"):
        check_local_free(Path(url.removeprefix("local:")))


def check_local_free(path: Path) -> None:
    """qdrant-client's local mode locks `path/.lock` (flock, through portalocker) while a
    client has it open; taking and dropping that lock here opens no collection."""
    lock_file = path / ".lock"
    if not lock_file.is_file():  # never opened: no client holds it
        return
    with open(lock_file) as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreBusy(
                f"the local vector store {path} is open in another process (`boucle serve` or "
                "another command with this BOUCLE_QDRANT_URL)",
                import_instead(),
            ) from None
        fcntl.flock(handle, fcntl.LOCK_UN)
