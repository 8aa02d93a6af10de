"""The term counts behind c-TF-IDF: `GramCounter` must give exactly what scikit-learn's
CountVectorizer gives with the `ngrams` analyzer (it replaced it for speed), and the Frame's
top-values shortcut exactly what BERTopic computes."""

import numpy as np
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from analyzer.themes.counting import GramCounter
from analyzer.themes.discovery import _frame_class
from analyzer.themes.labels import BREAK, covered_first, lemma_documents, ngrams

TEXTS = [
    "The CSV export crashes every time I export a report.",
    "Export CSV crashes again; the export is broken.",
    "L'export CSV plante à chaque fois, c'est pénible.",
    "",
    "42 !!!",
    "Dark mode please, dark mode at night.",
]
LANGUAGES = ["en", "en", "fr", "en", "en", "en"]


@pytest.fixture()
def documents() -> list[str]:
    rows = lemma_documents(TEXTS, LANGUAGES)
    # what BERTopic counts: the rows of each theme joined by spaces
    return [" ".join(rows[:2]), " ".join(rows[2:4]), " ".join(rows[4:])]


@pytest.mark.parametrize("max_n", [1, 2, 3])
def test_counts_match_count_vectorizer(documents: list[str], max_n: int) -> None:
    expected = CountVectorizer(analyzer=ngrams(max_n))
    want = expected.fit_transform(documents)
    counter = GramCounter(max_n)
    got = counter.fit_transform(documents)
    assert list(counter.get_feature_names_out()) == list(expected.get_feature_names_out())
    assert got.dtype == want.dtype and got.shape == want.shape
    assert (got != want).nnz == 0
    assert (counter.transform(documents[::-1]) != expected.transform(documents[::-1])).nnz == 0
    # a term never seen in fit is ignored by transform, as CountVectorizer does
    unseen = f"zebra crossing {BREAK}"
    assert counter.transform([unseen]).nnz == 0 == expected.transform([unseen]).nnz


def test_no_gram_crosses_a_break() -> None:
    counter = GramCounter(2)
    counter.fit_transform([f"export csv {BREAK} crash app {BREAK}"])
    terms = set(counter.get_feature_names_out())
    assert {"export csv", "crash app"} <= terms and "csv crash" not in terms


def test_coverage_with_the_counter_grams(documents: list[str]) -> None:
    rows = lemma_documents(TEXTS, LANGUAGES)
    counter = GramCounter(2)
    candidates = ["csv export", "dark mode", "export", "plante"]
    assert covered_first(candidates, rows, 3, 0.3, counter.grams) == covered_first(
        candidates, rows, 3, 0.3
    )


def test_top_values_match_bertopic() -> None:
    from bertopic import BERTopic

    rng = np.random.default_rng(3)
    matrix = sparse.random(12, 60, density=0.2, random_state=4, format="csr")
    matrix.data = rng.random(len(matrix.data))
    indices = BERTopic._top_n_idx_sparse(matrix, 30)  # holds None where a row has < 30 cells
    want = BERTopic._top_n_values_sparse(matrix, indices)
    got = _frame_class()._top_n_values_sparse(matrix, indices)
    assert got.dtype == want.dtype and np.array_equal(got, want)
