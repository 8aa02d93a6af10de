"""The live themes' centroids in memory: what assigns each new insight its theme at ingest,
without a refit (one small matrix product per batch)."""

import threading

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.storage.tables import Theme


class ThemeIndex:
    def __init__(self, min_similarity: float) -> None:
        self.min_similarity = min_similarity
        self._ids = np.zeros(0, dtype=np.int64)
        self._centroids = np.zeros((0, 0), dtype=np.float32)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._ids)

    def reload(self, session: Session) -> None:
        """Read the themes again (after a refit or an edit): edits apply at once. A merged
        theme's centroid stays as a second prototype of the theme it went into, so what it
        gathered keeps going there."""
        ids, centroids = [], []
        for theme_id, blob in prototypes(session):
            ids.append(theme_id)
            centroids.append(np.frombuffer(blob, dtype=np.float32))
        matrix = np.vstack(centroids) if centroids else np.zeros((0, 0), dtype=np.float32)
        with self._lock:
            self._ids, self._centroids = np.array(ids, dtype=np.int64), matrix

    def assign(self, vectors: np.ndarray) -> list[tuple[int | None, float | None]]:
        """(theme id, cosine) of the nearest theme per row, or (None, None) when none is close
        enough (or there are no themes yet)."""
        with self._lock:
            ids, centroids = self._ids, self._centroids
        if not len(ids) or not len(vectors):
            return [(None, None)] * len(vectors)
        scores = np.asarray(vectors, dtype=np.float32) @ centroids.T
        best = scores.argmax(axis=1)
        top = scores[np.arange(len(best)), best]
        return [
            (int(ids[b]), round(float(s), 4)) if s >= self.min_similarity else (None, None)
            for b, s in zip(best, top, strict=True)
        ]


def prototypes(session: Session) -> list[tuple[int, bytes]]:
    """(active theme id, centroid) for every active theme and every theme merged into one."""
    rows = session.execute(
        select(Theme.id, Theme.status, Theme.merged_into_id, Theme.centroid)
        .where(Theme.level == "theme", Theme.centroid.is_not(None))
        .order_by(Theme.id)
    ).all()
    by_id = {row.id: row for row in rows}

    def final(theme_id: int) -> int | None:
        seen = set()
        while theme_id in by_id and by_id[theme_id].status == "merged" and theme_id not in seen:
            seen.add(theme_id)
            theme_id = by_id[theme_id].merged_into_id
        row = by_id.get(theme_id)
        return theme_id if row is not None and row.status == "active" else None

    found = [(final(row.id), row.centroid) for row in rows if row.status in ("active", "merged")]
    return [(theme_id, blob) for theme_id, blob in found if theme_id is not None]
