"""An empty Qdrant Edge store made once per run and copied into each test's data folder: a new
store's shards, payload indexes and their flushes cost about a second of a loaded host's time,
a copy a fraction of it."""

import os
import shutil
from pathlib import Path

from api.vectors.edge import EdgeVectorStore
from api.workspace import INSIGHT_INDEXES, INSIGHTS, NEED_INDEXES, NEEDS

LOCK_FILE = ".boucle.lock"  # api/vectors/edge.py: each process that opens the store writes it


def make_empty_store(root: Path, dim: int) -> None:
    """At `root`, the store a workspace opens on a new data folder (open_collections), without
    its id (api/vectors/home.py: each copy gets its own when first claimed) or lock file."""
    store = EdgeVectorStore(root, flush_every_s=0)
    store.ensure_collection(INSIGHTS, dim, INSIGHT_INDEXES)
    store.ensure_collection(NEEDS, dim, NEED_INDEXES)
    store.close()
    (root / LOCK_FILE).unlink()


def copy_store(template: Path, root: Path) -> None:
    """`template` copied to `root`, keeping the folders' modes (0700)."""
    shutil.copytree(template, root, copy_function=copy_sparse)


def copy_sparse(source: str, target: str) -> None:
    """A copy of `source` whose holes stay holes: Edge's files are mostly unwritten space (288
    MB apparent for 0.6 MB written), which a plain copy would write out in full."""
    with open(source, "rb") as reader, open(target, "wb") as writer:
        size = os.fstat(reader.fileno()).st_size
        position = 0
        while position < size:
            try:
                start = os.lseek(reader.fileno(), position, os.SEEK_DATA)
            except OSError:  # ENXIO: only a hole is left
                break
            end = os.lseek(reader.fileno(), start, os.SEEK_HOLE)
            os.lseek(writer.fileno(), start, os.SEEK_SET)
            while start < end:
                start += os.sendfile(writer.fileno(), reader.fileno(), start, end - start)
            position = end
        os.ftruncate(writer.fileno(), size)
    shutil.copymode(source, target)
