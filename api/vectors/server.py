"""VectorStore over qdrant-client: a Qdrant server, or qdrant-client's local mode."""

import threading
import warnings
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext

import numpy as np
from qdrant_client import QdrantClient, models

from api.vectors.base import FieldKind, VectorFilter, VectorHit, as_batch

_SCHEMAS = {
    "keyword": models.PayloadSchemaType.KEYWORD,
    "integer": models.PayloadSchemaType.INTEGER,
    "float": models.PayloadSchemaType.FLOAT,
}


class ServerVectorStore:
    """Collections in whatever `client` reaches. Writes wait until applied (read-your-writes).

    Pass `serialize=True` for local mode, which is plain Python over numpy and SQLite and not
    thread-safe; a server handles concurrent calls itself.
    """

    def __init__(self, client: QdrantClient, *, serialize: bool = False) -> None:
        self._client = client
        self._lock: AbstractContextManager[object] = (
            threading.Lock() if serialize else nullcontext()
        )

    def ensure_collection(self, name: str, size: int, indexes: dict[str, FieldKind]) -> None:
        with self._lock:
            if not self._client.collection_exists(name):
                self._client.create_collection(
                    name,
                    vectors_config=models.VectorParams(size=size, distance=models.Distance.COSINE),
                )
            info = self._client.get_collection(name)
            params = info.config.params.vectors
            wanted = (size, models.Distance.COSINE)
            if (
                not isinstance(params, models.VectorParams)
                or (params.size, params.distance) != wanted
            ):
                raise ValueError(f"collection {name!r} exists with another config: {params}")
            with warnings.catch_warnings():
                # Local mode keeps no indexes: it warns and scans, which is what tests expect.
                warnings.filterwarnings("ignore", "Payload indexes have no effect")
                for key, kind in indexes.items():
                    if key not in info.payload_schema:
                        self._client.create_payload_index(name, key, _SCHEMAS[kind], wait=True)

    def upsert(
        self, name: str, ids: Sequence[int], vectors: np.ndarray, payloads: Sequence[dict]
    ) -> None:
        matrix = as_batch(ids, vectors, payloads)
        if len(ids):
            batch = models.Batch(
                ids=[int(i) for i in ids],
                vectors=matrix.tolist(),
                payloads=[dict(p) for p in payloads],
            )
            with self._lock:
                self._client.upsert(name, points=batch, wait=True)

    def set_payload(self, name: str, ids: Sequence[int], payload: dict) -> None:
        # By filter, not by id list: an id list fails on the first missing id (local mode).
        if len(ids):
            where = models.Filter(must=[models.HasIdCondition(has_id=[int(i) for i in ids])])
            with self._lock:
                self._client.set_payload(name, payload=payload, points=where, wait=True)

    def set_payload_where(self, name: str, where: VectorFilter, payload: dict) -> None:
        with self._lock:
            self._client.set_payload(
                name, payload=payload, points=_filter(where) or models.Filter(), wait=True
            )

    def delete(self, name: str, ids: Sequence[int]) -> None:
        if len(ids):
            selector = models.PointIdsList(points=[int(i) for i in ids])
            with self._lock:
                self._client.delete(name, points_selector=selector, wait=True)

    def search(
        self,
        name: str,
        vector: np.ndarray,
        limit: int,
        where: VectorFilter | None = None,
        score_threshold: float | None = None,
        payload: bool = True,
        exact: bool = False,
    ) -> list[VectorHit]:
        with self._lock:
            points = self._client.query_points(
                name,
                query=np.asarray(vector, dtype=np.float32).tolist(),
                limit=limit,
                query_filter=_filter(where),
                score_threshold=score_threshold,
                with_payload=payload,
                with_vectors=False,
                # only when asked: local mode (always exact) warns of any search_params
                search_params=models.SearchParams(exact=True) if exact else None,
            ).points
        return [VectorHit(int(p.id), float(p.score), dict(p.payload or {})) for p in points]

    def vectors(self, name: str, ids: Sequence[int]) -> dict[int, np.ndarray]:
        if not len(ids):
            return {}
        with self._lock:
            records = self._client.retrieve(
                name, ids=[int(i) for i in ids], with_payload=False, with_vectors=True
            )
        return {int(r.id): np.asarray(r.vector, dtype=np.float32) for r in records}

    def count(self, name: str, where: VectorFilter | None = None) -> int:
        with self._lock:
            return self._client.count(name, count_filter=_filter(where), exact=True).count

    def ids(self, name: str) -> list[int]:
        found: list[int] = []
        offset = None
        while True:
            with self._lock:
                records, offset = self._client.scroll(
                    name, limit=10_000, offset=offset, with_payload=False, with_vectors=False
                )
            found += [int(r.id) for r in records]
            if offset is None or not records:
                return found

    def optimize(self, name: str) -> None:
        """Nothing to do: a server builds its indexes itself; local mode has none."""

    def purge(self, name: str) -> None:
        """Nothing to do here: a Qdrant server's optimizer vacuums deleted points itself
        (its `deleted_threshold`); local mode keeps no history."""

    def indexed(self, name: str) -> int:
        return self.count(name)

    def close(self) -> None:
        with self._lock:
            self._client.close()


def _filter(where: VectorFilter | None) -> models.Filter | None:
    if where is None:
        return None
    must: list[models.Condition] = [
        models.FieldCondition(key=k, match=models.MatchValue(value=v))
        for k, v in where.equals.items()
    ]
    must += [
        models.FieldCondition(key=k, match=models.MatchAny(any=list(v)))
        for k, v in where.any_of.items()
    ]
    must += [
        models.FieldCondition(key=k, range=models.Range(gte=lo, lte=hi))
        for k, (lo, hi) in where.ranges.items()
        if lo is not None or hi is not None
    ]
    must_not: list[models.Condition] = (
        [models.HasIdCondition(has_id=[int(i) for i in where.exclude_ids])]
        if where.exclude_ids
        else []
    )
    if not must and not must_not:
        return None
    return models.Filter(must=must or None, must_not=must_not or None)
