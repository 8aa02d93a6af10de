"""Needs for a feature ("We urgently need a Gantt chart") read `other` or praise, so needs never
saw them (QA through POST /v1/tag): they are feature requests (analyzer/feature_needs.py).

The held-out sentences were written before the rule; the reported ones are QA's."""

import pytest

from analyzer import Analyzer
from analyzer.feature_needs import needs_a_feature

REPORTED = [
    "We urgently need a Gantt chart for project planning.",
    "Il nous faut un diagramme de Gantt pour planifier les projets.",
    "Necesitamos un diagrama de Gantt para planificar los proyectos.",
    "Wir brauchen dringend ein Gantt-Diagramm für die Projektplanung.",
    "A Gantt chart with drag and drop would save us hours!",
]
HELD_OUT = [
    "We really need a way to archive old invoices.",
    "We'd need a calendar view to use this for our team.",
    "Nous avons besoin d'un export vers Excel pour la comptabilité.",
    "Abbiamo bisogno di un calendario condiviso per il team.",
    "Precisamos de uma integração com o Google Drive.",
    "Necesitamos una exportación a PDF de los informes.",
    "Wir brauchen eine Schnittstelle zu SAP.",
    "Bulk editing of tasks would save us hours every week.",
]
# Pleas, questions, a need gone or denied, something owed: no feature.
NOT_A_FEATURE = [
    "We need help, the app crashes every time I open it.",
    "I need to know how to reset my password.",
    "We need you to fix the login page.",
    "We no longer need the old reports module, thanks.",
    "We didn't need the premium plan after all.",
    "We don't need a new dashboard.",
    "We need a reply before Friday.",
    "J'ai besoin d'une réponse rapidement.",
    "Necesitamos una solución urgente.",
    "If we need a refund, who do we ask?",
    "We need a fix, the export crashes every night.",
]


@pytest.mark.parametrize("text", REPORTED + HELD_OUT)
def test_a_need_for_a_feature_is_a_feature_request(analyzer: Analyzer, text: str) -> None:
    intents = {intent.label for intent in analyzer.analyze(text).intents}
    assert "feature_request" in intents
    assert not intents & {"praise", "other"}


@pytest.mark.parametrize("text", NOT_A_FEATURE)
def test_a_plea_question_or_need_gone_is_no_feature_need(text: str) -> None:
    assert not needs_a_feature(text)
