"""The clusterer in BERTopic's `hdbscan_model` slot, and `assign`, the nearest-centroid rule that
both discovery's last pass and ingestion use.

Cold fit: over-cluster with spherical k-means into micro-clusters of ~`micro_size` rows, then merge
micro-centroids by complete-linkage agglomerative clustering (every pair of micro-centroids in a
theme within `merge_distance` cosine distance), drop themes under `min_theme_size`, and finish with
`refine` nearest-centroid passes where rows under `min_similarity` become outliers. No UMAP, no
HDBSCAN: measured in docs/benchmarks.md (themes) and docs/evaluation.md (themes).

Seeds (a person's themes) pin the rows within `seed_similarity` of their vector and take part in
the nearest-centroid passes; they are never dropped. `previous` centroids (warm refit) keep the
old themes: each row is pinned to its nearest one unless it is among the `anchor_share` least
similar rows and under `anchor_similarity`; only those are clustered cold (new themes).
"""

import time
from dataclasses import dataclass

import numpy as np

_BLOCK = 8192  # rows per block in `assign`: bounds the (rows x themes) similarity matrix


def unit(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


def assign(
    vectors: np.ndarray, centroids: np.ndarray, min_similarity: float
) -> tuple[np.ndarray, np.ndarray]:
    """(index of the nearest centroid or -1, its cosine) per row; unit vectors in, one matrix
    product per block of rows."""
    vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    n = len(vectors)
    if n == 0 or len(centroids) == 0:
        return np.full(n, -1, dtype=np.int64), np.zeros(n, dtype=np.float32)
    # a transposed view, not a copy: BLAS reads it as is (a copy cost ~0.5 ms per single-row call)
    centroids_t = np.asarray(centroids, dtype=np.float32).T
    best = np.empty(n, dtype=np.int64)
    cosine = np.empty(n, dtype=np.float32)
    for start in range(0, n, _BLOCK):
        sims = vectors[start : start + _BLOCK] @ centroids_t
        best[start : start + _BLOCK] = sims.argmax(axis=1)
        cosine[start : start + _BLOCK] = sims[np.arange(len(sims)), best[start : start + _BLOCK]]
    return np.where(cosine >= min_similarity, best, -1), cosine


def mean_centroids(vectors: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """Unit mean vector per label 0..k-1 (zero rows for empty labels)."""
    from scipy import sparse

    kept = np.flatnonzero(labels >= 0)
    # A (k x n) one-hot matrix product: 0.2 s instead of np.add.at's 2.8 s at 100k rows.
    onehot = sparse.csr_matrix(
        (np.ones(len(kept), np.float32), (labels[kept], kept)), shape=(k, len(vectors))
    )
    return unit(onehot @ vectors)


@dataclass(frozen=True)
class ClusterParams:
    micro_size: int = 25
    max_micro: int = 1000
    merge_distance: float = 0.25
    min_theme_size: int = 5
    min_similarity: float = 0.4
    seed_similarity: float = 0.7
    anchor_similarity: float = 0.65
    anchor_share: float = 0.05
    refine: int = 2
    settle: int = 5  # rounds at most of `_trim` + `_settle`
    random_state: int = 0


def micro_merge(vectors: np.ndarray, params: ClusterParams) -> np.ndarray:
    """Cold themes: spherical k-means micro-clusters merged by complete-linkage on cosine."""
    from sklearn.cluster import kmeans_plusplus

    n = len(vectors)
    k = int(np.clip(round(n / params.micro_size), 1, params.max_micro))
    if n < 2:
        return np.zeros(n, dtype=np.int64)
    if k < 2 or n < 2 * params.min_theme_size:
        # too few rows for micro-clusters: each row is one, merged by the same rule. One theme of
        # all of them lumped a warm refit's few unexplained rows into a theme of strangers, and
        # each later refit of unchanged data made another from what that theme left out.
        return complete_linkage(vectors, params.merge_distance)
    # k-means++ seeding on a float64 sample of 3k rows: +0.01 NMI on Banking77 over random
    # seeding; sklearn's own k-means++ on float32 rows took 40-70 s at 100k (it upcasts chunks).
    rng = np.random.default_rng(params.random_state)
    sample = np.sort(rng.choice(n, size=min(n, 3 * k), replace=False))
    init, _ = kmeans_plusplus(
        vectors[sample].astype(np.float64), k, random_state=params.random_state
    )
    labels, micro = spherical_kmeans(vectors, unit(init))
    return complete_linkage(micro, params.merge_distance)[labels]


def complete_linkage(vectors: np.ndarray, distance: float) -> np.ndarray:
    """Groups whose every pair is within cosine `distance` (agglomerative, complete linkage)."""
    from sklearn.cluster import AgglomerativeClustering

    merged = AgglomerativeClustering(
        n_clusters=None, distance_threshold=distance, metric="cosine", linkage="complete"
    ).fit(vectors)
    return merged.labels_.astype(np.int64)


def spherical_kmeans(
    vectors: np.ndarray,
    centers: np.ndarray,
    max_iter: int = 10,
    max_visits: int = 300_000,
    tol: float = 0.001,
) -> tuple[np.ndarray, np.ndarray]:
    """Lloyd's passes over unit rows: each row to its most similar center (`assign`, one matrix
    product per block), each center to the unit mean of its rows (an emptied one stays put).
    Stops once under `tol` of the rows move, or after `max_iter` passes or ~`max_visits` row
    visits (3 passes at 100k rows: the micro-clusters are merged next anyway). Replaced
    MiniBatchKMeans: same NMI on Banking77, 30 % less fit time (docs/evaluation.md, themes)."""
    passes = max(1, min(max_iter, -(-max_visits // len(vectors))))
    labels = np.full(len(vectors), -1, dtype=np.int64)
    for _ in range(passes):
        nearest, _ = assign(vectors, centers, -2.0)  # cosines are >= -1: every row is placed
        moved = float((nearest != labels).mean())
        labels = nearest
        if moved < tol:
            break
        means = mean_centroids(vectors, labels, len(centers))
        emptied = ~means.any(axis=1)
        means[emptied] = centers[emptied]
        centers = means
    return labels, centers


class CentroidClusterer:
    """Goes in BERTopic's `hdbscan_model` slot: `fit` sets `labels_` (-1 = outlier) and
    `centroids_`; themes 0..len(seeds)-1 are the seeds, in order, then the rest by size."""

    def __init__(
        self,
        params: ClusterParams,
        seeds: np.ndarray | None = None,
        previous: np.ndarray | None = None,
        seed_centroids: np.ndarray | None = None,
        current: np.ndarray | None = None,
    ) -> None:
        self.params = params
        self.seeds = np.zeros((0, 0), np.float32) if seeds is None else unit(seeds)
        self.previous = np.zeros((0, 0), np.float32) if previous is None else unit(previous)
        # warm refit: the seeds' current centroids anchor rows as previous themes do (else a
        # row that joined a seeded theme at ingest was pinned to its nearest *other* theme)
        self.seed_centroids = None if seed_centroids is None else unit(seed_centroids)
        # each row's theme now, as an index into the anchors (the seeds' centroids, then
        # `previous`), -1 for none. A row stays in its theme while still near it (a cold refit
        # gives no `previous`: rows stay only in the seeds, a person's themes).
        self.current = current

    def fit(self, vectors: np.ndarray, y: np.ndarray | None = None) -> "CentroidClusterer":
        started = time.perf_counter()
        p = self.params
        x = unit(vectors)
        n, n_seeds = len(x), len(self.seeds)
        labels = np.full(n, -1, dtype=np.int64)
        pinned = np.zeros(n, dtype=bool)
        if n_seeds:
            labels, _ = assign(x, self.seeds, p.seed_similarity)
            pinned = labels >= 0
        by_seed = pinned.copy()
        restart = n_seeds and not len(self.previous) and self.current is not None
        if restart:
            # cold refit: a person's theme (a seed here) keeps its members while near it, as
            # a warm refit keeps them; every other row is clustered from scratch
            held = self._held(x, labels)
            labels[held] = self.current[held]
            pinned[held] = True
        offset = n_seeds
        free = np.flatnonzero(labels < 0)
        if len(self.previous) and len(free):
            anchors = self.previous
            if self.seed_centroids is not None and n_seeds:  # labels 0..n_seeds-1: the seeds
                anchors = np.vstack([self.seed_centroids, self.previous])
            old, cosine = assign(x[free], anchors, 0.0)
            floor = min(p.anchor_similarity, float(np.quantile(cosine, p.anchor_share)))
            floor = max(floor, p.min_similarity)  # never pin what `assign` calls an outlier
            keep = cosine >= floor
            if self.current is not None:  # a refit of unchanged data then changes nothing
                now = self.current[free]
                near = now >= 0
                near[near] = (
                    np.einsum("ij,ij->i", x[free[near]], anchors[now[near]]) >= p.min_similarity
                )
                old, keep = np.where(near, now, old), keep | near
            shift = offset - (len(anchors) - len(self.previous))
            labels[free[keep]] = old[keep] + shift
            pinned[free[keep]] = True
            offset += len(self.previous)
        free = np.flatnonzero(labels < 0)
        if restart and len(x) >= p.min_theme_size:
            # the micro-clusters of every row, as a cold fit without a person's themes finds
            # them, the kept rows then taken out: clustering only the others changed k-means'
            # start, and one renamed theme reshuffled half the demo's insights (451 of 953)
            labels[free] = micro_merge(x, p)[free] + offset
        elif len(free) >= p.min_theme_size:
            labels[free] = micro_merge(x[free], p) + offset
        labels = self._prune(labels, n_seeds)
        for _ in range(p.refine):
            centroids = self._centroids(x, labels)
            moved, _ = assign(x, centroids, p.min_similarity)
            # pinned rows stay, unless their (previous) theme was dropped as too small
            labels = self._prune(np.where(pinned & (labels >= 0), labels, moved), n_seeds)
        for _ in range(p.settle):  # until a warm refit of these rows would change nothing
            labels = self._trim(x, labels, by_seed, n_seeds)
            labels, grown = self._settle(x, labels, n_seeds)
            if not grown:
                break
        else:
            labels = self._trim(x, labels, by_seed, n_seeds)
        self.labels_ = labels
        self.centroids_ = self._centroids(x, labels)
        self.seconds_ = time.perf_counter() - started
        return self

    def _held(self, x: np.ndarray, labels: np.ndarray) -> np.ndarray:
        """The rows not pinned yet whose theme now is a seed (`current` < the seeds) and that are
        at least `min_similarity` from its centroid now (its vector when it has none)."""
        anchors = self.seeds if self.seed_centroids is None else self.seed_centroids
        rows = np.flatnonzero((labels < 0) & (self.current >= 0) & (self.current < len(anchors)))
        near = np.einsum("ij,ij->i", x[rows], anchors[self.current[rows]])
        return rows[near >= self.params.min_similarity]

    def _settle(self, x: np.ndarray, labels: np.ndarray, n_seeds: int) -> tuple[np.ndarray, bool]:
        """The rows in no theme get now the chance a warm refit of the same rows would give them:
        clustered alone, every themed row kept where it is. Without it each refit of unchanged
        data made a new theme of the last one's outliers. Returns the labels and whether a new
        theme came of it; only those rows are read, so a round costs little."""
        p = self.params
        free = np.flatnonzero(labels < 0)
        if len(free) < p.min_theme_size:
            return labels, False
        k = max(int(labels.max(initial=-1)) + 1, n_seeds)
        themes = self._centroids(x, labels)
        rows = micro_merge(x[free], p) + k
        for _ in range(p.refine + 1):
            # new themes under the minimum size are dropped; their rows go to the nearest theme
            counts = np.bincount(rows[rows >= k] - k, minlength=1)
            rows = np.where((rows >= k) & (counts[np.maximum(rows - k, 0)] < p.min_theme_size),
                            -1, rows)  # fmt: skip
            kept = np.flatnonzero(counts >= p.min_theme_size)
            if not len(kept):
                break
            relabel = np.full(len(counts), -1, dtype=np.int64)
            relabel[kept] = np.arange(len(kept))
            new = mean_centroids(x[free], np.where(rows >= k, relabel[np.maximum(rows - k, 0)], -1),
                                 len(kept))  # fmt: skip
            rows, _ = assign(x[free], np.vstack([themes, new]), p.min_similarity)
        if not (rows >= k).any():
            return labels, False
        labels = labels.copy()
        labels[free] = rows
        return self._prune(labels, n_seeds), True

    def _trim(self, x: np.ndarray, labels: np.ndarray, by_seed: np.ndarray, n_seeds: int,
              rounds: int = 5) -> np.ndarray:  # fmt: skip
        """Until none moves (at most `rounds`): a member under `min_similarity` from its theme's
        final centroid leaves it, an outlier that close to one joins its nearest. Each pass
        assigned rows to the centroids before it; the stored centroids are the means after, and
        a warm refit, keeping rows by those, moved the few that differ (and renamed a theme).
        Reads each member's own centroid and only the outliers against all: little cost."""
        p = self.params
        from scipy import sparse

        labels = labels.copy()
        base = self._centroids(x, labels)  # the seeds' own vectors stand in for empty seeds
        themed = np.flatnonzero(labels >= 0)
        onehot = sparse.csr_matrix(
            (np.ones(len(themed), np.float32), (labels[themed], themed)), shape=(len(base), len(x))
        )
        sums = np.asarray(onehot @ x)  # each theme's sum of rows, kept up to date row by row
        for _ in range(rounds):
            centroids = np.where(sums.any(axis=1, keepdims=True), unit(sums), base)
            rows = np.flatnonzero((labels >= 0) & ~by_seed)
            own = np.einsum("ij,ij->i", x[rows], centroids[labels[rows]])
            leave = rows[own < p.min_similarity]
            out = np.flatnonzero(labels < 0)
            near, _ = assign(x[out], centroids, p.min_similarity)
            join = out[near >= 0]
            if not len(leave) and not len(join):
                break
            np.subtract.at(sums, labels[leave], x[leave])
            labels[leave] = -1
            labels[join] = near[near >= 0]
            np.add.at(sums, labels[join], x[join])
        return self._prune(labels, n_seeds)

    def predict(self, vectors: np.ndarray) -> np.ndarray:
        return assign(unit(vectors), self.centroids_, self.params.min_similarity)[0]

    def _centroids(self, x: np.ndarray, labels: np.ndarray) -> np.ndarray:
        k = max(int(labels.max(initial=-1)) + 1, len(self.seeds))
        centroids = mean_centroids(x, labels, k)
        if len(self.seeds):
            sizes = np.bincount(labels[labels >= 0], minlength=k)[: len(self.seeds)]
            empty = np.flatnonzero(sizes == 0)
            centroids[empty] = self.seeds[empty]  # a seed nothing joined keeps its own vector
        return centroids

    def _prune(self, labels: np.ndarray, n_seeds: int) -> np.ndarray:
        """Drop non-seed themes under `min_theme_size` (their rows become outliers, picked up by
        the next pass if close enough to another theme) and renumber: seeds first, in order, then
        by size, ties by first row, so the numbering is deterministic."""
        kept = labels >= 0
        ids, first, counts = np.unique(labels[kept], return_index=True, return_counts=True)
        first = np.flatnonzero(kept)[first]
        others = [
            (-count, row, theme)
            for theme, row, count in zip(ids, first, counts, strict=True)
            if theme >= n_seeds and count >= self.params.min_theme_size
        ]
        order = list(range(n_seeds)) + [theme for _, _, theme in sorted(others)]
        remap = np.full(int(labels.max(initial=-1)) + 2, -1, dtype=np.int64)
        remap[order] = np.arange(len(order))
        return np.where(kept, remap[labels], -1)
