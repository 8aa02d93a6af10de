"""A function that stopped ("The planning module no longer saves the slots.", "Le module de
planning n'enregistre plus les créneaux.", "El módulo de planificación ya no guarda las franjas.")
is a bug report, negative: a support lead found them `other`. A problem told over ("no longer
crashes", "ne plante plus": analyzer/problems_over.py) stays no problem, and a writer who stopped
doing something ("We no longer export to CSV") reports no bug. The sentences were written for
this test before the rule, except the three reported ones."""

import pytest

from analyzer import Analyzer
from analyzer.failures import states_a_failure
from analyzer.negation import fold, says_no_problem
from analyzer.problems_over import problems_told_over

REPORTED = [
    "Le module de planning n'enregistre plus les créneaux.",
    "The planning module no longer saves the slots.",
    "Das Planungsmodul speichert die Termine nicht mehr.",
    "El módulo de planificación ya no guarda las franjas.",
]
HELD_OUT_STOPPED = [
    "L'agenda ne synchronise plus les rendez-vous.",
    "La facturation n'envoie plus les relances aux clients.",
    "Le tableau de bord n'affiche plus les ventes du jour.",
    "The calendar no longer syncs with Outlook.",
    "The invoice page no longer loads on Firefox.",
    "Der Kalender synchronisiert die Termine nicht mehr.",
    "Das Dashboard zeigt die Umsätze nicht mehr an.",
    "El calendario ya no sincroniza las citas con Outlook.",
    "La facturación del equipo ya no envía los recordatorios.",
    "El panel de ventas ya no muestra los pedidos del día.",
]
# a problem over, not a function that stopped
HELD_OUT_GONE = [
    "The planning module no longer crashes when saving slots.",
    "Le module de planning ne plante plus à l'enregistrement.",
    "El calendario ya no se cuelga al guardar.",
    "Der Kalender stürzt beim Speichern nicht mehr ab.",
]
# the writer stopped, or asks, or sets a condition: no failure stated
NOT_A_STOPPED_FUNCTION = [
    "We no longer export to CSV, we use the API now.",
    "Je n'exporte plus en CSV depuis qu'on a l'API.",
    "L'agenda ne synchronise plus les rendez-vous ?",
    "Si le module n'enregistre plus les créneaux, on vous appelle.",
    "Wir exportieren die Berichte nicht mehr.",
]


@pytest.mark.parametrize("text", REPORTED + HELD_OUT_STOPPED)
def test_a_function_that_stopped_is_a_bug_report(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze(text)
    assert [insight.fails for insight in analysis.insights] == [True]
    read = {intent.label for intent in analysis.intents}
    assert "bug_report" in read and "other" not in read, analysis.intents
    assert analysis.sentiment.label == "negative", analysis.sentiment


@pytest.mark.parametrize("text", HELD_OUT_GONE)
def test_a_problem_over_stays_no_problem(analyzer: Analyzer, text: str) -> None:
    assert problems_told_over(fold(text)) and says_no_problem(text)
    assert not states_a_failure(text, whole_ticket=True)
    read = {intent.label for intent in analyzer.analyze(text).intents}
    assert not read & {"bug_report", "complaint"}, read


@pytest.mark.parametrize("text", NOT_A_STOPPED_FUNCTION)
def test_no_stopped_function_is_stated(text: str) -> None:
    assert not states_a_failure(text, whole_ticket=True)
