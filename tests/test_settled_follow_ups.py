"""A follow-up or edit that says the problem is fixed ("Update: fixed now, thanks!", "Mise à jour :
c'est réparé") settles the failure reported before it, in every supported language: its failure
words raise nothing (README: a failure told fixed raises nothing). A denial, a relapse or a
question keeps the failure urgent. Held out: written before the rule, never tuned to."""

import pytest

from analyzer.settled_failures import settled_until
from analyzer.urgency_cues import matched_cues

SETTLED = [
    "Since this morning the invoice page throws an error 500. Update: it's fixed now, thanks.",
    "The Android app crashes every time I open a report. Edit: works again after your patch!",
    "Depuis hier la synchro échoue avec une erreur 502. Mise à jour : c'est résolu, merci !",
    "L'appli plante à chaque ouverture. EDIT : ça remarche depuis la 4.2, merci.",
    "Seit heute früh bekommen wir beim Login einen Fehler 503. Nachtrag: funktioniert wieder, "
    "danke!",
    "Die App stürzt jedes Mal beim Öffnen ab. Update: Das Problem ist inzwischen behoben.",
    "La exportación da un error 500 desde ayer. Actualización: ya está solucionado, gracias.",
    "La app se cierra cada vez que abro un informe. Ya funciona, gracias por la ayuda.",
    "L'export va in errore 500 da stamattina. Aggiornamento: ora funziona, grazie.",
]

STILL_URGENT = [
    "The invoice page throws an error 500. Update: it's not fixed, still broken.",
    "The app crashes every time I open a report. The import bug is fixed though.",
    "L'appli plante à chaque ouverture. Mise à jour : toujours pas réparé.",
    "Depuis hier la synchro échoue avec une erreur 502. C'était réglé la semaine dernière mais "
    "ça recommence.",
    "Seit heute früh bekommen wir beim Login einen Fehler 503. Update: funktioniert schon wieder "
    "nicht.",
    "Die App stürzt jedes Mal beim Öffnen ab. Das Problem ist noch nicht behoben.",
    "La exportación da un error 500 desde ayer. ¿Ya está solucionado?",
    "La app se cierra cada vez que abro un informe. Ya no funciona nada.",
]


@pytest.mark.parametrize("text", SETTLED)
def test_a_fix_told_after_the_failure_settles_it(text):
    assert settled_until(text.lower()) > 0
    assert not matched_cues(text)


@pytest.mark.parametrize("text", STILL_URGENT)
def test_a_denied_relapsed_or_asked_fix_settles_nothing(text):
    assert matched_cues(text)


def test_what_follows_the_fix_is_read_as_it_is():
    text = "The export failed with error 500. Update: it's fixed, but now the site is down."
    assert "outage" in matched_cues(text)


def test_a_follow_up_fix_lowers_the_message_the_stage_reads(analyzer):
    for analysis in analyzer.analyze_batch(SETTLED):
        assert analysis.urgency.level in {"low", "normal"}, analysis.text
        for insight in analysis.insights:
            assert insight.urgency.level in {"low", "normal"}, insight.text


def test_a_problem_not_fixed_stays_urgent(analyzer):
    for analysis in analyzer.analyze_batch(STILL_URGENT):
        assert analysis.urgency.level in {"high", "critical"}, analysis.text
