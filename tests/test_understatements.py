"""Issue #2, sentiment on three kinds of short spans the heads misread; held-out sentences written
before the rules (none from a dataset):
- a dislike denied ("I don't hate the new design", "Je ne déteste pas le nouveau design") read
  negative -0.97 and a complaint: it is lukewarm, neutral or mildly positive, no complaint;
- a wish ("Il faudrait ajouter un mode sombre") read positive: a wish praises nothing, the span
  is neutral, as "J'aimerais pouvoir exporter en PDF" already was;
- a plain slowness ("El inicio de sesión es lento") read praise beside the bug report."""

import pytest

from analyzer import Analyzer
from analyzer.grievance import grievance
from analyzer.negation import says_no_problem
from analyzer.wishes import wishes

LUKEWARM = [
    "I don't hate the new design.",
    "Honestly I don't hate the redesign.",
    "I don't dislike the new sidebar.",
    "We do not dislike the calendar view.",
    "I don't mind the new toolbar.",
    "The new onboarding isn't terrible.",
    "The mobile app is not awful at all.",
    "I have nothing against the new layout.",
    "I'm not unhappy with the latest release.",
    "Je ne déteste pas le nouveau design.",
    "Franchement, je ne déteste pas la nouvelle interface.",
    "Je ne déteste pas du tout le nouveau tableau de bord.",
    "Le nouveau menu n'est pas mauvais.",
    "Pas mauvais du tout, ce nouvel éditeur.",
    "Ce n'est pas désagréable à utiliser.",
    "Je n'ai rien contre la nouvelle mise en page.",
    "Je ne suis pas mécontent de la dernière version.",
    "Je n'ai pas à me plaindre du support.",
    "On ne peut pas se plaindre de la nouvelle version.",
    "Aucune plainte sur le nouveau planning.",
]
# A dislike said, or a denial beside a problem, stays what it is.
DISLIKES = [
    "I hate the new design.",
    "I don't like the new design.",
    "Je n'aime pas la nouvelle interface.",
    "Je déteste le nouveau design.",
    "I don't hate it, but the export still crashes.",
    "Je ne déteste pas l'idée, mais l'export plante toujours.",
    # turns of speech the public sets hold (CLINC150, airline tweets)
    "never mind, cancel that",
    "If you don't mind, please switch to the dark theme.",
]
WISHES = [
    "Il faudrait ajouter un mode sombre.",
    "Il faudrait pouvoir filtrer les tickets par client.",
    "Il faudrait un export vers Excel.",
    "Ce serait bien d'avoir un mode hors ligne.",
    "Ce serait super de pouvoir trier par date.",
    "Pourriez-vous ajouter un champ pour le numéro de commande ?",
    "Vous devriez ajouter un rappel par e-mail.",
    "Un mode sombre serait le bienvenu.",
    "Il serait utile d'avoir un historique des modifications.",
    "It would be nice to have an offline mode.",
    "A dark mode would be nice.",
    "You should add a calendar view.",
    "It would be great to export invoices to PDF.",
    "Please add a keyboard shortcut for search.",
    "An offline mode would be great.",
]
# What is owed or a fix is no wish for something new.
NOT_WISHES = [
    "A refund would be nice.",
    "It would be nice to hear back from you.",
    "Une réponse serait la bienvenue.",
    "Il faudrait un correctif rapidement.",
    "Avec une bonne connexion elle serait top.",  # a pronoun: no thing wished for
    "It would be so awesome to go to the Vegas event.",  # an outing (airline tweets)
]
SLOW = [
    "El inicio de sesión es lento.",
    "La aplicación es lenta.",
    "La búsqueda es lenta desde ayer.",
    "A aplicação é lenta.",
    "O carregamento dos relatórios é lento.",
    "L'app è lenta.",
    "La ricerca è lenta.",
    "Die Suche ist langsam.",
    "Die App ist langsam.",
    "L'application est lente.",
    "La recherche est lente.",
    "The search is slow.",
]
NOT_SLOW = [
    "La aplicación no es lenta.",
    "The app is not slow at all.",
    "Il login non è lento.",
    "L'application n'est pas lente.",
    "Die App ist nicht langsam.",
]


def labels(analysis) -> set[str]:
    return {intent.label for intent in analysis.intents}


@pytest.mark.parametrize("text", LUKEWARM)
def test_a_denied_dislike_is_lukewarm_and_no_complaint(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze(text)
    assert analysis.sentiment.label != "negative", analysis.sentiment
    assert analysis.sentiment.score > -0.1, analysis.sentiment
    assert not labels(analysis) & {"complaint", "bug_report"}, analysis.intents


@pytest.mark.parametrize("text", DISLIKES)
def test_a_dislike_said_is_no_denial(text: str) -> None:
    assert not says_no_problem(text)


@pytest.mark.parametrize("text", WISHES)
def test_a_wish_reads_neutral_and_asks_for_a_feature(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze(text)
    # the span only: the whole text keeps the head's reading (public app reviews that only ask
    # for a feature are mostly 4-5 stars, models/README.md)
    assert analysis.insights[0].sentiment.label == "neutral", analysis.insights[0].sentiment
    assert "feature_request" in labels(analysis) and "praise" not in labels(analysis)


@pytest.mark.parametrize("text", NOT_WISHES)
def test_what_is_owed_is_no_wish(text: str) -> None:
    assert not wishes(text)


def test_praise_beside_a_wish_keeps_its_warmth(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze("Super appli, ce serait bien d'avoir un mode sombre.")
    assert analysis.insights[0].sentiment.label == "positive", analysis.insights[0].sentiment


@pytest.mark.parametrize("text", SLOW)
def test_a_plain_slowness_is_a_complaint_not_praise(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze(text)
    assert grievance(text) == "slowness"
    assert analysis.sentiment.label == "negative", analysis.sentiment
    assert "praise" not in labels(analysis), analysis.intents
    assert "complaint" in labels(analysis), analysis.intents


@pytest.mark.parametrize("text", NOT_SLOW)
def test_a_denied_slowness_is_no_grievance(text: str) -> None:
    assert grievance(text) is None
