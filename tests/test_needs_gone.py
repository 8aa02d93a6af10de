"""A need that is gone ("We no longer need the old reports module") is a calm statement: no churn
risk, no feature request, not negative (it read negative -0.70, or feature_request, complaint or
churn_risk). No longer needing the product itself is leaving. HELD_OUT was written before the
rule (dev4)."""

import pytest

from analyzer import Analyzer
from analyzer.churn import threatens_to_leave
from analyzer.needs_gone import needs_no_more

HELD_OUT_GONE = [
    "We no longer need the old reports module.",
    "We don't need the export anymore",
    "On n'a plus besoin de l'ancien module",
    "I don't need the PDF export any more.",
    "Nous n'avons plus besoin du module de facturation.",
    "We won't need the Slack integration anymore.",
    "Je n'ai plus besoin de l'export CSV.",
    "Wir brauchen das alte Berichtsmodul nicht mehr.",
    "Ya no necesitamos el módulo de informes.",
]


@pytest.mark.parametrize("text", HELD_OUT_GONE)
def test_a_need_gone_is_a_calm_statement(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze(text)
    labels = {intent.label for intent in analysis.intents}
    assert not labels & {"churn_risk", "feature_request", "complaint"}, analysis.intents
    assert analysis.sentiment.label != "negative", analysis.sentiment


@pytest.mark.parametrize(
    "text",
    [
        "We don't need your product anymore.",
        "We no longer need your tool.",
        "On n'a plus besoin de vos services.",
        "Nous n'avons plus besoin de votre outil.",
    ],
)
def test_no_longer_needing_the_product_is_leaving(analyzer: Analyzer, text: str) -> None:
    assert threatens_to_leave(text)
    assert "churn_risk" in {intent.label for intent in analyzer.analyze(text).intents}


@pytest.mark.parametrize(
    "text",
    [
        "We will cancel our subscription",
        "We're moving to Zendesk",
        "On va résilier",
        "We no longer need the reports module, and we're moving to Zendesk next month.",
    ],
)
def test_real_threats_still_read_churn_risk(analyzer: Analyzer, text: str) -> None:
    assert "churn_risk" in {intent.label for intent in analyzer.analyze(text).intents}


@pytest.mark.parametrize(
    "text",
    [
        "Le nouveau module plante, on n'a plus besoin de l'ancien.",
        "We no longer need the old module but the new one crashes on export.",
    ],
)
def test_a_need_gone_beside_a_problem_keeps_the_problem(analyzer: Analyzer, text: str) -> None:
    labels = {intent.label for intent in analyzer.analyze(text).intents}
    assert labels & {"bug_report", "complaint"}, labels


@pytest.mark.parametrize(
    "text",
    [
        # no longer needing to do something praises the effort the product saves (mini-bar)
        "Plus besoin d'avoir accès à mon ordinateur perso pour synchroniser mes activités.",
        "We no longer need to export by hand.",
        "On n'a plus besoin de passer par Excel.",
        "Do we still need the old module, or can we no longer need it?",
    ],
)
def test_a_deed_no_longer_needed_or_a_question_is_no_gone_need(text: str) -> None:
    assert not needs_no_more(text)
