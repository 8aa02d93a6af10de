"""What a process reuses between CLI commands, and what a purge's child process imports."""

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np

from analyzer import AnalyzerConfig
from api.tagging.shared import shared_tagger
from api.vectors import EdgeVectorStore, VectorFilter
from api.vectors.shard_rewrite import rewrite_command
from tests.test_taggers import EXAMPLES

# A stage with no model behind it: its analyzers build in milliseconds.
LIGHT = ("normalise",)


def test_one_tagger_per_analyzer_configuration() -> None:
    first = shared_tagger(AnalyzerConfig(stages=LIGHT))
    assert shared_tagger(AnalyzerConfig(stages=LIGHT)) is first  # an equal configuration
    other = shared_tagger(AnalyzerConfig(stages=LIGHT, max_insights=7))
    assert other is not first and other.analyzer is not first.analyzer
    assert other.analyzer.config.max_insights == 7


def test_a_changed_setting_gets_its_own_analyzer(boucle) -> None:
    stages = {"BOUCLE_STAGES": '["normalise", "language"]'}
    french = "L'application plante à chaque export, c'est insupportable."
    english_only = boucle("tag", stdin=french, env={**stages, "BOUCLE_LANGUAGES": '["en"]'})
    assert english_only.returncode == 0, english_only.stderr[-2000:]
    assert json.loads(english_only.stdout)["language"] == "en"  # one language: always that one
    every = boucle("tag", stdin=french, env={**stages, "BOUCLE_LANGUAGES": '["en", "fr"]'})
    assert every.returncode == 0, every.stderr[-2000:]
    assert json.loads(every.stdout)["language"] == "fr"


def test_a_reused_tagger_serves_only_the_custom_taggers_of_its_data_dir(tmp_path, boucle) -> None:
    """The analyzer is shared between commands; the live custom taggers are each store's."""
    examples = tmp_path / "examples.csv"
    examples.write_text(
        "text,label\n" + "".join(f'"{e["text"]}",{e["label"]}\n' for e in EXAMPLES[:8])
    )
    trained = boucle("taggers", "train", "queues", str(examples),
                     env={"BOUCLE_DATA_DIR": str(tmp_path / "trained")})  # fmt: skip
    assert trained.returncode == 0, trained.stderr[-2000:]
    text = "My password reset link is broken\n"
    tagged = boucle("tag", stdin=text, env={"BOUCLE_DATA_DIR": str(tmp_path / "trained")})
    assert json.loads(tagged.stdout)["tags"]["queues"]["label"] == "login"
    elsewhere = boucle("tag", stdin=text, env={"BOUCLE_DATA_DIR": str(tmp_path / "other")})
    assert elsewhere.returncode == 0, elsewhere.stderr[-2000:]
    assert "queues" not in json.loads(elsewhere.stdout)["tags"]
    again = boucle("tag", stdin=text, env={"BOUCLE_DATA_DIR": str(tmp_path / "trained")})
    assert json.loads(again.stdout)["tags"]["queues"]["label"] == "login"


def test_a_purge_rewrites_the_shard_in_a_child_that_imports_nothing_of_boucle(
    tmp_path: Path,
) -> None:
    """The child imported api.vectors.edge, and with it SQLAlchemy and most of the API: ~0.6 s
    a purge before any work. It rewrites the shard all the same."""
    root = tmp_path / "qdrant"
    store = EdgeVectorStore(root)
    store.ensure_collection("c", 4, {"kind": "keyword"})
    vectors = np.eye(4, dtype=np.float32)[:3]
    store.upsert("c", [1, 2, 3], vectors, [{"kind": "a"}, {"kind": "b"}, {"kind": "a"}])
    store.delete("c", [2])
    store.close()
    work = tmp_path / "work"
    shutil.copytree(root / "c", work)  # as a purge works: on a copy, swapped in after

    python, *args = rewrite_command(work, 4, {"kind": "keyword"})
    child = subprocess.run([python, "-X", "importtime", *args], capture_output=True, text=True)
    assert child.returncode == 0, child.stderr[-2000:]
    imported = {
        line.rsplit("|", 1)[-1].strip().split(".")[0]
        for line in child.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "qdrant_edge" in imported
    assert not imported & {"api", "analyzer", "models", "sqlalchemy", "numpy"}

    (root / "c").rename(tmp_path / "before")
    work.rename(root / "c")
    rewritten = EdgeVectorStore(root)
    rewritten.ensure_collection("c", 4, {"kind": "keyword"})
    assert sorted(rewritten.ids("c")) == [1, 3]
    assert rewritten.count("c", VectorFilter(equals={"kind": "a"})) == 2
    assert np.allclose(rewritten.vectors("c", [3])[3], vectors[2])
    rewritten.close()
