"""Short urgent pleas read as positive praise (QA through POST /v1/tag): urgency said alone is a
request, no praise and at most neutral (analyzer/urgency_words.py, read by analyzer/pleas.py); a
battery drain since an update is a failure, not praise (analyzer/failures.py).

The held-out sentences were written before the rules; the reported ones are QA's."""

import pytest

from analyzer import Analyzer
from analyzer.negation import fold
from analyzer.urgency_words import says_it_is_urgent

REPORTED_URGENT = [
    "Das ist sehr dringend!",
    "Esto es muy urgente.",
    "C'est très urgent, merci de nous rappeler.",
]
HELD_OUT_URGENT = [
    "This is very urgent!",
    "È molto urgente, per favore richiamateci.",
    "É muito urgente.",
    "Es urgente, por favor llámennos.",
    "Dringend, bitte melden Sie sich.",
]
DRAINS = [
    "La batería se agota en dos horas desde la actualización.",  # reported
    "La batterie se vide en deux heures depuis la mise à jour.",
    "The battery drains in two hours since the update.",
    "Il telefono si scarica in poche ore dopo l'aggiornamento.",
]


def labels(analysis) -> set[str]:
    return {intent.label for intent in analysis.intents}


@pytest.mark.parametrize("text", REPORTED_URGENT + HELD_OUT_URGENT)
def test_urgency_said_alone_is_no_praise(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze(text)
    assert "praise" not in labels(analysis)
    assert analysis.sentiment.label != "positive"


@pytest.mark.parametrize("text", DRAINS)
def test_a_battery_drain_since_an_update_is_a_bug_report(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze(text)
    assert "bug_report" in labels(analysis)
    assert "praise" not in labels(analysis)
    assert analysis.sentiment.label == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "Not urgent, but a dark mode would be nice.",
        "Ce n'est pas urgent.",
        "Es ist nicht dringend.",
    ],
)
def test_denied_urgency_is_no_urgency(text: str) -> None:
    assert not says_it_is_urgent(fold(text))


def test_urgency_beside_a_question_leaves_the_question_to_its_mark() -> None:
    assert not says_it_is_urgent(fold("¿Cuándo estará arreglado? ¡Es urgente!"))


def test_praise_beside_urgency_stays_praise(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze("Great support, thanks for the urgent fix!")
    assert "praise" in labels(analysis)
    assert analysis.sentiment.label == "positive"
