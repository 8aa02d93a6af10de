"""Parent themes: themes grouped under ~sqrt(#themes) parents, named from their children's words.

A cold fit groups the theme centroids by Ward agglomeration. A warm refit keeps the grouping a
person has been reading: `parent_of` gives each row's parent before the refit, a theme stays under
the parent most of its rows were under, and a theme none of whose rows had one joins the parent
whose rows are nearest its centroid. Ward on slightly moved centroids regrouped the tree on every
refit of unchanged data (18 and then 33 of ~110 demo themes moved, parents renamed)."""

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from analyzer.themes.clustering import unit
from analyzer.themes.labels import covered_first, make_label
from analyzer.themes.naming import CANDIDATES, COVERAGE_SAMPLE, LanguageNamer, spread

if TYPE_CHECKING:
    from analyzer.themes.discovery import FoundTheme, ThemeConfig


@dataclass
class ParentTheme:
    children: list[int]  # indices into Discovery.themes
    centroid: np.ndarray
    keywords: list[str]
    label: str
    labels: dict[str, str] = field(default_factory=dict)  # per language, when it mixes several
    key: int | None = None  # the caller's parent this one continues (`parent_of`), if any


def ward_groups(themes: list["FoundTheme"], config: "ThemeConfig") -> np.ndarray:
    """Cold grouping: Ward agglomeration of the theme centroids, a group number per theme."""
    from sklearn.cluster import AgglomerativeClustering

    k = len(themes)
    n_parents = min(config.parents or max(1, round(np.sqrt(k))), config.max_parents, k)
    if n_parents == 1:
        return np.zeros(k, dtype=np.int64)
    centroids = np.stack([theme.centroid for theme in themes])
    return AgglomerativeClustering(n_clusters=n_parents, linkage="ward").fit(centroids).labels_


def kept_groups(x: np.ndarray, themes: list["FoundTheme"], parent_of: np.ndarray) -> np.ndarray:
    """Warm grouping: each theme's previous parent key (the most common among its rows, the
    smallest key among equals), or the nearest previous parent's for a theme with none; -1 for
    every theme when no row had a parent."""
    keys = np.full(len(themes), -1, dtype=np.int64)
    for t, theme in enumerate(themes):
        counts = Counter(int(p) for p in parent_of[theme.members] if p >= 0)
        if counts:
            keys[t] = min(counts, key=lambda p: (-counts[p], p))
    known = sorted(set(keys[keys >= 0].tolist()))
    if not known:
        return keys
    rows = {key: np.concatenate([themes[t].members for t in np.flatnonzero(keys == key)])
            for key in known}  # fmt: skip
    centres = unit(np.stack([x[rows[key]].sum(axis=0) for key in known]))
    for t in np.flatnonzero(keys < 0):
        keys[t] = known[int(np.argmax(centres @ themes[t].centroid))]
    return keys


def group_parents(
    x: np.ndarray,
    themes: list["FoundTheme"],
    vocabulary_scores: tuple[list[str], np.ndarray],
    config: "ThemeConfig",
    namer: LanguageNamer | None = None,
    parent_of: np.ndarray | None = None,
) -> list[ParentTheme]:
    """Parents, largest first; keywords from the size-weighted sum of the children's c-TF-IDF
    rows, those found in at least `keyword_share` of the parent's insights first (as for themes:
    "limit" rather than "maximum · limit auto" for Banking77's limits). Sets each theme's
    `parent`. `parent_of`: each row's parent key before (-1: none), for a warm refit."""
    k = len(themes)
    if k == 0:
        return []
    keys = kept_groups(x, themes, parent_of) if parent_of is not None else np.full(k, -1)
    if (keys >= 0).all():
        group_keys, groups = np.unique(keys, return_inverse=True)
    else:
        groups, group_keys = ward_groups(themes, config), None
    sizes = np.array([len(theme.members) for theme in themes])
    order = sorted(
        range(int(groups.max()) + 1),
        key=lambda g: (-sizes[groups == g].sum(), np.argmax(groups == g)),
    )
    vocabulary, scores = vocabulary_scores
    parents = []
    for index, group in enumerate(order):
        children = [int(t) for t in np.flatnonzero(groups == group)]
        for t in children:
            themes[t].parent = index
        members = np.concatenate([themes[t].members for t in children])
        centroid = (
            unit(x[members].sum(axis=0))
            if len(members)
            else unit(np.mean([themes[t].centroid for t in children], axis=0))
        )
        weights = np.zeros(scores.shape[0])
        weights[children] = sizes[children]
        keywords = top_terms(vocabulary, scores.T @ weights, CANDIDATES)
        label_words = keywords[: config.n_keywords]
        if namer is not None:  # as for themes: words most of its insights share rank first
            sample = [namer.documents[i] for i in spread(members, COVERAGE_SAMPLE)]
            keywords, covered = covered_first(
                keywords, sample, config.n_keywords, config.keyword_share, namer.grams
            )
            label_words = keywords[: max(covered, 1)]
        keywords = keywords[: config.n_keywords]
        label = (
            namer.label(label_words, members)
            if namer
            else make_label(label_words, config.label_parts)
        )
        labels = namer.labels(members) if namer else {}
        key = int(group_keys[group]) if group_keys is not None else None
        parents.append(ParentTheme(children, centroid, keywords, label, labels, key))
    return parents


def top_terms(vocabulary: list[str], scores: np.ndarray, n: int) -> list[str]:
    scores = np.asarray(scores).ravel()
    order = np.argsort(-scores, kind="stable")[:n]
    return [vocabulary[i] for i in order if scores[i] > 0]
