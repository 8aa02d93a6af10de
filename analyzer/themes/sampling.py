"""Which rows a large refit fits on, and where the others go.

`fit_sample` picks at most `bound` rows, stratified by each row's current theme (every theme keeps
at least `floor` rows, or all of its rows, so a small theme is not lost to the sample), the rest
in proportion. Within a theme the rows with the smallest hash of (id, seed) are taken: a row's
chance depends on its own id only, so a refit after new insights arrive fits almost the same rows.

`place` is the rule for the rows left out of the fit, the same as the clusterer's for the rows it
fitted: a row near a seed joins it, a row still near its current theme stays, any other row goes to
its nearest theme (`assign`, as at ingest) or is an outlier.
"""

import numpy as np

from analyzer.themes.clustering import assign


def row_keys(ids: np.ndarray, seed: int) -> np.ndarray:
    """A pseudo-random uint64 per id (splitmix64 of id + seed): stable per row across refits."""
    golden = np.uint64(0x9E3779B97F4A7C15)
    with np.errstate(over="ignore"):  # uint64 arithmetic wraps, as splitmix64 means it to
        z = np.asarray(ids, dtype=np.uint64) + np.uint64(seed + 1) * golden
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def quotas(sizes: np.ndarray, bound: int, floor: int) -> np.ndarray:
    """Rows to take per stratum: max(rate x size, floor), at most its size, with the largest rate
    that fits in `bound` (bisection; a lower floor when not every stratum can have this one), then
    the rows rounding left over: `bound` rows in all."""
    sizes = np.asarray(sizes, dtype=np.int64)
    if sizes.sum() <= bound:
        return sizes.copy()

    def take(rate: float) -> np.ndarray:
        return np.minimum(sizes, np.maximum(np.floor(rate * sizes).astype(np.int64), floor))

    if take(0.0).sum() > bound:
        # too many strata for the floor: the floor they can all have (proportional alone took
        # a 15-insight theme to 4 rows of 200, under the fit's minimum size: retired by a refit)
        floor = bound // len(sizes)
    low, high = 0.0, 1.0
    for _ in range(40):
        middle = (low + high) / 2
        low, high = (middle, high) if take(middle).sum() <= bound else (low, middle)
    got = take(low)
    # the rows rounding left over go one by one to the strata that rounded down most, so the
    # sample is `bound` rows (it fell a few short whenever the themes changed)
    order = np.argsort(-((low * sizes) % 1), kind="stable")
    while (spare := bound - int(got.sum())) > 0:
        open_ = order[got[order] < sizes[order]][:spare]
        got[open_] += 1
    return got


def fit_sample(
    ids: np.ndarray, strata: np.ndarray, bound: int, seed: int = 0, floor: int = 20
) -> np.ndarray:
    """Sorted positions (into `ids`) of at most `bound` rows; all of them when they fit."""
    n = len(ids)
    if n <= bound:
        return np.arange(n)
    names, stratum = np.unique(strata, return_inverse=True)
    wanted = quotas(np.bincount(stratum, minlength=len(names)), bound, floor)
    order = np.lexsort((row_keys(ids, seed), stratum))  # by stratum, then by key
    starts = np.searchsorted(stratum[order], np.arange(len(names)))
    rank = np.arange(n) - starts[stratum[order]]
    return np.sort(order[rank < wanted[stratum[order]]])


def place(
    vectors: np.ndarray,
    centroids: np.ndarray,
    min_similarity: float,
    current: np.ndarray | None = None,
    seeds: np.ndarray | None = None,
    seed_themes: np.ndarray | None = None,
    seed_similarity: float = 1.0,
) -> tuple[np.ndarray, np.ndarray]:
    """(theme index or -1, cosine to it) per unit row. `current`: each row's theme now as an index
    into `centroids` (-1: none or gone); `seeds`: seed vectors, `seed_themes` their theme index."""
    labels, cosine = assign(vectors, centroids, min_similarity)
    if current is not None and len(centroids):
        now = np.flatnonzero(current >= 0)
        near = np.einsum("ij,ij->i", vectors[now], centroids[current[now]])
        stay = near >= min_similarity
        labels[now[stay]], cosine[now[stay]] = current[now[stay]], near[stay]
    if seeds is not None and len(seeds):
        pinned, _ = assign(vectors, seeds, seed_similarity)
        rows = np.flatnonzero(pinned >= 0)
        labels[rows] = seed_themes[pinned[rows]]
        cosine[rows] = np.einsum("ij,ij->i", vectors[rows], centroids[labels[rows]])
    return labels, np.where(labels >= 0, cosine, 0.0).astype(np.float32)
