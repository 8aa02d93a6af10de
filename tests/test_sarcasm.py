"""Sarcastic praise ("Super, encore une mise à jour qui casse tout.") is a complaint and reads
negative, in English and in French; a word of praise before good news stays praise."""

import pytest

from analyzer import Analyzer
from analyzer.sarcasm import closes_in_irony, praises_in_irony


@pytest.mark.parametrize(
    "text",
    [
        "Great, another update that breaks everything.",
        "Super, encore une mise à jour qui casse tout.",
        "Wonderful, the export crashed again.",
        "Génial, l'export a encore planté.",
        "Bravo, three days without an answer from support.",
        "Bravo, trois jours sans réponse du support.",
        "Oh great, I have to log in again for the fifth time today.",
        "Oh super, je dois encore me reconnecter pour la cinquième fois aujourd'hui.",
        "Nice job, you managed to make the app even slower.",
        "Perfect, all my data is gone after the update.",
        "Parfait, toutes mes données ont disparu après la mise à jour.",
    ],
)
def test_sarcastic_praise_is_heard(text: str) -> None:
    assert praises_in_irony(text)


@pytest.mark.parametrize(
    "text",
    [
        "Great, the crash is gone!",
        "Super, ça ne plante plus.",
        "Parfait, le bug est corrigé.",
        "Great, but the export crashes.",
        "Great app, crashes sometimes.",
        "Super produit, toute l'équipe l'utilise.",
        "Great, does it crash on large files?",
        "Génial, enfin un export qui ne plante pas.",
        "Perfect, thanks a lot!",
        # praise meant beside something missing or rare (public app reviews' shapes, reworded)
        "Super, ça remarche à nouveau et rien n'est perdu, ça fait plaisir.",
        "Top, facile à utiliser, juste dommage qu'il manque le mode hors ligne.",
        "Great... only missing a French voice for the workouts.",
        "Parfait, de rares bugs.",
    ],
)
def test_meant_praise_is_no_sarcasm(text: str) -> None:
    assert not praises_in_irony(text)


def test_an_ironic_closing_is_a_set_phrase() -> None:
    assert closes_in_irony("Just what I needed.")
    assert closes_in_irony("C'est exactement ce qu'il me fallait.")
    assert not closes_in_irony("This app is just what I needed for my runs.")


@pytest.mark.parametrize(
    "text",
    [
        "Super, encore une mise à jour qui casse tout. Merci beaucoup.",
        "Génial, l'export a encore planté. C'est exactement ce qu'il me fallait.",
        "Wonderful, the export crashed again. Just what I needed.",
    ],
)
def test_sarcasm_reads_as_a_negative_complaint(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze(text)
    labels = {intent.label for intent in analysis.intents}
    assert analysis.sentiment.label == "negative", analysis.sentiment
    assert "complaint" in labels and "praise" not in labels, analysis.intents
    assert all(insight.sentiment.label == "negative" for insight in analysis.insights)


def test_a_sincere_closing_stays_praise(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze("This app is just what I needed.")
    assert "praise" in {intent.label for intent in analysis.intents}, analysis.intents
