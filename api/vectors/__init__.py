"""Vector storage behind one small interface: Qdrant Edge embedded, or a Qdrant server."""

from pathlib import Path

from api.failures import first_line
from api.vectors.base import FieldKind, VectorFilter, VectorHit, VectorStore
from api.vectors.edge import EdgeVectorStore

__all__ = [
    "EdgeVectorStore",
    "FieldKind",
    "VectorFilter",
    "VectorHit",
    "VectorStore",
    "VectorStoreUnavailable",
    "open_vector_store",
]


class VectorStoreUnavailable(RuntimeError):
    """The configured vector store cannot be opened or reached; the message says what to fix."""


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
        try:
            client = QdrantClient(path=path, force_disable_check_same_thread=True)
        except (RuntimeError, OSError) as error:  # held by another process, or not writable
            raise VectorStoreUnavailable(
                f"cannot open the local vector store at {path} ({first_line(error)}): one "
                "process at a time opens it (send files to the server with `boucle import "
                "--url`), and the folder must be writable"
            ) from None
    else:
        client = QdrantClient(url=url, api_key=api_key)
        try:
            client.get_collections()  # reachable and the key accepted, or say so now
        except Exception as error:
            raise VectorStoreUnavailable(
                f"cannot use the Qdrant server at {url} ({first_line(error)}): check "
                "BOUCLE_QDRANT_URL (e.g. http://host:6333) and BOUCLE_QDRANT_API_KEY"
            ) from None
        return ServerVectorStore(client)
    # Our lock serialises local-mode calls, so SQLite's same-thread check is moot.
    return ServerVectorStore(client, serialize=True)
