"""A span that states a requirement ("Notre DSI l'exige pour tous les outils.") is no praise: the
heads read such a calm sentence as praise, and beside a question the whole message with it."""

import pytest

from analyzer import Analyzer
from analyzer.requirements import states_a_requirement


@pytest.mark.parametrize(
    "text",
    [
        "Our IT team requires it for every tool.",
        "Two-factor login is mandatory in our company.",
        "Notre DSI l'exige pour tous les outils.",
        "Le chiffrement des données est obligatoire chez nous.",
    ],
)
def test_a_stated_requirement_is_found(text: str) -> None:
    assert states_a_requirement(text)


@pytest.mark.parametrize(
    "text",
    [
        "No account required, I like that.",
        "Ce n'est pas obligatoire.",
        "Notre DSI ne l'exige pas.",
        "Works perfectly for what I require.",
        "It requires internet to open the app.",
        "Facile et répond à toutes mes exigences.",
        "Great app, no login required.",
        "The export works fine.",
    ],
)
def test_denied_praising_or_absent_requirements_are_not(text: str) -> None:
    assert not states_a_requirement(text)


@pytest.mark.parametrize(
    "text",
    [
        "Est-ce que vous gérez le SSO SAML ? Notre DSI l'exige pour tous les outils.",
        "Do you support SAML single sign-on? Our IT team requires it for every tool.",
    ],
)
def test_a_question_with_its_requirement_is_a_neutral_question(
    analyzer: Analyzer, text: str
) -> None:
    analysis = analyzer.analyze(text)
    labels = {intent.label for intent in analysis.intents}
    assert analysis.insights[-1].requires
    assert analysis.sentiment.label == "neutral", analysis.sentiment
    assert "question" in labels, analysis.intents
    assert "praise" not in labels, analysis.intents


def test_the_question_alone_is_a_neutral_question(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze("Est-ce que vous gérez le SSO SAML ?")
    assert analysis.sentiment.label == "neutral", analysis.sentiment
    assert [intent.label for intent in analysis.intents] == ["question"]
