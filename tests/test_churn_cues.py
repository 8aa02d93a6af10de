"""A span that says the writer is leaving is a churn risk, whatever the intent head heard in it."""

import re
import sys

import pytest

from analyzer import Analyzer
from analyzer.churn import OTHER_CASES, TO_A_NAME_STEMS, threatens_to_leave


def intents(analysis) -> dict[str, float]:
    return {intent.label: intent.score for intent in analysis.intents}


QA_THREATS = [
    "We'll have to look elsewhere if the price goes up.",
    "Honestly we are evaluating other vendors.",
    "Stiamo valutando altre soluzioni.",
    "Estamos evaluando otras alternativas.",
    "Wie kündige ich mein Abo?",
]


@pytest.mark.parametrize(
    "text",
    [
        "On va changer d'outil",
        "On envisage de partir chez Zendesk",
        "Nous allons résilier notre contrat.",
        "We will cancel our subscription.",
        "If this isn't fixed we will cancel our subscription.",
        "No, we are switching to another provider.",
        "Wir werden kündigen.",
        # a support lead's misses: leaving for a named tool, a competitor, or leaving us
        "We are moving to Zendesk next month.",
        "We’re switching to Freshdesk",
        "Nous passons à la concurrence",
        "On passe chez Zendesk",
        "we'll be migrating off your product",
        "We are leaving you for a competitor.",
        "Nous allons vous quitter.",
        "On bascule vers un autre outil le mois prochain.",
        # English/French twins (dev1)
        "It got too expensive, we're looking elsewhere.",
        "C'est devenu trop cher, on regarde ailleurs.",
        "The team is already testing an alternative.",
        "L'équipe teste déjà une alternative.",
        "This is the last straw, we're done with your product.",
        "C'est la goutte d'eau, on en a fini avec votre produit.",
        "Management asked me to find a replacement for your tool.",
        "La direction m'a demandé de trouver un remplaçant à votre outil.",
        "Nous allons remplacer votre outil.",
        # QA: the condition's own denial read as denying the threat ("si no lo solucionan")
        "Si no lo solucionan cancelaremos el contrato.",
        "Se não resolverem vamos cancelar a assinatura.",
        "Si no arreglan cancelaremos la suscripción.",
        "Si no lo arreglan daremos de baja la cuenta.",
        "Si no lo solucionan nos iremos.",
        "Si no lo arreglan cambiaremos de proveedor.",
        "Se não resolverem cancelaremos a conta.",
        "Se não corrigirem vamos sair.",
        "Se não resolverem vamos trocar de fornecedor.",
        "Se non lo risolvete disdiciamo il contratto.",
        "Si vous ne corrigez pas on va résilier.",
        "If support doesn't answer we cancel our plan.",
        # QA (dev4): no churn_risk outside English and French, nor on weighing other vendors
        *QA_THREATS,
        "Wie kann ich kündigen?",
        "Wir werden zu einem anderen Anbieter wechseln.",
        "Wir prüfen gerade andere Anbieter.",
        "Estamos a avaliar outras ferramentas.",
        "Stiamo pensando di passare a un altro fornitore.",
        "If the price goes up we'll look elsewhere.",
        # held-out (dev13, issue #2): cancelling with nothing named, and leaving for a named
        # tool in Spanish, Italian, German, Portuguese
        "We're cancelling, the price is too high.",
        "I'm cancelling.",
        "We will cancel if this isn't fixed by Friday.",
        "We are going to cancel at the end of the month.",
        "Nos vamos a Zendesk.",
        "Nos iremos a Freshdesk el mes que viene.",
        "Me voy a HubSpot, estoy harto.",
        "Nos vamos a ir a Intercom.",
        "Passiamo a Zendesk.",
        "Wir wechseln zu Freshdesk.",
        "Vamos mudar para o Zendesk.",
    ],
)
def test_churn_cues_are_heard(text: str) -> None:
    assert threatens_to_leave(text)


@pytest.mark.parametrize("text", QA_THREATS)
def test_the_qa_threats_read_as_cancelling_a_subscription_does(analyzer: Analyzer, text: str):
    """QA: these had no churn_risk and low or normal urgency; "How do I cancel my
    subscription?" had churn_risk and high urgency. A condition after the cue ("if the price goes
    up") keeps it a threat, as a condition before it does ("If this isn't fixed we will cancel")."""
    twin = analyzer.analyze("How do I cancel my subscription?")
    analysis = analyzer.analyze(text)
    assert "churn_risk" in intents(analysis) and "churn_risk" in intents(twin)
    assert analysis.urgency.level == twin.urgency.level == "high"


@pytest.mark.parametrize(
    "text",
    [
        "I'd never switch tools, love it",
        "We are not going to cancel our subscription.",
        "We won't switch to another tool.",
        "On ne va pas changer d'outil.",
        "Je n'envisage pas de partir chez eux.",
        "Wir werden nicht kündigen.",
        "Thanks for fixing the export bug so quickly!",
        # moving within the product, or to a setting, is no leaving
        "We are moving to the new version next month.",
        "Please let me switch to Dark Mode",
        "Can I switch to another tab while recording?",
        "Quand est-ce qu'on pourra passer à la version 5 ?",
        "My flight was moved to Denver",
        "Flight rebooked, moving to DFW",
        "Quand je quitte l'appli, le GPS s'arrête.",
        "We will never move to Zendesk.",
        "Without switching tools, we lose nothing.",
        "I looked elsewhere in the menu.",
        "Try an alternative browser.",
        "Can I replace your logo?",
        "It replaces our spreadsheets.",
        "Est-ce que ça remplace votre outil de ticketing ?",
        "Ce n'est qu'une goutte d'eau dans l'océan.",
        # an "if" on the cue itself, or leaving for no provider, is no threat
        "Si no vamos a cancelar el contrato, avísennos.",
        "Se não vamos cancelar a assinatura, para quê pagar?",
        "If we're not going to cancel our plan, say so.",
        "If it doesn't work we will never cancel our plan.",
        "Si no lo solucionan no cancelaremos el contrato.",
        "No vamos a cambiar de proveedor.",
        "Não vamos sair.",
        "Nos iremos de vacaciones en agosto.",
        "Vamos sair às 5 da tarde.",
        # weighing something that is no provider, in the past, or denied; announcing, not
        # cancelling ("Ankündigung"); removing a user, not leaving
        "We evaluated other vendors before choosing you and never looked back.",
        "We are not evaluating other vendors.",
        "Stiamo valutando le nuove funzionalità.",
        "Estamos considerando otra opción de exportación.",
        "Danke für die Ankündigung der neuen Funktion!",
        "¿Cómo doy de baja a un usuario?",
        "I'd never look elsewhere if the price went up.",
        # held-out (dev13): cancelling something else, a cancel denied, moving house
        "We are cancelling the meeting.",
        "I'm cancelling the order, wrong size.",
        "We're not cancelling, just asking about the invoice.",
        "We won't cancel.",
        "I made a transfer to the wrong account, can I cancel?",
        "Nos vamos a Madrid la semana que viene.",
        "Nos vamos a España en agosto.",
        "No nos vamos a Zendesk.",
    ],
)
def test_denied_or_absent_cues_threaten_nothing(text: str) -> None:
    assert not threatens_to_leave(text)


def test_a_churn_cue_is_a_churn_risk_not_praise(
    analyzer: Analyzer, analyzer_without_negation: Analyzer
) -> None:
    """The head read the first as praise and the second as nothing; urgency heard the threat."""
    texts = ["On va changer d'outil", "On envisage de partir chez Zendesk"]
    before = analyzer_without_negation.analyze_batch(texts)
    after = analyzer.analyze_batch(texts)
    assert not any("churn_risk" in intents(analysis) for analysis in before)
    for analysis in after:
        assert analysis.intents[0].label == "churn_risk", analysis.intents
        assert "praise" not in intents(analysis)
        assert analysis.insights[0].threatens
    floor = next(stage for stage in analyzer.stages if stage.name == "intent").churn_floor
    assert all(a.intents[0].score >= round(floor, 4) for a in after)  # scores: 4 places


def test_a_denied_cue_stays_praise(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze("I'd never switch tools, love it")
    assert "churn_risk" not in intents(analysis)
    assert analysis.intents[0].label == "praise"


@pytest.mark.parametrize(
    ("denied", "threat"),
    [
        ("I'd never switch tools, I love it", "I'll switch tools, I love it"),
        ("On ne va pas changer d'outil", "On va changer d'outil"),
    ],
)
def test_a_denied_cue_raises_no_urgency(analyzer: Analyzer, denied: str, threat: str) -> None:
    """Urgency hears the denial the intent stage hears: the same check (analyzer/churn.py)."""
    calm, threatening = analyzer.analyze_batch([denied, threat])
    assert calm.urgency.level in {"low", "normal"}, calm.urgency  # was high in French
    assert threatening.urgency.score > calm.urgency.score + 0.2


def test_praise_beside_a_churn_cue_stays(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze("Super appli. On va changer d'outil quand même.")
    assert {"praise", "churn_risk"} <= intents(analysis).keys()


@pytest.mark.parametrize(
    "text",
    [
        "We are moving to Zendesk next month.",
        "Nous passons à la concurrence",
        "On passe chez Zendesk",
    ],
)
def test_leaving_for_a_named_tool_or_the_competition_is_a_churn_risk(
    analyzer: Analyzer, text: str
) -> None:
    analysis = analyzer.analyze(text)
    assert analysis.insights[0].threatens
    assert analysis.intents[0].label == "churn_risk", analysis.intents
    assert "praise" not in intents(analysis)


@pytest.mark.parametrize(
    "text",
    [
        "Si no lo solucionan cancelaremos el contrato.",
        "Se não resolverem vamos cancelar a assinatura.",
    ],
)
def test_a_conditional_threat_is_a_churn_risk_and_raises_urgency(
    analyzer: Analyzer, text: str
) -> None:
    """QA: both read complaint only, urgency normal; their EN/DE/IT twins read churn_risk."""
    analysis = analyzer.analyze(text)
    assert analysis.insights[0].threatens
    assert "churn_risk" in intents(analysis), analysis.intents
    assert analysis.urgency.level not in {"low", "normal"}, analysis.urgency


@pytest.mark.parametrize(
    "text",
    [
        "I'm moving to China next year, will the app work there?",
        "We are moving to New York in May",
        "We are moving to the United States next year",
        "Je pars à Montréal, l'appli marchera-t-elle là-bas ?",
        "Switching to Canada time zone breaks my calendar",
    ],
)
def test_moving_to_a_place_is_no_churn_cue(text: str) -> None:
    assert not threatens_to_leave(text)


@pytest.mark.parametrize(
    "text", ["Im a delta customer looking to switch to United.", "We're moving to Jira next month"]
)
def test_a_provider_named_like_a_place_is_still_a_churn_cue(text: str) -> None:
    assert threatens_to_leave(text)


def test_moving_to_a_place_is_no_churn_risk(analyzer: Analyzer) -> None:
    """A user's check: "I'm moving to China" read churn_risk (the place read as a competitor)."""
    analysis = analyzer.analyze("I'm moving to China")
    assert not analysis.insights[0].threatens
    assert "churn_risk" not in intents(analysis), analysis.intents


def test_spans_left_unsearched_cannot_name_a_provider() -> None:
    """A span is searched for "moving to <Name>" only when it holds a verb's stem, lower-cased,
    or a letter that re's case-insensitive match reads as one of theirs ("ſ" as "s")."""
    letters = "".join(sorted(set("".join(TO_A_NAME_STEMS))))
    same_letter = re.compile(f"(?i)[{letters}]")
    read_as_theirs = {
        char
        for char in map(chr, range(sys.maxunicode + 1))
        if not char.isascii() and same_letter.fullmatch(char)
    }
    assert read_as_theirs == set(OTHER_CASES)
    assert threatens_to_leave("We are ſwitching to Zendesk.")
    assert threatens_to_leave("WIR WECHSELN ZU Zendesk")


# Held-out (dev10, issue #2): leaving names the subscription it ends, which is no price; a
# threat that names money stays about pricing.
@pytest.mark.parametrize(
    ("text", "about_pricing"),
    [
        ("We are cancelling our subscription at the end of the month, too many outages.", False),
        ("We won't renew our subscription next year, support never answers.", False),
        ("Our subscription ends this month and we won't renew it.", False),
        ("Nous allons résilier notre abonnement à la fin du mois, trop de pannes.", False),
        ("Wir kündigen unser Abo zum Monatsende.", False),
        ("Vamos a cancelar nuestra suscripción, demasiadas caídas.", False),
        ("Too expensive, we are cancelling our subscription.", True),
        ("On résilie, c'est trop cher.", True),
        ("We're moving to Zendesk, it's half the price.", True),
    ],
)
def test_a_threat_is_about_pricing_only_when_it_names_money(
    analyzer: Analyzer, text: str, about_pricing: bool
) -> None:
    read = intents(analyzer.analyze(text))
    assert "churn_risk" in read, read
    assert ("pricing" in read) is about_pricing, read


# Held-out (dev13, issue #2): a threat with nothing named is high, as "We will cancel our
# subscription" is; a price beside it changes nothing ("We're cancelling, the price is too
# high." read normal); leaving for a named tool in Spanish is a churn risk (read `other`).
@pytest.mark.parametrize(
    "text",
    [
        "We're cancelling, the price is too high.",
        "I'm cancelling, support never answers.",
        "Nos vamos a Zendesk.",
        "Nos iremos a Freshdesk el mes que viene.",
    ],
)
def test_a_threat_with_nothing_named_or_a_spanish_move_is_high(analyzer: Analyzer, text: str):
    analysis = analyzer.analyze(text)
    assert "churn_risk" in intents(analysis), analysis.intents
    assert analysis.urgency.level == "high", analysis.urgency


def test_weighing_other_solutions_in_french_is_a_churn_risk_as_in_english(
    analyzer: Analyzer,
) -> None:
    """QA: "Nous allons étudier d'autres solutions." read positive, other; its English twin "We are
    going to look at other solutions." negative, churn_risk."""
    english = analyzer.analyze("We are going to look at other solutions.")
    for text in ("Nous allons étudier d'autres solutions.", "On va regarder d'autres outils."):
        assert threatens_to_leave(text)
        analysis = analyzer.analyze(text)
        assert "churn_risk" in intents(analysis) and "churn_risk" in intents(english)
        assert analysis.sentiment.label == english.sentiment.label == "negative"
    # someone else weighing, or other solutions for something named: no leaving
    assert not threatens_to_leave("Le support va étudier d'autres solutions techniques.")
    assert not threatens_to_leave("Nous allons étudier d'autres solutions pour les couleurs.")
