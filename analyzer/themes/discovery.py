"""Theme discovery: unit vectors + texts in, two levels of labelled themes out.

BERTopic is the frame, with sub-models chosen by measurement on 2 cores (docs/evaluation.md and
docs/benchmarks.md, sections "themes"): no dimensionality reduction, `CentroidClusterer`
(spherical k-means micro-clusters merged by agglomerative clustering) in the clustering slot, and
c-TF-IDF over EN/FR lemmas without stop words. BERTopic never embeds anything here: it gets the
caller's vectors and no embedding model. It is imported inside `discover` (~7 s warm), never when
`analyzer` is imported.
"""

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from analyzer.themes.clustering import CentroidClusterer, assign, unit
from analyzer.themes.config import ThemeConfig
from analyzer.themes.counting import GramCounter
from analyzer.themes.distinct import tell_apart
from analyzer.themes.labels import BREAK, covered_first, lemma_documents
from analyzer.themes.naming import (
    CANDIDATES,
    COVERAGE_SAMPLE,
    LanguageNamer,
    main_language,
)
from analyzer.themes.parents import ParentTheme, group_parents
from analyzer.themes.phrases import Surface


@dataclass(frozen=True)
class Seed:
    """A theme a person defined: it must exist after discovery, keep its key, and collect the
    insights close to it (guided / zero-shot topic modelling)."""

    key: str  # opaque id of the caller's theme
    vector: np.ndarray  # unit vector: the embedding of name + description + examples
    # warm refit: the theme's centroid as it stands (what joined it since it was seeded); rows
    # nearest to it keep it like rows of any previous theme
    centroid: np.ndarray | None = None


@dataclass
class FoundTheme:
    members: np.ndarray  # indices into the input rows
    centroid: np.ndarray  # unit vector (mean of members' vectors, normalised)
    keywords: list[
        str
    ]  # c-TF-IDF top terms over lemmas, EN+FR and the text's own stop words removed
    label: str  # readable short label built from keywords, e.g. "csv export · crash"; "" for a
    # seed that collected no rows (no words to build it from: show the seed's own name)
    quotes: list[int]  # up to n_quotes representative member indices (central, diverse)
    parent: int | None  # index into Discovery.parents
    seed: str | None  # Seed.key when this theme is a seeded one
    labels: dict[str, str] = field(default_factory=dict)  # per language, when it mixes several


@dataclass
class Discovery:
    labels: np.ndarray  # (n,) theme index per row, -1 = outlier
    themes: list[FoundTheme]
    parents: list[ParentTheme]
    outlier_share: float
    seconds: float  # fit time
    extra: dict[str, Any] = field(default_factory=dict)  # step timings, for benchmarks


__all__ = ["Discovery", "FoundTheme", "ParentTheme", "Seed", "ThemeConfig", "assign", "discover"]


def discover(
    vectors: np.ndarray,
    texts: Sequence[str],
    languages: Sequence[str | None],
    seeds: Sequence[Seed] = (),
    config: ThemeConfig = ThemeConfig(),
    previous: np.ndarray | None = None,
    current: np.ndarray | None = None,
    parent_of: np.ndarray | None = None,
) -> Discovery:
    """Themes over `vectors` (unit rows, one per text). Seeded themes come first, in `seeds`
    order, then discovered ones by size. `previous`: centroids of the last fit (warm refit): rows
    keep their nearest previous theme and only the least explained few are clustered anew, which
    keeps theme ids stable; None: a cold fit (which can also split and merge old themes).
    `current`: each row's theme now as an index into the seeds then `previous` (-1: none); a
    row stays in it while at least `min_similarity` from it (a cold refit, no `previous`:
    in the seeds only, so a person's themes keep their insights while the rest starts over).
    `parent_of` (warm refit): each row's parent key now (`parents.TOP_LEVEL`: its theme has
    none, -1: in no theme); themes stay under their parent or at the top level, and no parent
    is made (`parents`); None: parents grouped anew."""
    started = time.perf_counter()
    x = unit(np.asarray(vectors, dtype=np.float32))
    if x.ndim != 2 or not len(x) == len(texts) == len(languages):
        raise ValueError("vectors (2-D), texts and languages must have the same length")
    seed_matrix = np.stack([np.asarray(s.vector, np.float32) for s in seeds]) if seeds else None
    seed_now = None
    if seeds and (previous is not None or current is not None):
        seed_now = np.stack([np.asarray(s.vector if s.centroid is None else s.centroid, np.float32)
                             for s in seeds])  # fmt: skip
    clusterer = CentroidClusterer(config.cluster_params(), seed_matrix, previous, seed_now,
                                  current)  # fmt: skip
    steps: dict[str, float] = {}
    tick = time.perf_counter()
    documents = lemma_documents(texts, languages)
    steps["lemmas_s"] = time.perf_counter() - tick
    words, heads, vocabulary_scores, namer = fit_frame(
        x, documents, texts, languages, clusterer, config, steps
    )
    labels, centroids = clusterer.labels_, clusterer.centroids_
    tick = time.perf_counter()
    groups = members_by_theme(labels, len(centroids))
    themes = [
        FoundTheme(
            members=(members := groups[t]),
            centroid=centroids[t],
            keywords=words.get(t, []),
            quotes=(central := quotes(x, members, centroids[t], config.n_quotes)),
            label=namer.main_label(members, heads.get(t, []), central) if namer else "",
            parent=None,
            seed=seeds[t].key if t < len(seeds) else None,
            labels=namer.labels(members) if namer else {},
        )
        for t in range(len(centroids))
    ]
    if parent_of is not None and len(parent_of) != len(x):
        raise ValueError("parent_of must have one key per row")
    parents = group_parents(x, themes, vocabulary_scores, config, namer, parent_of)
    if namer is not None:
        set_apart(themes, parents, namer)
        named_in(main_language(languages), [*themes, *parents])
        tell_apart(themes, namer)
    steps["post_s"] = time.perf_counter() - tick
    return Discovery(
        labels=labels,
        themes=themes,
        parents=parents,
        outlier_share=float((labels < 0).mean()) if len(labels) else 0.0,
        seconds=time.perf_counter() - started,
        extra=steps,
    )


def set_apart(themes: list[FoundTheme], parents: list[ParentTheme], namer: LanguageNamer) -> None:
    """A child whose label (main or in a language) reads as its parent's gets its distinguishing
    word added: "exporter · année page" under "exporter · année page" told the reader nothing."""
    for theme in themes:
        if theme.parent is None:
            continue
        parent = parents[theme.parent]
        theme.label = namer.apart(theme.label, parent.label, theme.keywords, theme.members)
        for code in sorted(set(theme.labels) | set(parent.labels)):
            label = theme.labels.get(code, theme.label)
            if label != parent.labels.get(code, parent.label):
                continue
            rows = namer.rows_in(theme.members, code)
            words = namer.label_words(rows)[0] if len(rows) else theme.keywords
            theme.labels[code] = namer.apart(
                label, label, words, rows if len(rows) else theme.members
            )


def named_in(main: str | None, themes: Sequence[FoundTheme | ParentTheme]) -> None:
    """A theme's main label is its label in the workspace's main language where it has one: the
    label over all its members ("calendar · update") differed from the English one ("calendar
    sync · update"), and the page (in the reader's language), the API, the exports and the CLI
    each showed one of the two."""
    for theme in themes:
        if main in theme.labels:
            theme.label = theme.labels[main]


def members_by_theme(labels: np.ndarray, k: int) -> list[np.ndarray]:
    """Row indices per theme 0..k-1 (one sort instead of k scans)."""
    order = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[order], np.arange(k + 1))
    return [order[bounds[t] : bounds[t + 1]] for t in range(k)]


def fit_frame(
    x: np.ndarray,
    documents: list[str],
    texts: Sequence[str],
    languages: Sequence[str | None],
    clusterer: CentroidClusterer,
    config: ThemeConfig,
    steps: dict[str, float],
) -> tuple[dict[int, list[str]], dict[int, list[str]], tuple[list[str], Any], LanguageNamer | None]:
    """BERTopic with our sub-models; returns keywords and label words per theme (the clusterer's
    numbering), (vocabulary, c-TF-IDF row per theme) for the parents, and what names a theme in
    each of its languages. Adds step timings."""
    from scipy import sparse

    if all(doc == BREAK for doc in documents):  # no rows, or not one countable word
        clusterer.fit(x)
        return {}, {}, ([], sparse.csr_matrix((len(clusterer.centroids_), 0))), None
    tick = time.perf_counter()
    frame = _frame_class()
    from bertopic.dimensionality import BaseDimensionalityReduction
    from bertopic.vectorizers import ClassTfidfTransformer

    steps["import_s"] = time.perf_counter() - tick  # ~7 s once per process, then ~0
    tick = time.perf_counter()
    counter = GramCounter(config.ngram_max)  # its n-grams are reused for the keywords' coverage
    model = frame(
        embedding_model=None,  # never embed: the caller's vectors are passed to fit
        umap_model=BaseDimensionalityReduction(),  # reduction measured to cost more than it gave
        hdbscan_model=clusterer,
        vectorizer_model=counter,
        # sqrt of term frequency: words frequent in every theme ("app") weigh less
        ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
        top_n_words=CANDIDATES,
        language="multilingual",  # "english" would strip accents and apostrophes
        calculate_probabilities=False,
    )
    model.fit(documents, embeddings=x)
    steps["cluster_s"] = clusterer.seconds_
    steps["ctfidf_s"] = time.perf_counter() - tick - clusterer.seconds_  # BERTopic's own work
    labels, topics = clusterer.labels_, np.asarray(model.topics_)
    # BERTopic renumbers topics by frequency; c_tf_idf_ rows follow the sorted topic ids.
    row_of = {int(t): i for i, t in enumerate(sorted(set(topics.tolist())))}
    vocabulary = list(counter.get_feature_names_out())
    words: dict[int, list[str]] = {}
    heads: dict[int, list[str]] = {}  # the keywords a label is made of
    rows = np.full(len(clusterer.centroids_), -1)
    for theme, members in enumerate(members_by_theme(labels, len(clusterer.centroids_))):
        if len(members):
            topic = int(topics[members[0]])
            ranked = [w for w, score in model.get_topic(topic) if w and score > 0]
            sample = [documents[i] for i in members[:COVERAGE_SAMPLE]]
            words[theme], covered = covered_first(
                ranked, sample, config.n_keywords, config.keyword_share, counter.grams
            )
            heads[theme] = words[theme][:covered]
            rows[theme] = row_of[topic]
    ctfidf = sparse.vstack([model.c_tf_idf_, sparse.csr_matrix((1, len(vocabulary)))]).tocsr()
    # BERTopic keeps the idf it weighted c-TF-IDF with only as this (private) diagonal.
    idf = model.ctfidf_model._idf_diag.diagonal()
    namer = LanguageNamer(documents, languages, counter.vocabulary_, idf, counter.grams,
                          config.n_keywords, config.keyword_share, config.label_parts,
                          Surface(texts, languages), config.label_part_ratio,
                          config.label_part_lift)  # fmt: skip
    return words, heads, (vocabulary, ctfidf[rows]), namer  # row -1: zero row, for seeds


@cache
def _frame_class() -> type:
    """BERTopic, imported on first use, minus its representative documents."""
    from bertopic import BERTopic

    class Frame(BERTopic):
        def _save_representative_docs(self, documents: Any) -> None:
            # `quotes` picks ours by embedding; BERTopic's samples 500 rows per theme and scans
            # all rows per theme (seconds at 100k insights) for 3 docs we would not use.
            self.representative_docs_ = {}

        @staticmethod
        def _top_n_values_sparse(matrix: Any, indices: np.ndarray) -> np.ndarray:
            # BERTopic's values, read from each CSR row instead of one scipy lookup per cell
            # (0.2 s for Banking77's 210 themes x 30 terms)
            matrix = matrix.tocsr(copy=True)
            matrix.sum_duplicates()
            rows = []
            for row, columns in enumerate(indices):
                start, end = matrix.indptr[row], matrix.indptr[row + 1]
                cells = dict(zip(matrix.indices[start:end], matrix.data[start:end], strict=True))
                rows.append(np.array([cells.get(c, 0) if c is not None else 0 for c in columns]))
            return np.array(rows)

    return Frame


def quotes(x: np.ndarray, members: np.ndarray, centroid: np.ndarray, n: int) -> list[int]:
    """Members closest to the centroid, skipping near-duplicates of ones already picked (cosine
    > 0.9), so the quotes are typical and not five copies of one sentence."""
    if len(members) == 0 or n <= 0:
        return []
    sims = x[members] @ centroid
    order = members[np.argsort(-sims, kind="stable")[: max(50, 4 * n)]]
    picked: list[int] = []
    for row in order:
        if all(float(x[row] @ x[other]) <= 0.9 for other in picked):
            picked.append(int(row))
        if len(picked) == n:
            return picked
    rest = [int(row) for row in order if int(row) not in picked]
    return picked + rest[: n - len(picked)]
