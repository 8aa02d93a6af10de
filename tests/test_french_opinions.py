"""A QA user's French opinions (#2): advice against the product read as praise ("Je ne recommande
pas cet outil"), threats not to renew in the future or "aller" tense missed ("nous ne
renouvellerons pas"), and praise of a fix or of fast support read negative ("Le bug de l'export a
été corrigé, super travail"). Held-out sentences, written before the rules (none is a demo line)."""

import pytest

from analyzer import Analyzer
from analyzer.grievance import grievance


def labels(analysis) -> set[str]:
    return {intent.label for intent in analysis.intents}


ADVICE_AGAINST = [
    "Je ne recommande pas cet outil.",
    "Je ne le recommande pas.",
    "Je ne recommanderais pas cet outil à mes collègues.",
    "Je déconseille cet outil.",
    "Nous ne recommandons plus votre logiciel à nos partenaires.",
    "Je ne peux pas recommander cette application.",
    "Je vous le déconseille.",
    "Application non recommandable.",
    "I wouldn't recommend it to my colleagues.",
    "Would not recommend.",
    "No lo recomiendo.",
    "No recomendaría esta herramienta.",
    "Ich empfehle es nicht.",
    "Kann ich nicht empfehlen.",
    "Ich würde es nicht weiterempfehlen.",
    "Non lo consiglio.",
    "Sconsiglio questa app.",
    "Não recomendo.",
    "Não recomendaria esta ferramenta.",
]


@pytest.mark.parametrize("text", ADVICE_AGAINST)
def test_advice_against_the_product_is_a_grievance(text: str) -> None:
    assert grievance(text) == "advice"


@pytest.mark.parametrize(
    "text",
    [
        "Je recommande vivement cet outil.",
        "Je ne peux que le recommander.",
        "Je ne vois pas pourquoi je ne le recommanderais pas.",
        "On ne le recommandera jamais assez.",
        "Je ne déconseille pas cet outil.",
        "Je n'hésite pas à le recommander.",
        "Il est déconseillé de lancer deux imports à la fois.",
        "I can't recommend it enough.",
        "I would not hesitate to recommend it.",
        "Why wouldn't I recommend it?",
        "No puedo dejar de recomendarlo.",
        "Ich kann es nur empfehlen.",
        "Non posso che consigliarlo.",
        "Recomendo muito.",
    ],
)
def test_praise_through_a_denial_is_no_advice_against(text: str) -> None:
    assert grievance(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Je ne recommande pas cet outil.",
        "Je ne le recommande pas.",
        "Je ne recommanderais pas cet outil à mes collègues.",
        "Je déconseille cet outil.",
        "No lo recomiendo.",
        "Ich empfehle es nicht.",
        "Non lo consiglio.",
        "Não recomendo.",
    ],
)
def test_advice_against_reads_negative_and_as_a_complaint(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze(text)
    assert analysis.sentiment.label == "negative", analysis.sentiment
    assert "complaint" in labels(analysis), analysis.intents
    assert "praise" not in labels(analysis), analysis.intents
