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


def test_hashed_features_follow_their_definition():
    """The fast path (cached words and buckets) gives exactly the documented features: each
    n-gram string of `ngrams` hashed with crc32, 1 + ln(count), L2-normalised, weighted."""
    import zlib

    from models.lexical import hashed_rows, ngrams

    spec = {"dims": 512, "words": [1, 2], "chars": [3, 5], "weight": 2.0}
    texts = ["Ça plante, ça plante encore ! L'export CSV", "İstanbul ﬁn naïve café", "ok ok ok"]
    indptr, indices, values = hashed_rows(texts, **spec)
    for row, text in enumerate(texts):
        counts: dict[int, float] = {}
        for gram, count in ngrams(text, spec["words"], spec["chars"]).items():
            bucket = zlib.crc32(gram.encode("utf-8")) % spec["dims"]
            counts[bucket] = counts.get(bucket, 0.0) + count
        expected = np.zeros(spec["dims"], np.float32)
        for bucket, count in counts.items():
            expected[bucket] = 1.0 + np.log(count)
        expected *= spec["weight"] / np.linalg.norm(expected)
        got = np.zeros(spec["dims"], np.float32)
        got[indices[indptr[row] : indptr[row + 1]]] = values[indptr[row] : indptr[row + 1]]
        assert np.allclose(got, expected, atol=1e-6), text
        assert got.any()


def test_emoji_are_read_as_words() -> None:
    from models.emoji_words import spell_emoji

    assert spell_emoji("Livraison en retard 😡") == "Livraison en retard angry, furious"
    assert spell_emoji("👍🏽 ok") == "good, thumbs up ok"  # skin tone: the same gloss
    assert spell_emoji("Ça vomit 🤮") == "Ça vomit disgusting"
    assert spell_emoji("🦥 app") == "sloth app"  # no gloss: its CLDR name
    assert spell_emoji("No emoji, 100% plain © text") == "No emoji, 100% plain © text"
    assert not hashed_dense(["👎"], **SPEC).any()  # a head card without emoji_words
    assert hashed_dense(["👎"], **SPEC, emoji_words=True).any()


def test_an_emoji_alone_is_not_read_as_praise(analyzer) -> None:
    for text, label in [("👎", "negative"), ("💩", "negative"), ("😡😡😡", "negative"),
                        ("👍", "positive"), ("😍", "positive")]:  # fmt: skip
        analysis = analyzer.analyze(text)
        assert analysis.sentiment.label == label, (text, analysis.sentiment)
        praised = "praise" in {i.label for i in analysis.intents}
        assert praised == (label == "positive"), (text, analysis.intents)


def test_a_flood_of_emoji_is_spelled_a_few_times_only() -> None:
    """20,000 "😡" spelled whole were 300,000 characters to embed: 14 s with every other ticket
    waiting. Each emoji is spelled thrice at most, and 100 in all."""
    from models.emoji_words import spell_emoji

    assert spell_emoji("😡" * 20_000).split(", ")[:1] and len(spell_emoji("😡" * 20_000)) < 100
    assert (
        spell_emoji("Great 👍👍👍👍 app")
        == "Great good, thumbs up good, thumbs up good, thumbs up app"
    )
    mixed = "".join(chr(0x1F600 + i) for i in range(80)) * 2
    spelt = spell_emoji(mixed)  # 160 emoji, 80 kinds: the first 100 spelled
    assert len(spelt.split()) > 100 and len(spelt) < 4_000
