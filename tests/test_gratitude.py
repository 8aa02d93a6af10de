"""Thanks for a deed ("Merci d'avoir corrigé le bug si vite !") are praise, not the bug they name."""

import pytest

from analyzer import Analyzer
from analyzer.gratitude import thanks_for_a_deed


def intents(analysis) -> set[str]:
    return {intent.label for intent in analysis.intents}


@pytest.mark.parametrize(
    "text",
    [
        "Merci d'avoir corrigé le bug si vite !",
        "Merci de m'avoir répondu aussi vite.",
        "Merci beaucoup pour votre réactivité",
        "Thanks for fixing the export bug so quickly!",
        "Thank you for the quick fix",
        "Thanks for adding dark mode and fixing sync",
        "Danke für die schnelle Behebung",
        "Vielen Dank, dass ihr das so schnell behoben habt!",
        "Gracias por arreglarlo tan rápido",
        "Grazie per aver risolto il problema",
        "Obrigado por ter corrigido o erro",
    ],
)
def test_thanks_for_a_deed_are_heard(text: str) -> None:
    assert thanks_for_a_deed(text)


@pytest.mark.parametrize(
    "text",
    [
        "Merci de corriger le bug",  # a request (analyzer/politeness.py)
        "Thanks in advance for fixing this quickly.",
        "Thanks for fixing it asap",
        "Thanks for nothing",  # a reproach (analyzer/negation.py)
        "Thanks for fixing nothing",
        "Gracias por no responder",
        "Merci d'avoir tout cassé",  # no harm is a deed
        "Thanks for your help",  # a sign-off as often as thanks for a deed
        "Thanks for fixing it, but the export still fails",
        "Thanks for fixing this?",
        "Thanks for adding dark mode, the app crashes now",
        "The app crashed, thanks for fixing it",
        "Thanks for fixing the login, the site is down again",
    ],
)
def test_requests_reproaches_and_other_matters_are_not_thanks_for_a_deed(text: str) -> None:
    assert not thanks_for_a_deed(text)


def test_thanks_for_a_fix_are_praise_not_a_bug_report(
    analyzer: Analyzer, analyzer_without_negation: Analyzer
) -> None:
    """The French one was a bug report; its English twin was already praise and stays so."""
    texts = [
        "Merci d'avoir corrigé le bug si vite !",
        "Thanks for fixing the export bug so quickly!",
    ]
    before, after = (a.analyze_batch(texts) for a in (analyzer_without_negation, analyzer))
    assert before[0].intents[0].label == "bug_report"
    for analysis in after:
        assert analysis.intents[0].label == "praise", analysis.intents
        assert not intents(analysis) & {"bug_report", "complaint"}
        assert analysis.insights[0].thanks


def test_requests_and_reproaches_are_no_praise(analyzer: Analyzer) -> None:
    assert intents(analyzer.analyze("Merci de corriger le bug")) == {"bug_report"}
    reproach = analyzer.analyze("Thanks for nothing")
    assert "complaint" in intents(reproach) and "praise" not in intents(reproach)


def test_a_bug_reported_beside_the_thanks_stays(analyzer: Analyzer) -> None:
    """Neither sentence alone reads as a bug report; the whole text does, and still does."""
    analysis = analyzer.analyze("Merci d'avoir corrigé le bug d'export. L'import plante toujours.")
    assert analysis.insights[0].thanks
    assert "bug_report" in intents(analysis)


def test_thanks_for_a_fix_do_not_read_negative(
    analyzer: Analyzer, analyzer_without_negation: Analyzer
) -> None:
    """The head hears the bug they name: the French one read negative (-0.29). Its sentiment is
    mirrored as a denied problem's is, for the insight and for a message that only thanks."""
    texts = [
        "Merci d'avoir corrigé le bug si vite !",
        "Thanks for fixing the export so quickly!",
    ]
    before, after = (a.analyze_batch(texts) for a in (analyzer_without_negation, analyzer))
    assert before[0].sentiment.label == "negative"
    for analysis in after:
        assert analysis.sentiment.label == "positive", analysis.sentiment
        assert analysis.insights[0].sentiment.label == "positive"


def test_a_bug_reported_beside_the_thanks_keeps_its_sentiment(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze("Merci d'avoir corrigé le bug d'export. L'import plante toujours.")
    assert analysis.insights[1].sentiment.label == "negative"
    assert analysis.sentiment.label != "positive"
