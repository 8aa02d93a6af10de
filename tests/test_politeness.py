"""Polite requests that sound like thanks ("Merci de régler ça au plus vite") are no praise."""

import pytest

from analyzer import Analyzer
from analyzer.politeness import asks_politely


def intents(analysis) -> set[str]:
    return {intent.label for intent in analysis.intents}


@pytest.mark.parametrize(
    "text",
    [
        "Merci de régler ça au plus vite",
        "Bonjour, merci de bien vouloir me rappeler.",
        "Merci d'avance de corriger ce problème.",
        "Merci de ne pas supprimer mes données.",
        "Merci de m'envoyer la facture.",
        "Please fix this as soon as possible",
        "Thanks in advance for fixing this quickly.",
        "pls call me back",
    ],
)
def test_polite_requests_are_heard(text: str) -> None:
    assert asks_politely(text)


@pytest.mark.parametrize(
    "text",
    [
        "Merci de votre aide, c'est réglé.",
        "Merci d'avoir corrigé le bug si vite !",
        "Merci de m'avoir répondu aussi vite.",
        "Merci d'être si réactifs.",
        "Merci d'exister",
        "Merci de l'avoir corrigé.",
        "Merci de continuer comme ça.",
        "Merci pour tout !",
        "Thank you for fixing this so quickly!",
        "Please keep up the good work!",
        "Please never change this app.",
        "Please add dark mode, I love the app.",
    ],
)
def test_thanks_for_a_deed_and_praise_are_not_requests(text: str) -> None:
    assert not asks_politely(text)


def test_polite_requests_are_no_praise_and_stay_urgent(
    analyzer: Analyzer, analyzer_without_negation: Analyzer
) -> None:
    """Both read as praise and, positive (warmth halving urgency), normal before the rule."""
    texts = ["Merci de régler ça au plus vite", "Merci de me rappeler dès que possible."]
    pairs = zip(
        analyzer_without_negation.analyze_batch(texts), analyzer.analyze_batch(texts), strict=True
    )
    for before, after in pairs:
        assert before.sentiment.label == "positive", before.text
        assert "praise" not in intents(after)
        assert after.urgency.level in {"high", "critical"}
        assert after.urgency.score > before.urgency.score
        assert after.insights[0].asks


def test_praise_beside_a_request_stays(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze("Love the app! Merci de régler le bug de synchro.")
    assert "praise" in intents(analysis)
    thanks = analyzer.analyze("Merci de votre aide, c'est réglé.")
    assert "praise" in intents(thanks) and thanks.sentiment.label == "positive"
