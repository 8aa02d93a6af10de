"""The vector-store interface the service codes against, and its engine-neutral types."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

import numpy as np

FieldKind = Literal["keyword", "integer", "float"]


@dataclass(frozen=True)
class VectorFilter:
    """Conjunction of conditions on payload fields.

    `equals` and `any_of` match scalar payloads and any element of list payloads; an empty
    `any_of` list matches nothing. An integer only equals integer payloads (5 does not match
    5.0, in Edge as in qdrant-client): use `ranges` for floats. (None, None) imposes nothing.
    """

    equals: dict[str, str | int | bool] = field(default_factory=dict)
    any_of: dict[str, list[str] | list[int]] = field(default_factory=dict)
    ranges: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    exclude_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class VectorHit:
    id: int
    score: float  # cosine similarity, in [-1, 1]
    payload: dict


class VectorStore(Protocol):
    """Collections of cosine-compared vectors with JSON payloads, addressed by integer ids.

    Writes are visible to the next read. Ids missing from a collection are skipped by
    `set_payload`, `delete` and `vectors`. Stored vectors come back unit-normalised (cosine
    storage normalises them).
    """

    def ensure_collection(self, name: str, size: int, indexes: dict[str, FieldKind]) -> None:
        """Create the collection and its payload indexes if missing; cheap when they exist.

        Raises ValueError if the collection exists with another vector size.
        """
        ...

    def upsert(
        self, name: str, ids: Sequence[int], vectors: np.ndarray, payloads: Sequence[dict]
    ) -> None: ...

    def set_payload(self, name: str, ids: Sequence[int], payload: dict) -> None:
        """Merge `payload`'s keys into the payloads of `ids`."""
        ...

    def set_payload_where(self, name: str, where: VectorFilter, payload: dict) -> None:
        """Merge `payload`'s keys into the payload of every point matching `where`."""
        ...

    def delete(self, name: str, ids: Sequence[int]) -> None: ...

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
        """Nearest points by cosine similarity, best first, none scoring under `score_threshold`;
        `payload=False`: hits come back with an empty payload (not read: faster).

        Once an HNSW index is built, a search walks its graph: fast, but the copies of one vector
        (a text stored many times) link mostly to each other, so most of them are never reached,
        however wide the walk (hnsw_ef). `exact=True` scans every point instead: all are found.

        A hit scoring exactly the threshold is engine-defined: keep thresholds off known scores.
        """
        ...

    def vectors(self, name: str, ids: Sequence[int]) -> dict[int, np.ndarray]:
        """Stored (unit-normalised) vectors by id; missing ids are absent."""
        ...

    def count(self, name: str, where: VectorFilter | None = None) -> int: ...

    def ids(self, name: str) -> list[int]:
        """Every point id of the collection (the doctor compares them with SQL)."""
        ...

    def optimize(self, name: str) -> None:
        """Build indexes (HNSW). Slow: for a background worker, never a request path."""
        ...

    def purge(self, name: str) -> None:
        """Rewrite the collection so that deleted points leave the disk (after an erasure).
        Slow: for a background thread, never a request path."""
        ...

    def indexed(self, name: str) -> int:
        """How many points the collection held at its last index build (a server indexes as it
        goes: all of them). The worker builds again once enough are new."""
        ...

    def close(self) -> None: ...


def as_batch(ids: Sequence[int], vectors: np.ndarray, payloads: Sequence[dict]) -> np.ndarray:
    """Check an upsert's arguments line up; return the vectors as a float32 matrix."""
    matrix = np.asarray(vectors, dtype=np.float32)
    if matrix.ndim != 2 or not len(ids) == len(matrix) == len(payloads):
        raise ValueError(
            f"upsert needs one vector row and one payload per id: {len(ids)} ids, "
            f"vectors of shape {matrix.shape}, {len(payloads)} payloads"
        )
    return matrix
