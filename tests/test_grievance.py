"""A span that states a price rise, a price too high or a lasting slowness is a grievance: the
sentiment head, trained on reviews, reads such short factual complaints as positive."""

import pytest

from analyzer import Analyzer
from analyzer.grievance import grievance


def intents(analysis) -> dict[str, float]:
    return {intent.label: intent.score for intent in analysis.intents}


# Held-out sentences, written before the rule (none is a demo line).
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Our subscription went up again this year and nothing changed.", "price"),
        ("The invoice is 40% higher than last year's.", "price"),
        ("Honestly it's way too expensive for a team of five.", "price"),
        ("Overpriced for what it does.", "price"),
        ("The plan is now more expensive than Jira.", "price"),
        ("Another price hike, seriously?", "price"),
        ("Le tarif a augmenté sans prévenir.", "price"),
        ("L'abonnement coûte 25 % plus cher depuis janvier.", "price"),
        ("C'est beaucoup trop cher pour une association.", "price"),
        ("Encore une hausse des tarifs cette année.", "price"),
        ("Le tarif a augmente sans prevenir", "price"),
        ("The dashboard is so slow these days.", "slowness"),
        ("Loading reports is painfully slow.", "slowness"),
        ("L'application est vraiment lente depuis lundi.", "slowness"),
        ("Ça rame à chaque ouverture du planning.", "slowness"),
        # English/French twins (dev1): the French side's price cues, and waits for an answer
        ("The new price is far too high for a team of five.", "price"),
        ("Le nouveau prix est bien trop élevé pour une équipe de cinq.", "price"),
        ("Payer en plus pour l'API, c'est de l'arnaque.", "price"),
        ("Paying extra for the API feels like a rip-off.", "price"),
        ("We can no longer afford the Business plan.", "price"),
        ("Nous n'avons plus les moyens de payer le forfait Business.", "price"),
        ("We have been waiting two weeks for an answer.", "wait"),
        ("Nous attendons une réponse depuis deux semaines.", "wait"),
        ("Toujours pas de réponse du support.", "wait"),
        ("Still no answer from support.", "wait"),
        ("We have been waiting for a reply for three weeks.", "wait"),
        # how long an answer took (dev10, issue #2): held out, written before the rule
        ("Took 4 days to get an answer.", "wait"),
        ("It took us two weeks to get a reply from support.", "wait"),
        ("Took them 3 days to answer.", "wait"),
        ("It took ages to hear back.", "wait"),
        ("Il a fallu 3 jours pour avoir une réponse.", "wait"),
        # one long unit, not a count (dev15): "a week", "a month", "une semaine", "un mois"
        ("It took them a week to respond.", "wait"),
        ("It took a month to get a reply.", "wait"),
        ("We waited a whole week for an answer.", "wait"),
        ("Il a fallu une semaine pour avoir une réponse.", "wait"),
        ("Il a fallu un mois pour obtenir un remboursement.", "wait"),
        ("3 jours pour avoir une réponse, sérieusement ?", "wait"),
        ("Il nous a fallu deux semaines pour obtenir un retour.", "wait"),
        ("J'ai attendu cinq jours pour une réponse.", "wait"),
        ("Wir haben 4 Tage auf eine Antwort gewartet.", "wait"),
        ("Tardaron 4 días en responder.", "wait"),
    ],
)
def test_grievances_are_heard(text: str, kind: str) -> None:
    assert grievance(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        "It's not too expensive for what you get.",
        "Worth the price, honestly.",
        "Ce n'est pas trop cher pour ce que c'est.",
        "L'outil vaut son prix.",
        "The price did not go up this year.",
        "Great app, a bit too expensive though.",
        "Super outil, un peu trop cher.",
        "Cher client, merci pour votre message.",
        "The sync is not so slow anymore.",
        "L'appli ne rame plus depuis la mise à jour.",
        "The price went down, nice.",
        "Conversion is 30% higher since we switched on the widget.",
        "CPU usage is far too high.",
        "Le volume est trop élevé.",
        "We can't afford another outage.",
        "I have been waiting for this feature for years!",
        "Waiting for your answer, thanks.",
        "Still waiting for a reply about whether pets may fly in the cabin.",
        "No answer needed.",
        "C'est une vraie arnaque, la montre ne synchronise rien.",
        "At a very high level, subscriptions work like this:",
        "It took 2 days to get the export done.",
        "Il a fallu 3 jours pour migrer nos données.",
        "Took 4 days to get an answer, but it was worth it.",
    ],
)
def test_denied_praised_or_absent_grievances_are_not(text: str) -> None:
    assert grievance(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Our subscription went up again this year and nothing changed.",
        "L'abonnement coûte 25 % plus cher depuis janvier.",
        "The dashboard is so slow these days.",
        "L'application est vraiment lente depuis lundi.",
        # the head reads the second neutral, not positive: a complaint all the same
        "L'abonnement est bien trop cher pour une équipe de 24.",
        "La facturation par utilisateur rend l'outil bien trop cher pour une équipe de 24.",
    ],
)
def test_a_grievance_reads_negative_and_no_praise(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze(text)
    assert analysis.insights[0].grievance
    assert analysis.sentiment.label == "negative", analysis.sentiment
    assert analysis.insights[0].sentiment.label == "negative"
    assert "praise" not in intents(analysis), analysis.intents


@pytest.mark.parametrize(
    "text",
    [
        "Our subscription went up again this year and nothing changed.",
        "C'est beaucoup trop cher pour une association.",
        "La facturation par utilisateur rend l'outil bien trop cher pour une équipe de 24.",
    ],
)
def test_a_price_grievance_is_about_pricing(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze(text)
    intent = next(stage for stage in analyzer.stages if stage.name == "intent")
    floor = intent.thresholds[intent.head.labels.index("pricing")]
    assert intents(analysis).get("pricing", 0.0) >= round(float(floor), 4), analysis.intents


def test_praise_beside_a_grievance_stays(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze("Great app, love it. The new price is 30% higher though.")
    assert "praise" in intents(analysis)


@pytest.mark.parametrize(
    "text",
    ["Took 4 days to get an answer.", "Il a fallu 3 jours pour avoir une réponse."],
)
def test_how_long_an_answer_took_is_a_complaint(analyzer: Analyzer, text: str) -> None:
    # "Took 4 days to get an answer." read `other`, its French twin praise (issue #2)
    analysis = analyzer.analyze(text)
    assert analysis.insights[0].intents[0].label == "complaint", analysis.insights[0].intents
    assert analysis.insights[0].sentiment.label == "negative"


# QA on CFPB complaints: harm narrated calmly read positive and as praise (0.78 to 0.86).
HARM_NARRATED = [
    "I have also been advised they will be seizing all of my income tax this year.",
    "I have reached out to FTC and my local police department and I am doing this on my own behalf.",
    "This is causing me anguish and its slandering my good name.",
]


@pytest.mark.parametrize("text", HARM_NARRATED)
def test_harm_a_complaint_narrates_is_a_grievance(analyzer: Analyzer, text: str) -> None:
    assert grievance(text) == "harm"
    analysis = analyzer.analyze(text)
    assert analysis.sentiment.label == "negative", analysis.sentiment
    assert "praise" not in intents(analysis), analysis.intents
    assert "complaint" in intents(analysis), analysis.intents


@pytest.mark.parametrize(
    "text",
    [
        "It did not cause me any stress.",
        "Thanks for stopping the garnishment of my wages, great help.",
        "The police department next door uses your app too.",
    ],
)
def test_denied_praised_or_absent_harm_is_no_grievance(text: str) -> None:
    assert grievance(text) is None


def test_the_word_asked_about_is_no_harm() -> None:
    """CLINC150, measured: "what is the meaning of the word slander" read complaint."""
    assert grievance("what is the meaning of the word slander") is None
