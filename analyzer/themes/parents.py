"""Parent themes: themes whose centroids are close grouped under a parent, named from the words
of several of its children; a theme close to no other stays a top-level theme of its own.

A cold fit groups the theme centroids by average-linkage agglomeration on cosine distance, cut at
`ThemeConfig.parent_similarity`: two groups join while the mean cosine between their themes is at
least that, so the number of parents follows the data. Ward agglomeration into ~sqrt(#themes)
parents forced every theme under one, unrelated ones included (docs/evaluation.md, "Parent
themes"). A warm refit keeps the grouping a person has been reading: `parent_of` gives each
row's parent before the refit (`TOP_LEVEL`: its theme had none), a theme stays under the parent
most of its rows were under or at the top level, and a theme none of whose rows was in one
joins the nearest previous parent when it is as close as a cold fit asks, else stays top-level:
only a cold fit makes parents. Ward on slightly moved centroids regrouped the tree on every
refit of unchanged data (18 and then 33 of ~110 demo themes moved, parents renamed); grouping
the parentless themes the cold way put a top-level theme under a new parent beside a theme a
person had just seeded.

A parent is named from the union of its children's keywords (their c-TF-IDF top terms), each
child's c-TF-IDF scaled so that every child has the same say (`parent_terms`), led by the term
that weighs most once each child counts by its size, in the words of the workspace's main
language when its themes mix languages. The size-weighted sum alone named a parent after its
largest child; the same say alone after a small child (a 9-insight one over a 45-insight one).
A person's move renames it after its children then (`label_from_children`)."""

from collections import Counter
from collections.abc import Container, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from analyzer.themes.clustering import unit
from analyzer.themes.generic_words import without_generic
from analyzer.themes.labels import LABEL_JOIN, make_label
from analyzer.themes.naming import CANDIDATES, COVERAGE_SAMPLE, LanguageNamer, spread

if TYPE_CHECKING:
    from analyzer.themes.discovery import FoundTheme, ThemeConfig

TOP_LEVEL = -2  # `parent_of` of a row whose theme has no parent (-1: a row in no theme)
PARENT_LINKAGE = "average"  # measured against "complete" (docs/evaluation.md, "Parent themes")


@dataclass
class ParentTheme:
    children: list[int]  # indices into Discovery.themes
    centroid: np.ndarray
    keywords: list[str]
    label: str
    labels: dict[str, str] = field(default_factory=dict)  # per language, when it mixes several
    key: int | None = None  # the caller's parent this one continues (`parent_of`), if any


def similar_groups(
    centroids: np.ndarray, min_similarity: float, linkage: str = PARENT_LINKAGE
) -> np.ndarray:
    """Cold grouping of unit `centroids`: agglomeration on cosine distance cut at
    1 - `min_similarity` (`linkage` "average": the mean cosine between two groups' members;
    "complete": their least similar pair). A group number per centroid (0, 1, ... in order of
    first appearance), -1 for one that joined no other."""
    from sklearn.cluster import AgglomerativeClustering

    k = len(centroids)
    if k < 2:
        return np.full(k, -1, dtype=np.int64)
    found = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage=linkage, distance_threshold=1 - min_similarity
    ).fit(np.asarray(centroids, dtype=np.float64))
    sizes = np.bincount(found.labels_)
    groups = np.full(k, -1, dtype=np.int64)
    number: dict[int, int] = {}
    for t, label in enumerate(found.labels_.tolist()):
        if sizes[label] >= 2:
            groups[t] = number.setdefault(label, len(number))
    return groups


def kept_groups(
    themes: list["FoundTheme"], parent_of: np.ndarray, min_similarity: float
) -> np.ndarray:
    """Warm grouping: each theme's previous parent key (the most common among its rows, the
    smallest key among equals; `TOP_LEVEL` first: a top-level theme stays one); a theme none of
    whose rows was in a theme joins the previous parent whose themes are nearest on average
    when at least `min_similarity` (the cold rule); -1 for the others."""
    keys = np.full(len(themes), -1, dtype=np.int64)
    for t, theme in enumerate(themes):
        counts = Counter(int(p) for p in parent_of[theme.members] if p >= 0 or p == TOP_LEVEL)
        if counts:
            keys[t] = min(counts, key=lambda p: (-counts[p], p))
    known = sorted(set(keys[keys >= 0].tolist()))
    if not known:
        return np.where(keys >= 0, keys, -1)
    centroids = np.stack([theme.centroid for theme in themes])
    # the mean cosine to a parent's themes is the cosine to the mean of their centroids
    means = np.stack([centroids[keys == key].mean(axis=0) for key in known])
    for t in np.flatnonzero(keys == -1):  # not `TOP_LEVEL`: a person's tree left it there
        closeness = means @ centroids[t]
        if closeness.max() >= min_similarity:
            keys[t] = known[int(np.argmax(closeness))]
    return np.where(keys >= 0, keys, -1)


def grouping(
    themes: list["FoundTheme"], config: "ThemeConfig", parent_of: np.ndarray | None
) -> tuple[np.ndarray, dict[int, int]]:
    """A group number per theme (-1: top-level) and group -> the caller's parent key it
    continues. No `parent_of` (a cold fit): every theme grouped the cold way; else (warm) no
    parent is made: the themes no kept parent takes stay top-level."""
    if parent_of is None:
        return similar_groups(np.stack([t.centroid for t in themes]), config.parent_similarity), {}
    keys = kept_groups(themes, parent_of, config.parent_similarity)
    kept = sorted(set(keys[keys >= 0].tolist()))
    groups = np.full(len(themes), -1, dtype=np.int64)
    for group, key in enumerate(kept):
        groups[keys == key] = group
    return groups, dict(enumerate(kept))


def group_parents(
    x: np.ndarray,
    themes: list["FoundTheme"],
    vocabulary_scores: tuple[list[str], np.ndarray],
    config: "ThemeConfig",
    namer: LanguageNamer | None = None,
    parent_of: np.ndarray | None = None,
) -> list[ParentTheme]:
    """Parents, largest first; sets each theme's `parent` (None: a top-level theme). Keywords and
    labels: `parent_terms`, per language from the terms its insights in that language use.
    `parent_of`: each row's parent key before (-1: none), for a warm refit."""
    k = len(themes)
    if k == 0:
        return []
    groups, group_keys = grouping(themes, config, parent_of)
    sizes = np.array([len(theme.members) for theme in themes])
    order = sorted(
        set(groups[groups >= 0].tolist()),
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
        ranked = parent_terms(vocabulary, scores, themes, children)
        keywords = ranked[: config.n_keywords]
        label = (
            namer.label(ranked, members, False) if namer else make_label(ranked, config.label_parts)
        )
        labels = {}
        if namer is not None:
            for code, rows in namer.languages_of(members).items():
                used = namer.terms_in(spread(rows, COVERAGE_SAMPLE))
                # led anew among that language's words: the lead of all of them may be in another
                if words := parent_terms(vocabulary, scores, themes, children, used):
                    labels[code] = namer.label(words, rows, False)
        parents.append(
            ParentTheme(children, centroid, keywords, label, labels, group_keys.get(group))
        )
    return parents


def label_from_children(children: Sequence[tuple[str, int]], parts: int = 2) -> str:
    """A parent's label from its children's (label, insights) when its own words are not at
    hand (its insights gave none, or a person moved a child in or out): the first part of each
    child's label, the largest child's first, `parts` of them; one child too (its whole label
    made the parent's row read as its one child's: "beta" over "beta")."""
    by_size = [label for label, _ in sorted(children, key=lambda child: -child[1]) if label]
    firsts = dict.fromkeys(label.split(LABEL_JOIN)[0] for label in by_size)  # ordered, once each
    return LABEL_JOIN.join(list(firsts)[:parts])[:200]


def parent_terms(
    vocabulary: list[str],
    scores,
    themes: list["FoundTheme"],
    children: list[int],
    used: Container[str] | None = None,
) -> list[str]:
    """A parent's terms, best first, from the union of its children's keywords (their c-TF-IDF
    top terms), by their c-TF-IDF summed over the children with each child's row scaled to its
    own top term: every child has the same say, whatever its size, and a term several children
    weigh outranks most terms of one child alone (a word only somewhat present in each, such as
    "think" in Banking77's card themes, does not). Equal sums: the term higher in a child's own
    keywords first (every child's first before any second one), then the larger children's. The
    term with the largest size-weighted sum leads: a parent reads first as most of its insights
    do; a word a label leaves out (generic: "exister") or one not in `used` (the terms of one
    language's insights) never leads, else the next by equal say named the demo's parent of a
    45-insight tasks theme after its 9-insight data-hosting one. A label from the first two
    draws on what the children share or on two of them."""
    by_size = sorted(children, key=lambda t: (-len(themes[t].members), t))
    rank: dict[str, int] = {}
    for t in by_size:
        for position, term in enumerate(themes[t].keywords):
            rank[term] = min(rank.get(term, position), position)
    candidates = [term for term in rank if used is None or term in used]
    if not candidates or not len(vocabulary):
        return sorted(candidates, key=lambda term: rank[term])[:CANDIDATES]
    from scipy import sparse

    column = {term: i for i, term in enumerate(vocabulary)}
    rows = sparse.csr_matrix(scores[by_size])
    tops = rows.max(axis=1).toarray().ravel()
    scale = np.divide(1.0, tops, out=np.zeros(len(tops)), where=tops > 0)
    sizes = np.array([len(themes[t].members) for t in by_size], dtype=np.float64)
    said, weighted = {}, {}
    for term in candidates:
        cells = rows[:, column[term]].toarray().ravel() if term in column else np.zeros(len(tops))
        said[term] = (round(float(cells @ scale), 6), float(cells @ sizes))
        weighted[term] = round(float(cells @ (scale * sizes)), 6)  # each child by its size
    ranked = sorted(candidates, key=lambda term: (-said[term][0], rank[term], -said[term][1]))
    lead = max(without_generic(ranked), key=lambda term: weighted[term])  # ties: the first
    return [lead, *(term for term in ranked if term != lead)][:CANDIDATES]
