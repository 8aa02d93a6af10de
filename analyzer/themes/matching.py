"""Which new theme continues which old one: what stable theme ids rely on across refits."""

import numpy as np


def match_themes(
    old_centroids: np.ndarray, new_centroids: np.ndarray, min_similarity: float = 0.8
) -> dict[int, int]:
    """{old index: new index}: a one-to-one Hungarian assignment maximising total centroid cosine,
    keeping only pairs at least `min_similarity` apart (unmatched old themes ended, unmatched new
    themes are new)."""
    from scipy.optimize import linear_sum_assignment

    if len(old_centroids) == 0 or len(new_centroids) == 0:
        return {}
    sims = np.asarray(old_centroids, dtype=np.float64) @ np.asarray(new_centroids, np.float64).T
    rows, cols = linear_sum_assignment(sims, maximize=True)
    return {int(r): int(c) for r, c in zip(rows, cols, strict=True) if sims[r, c] >= min_similarity}


def match_members(
    overlap: np.ndarray,
    old_sizes: np.ndarray,
    new_sizes: np.ndarray,
    sims: np.ndarray,
    min_jaccard: float = 0.3,
    min_share: float = 0.5,
    min_similarity: float = 0.8,
    min_topic: float = 0.0,
) -> dict[int, int]:
    """{old index: new index}, one-to-one: which new theme continues which old one by the
    insights they share (`overlap[o, n]`, out of `old_sizes` and `new_sizes`). A pair may match
    when their members' Jaccard is at least `min_jaccard`, or most of the new theme's insights
    were the old one's (`min_share`), or their centroids (`sims`) are at least `min_similarity`
    alike, and in any case at least `min_topic` alike (a fragment of an old theme gathered
    with other rows is about something else); pairs are taken greedily, the highest Jaccard first, centroid cosine breaking ties,
    so the clearest continuation keeps an id before a fragment can take it."""
    overlap = np.asarray(overlap, dtype=np.float64)
    if overlap.size == 0:
        return {}
    old_sizes = np.asarray(old_sizes, dtype=np.float64)[:, None]
    new_sizes = np.asarray(new_sizes, dtype=np.float64)[None, :]
    union = old_sizes + new_sizes - overlap
    jaccard = np.divide(overlap, union, out=np.zeros_like(overlap), where=union > 0)
    share = np.divide(overlap, new_sizes, out=np.zeros_like(overlap), where=new_sizes > 0)
    sims = np.asarray(sims, dtype=np.float64)
    allowed = (jaccard >= min_jaccard) | (share >= min_share) | (sims >= min_similarity)
    allowed &= sims >= min_topic
    rows, cols = np.nonzero(allowed)
    order = np.lexsort((-sims[rows, cols], -jaccard[rows, cols]))  # last key sorts first
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for k in order:
        old, new = int(rows[k]), int(cols[k])
        if old not in pairs and new not in taken:
            pairs[old] = new
            taken.add(new)
    return pairs
