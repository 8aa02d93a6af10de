"""How close a theme's insights are to its centroid, and whether new ones are as close.

A theme's members say how far from its centroid its insights lie. Insights of a topic no theme
knows still join the nearest theme at ingest when at least `min_similarity` (0.4) close, and a
burst of them made that unrelated theme "emerging". `cohesive` tells such a burst from a theme's
own growth: the window's insights are the theme's when their median cosine reaches a low
quantile of its earlier members' cosines (docs/evaluation.md, "themes-ingest").

`radii` is a per-theme acceptance radius at ingest; measured there too, and not used: rejecting
an insight under it cost more (known insights left in no theme) than it saved."""

import numpy as np


def radii(labels: np.ndarray, scores: np.ndarray, k: int, quantile: float, floor: float,
          min_members: int) -> np.ndarray:  # fmt: skip
    """Per theme 0..k-1: the `quantile` of its members' cosines (`labels`: each member's theme,
    `scores`: its cosine to the centroid), never under `floor`; `floor` for a theme with under
    `min_members` members, or for a quantile of 0."""
    out = np.full(k, floor, dtype=np.float32)
    labels, scores = np.asarray(labels, dtype=np.int64), np.asarray(scores, dtype=np.float32)
    if quantile <= 0 or not len(labels):
        return out
    order = np.lexsort((scores, labels))  # by theme, then by cosine
    sizes = np.bincount(labels, minlength=k)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    enough = sizes >= max(min_members, 1)
    at = starts + np.floor(quantile * (sizes - 1)).astype(np.int64)
    out[enough] = np.maximum(out[enough], scores[order][at[enough]])
    return out


def cohesive(window: np.ndarray, members: np.ndarray, alpha: float,
             min_members: int = 5) -> bool:  # fmt: skip
    """Whether insights (`window`: their cosines to a theme's centroid) are as close to it as its
    earlier members (`members`: theirs): false when a one-sided Mann-Whitney U test says the
    window's are lower at level `alpha`. True with too few members to tell, no window, or an
    `alpha` of 0."""
    from scipy.stats import mannwhitneyu

    if len(members) < min_members or not len(window) or alpha <= 0:
        return True
    return bool(mannwhitneyu(window, members, alternative="less").pvalue >= alpha)
