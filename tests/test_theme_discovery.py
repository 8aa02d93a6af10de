"""Theme discovery on planted synthetic groups: 512-d unit vectors around six random centres, with
short EN/FR texts per group (so keywords are checkable), plus a few far-away noise rows."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import normalized_mutual_info_score

from analyzer.themes import Seed, ThemeConfig, assign, discover, match_members, match_themes
from analyzer.themes.clustering import ClusterParams, spherical_kmeans
from analyzer.themes.labels import lemma_documents, make_label, stop_words

PHRASES = [
    ("the CSV export crashes every time", "l'export CSV plante à chaque fois"),
    ("I cannot reset my password at login", "impossible de réinitialiser le mot de passe"),
    ("the battery drains very fast", "la batterie se vide très vite"),
    ("the application is really slow", "l'application est vraiment lente"),
    ("my refund was never received", "mon remboursement n'a jamais été reçu"),
    ("sync with the watch is broken", "la synchronisation avec la montre ne marche plus"),
]
PER_GROUP, NOISE = 40, 6


def unit(m: np.ndarray) -> np.ndarray:
    return m / np.linalg.norm(m, axis=-1, keepdims=True)


@pytest.fixture(scope="module")
def planted() -> tuple[np.ndarray, list[str], list[str], np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    centres = unit(rng.standard_normal((len(PHRASES), 512)))
    vectors, texts, languages, gold = [], [], [], []
    for g, (en, fr) in enumerate(PHRASES):
        # noise of norm ~0.8 around a unit centre: members sit at cosine ~0.78 from it
        vectors.append(unit(centres[g] + 0.8 * unit(rng.standard_normal((PER_GROUP, 512)))))
        for i in range(PER_GROUP):
            fr_row = i % 2 == 1
            texts.append((fr if fr_row else en) + [" again", " today", "", " !"][i % 4])
            languages.append("fr" if fr_row else "en")
            gold.append(g)
    vectors.append(unit(rng.standard_normal((NOISE, 512))))  # far from every centre
    texts += ["random words here"] * NOISE
    languages += [None] * NOISE
    gold += [-1] * NOISE
    return np.vstack(vectors).astype(np.float32), texts, languages, np.array(gold), centres


@pytest.fixture(scope="module")
def found(planted):
    vectors, texts, languages, _, _ = planted
    return discover(vectors, texts, languages)


def test_a_theme_mixing_languages_has_a_label_in_each(planted, found) -> None:
    _, _, _, gold, _ = planted
    battery = max(found.themes, key=lambda t: int((gold[t.members] == 2).sum()))
    assert set(battery.labels) == {"en", "fr"}, battery.labels
    assert "battery" in battery.labels["en"] and "batterie" not in battery.labels["en"]
    assert "batterie" in battery.labels["fr"] and "battery" not in battery.labels["fr"]


def test_a_theme_in_one_language_needs_no_other_label(planted) -> None:
    vectors, texts, _, gold, _ = planted
    english = [i for i, t in enumerate(texts) if gold[i] >= 0 and i % 2 == 0]
    one = discover(vectors[english], [texts[i] for i in english], ["en"] * len(english))
    assert one.themes and all(t.labels == {} for t in one.themes)
    assert all(p.labels == {} for p in one.parents)


def test_finds_the_planted_groups(planted, found) -> None:
    _, _, _, gold, _ = planted
    grouped = gold >= 0
    assert normalized_mutual_info_score(gold[grouped], found.labels[grouped]) > 0.95
    assert len(found.themes) == len(PHRASES)
    assert found.outlier_share <= 0.15
    assert (found.labels[~grouped] == -1).all()  # the far-away rows are outliers
    assert found.seconds > 0


def test_themes_are_consistent(planted, found) -> None:
    vectors = planted[0]
    for t, theme in enumerate(found.themes):
        assert (found.labels[theme.members] == t).all()
        assert np.isclose(np.linalg.norm(theme.centroid), 1.0, atol=1e-5)
        mean = vectors[theme.members].mean(axis=0)
        assert np.allclose(theme.centroid, mean / np.linalg.norm(mean), atol=1e-5)
        assert 3 <= len(theme.quotes) <= 5 and set(theme.quotes) <= set(theme.members.tolist())
        assert theme.label and theme.keywords and theme.seed is None
    assert sum(len(t.members) for t in found.themes) == (found.labels >= 0).sum()


def test_keywords_are_lemmas_without_stop_words(found) -> None:
    words = [w for theme in found.themes for k in theme.keywords for w in k.split()]
    assert not set(words) & stop_words()
    assert "lapplication" not in words and not any("'" in w for w in words)
    assert any("application" in t.keywords for t in found.themes)
    assert any("battery" in t.keywords or "batterie" in t.keywords for t in found.themes)


def test_words_that_reverse_a_phrase_stay_and_fillers_go() -> None:
    """ "mode hors ligne" (offline) was labelled "mode ligne" (online); "svp" made labels."""
    docs = lemma_documents(["Le mode hors ligne ne marche pas svp", "Logs me off, please fix"],
                           ["fr", "en"])  # fmt: skip
    assert docs[0].startswith("mode hors ligne") and "svp" not in docs[0]
    assert "off" in docs[1].split() and "please" not in docs[1]


def test_lemma_documents() -> None:
    docs = lemma_documents(
        [
            "L’application plante quand j'exporte les fichiers",
            "The app crashes when exporting files",
        ],
        ["fr", "en"],
    )
    fr, en = docs[0].split(), docs[1].split()
    assert fr[:2] == ["application", "plante"] and "exporter" in fr and "fichier" in fr
    assert "crash" in en and "file" in en and "the" not in en and "when" not in en
    assert make_label(["csv", "csv export", "crash", "export"]) == "csv export · crash"
    fillers = lemma_documents(
        ["Oh oh, hello, the sync fails again lol", "Bonjour, merci !"], ["en", "fr"]
    )
    assert fillers == ["sync fail |", "|"]  # interjections and greetings name no theme


def test_unrelated_themes_are_not_forced_under_parents(found) -> None:
    """The six planted groups have random centres (cosine ~0 to each other): none is a parent's
    child. Ward put them under round(sqrt(6)) = 2 parents. Related themes: test_theme_parents."""
    assert found.parents == []
    assert all(theme.parent is None for theme in found.themes)


def test_deterministic(planted, found) -> None:
    again = discover(*planted[:3])
    assert np.array_equal(again.labels, found.labels)
    assert [t.label for t in again.themes] == [t.label for t in found.themes]
    assert [t.quotes for t in again.themes] == [t.quotes for t in found.themes]
    assert [p.children for p in again.parents] == [p.children for p in found.parents]


def test_seeds_are_kept_and_collect_near_rows(planted) -> None:
    vectors, texts, languages, gold, centres = planted
    far = unit(np.random.default_rng(1).standard_normal(512))
    seeds = [Seed("battery-key", centres[2]), Seed("nothing-near", far)]
    result = discover(vectors, texts, languages, seeds=seeds)
    assert [t.seed for t in result.themes[:2]] == ["battery-key", "nothing-near"]
    assert sum(t.seed is not None for t in result.themes) == 2
    battery = result.themes[0]
    assert (result.labels[gold == 2] == 0).mean() >= 0.9
    assert set(gold[battery.members].tolist()) == {2}
    assert len(result.themes[1].members) == 0 and np.allclose(result.themes[1].centroid, far)
    # the other groups are still discovered around the seeds
    assert len(result.themes) == len(PHRASES) + 1


def test_warm_refit_keeps_themes(planted, found) -> None:
    vectors, texts, languages, _, _ = planted
    old = np.stack([t.centroid for t in found.themes])
    warm = discover(vectors[::-1], texts[::-1], languages[::-1], previous=old)
    mapping = match_themes(old, np.stack([t.centroid for t in warm.themes]), 0.8)
    kept = np.array([mapping.get(int(o), -2) if o >= 0 else -1 for o in found.labels])
    assert (kept == warm.labels[::-1]).mean() >= 0.95


def test_assign() -> None:
    centroids = np.eye(3, 4, dtype=np.float32)
    rows = unit(np.array([[1, 0.1, 0, 0], [0, 0, 0, 1], [0.2, 0, 1, 0]], dtype=np.float32))
    best, cosine = assign(rows, centroids, min_similarity=0.5)
    assert best.tolist() == [0, -1, 2]
    assert np.allclose(cosine, [rows[0, 0], 0.0, rows[2, 2]], atol=1e-6)
    assert assign(rows, np.zeros((0, 4)), 0.5)[0].tolist() == [-1, -1, -1]


def test_spherical_kmeans_moves_centers_to_their_rows() -> None:
    rng = np.random.default_rng(3)
    anchors = unit(rng.standard_normal((4, 16)))
    rows = unit(np.repeat(anchors, 50, axis=0) + 0.1 * rng.standard_normal((200, 16)))
    nobody = unit(-anchors.sum(axis=0, keepdims=True))  # no row is nearest to it
    start = unit(np.vstack([anchors + 0.4 * rng.standard_normal(anchors.shape), nobody]))
    labels, centers = spherical_kmeans(rows, start)
    assert labels.tolist() == np.repeat(np.arange(4), 50).tolist()
    means = unit(np.stack([rows[labels == g].mean(axis=0) for g in range(4)]))
    np.testing.assert_allclose(centers[:4], means, atol=1e-5)
    np.testing.assert_allclose(centers[4], nobody[0], atol=1e-6)  # emptied: stays put
    assert np.allclose(np.linalg.norm(centers, axis=1), 1, atol=1e-5)


def test_match_themes() -> None:
    old = unit(np.random.default_rng(3).standard_normal((4, 16)))
    new = np.vstack([old[[2, 0, 3]], unit(np.ones((1, 16)))])
    assert match_themes(old, new, 0.8) == {2: 0, 0: 1, 3: 2}
    assert match_themes(old, new[:0], 0.8) == {}


def test_match_members() -> None:
    """Old theme 0 (20 insights) grew: all 20 and 30 new ones are found theme 1 (share 0.4, Jaccard
    0.4). Old theme 1 (30) split: 20 into found 0, 10 into found 2, a fragment wholly its own
    (share 1.0) that must not take its id from the larger part. Found 3 shares nothing."""
    overlap = np.array([[0, 20, 0, 0], [20, 0, 10, 0]])
    sims = np.array([[0.1, 0.7, 0.1, 0.0], [0.7, 0.1, 0.75, 0.0]])
    assert match_members(overlap, [20, 30], [25, 50, 10, 40], sims) == {0: 1, 1: 0}
    # centroids alone still match a theme whose insights are all new (no overlap)
    assert match_members(np.zeros((1, 2)), [5], [8, 9], np.array([[0.5, 0.9]])) == {0: 1}
    assert match_members(np.zeros((1, 0)), [5], [], np.zeros((1, 0))) == {}


def test_empty_and_tiny_inputs() -> None:
    empty = discover(np.zeros((0, 512), np.float32), [], [])
    assert empty.themes == [] and empty.labels.shape == (0,) and empty.outlier_share == 0.0
    for texts in (["a b", "c d"], ["battery drain", "la synchro plante"]):
        tiny = discover(unit(np.ones((2, 512), np.float32)), texts, ["en", "fr"])
        assert tiny.themes == [] and tiny.labels.tolist() == [-1, -1] and tiny.parents == []


def test_analyzer_import_does_not_load_bertopic_or_api() -> None:
    code = "import sys, analyzer, analyzer.themes; assert 'bertopic' not in sys.modules, 'bertopic'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[1])
    source = Path(__file__).parents[1] / "analyzer" / "themes"
    for path in source.glob("*.py"):
        assert "from api" not in path.read_text() and "import api" not in path.read_text()


def test_default_config_is_sane() -> None:
    config = ThemeConfig()
    assert 0 < config.min_similarity < config.anchor_similarity < 1
    assert config.n_quotes == 5 and config.n_keywords == 8
    assert config.cluster_params() == ClusterParams()  # one set of measured defaults


E8 = np.eye(8, dtype=np.float32)


def theme_and_joined(joined: np.ndarray) -> np.ndarray:
    """50 unit rows of a theme near (0.9, 0, 0, 0, 0.43, ...), then 8 near `joined`."""
    rng = np.random.default_rng(0)
    theme = E8[0] * 0.9 + E8[4] * 0.43 + rng.normal(0, 0.01, (50, 8)).astype(np.float32)
    x = np.vstack([theme, joined + rng.normal(0, 0.01, (8, 8)).astype(np.float32)])
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_a_warm_refit_keeps_what_joined_a_seeded_theme() -> None:
    """Rows that joined a seeded theme after it was seeded (0.6 from the seed's own vector,
    under the 0.7 that pins to a seed) stay with it rather than go to their nearest old theme."""
    from analyzer.themes.clustering import CentroidClusterer

    e = E8
    x = theme_and_joined(0.5 * e[0] + 0.6 * e[1] + 0.62 * e[2])
    joined = x[50:]
    seed, previous = e[1:2], e[0:1]
    cold = CentroidClusterer(ClusterParams(), seed, previous).fit(x)  # the seed's vector only
    assert (cold.labels_[50:] == 1).sum() >= 4  # what happened: the old theme took half or more
    warm = CentroidClusterer(ClusterParams(), seed, previous, joined.mean(0, keepdims=True)).fit(x)
    assert set(warm.labels_[50:]) == {0} and set(warm.labels_[:50]) == {1}


def test_a_cold_refit_keeps_what_a_persons_theme_holds() -> None:
    """A cold refit passes a theme a person named or seeded as a seed, with its centroid and the
    rows in it now (`current`, no `previous`): those stay while near its centroid, as a warm
    refit keeps them; the rest starts over. Before, only the rows within 0.7 of the seed's own
    vector were its: these (0.45 from it) went to the theme the fit formed nearer them."""
    e = E8
    x = theme_and_joined(0.75 * e[0] + 0.45 * e[1] + 0.5 * e[2])  # the person's theme: 8 rows
    texts = ["csv export of invoices fails"] * 50 + ["battery drains on the phone"] * 8
    centroid = x[50:].mean(axis=0) / np.linalg.norm(x[50:].mean(axis=0))
    current = np.array([-1] * 50 + [0] * 8)
    seeds = [Seed("7", e[1], centroid)]
    found = discover(x, texts, ["en"] * len(texts), seeds, current=current)
    assert set(found.labels[50:].tolist()) == {0} and set(found.labels[:50].tolist()) == {1}
    assert found.themes[0].seed == "7"


def test_a_warm_refit_of_unchanged_rows_keeps_every_row_in_its_theme() -> None:
    """Each row's current theme (`current`) holds it while it is still near: refitting the
    same rows again and again changes nothing (before, the least explained 5 % were clustered
    anew each time, and themes were added by every refit)."""
    from analyzer.themes.clustering import CentroidClusterer

    rng = np.random.default_rng(2)
    centres = rng.normal(size=(6, 32)).astype(np.float32)
    x = np.vstack([c + rng.normal(0, 1.0, (60, 32)).astype(np.float32) for c in centres]
                  + [rng.normal(size=(40, 32)).astype(np.float32)])  # fmt: skip
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    fit = CentroidClusterer(ClusterParams()).fit(x)
    labels, centroids = fit.labels_, fit.centroids_
    blind = CentroidClusterer(ClusterParams(), previous=centroids).fit(x)  # rows' themes unknown
    assert (blind.labels_ != labels).sum() > 50  # what refits did: a hundred rows moved
    for _ in range(3):
        again = CentroidClusterer(ClusterParams(), previous=centroids, current=labels).fit(x)
        themed = labels >= 0
        assert np.array_equal(again.labels_[themed], labels[themed])
        assert again.labels_.max() == labels.max()  # no theme added
        labels, centroids = again.labels_, again.centroids_


def test_a_few_stray_insights_in_another_language_do_not_name_the_theme() -> None:
    """3 English insights about a frozen dashboard in a French e-signature theme of 17 gave
    English readers "browser tab · dashboard freeze" for it."""
    from analyzer.themes.labels import ngrams
    from analyzer.themes.naming import LanguageNamer

    french = ["signature électronique devis échouer |"] * 14
    english = ["dashboard freeze browser tab |"] * 6
    documents = french + english
    vocabulary = {t: n for n, t in enumerate(sorted({g for d in documents for g in ngrams(2)(d)}))}
    namer = LanguageNamer(documents, ["fr"] * 14 + ["en"] * 6, vocabulary,
                          np.ones(len(vocabulary)), ngrams(2), 5, 0.2, 2)  # fmt: skip
    assert "en" not in namer.labels(np.arange(17))  # 3 of 17: English readers get the main label
    named = namer.labels(np.arange(20))  # 6 of 20 (30 %): English readers get their own
    assert set(named) == {"en", "fr"} and "dashboard" in named["en"]
    assert "signature" in named["fr"]
