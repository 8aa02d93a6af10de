"""Every insight's theme after a refit: the fitted rows keep the fit's label, the others (a large
workspace fits on a sample) are placed by `analyzer.themes.sampling.place`, reading their vectors
from SQL in chunks; then the rows and the vector store's payloads are written."""

from collections.abc import Container
from dataclasses import dataclass

import numpy as np
from sqlalchemy import bindparam
from sqlalchemy.orm import Session

from analyzer.themes.clustering import unit
from analyzer.themes.discovery import Discovery, Seed, ThemeConfig
from analyzer.themes.sampling import place
from api.storage.tables import Insight
from api.themes.corpus import Corpus, stream_vectors
from api.workspace import INSIGHTS, Workspace

_ROWS_PER_UPDATE = 5_000


@dataclass
class Placement:
    ids: np.ndarray  # every insight with a vector, by id
    themes: np.ndarray  # its theme id before the refit, -1 for none
    labels: np.ndarray  # its found theme (index into Discovery.themes) after, -1 for none
    scores: np.ndarray  # cosine to that theme's centroid (0 for none)


def place_all(
    session: Session,
    ids: np.ndarray,
    themes: np.ndarray,
    picked: np.ndarray,
    corpus: Corpus,
    found: Discovery,
    mapping: dict[int, int],
    seeds: list[Seed],
    config: ThemeConfig,
    stay: Container[int] | None = None,
) -> Placement:
    """`picked`: positions in `ids` of the fitted rows (those of `corpus`, in order); a row left
    out of the fit keeps its theme while near it, when `stay` (theme ids) holds it or is None
    (a cold refit: only a person's themes keep theirs, elsewhere the nearest wins)."""
    labels = np.full(len(ids), -1, dtype=np.int64)
    scores = np.zeros(len(ids), dtype=np.float32)
    centroids = np.vstack([t.centroid for t in found.themes]).astype(np.float32)
    labels[picked] = found.labels
    fitted = np.flatnonzero(found.labels >= 0)
    scores[picked[fitted]] = np.einsum(
        "ij,ij->i", corpus.vectors[fitted], centroids[found.labels[fitted]]
    )
    if len(picked) < len(ids):
        rest = np.ones(len(ids), dtype=bool)
        rest[picked] = False
        # a row stays in its theme while near it: its theme id -> the cluster that keeps the id
        cluster_of: dict[int, int] = {}
        for index, theme_id in sorted(mapping.items()):
            if stay is None or theme_id in stay:
                cluster_of.setdefault(theme_id, index)
        seed_index = {t.seed: i for i, t in enumerate(found.themes) if t.seed is not None}
        pinned = [s for s in seeds if s.key in seed_index]
        seed_vectors = unit(np.vstack([s.vector for s in pinned])) if pinned else None
        seed_themes = np.array([seed_index[s.key] for s in pinned], dtype=np.int64)
        for chunk_ids, vectors in stream_vectors(session, last=int(ids[-1])):
            rows = np.minimum(np.searchsorted(ids, chunk_ids), len(ids) - 1)
            # only rows read at the start and left out of the fit (one written since is skipped)
            keep = (ids[rows] == chunk_ids) & rest[rows]
            if not keep.any():
                continue
            rows = rows[keep]
            current = np.array([cluster_of.get(int(t), -1) for t in themes[rows]], dtype=np.int64)
            labels[rows], scores[rows] = place(unit(vectors[keep]), centroids,
                                               config.min_similarity, current,
                                               seed_vectors, seed_themes,
                                               config.seed_similarity)  # fmt: skip
    return Placement(ids, themes, labels, scores)


def write_placement(
    session: Session, ws: Workspace, placement: Placement, theme_ids: dict[int, int]
) -> None:
    """Each insight's theme id and score, in SQL and in the vector store's payload."""
    lookup = np.full(max(theme_ids, default=-1) + 2, -1, dtype=np.int64)  # cluster -> theme id
    for index, theme_id in theme_ids.items():
        lookup[index] = theme_id
    new = np.where(placement.labels >= 0, lookup[placement.labels], -1)
    # one Core statement, executemany'd: the ORM's bulk update by primary key split each batch
    # into runs of rows with and without a theme (15.5 of the 22 s this took at 175k insights)
    table = Insight.__table__
    statement = (
        table.update()
        .where(table.c.id == bindparam("row_id"))
        .values(theme_id=bindparam("new_theme"), theme_score=bindparam("new_score"))
    )
    for start in range(0, len(new), _ROWS_PER_UPDATE):
        end = start + _ROWS_PER_UPDATE
        rows = [
            {"row_id": int(i), "new_theme": int(t) if t >= 0 else None,
             "new_score": round(float(s), 4) if t >= 0 else None}
            for i, t, s in zip(placement.ids[start:end], new[start:end],
                               placement.scores[start:end], strict=True)
        ]  # fmt: skip
        session.execute(statement, rows)
    # Only the points whose theme changed: a payload update moves a point out of the vector
    # index (copy on write), and retagging all 175k unindexed every one after each refit.
    changed = np.flatnonzero(new != placement.themes)
    order = changed[np.argsort(new[changed], kind="stable")]
    bounds = np.flatnonzero(np.diff(new[order])) + 1
    for group in np.split(order, bounds):
        if not len(group):
            continue
        theme_id = int(new[group[0]])
        for start in range(0, len(group), 2_000):
            chunk = [int(i) for i in placement.ids[group[start : start + 2_000]]]
            ws.vectors.set_payload(INSIGHTS, chunk, {"theme_id": theme_id})
