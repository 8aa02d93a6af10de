"""Misreads a support agent reported through `boucle tag` (2026-12-07): a wish read as praise, a
German health complaint as praise, a price rise for nothing new as a feature request, how long the
writer has been a customer as praise, and Italian praise as a complaint. Each group holds the
reported sentence, twins in English and French, and held-out sentences written before the rules
(`HELD_OUT`)."""

import pytest

from analyzer import Analyzer
from analyzer.acclaim import acclaims
from analyzer.analysis import Analysis
from analyzer.grievance import grievance
from analyzer.tenure import tells_tenure
from analyzer.wishes import wishes


def labels(analysis: Analysis) -> set[str]:
    return {intent.label for intent in analysis.intents}


WISHES = [
    "I'd love to have scheduled reports.",  # reported: praise only
    "We'd love to see more chart types.",
    "I would love to get weekly digests by email.",
    "Ce serait bien de recevoir les rapports par mail.",
    "Ce serait génial de programmer les exports.",
]
PAIN = [
    "Meine Augen tun abends weh.",  # reported: praise, positive
    "Mir tut der Kopf weh nach einer Stunde am Bildschirm.",
    "My eyes hurt in the evening.",
    "J'ai mal aux yeux le soir.",
    "Mi fanno male gli occhi la sera.",
    "Me duelen los ojos por la noche.",
]
PRICE_FOR_NOTHING = [
    "40% increase with no new features.",  # reported: feature_request
    "30% more for the same features.",
    "Hausse de 40 % sans nouvelles fonctionnalités.",
    "+20 % pour les mêmes fonctionnalités.",
]
TENURE = [
    "We've been customers for 3 years",  # reported: praise
    "We have been with you for 5 years.",
    "I've been a paying user since 2019.",
    "Nous sommes clients depuis 3 ans.",
    "Client depuis 5 ans.",
    "Wir sind seit 3 Jahren Kunden.",
]
ACCLAIM = [
    "Servizio impeccabile, sempre puntuali.",  # Italian praise read as a complaint
    "Il supporto risolve ogni problema in pochi minuti.",
    "Hanno risolto il mio problema subito, grazie.",
    "Support solves every issue within minutes.",
    "Flawless service, the team answers within the hour.",
    "Le support règle tous nos soucis en quelques minutes.",
    "Service client irréprochable, réponse en une heure.",
]
NO_WISH = [
    "I'd love to get my money back",
    "I'd love to get a reply today",
    "ça serait bien de régler ça, sinon super application",
    "Ce serait bien de savoir quand",
    "Ce serait sympa de recevoir une réponse",
]
NO_PAIN = [
    "No more headaches since the dark mode!",
    "Das tut nicht mehr weh.",
    "This update hurt our sales.",
    "It does not hurt to ask.",
    "Great app, my eyes hurt less now",
]
TENURE_THEN_A_COMPLAINT = [
    "We've been customers for 3 years. The app keeps getting slower.",
    "Nous sommes clients depuis 3 ans. L'appli est de plus en plus lente.",
    "Wir sind seit 3 Jahren Kunden. Die App wird immer langsamer.",
]
TENURE_BUT_A_COMPLAINT = [
    "We've been customers for 3 years but the app keeps getting slower.",
    "We've been customers for 3 years, but lately the exports fail every week.",
    "Nous sommes clients depuis 3 ans, mais l'appli est de plus en plus lente.",
]
MORE_THAN_TENURE = [
    "We've been customers for 3 years and love it",
    "We've been customers for 3 years and the app keeps getting slower.",
    "Client depuis 5 ans, toujours ravi",
    "We've been using the app since the update.",
    "I've been waiting for 3 days",
]
NOT_OUTRIGHT_PRAISE = [
    "Not flawless, the export still fails",
    "They never solved my issue",
    "If they solved my issue I would stay",
    "Outstanding balance on my account",
    "Service impeccable mais trop cher",
    "Ottimo servizio, peccato per i crash",
    "They fixed the login bug and now export crashes",
    "I lost all my data",
    # public sets' spans a first draft read as praise (models/README.md)
    "Needs to be fixed i use many other bluetooth devices",
    "kindly resolve my issue .",
    "I recieved outstanding medical debt of {$54.00} reporting on my credit report.",
    "Was working great and flawless for me",
    "La aplicación excelente, solo que me come 400 metros siempre de lo que hago",
]
OTHER_RISES = [
    "40% increase in sign-ups since the new onboarding!",
    "20% more battery life, wow",
]
# Written before the rules, not tuned on (the Italian pair's first two were found while looking
# for the reported sentence's neighbours).
HELD_OUT = {
    "feature_request": [
        "I'd love to see recurring invoices.",
        "We would love to get alerts by SMS.",
        "Ce serait bien de recevoir un résumé chaque lundi.",
        "J'aimerais voir un mode hors ligne.",
    ],
    "pain": [
        "My wrists hurt after an hour of using the app.",
        "J'ai mal à la tête après une heure devant l'écran.",
        "Mir tut der Kopf weh nach der Arbeit am Bildschirm.",
        "The white screen hurts my eyes at night.",
    ],
    "pricing": [
        "A 25% hike and nothing new in the product.",
        "Augmentation de 15 % sans rien de nouveau.",
        "We pay 50% more than last year for exactly the same tool.",
        "Encore +10 % pour les mêmes fonctionnalités.",
    ],
    "tenure": [
        "I've been a paying user for six years.",
        "On est chez vous depuis 2018.",
        "We have used your tool for four years now.",
        "Nous utilisons votre outil depuis 4 ans.",
    ],
    "praise": [
        "Servizio impeccabile, sempre puntuali.",
        "Il supporto risolve ogni problema in pochi minuti.",
        "Assistenza eccezionale, sempre gentili.",
        "Team fantastico, rispondono in pochi minuti.",
    ],
}


def test_a_wish_for_a_thing_without_article_is_a_feature_request(analyzer: Analyzer) -> None:
    for analysis in analyzer.analyze_batch(WISHES + HELD_OUT["feature_request"]):
        assert "feature_request" in labels(analysis), analysis.text
        assert "praise" not in labels(analysis), analysis.text


@pytest.mark.parametrize("text", NO_WISH)
def test_owed_things_and_fixes_are_no_wish(text: str) -> None:
    assert not wishes(text)


def test_pain_is_a_complaint_not_praise(analyzer: Analyzer) -> None:
    for text in PAIN + HELD_OUT["pain"]:
        assert grievance(text) == "pain", text
    for analysis in analyzer.analyze_batch(PAIN + HELD_OUT["pain"]):
        assert "praise" not in labels(analysis), analysis.text
        assert analysis.sentiment.label != "positive", analysis.text


@pytest.mark.parametrize("text", NO_PAIN)
def test_pain_gone_or_figurative_is_no_grievance(text: str) -> None:
    assert grievance(text) is None


def test_a_rise_for_nothing_new_is_a_pricing_complaint(analyzer: Analyzer) -> None:
    for analysis in analyzer.analyze_batch(PRICE_FOR_NOTHING + HELD_OUT["pricing"]):
        assert {"pricing", "complaint"} <= labels(analysis), analysis.text
        assert "feature_request" not in labels(analysis), analysis.text


@pytest.mark.parametrize("text", OTHER_RISES)
def test_a_rise_of_something_else_is_no_price(text: str) -> None:
    assert grievance(text) is None


def test_tenure_is_context_not_praise(analyzer: Analyzer) -> None:
    for text in TENURE + HELD_OUT["tenure"]:
        assert tells_tenure(text), text
    for analysis in analyzer.analyze_batch(TENURE + HELD_OUT["tenure"]):
        assert labels(analysis) == {"other"}, (analysis.text, analysis.intents)
        assert analysis.sentiment.label == "neutral", analysis.text


@pytest.mark.parametrize("text", TENURE_THEN_A_COMPLAINT)
def test_tenure_before_a_complaint_adds_no_praise(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze(text)
    assert "complaint" in labels(analysis)
    assert "praise" not in labels(analysis)
    assert analysis.insights[0].sentiment.label == "neutral"
    assert analysis.sentiment.label == "negative"


@pytest.mark.parametrize("text", TENURE_BUT_A_COMPLAINT)
def test_tenure_stays_with_the_contrast_it_leads_to(analyzer: Analyzer, text: str) -> None:
    """The tenure clause was cut off at "but" into an insight of its own, read as praise."""
    analysis = analyzer.analyze(text)
    assert len(analysis.insights) == 1
    assert "complaint" in labels(analysis)
    assert "praise" not in labels(analysis)


@pytest.mark.parametrize("text", MORE_THAN_TENURE)
def test_more_than_tenure_is_left_to_the_heads(text: str) -> None:
    assert not tells_tenure(text)


def test_praise_said_outright_reads_positive(analyzer: Analyzer) -> None:
    for analysis in analyzer.analyze_batch(ACCLAIM + HELD_OUT["praise"]):
        assert "praise" in labels(analysis), (analysis.text, analysis.intents)
        assert not {"complaint", "bug_report"} & labels(analysis), analysis.text
        assert analysis.sentiment.label == "positive", analysis.text


@pytest.mark.parametrize("text", NOT_OUTRIGHT_PRAISE)
def test_praise_denied_hoped_or_spoilt_is_not_said_outright(text: str) -> None:
    assert not acclaims(text)
