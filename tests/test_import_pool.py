"""`boucle import` with analysis worker processes: the same analyses as in the parent, live custom
taggers included, and a pool that cannot start loses nothing (the parent analyses instead)."""

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from analyzer import AnalyzerConfig
from api.feedback.bulk import import_feedback
from api.feedback.importer import Mapping
from api.settings import Settings
from api.storage.tables import Feedback
from api.tagging.pool import AnalysisPool
from api.tagging.service import Tagger
from api.workspace import open_workspace
from models.training import fit_single_label

TEXTS = [
    "The CSV export crashes every time I open it. Please fix it quickly!",
    "Could you add a dark mode to the mobile app?",
    "L'application plante au démarrage depuis la mise à jour, c'est inadmissible.",
    "Super appli, merci pour le suivi du sommeil !",
    "I was charged twice this month and I want a refund, otherwise I cancel.",
    "How do I invite a colleague to my workspace?",
] * 20  # 120 rows: two batches of 100 and 20


@pytest.fixture
def workspace(tmp_path: Path, tagger: Tagger):
    ws = open_workspace(Settings(data_dir=tmp_path / "data", worker=False), tagger)
    yield ws
    ws.close()


def write_rows(path: Path) -> Path:
    with path.open("w") as handle:
        for i, text in enumerate(TEXTS):
            handle.write(json.dumps({"id": f"r-{i}", "text": text, "source": "app"}) + "\n")
    return path


def stored(ws) -> dict[str, Feedback]:
    with ws.db.session() as session:
        query = select(Feedback).options(selectinload(Feedback.insights))
        rows = session.scalars(query).all()
        session.expunge_all()
        return {row.external_id: row for row in rows}


def language_tagger(tagger: Tagger):
    examples = [
        "Merci beaucoup",
        "Très bien",
        "Ça plante",
        "Thanks a lot",
        "Great app",
        "It crashes",
    ]
    labels = ["fr", "fr", "fr", "en", "en", "en"]
    analyses = tagger.prepare(examples)
    texts, vectors = [a.text for a in analyses], [a.vector for a in analyses]
    return fit_single_label("lang", texts, vectors, labels, tagger.analyzer.config.embedder).head


def test_pooled_import_stores_what_the_parent_would(workspace, tagger, tmp_path: Path) -> None:
    path = write_rows(tmp_path / "rows.jsonl")
    taggers = {"lang": language_tagger(tagger)}
    with AnalysisPool(tagger.analyzer.config, taggers, jobs=2) as pool:
        report = import_feedback(
            workspace,
            path,
            Mapping.build("generic", {}, None, dateless=True),
            pool=pool,
            pool_after=0,
        )
    assert (report.read, report.created, report.pending) == (120, 120, 0)
    rows = stored(workspace)
    tagger.analyzer.resources.taggers = taggers
    try:
        expected = tagger.analyze_many(TEXTS)
    finally:
        tagger.analyzer.resources.taggers = {}
    for i, analysis in enumerate(expected):
        row = rows[f"r-{i}"]
        assert row.status == "analysed" and row.language == analysis.language
        assert row.text == analysis.text
        assert row.sentiment_label == analysis.sentiment.label
        assert [i["label"] for i in row.intents] == [i.label for i in analysis.intents]
        assert row.tags["lang"]["label"] == analysis.tags["lang"]["label"]
        assert [i.text for i in row.insights] == [i.text for i in analysis.insights]


def test_a_pool_that_cannot_start_loses_nothing(workspace, tagger, tmp_path: Path) -> None:
    path = write_rows(tmp_path / "rows.jsonl")
    # Workers fail to build their analyzer (no heads there): every batch falls back to the parent.
    # Their one stage is the first to need a head: they fail without loading the other models.
    broken = AnalyzerConfig(stages=("sentiment",), heads_dir=tmp_path / "no-heads")
    with AnalysisPool(broken, {}, jobs=1) as pool:
        report = import_feedback(
            workspace,
            path,
            Mapping.build("generic", {}, None, dateless=True),
            pool=pool,
            pool_after=0,
        )
    assert (report.created, report.pending) == (120, 0)
    rows = stored(workspace)
    assert len(rows) == 120 and all(row.status == "analysed" for row in rows.values())
    assert all(row.insights for row in rows.values())
