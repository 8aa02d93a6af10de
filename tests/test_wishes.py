"""A wish ("I'd love a dark mode", "J'aimerais pouvoir exporter en PDF") is a feature request, not
praise, whatever warmth the heads heard in "love", "great" or "top"."""

import pytest

from analyzer import Analyzer
from analyzer.request_labels import is_a_request_label
from analyzer.wishes import praises_beside_the_wish, wishes

WISHES = [
    "Hi team, I'd love a dark mode",
    "J'aimerais pouvoir exporter en PDF",
    "It would be great if we could export to PDF",
    "Ce serait top d'avoir un mode sombre",
]


def intents(analysis) -> dict[str, float]:
    return {intent.label: intent.score for intent in analysis.intents}


@pytest.mark.parametrize(
    "text",
    [
        *WISHES,
        "I would love to be able to export my runs",
        "Would be great to have a weekly summary",
        "It\u2019d be nice if we could pick the colours",
        "Ça serait génial de pouvoir trier par date",
        "Please add Strava sync",
        "Pourriez-vous ajouter un mode sombre ?",
        # asking when it comes (dev1's English/French twins)
        "Will you ever support single sign-on?",
        "Allez-vous un jour prendre en charge l'authentification unique ?",
        "Any chance of a Slack integration soon?",
        "Une intégration avec Slack est-elle prévue bientôt ?",
        "Are you planning to add a Gantt view?",
        "Prévoyez-vous d'ajouter une vue Gantt ?",
    ],
)
def test_wishes_are_heard(text: str) -> None:
    assert wishes(text)


@pytest.mark.parametrize(
    "text",
    [
        "I love this app",
        "Great app, does everything I need",
        "I'd love it!",
        "It would be great if the sync worked",  # a bug report, left to the heads
        "Ce serait bien si ça ne plantait pas à chaque fois",
        "I would like to cancel my subscription",
        "Super appli, je recommande",
        "Do you support single sign-on?",
        "Will you call me back today?",
        "Will you add it back? It crashes now",
        "Any chance of an earlier flight to Boston?",
        "Any chance of getting the refund this week?",
    ],
)
def test_praise_and_broken_things_are_no_wish(text: str) -> None:
    assert not wishes(text)


def test_the_wish_own_words_are_no_praise() -> None:
    assert not praises_beside_the_wish("Ce serait top d'avoir un mode sombre")
    assert not praises_beside_the_wish("Hi team, I'd love a dark mode")
    assert praises_beside_the_wish("Love the app, I'd love a dark mode too")


def test_a_wish_is_a_feature_request_not_praise(
    analyzer: Analyzer, analyzer_without_negation: Analyzer
) -> None:
    before, after = (a.analyze_batch(WISHES) for a in (analyzer_without_negation, analyzer))
    assert "praise" in intents(before[0])  # the head heard "love" as praise
    floor = next(stage for stage in analyzer.stages if stage.name == "intent").feature_floor
    for analysis in after:
        assert analysis.insights[-1].wishes
        assert analysis.intents[0].label == "feature_request", analysis.intents
        assert analysis.intents[0].score >= round(floor, 4)
        assert "praise" not in intents(analysis)


def test_praise_beside_a_wish_stays(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze("Love the app, I'd love a dark mode too")
    assert {"praise", "feature_request"} <= intents(analysis).keys()


@pytest.mark.parametrize(
    "text",
    [
        "Let me log my hours offline",
        "Please let us export the timesheet to PDF.",
        "Hi, allow me to pick the start of the week",
        "Could you let users change their own password?",
        "Permettez-moi de saisir mes heures hors ligne",
        "Svp laissez-nous choisir le format de date",
    ],
)
def test_leave_to_do_something_is_a_wish(text: str) -> None:
    assert wishes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Let me know when it's fixed",
        "Let me explain: the export fails on big projects",
        "Let me be clear, this is unacceptable",
        "The app won't let me log in since the update",
        "It doesn't allow me to save my timesheet",
        "Please let me in, I'm locked out of my account",
        "Permettez-moi de vous dire que c'est inacceptable",
        "Let me log my hours, it keeps crashing",  # reports a problem: a bug report
    ],
)
def test_turns_of_speech_and_blocked_actions_are_no_wish(text: str) -> None:
    assert not wishes(text)


def test_let_me_do_something_is_a_feature_request(
    analyzer: Analyzer, analyzer_without_negation: Analyzer
) -> None:
    """A user's check: the head read "Let me log my hours offline" as a bug report."""
    text = "Let me log my hours offline"
    before, after = (a.analyze(text) for a in (analyzer_without_negation, analyzer))
    assert before.intents[0].label != "feature_request", before.intents
    assert after.intents[0].label == "feature_request", after.intents


def test_allow_me_to_explain_is_no_wish() -> None:
    assert not wishes("Allow me to explain why we are unhappy")
    assert wishes("Allow me to export to PDF")


@pytest.mark.parametrize(
    "text",
    [
        "Let us assume a tensor like this:",  # public sets' turns of speech (models/README.md)
        "Allow me to quickly review the op in which the current behavior is described.",
        "LET ME NOTE THAT I CALLED THEM NOT THE OTHER WAY AROUND.",
        "Debt collectors must contact me first and allow me 30 days to submit a request",
        "let me thank you",
        "please let me into my bank account",
        "let me pick your brain what do you think we should do for dinner tonight",
    ],
)
def test_turns_of_speech_found_in_public_sets_are_no_wish(text: str) -> None:
    assert not wishes(text)


@pytest.mark.parametrize(
    "text", ["Demande de fonctionnalité", "Suggestion d'amélioration", "Feature request"]
)
def test_a_feature_request_label_alone_is_a_feature_request(analyzer: Analyzer, text: str) -> None:
    """QA: the subject "Demande de fonctionnalité" read praise 0.55, positive; its English twin
    "Feature request" read feature_request."""
    assert is_a_request_label(text)
    analysis = analyzer.analyze(text)
    assert [intent.label for intent in analysis.intents] == ["feature_request"], analysis.intents
    assert analysis.sentiment.label != "negative"
    assert analysis.insights[0].sentiment.label == "neutral"


def test_what_follows_a_request_label_is_read_for_itself() -> None:
    assert not is_a_request_label("Demande de fonctionnalité : l'export plante")
    assert not is_a_request_label("La demande de fonctionnalité a été livrée, merci !")
