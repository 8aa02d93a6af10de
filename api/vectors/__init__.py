"""Vector storage behind one small interface: Qdrant Edge embedded, or a Qdrant server."""

from pathlib import Path

from api.vectors.base import FieldKind, VectorFilter, VectorHit, VectorStore
from api.vectors.edge import EdgeVectorStore

__all__ = [
    "EdgeVectorStore",
    "FieldKind",
    "VectorFilter",
    "VectorHit",
    "VectorStore",
    "open_vector_store",
]


def open_vector_store(
    data_dir: Path, url: str | None = None, api_key: str | None = None
) -> VectorStore:
    """Open the configured store.

    - `url` None: Qdrant Edge, embedded, in `data_dir/qdrant/<collection>` (the default).
    - `":memory:"` or `"local:/some/path"`: qdrant-client's local mode, in memory or on disk
      (tests, small installs: no payload indexes, every search a scan, one SQLite commit per
      point written).
    - any other `url`: a Qdrant server, authenticated with `api_key`.
    """
    if url is None:
        return EdgeVectorStore(Path(data_dir) / "qdrant")
    # Imported here: qdrant-client takes ~0.8 s to import, which the Edge default never needs.
    from qdrant_client import QdrantClient

    from api.vectors.server import ServerVectorStore

    if url == ":memory:":
        client = QdrantClient(location=url, force_disable_check_same_thread=True)
    elif url.startswith("local:"):
        path = url.removeprefix("local:")
        client = QdrantClient(path=path, force_disable_check_same_thread=True)
    else:
        return ServerVectorStore(QdrantClient(url=url, api_key=api_key))
    # Our lock serialises local-mode calls, so SQLite's same-thread check is moot.
    return ServerVectorStore(client, serialize=True)
