"""The refit's bounded sample and the rule that places the rows left out of it."""

import numpy as np

from analyzer.themes.clustering import unit
from analyzer.themes.sampling import fit_sample, place, quotas


def test_fit_sample_is_bounded_stratified_and_stable() -> None:
    ids = np.arange(1, 10_001, dtype=np.int64)
    strata = np.where(ids <= 9_970, ids % 4, 99)  # four large themes and one of 30 rows
    picked = fit_sample(ids, strata, 1_000)
    assert len(picked) <= 1_000 and np.all(np.diff(picked) > 0)
    assert (strata[picked] == 99).sum() == 20  # the small theme keeps its floor of rows
    assert np.array_equal(picked, fit_sample(ids, strata, 1_000))  # seeded: the same rows
    assert not np.array_equal(picked, fit_sample(ids, strata, 1_000, seed=1))
    # 100 new insights: the fitted rows are almost all the same ones
    grown = np.arange(1, 10_101, dtype=np.int64)
    again = fit_sample(grown, np.concatenate([strata, np.full(100, 5)]), 1_000)
    assert len(np.intersect1d(ids[picked], grown[again])) >= 0.95 * len(picked)
    assert np.array_equal(fit_sample(ids[:500], strata[:500], 1_000), np.arange(500))


def test_quotas_lower_the_floor_when_floors_do_not_fit() -> None:
    assert quotas(np.array([10, 10]), 100, 20).tolist() == [10, 10]
    assert quotas(np.array([1_000, 30]), 500, 20).sum() == 500
    many = quotas(np.full(100, 50), 1_000, 20)  # 100 floors of 20 would be 2,000 rows
    assert many.sum() == 1_000 and many.min() >= 9
    # 13 themes of a 650-insight workspace in a 200-row sample: proportional alone gave the
    # 15-insight themes 4 rows, under the fit's minimum of 5 (a refit retired one), and 194 rows
    sizes = np.array([300, 15, 15, 12, 120, 30, 40, 50, 36, 25, 22, 28, 30])
    taken = quotas(sizes, 200, 20)
    assert taken.sum() == 200 and (taken >= np.minimum(sizes, 15)).all(), taken


def test_place_keeps_a_near_current_theme_and_pins_seeds() -> None:
    centroids = unit(np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]], dtype=np.float32))
    rows = unit(np.array([[1, 0.9, 0], [1, 0.9, 0], [0, 0, 1], [-1, -1, -1]], dtype=np.float32))
    labels, scores = place(rows, centroids, 0.4)
    assert labels.tolist() == [0, 0, 2, -1] and scores[3] == 0.0
    # the second row is in theme 1 now and still near it: it stays
    labels, _ = place(rows, centroids, 0.4, current=np.array([-1, 1, 0, -1]))
    assert labels.tolist() == [0, 1, 2, -1]
    seed = unit(np.array([[0, 1, 0.1]], dtype=np.float32))
    labels, _ = place(rows, centroids, 0.4, None, seed, np.array([1]), 0.7)
    assert labels.tolist() == [0, 0, 2, -1]  # nothing near enough the seed (cosine 0.67)
    labels, scores = place(rows, centroids, 0.4, None, seed, np.array([1]), 0.6)
    assert labels.tolist() == [1, 1, 2, -1]
    assert np.allclose(scores, [0.9 / np.sqrt(1.81)] * 2 + [1.0, 0.0])  # cosine to the theme
