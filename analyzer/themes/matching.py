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
