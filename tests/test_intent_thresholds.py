"""BOUCLE_INTENT_THRESHOLDS: a workspace moves an intent's threshold; GET /v1/tag/labels shows it."""

import copy

import pytest
from fastapi.testclient import TestClient

from analyzer import AnalyzerConfig
from analyzer.stages.intent import IntentStage
from api.app import create_app
from api.settings import Settings
from api.tagging.service import Tagger

CRASH = "The export crashes every time I open it."


def insight_intents(analysis) -> set[str]:
    return {intent.label for insight in analysis.insights for intent in insight.intents}


def with_thresholds(analyzer, thresholds: dict[str, float]):
    """The same analyzer (same loaded models) with its intent stage rebuilt on `thresholds`."""
    config = analyzer.config.model_copy(update={"intent_thresholds": thresholds})
    changed = copy.copy(analyzer)
    changed.config = config
    changed.stages = [
        IntentStage(config, analyzer.resources) if stage.name == "intent" else stage
        for stage in analyzer.stages
    ]
    return changed


def test_a_threshold_replaces_the_trained_one(analyzer):
    assert "bug_report" in insight_intents(analyzer.analyze(CRASH))
    strict = with_thresholds(analyzer, {"bug_report": 1.0})
    analysis = strict.analyze(CRASH)
    assert "bug_report" not in insight_intents(analysis)
    assert "bug_report" not in {intent.label for intent in analysis.intents}
    # a low threshold lets a weak intent through that the trained one holds back
    default = analyzer.analyze(CRASH).insights[0].intents
    lenient = with_thresholds(analyzer, {"question": 0.0001}).analyze(CRASH).insights[0].intents
    assert "question" not in {i.label for i in default}
    assert "question" in {i.label for i in lenient}


@pytest.mark.parametrize(
    ("thresholds", "message"),
    [({"bugs": 0.3}, "unknown intents"), ({"praise": 0}, r"\(0, 1\]"), ({"praise": 1.5}, "1]")],
)
def test_bad_thresholds_are_refused(thresholds, message):
    with pytest.raises(ValueError, match=message):
        AnalyzerConfig(intent_thresholds=thresholds)


def test_thresholds_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("BOUCLE_INTENT_THRESHOLDS", '{"bug_report": 0.35}')
    assert Settings().analyzer_config().intent_thresholds == {"bug_report": 0.35}


def test_labels_endpoint_shows_the_thresholds_in_force(tmp_path, analyzer):
    changed = Tagger(with_thresholds(analyzer, {"bug_report": 0.35}))
    with TestClient(create_app(Settings(data_dir=tmp_path, worker=False), changed)) as client:
        body = client.get("/v1/tag/labels").json()
    intents = {row["label"]: row for row in body["intents"]}
    assert set(intents) == {
        "bug_report", "feature_request", "question", "praise",
        "complaint", "churn_risk", "pricing", "other",
    }  # fmt: skip
    assert intents["bug_report"]["threshold"] == 0.35
    assert intents["bug_report"]["trained_threshold"] != 0.35
    assert intents["praise"]["threshold"] == intents["praise"]["trained_threshold"]
    assert 0 < intents["praise"]["cv_f1"] <= 1
    assert body["sentiment"] == ["negative", "neutral", "positive"]
    assert body["urgency"] == ["low", "normal", "high", "critical"]
    assert "intent" in body["stages"] and "en" in body["languages"]


def test_labels_refuse_a_parameter_they_do_not_take(client):
    answer = client.get("/v1/tag/labels", params={"lang": "fr"})
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "?lang"
