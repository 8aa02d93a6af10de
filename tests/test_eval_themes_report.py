"""The evaluation's prose quotes its own table: a share typed by hand went stale (13 % where the
table said 7.6 %)."""

from scripts.eval_themes import next_threshold_outliers


def test_the_next_threshold_quotes_the_measured_outlier_share_of_the_hardest_hit_set():
    tradeoff = {
        ("A", 0.4): {"outliers": 0.003},
        ("A", 0.45): {"outliers": 0.006},
        ("B", 0.4): {"outliers": 0.03},
        ("B", 0.45): {"outliers": 0.076},
    }
    assert next_threshold_outliers(tradeoff, ["A", "B"], 0.4) == "0.45 leaves 7.6 % on B"


def test_the_top_of_the_grid_has_no_next_threshold():
    assert next_threshold_outliers({}, ["A"], 0.55) == "the highest value of the grid"
