"""A purge's rewrite of one Qdrant Edge shard, run as a script in a child process.

The child imports the standard library and qdrant_edge only: importing api.vectors.edge (and so
api.vectors, api.failures, SQLAlchemy, numpy) cost it ~0.6 s on an idle 2-core host and 2-3 s
under load, before any work. So this module imports nothing of Boucle's, and the parent runs it
by its path (`python -P`: its folder is not put on sys.path, where base.py, server.py would
shadow top-level modules of those names)."""

import json
import shutil
import sys
from pathlib import Path

from qdrant_edge import (
    Distance,
    EdgeConfig,
    EdgeShard,
    EdgeVectorParams,
    PayloadSchemaType,
    Point,
    ScrollRequest,
    UpdateOperation,
)

# The payload index kinds (api/vectors/base.py FieldKind) as Edge names them.
PAYLOAD_SCHEMAS = {
    "keyword": PayloadSchemaType.Keyword,
    "integer": PayloadSchemaType.Integer,
    "float": PayloadSchemaType.Float,
}


def rewrite_command(path: Path, size: int, indexes: dict[str, str]) -> list[str]:
    """The child's command line that rewrites the shard at `path`."""
    return [sys.executable, "-P", __file__, str(path), str(size), json.dumps(indexes)]


def rewrite_shard(path: str, size: int, indexes: dict[str, str]) -> None:
    """The shard at `path` replaced by a new one holding only its live points, optimized."""
    config = EdgeConfig(vectors=EdgeVectorParams(size=size, distance=Distance.Cosine))
    new = Path(f"{path}.new")
    shutil.rmtree(new, ignore_errors=True)
    source = EdgeShard.load(path, config)
    new.mkdir(parents=True)
    target = EdgeShard.create(str(new), config)
    for key, kind in indexes.items():
        target.update(UpdateOperation.create_field_index(key, PAYLOAD_SCHEMAS[kind]))
    offset = None
    while True:
        request = ScrollRequest(offset=offset, limit=2_000, with_payload=True, with_vector=True)
        records, offset = source.scroll(request)
        points = [Point(int(r.id), _dense(r.vector), dict(r.payload or {})) for r in records]
        if points:
            target.update(UpdateOperation.upsert_points(points))
        if offset is None or not records:
            break
    source.close()
    target.optimize()
    target.flush()
    target.close()
    shutil.rmtree(path)
    new.rename(path)


def _dense(vector) -> list[float]:
    """A scrolled point's vector: a list, or a mapping with its one unnamed vector."""
    if isinstance(vector, dict):
        vector = next(iter(vector.values()))
    return list(vector)


if __name__ == "__main__":
    rewrite_shard(sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3]))
