"""The trained heads: lexical features are deterministic, and the sparse path equals the dense one."""

import numpy as np

from models.heads import load_head
from models.lexical import hashed_dense, sparse_dot

SPEC = {"dims": 4096, "words": [1, 2], "chars": [3, 5], "weight": 1.0}


def test_lexical_features_ignore_case_and_accents():
    a, b = (
        hashed_dense(["L'appli PLANTE à l'été"], **SPEC),
        hashed_dense(["l'appli plante a l'ete"], **SPEC),
    )
    assert np.array_equal(a, b)
    assert np.isclose(np.linalg.norm(a), 1.0)
    assert not hashed_dense([""], **SPEC).any()


def test_sparse_dot_equals_dense_product():
    texts = ["The export crashes again", "", "Ajoutez un mode sombre, merci !"]
    weights = np.random.default_rng(0).normal(size=(SPEC["dims"], 3)).astype(np.float32)
    dense = hashed_dense(texts, **SPEC) @ weights
    assert np.allclose(sparse_dot(texts, weights, **SPEC), dense, atol=1e-5)


def test_head_predict_matches_its_feature_matrix(analyzer):
    head = load_head("intent", analyzer.config.embedder)
    texts = ["The app crashes at login.", "Please add a dark mode."]
    vectors = analyzer.resources.embedder.embed(texts)
    assert np.allclose(
        head.predict(texts, vectors), head.scores(head.features(texts, vectors)), atol=1e-5
    )
    assert head.labels[int(np.argmax(head.predict(texts[:1], vectors[:1])))] == "bug_report"
