"""German, Spanish and French readings a support lead found wrong (dev10): an incident for every
customer in German or Spanish read normal where its English and French twins read critical, a data
leak in Spanish read normal, "at a standstill" read normal where "steht still" read high,
sarcastic praise in Spanish and German read as praise, uselessness ("No me sirve para nada") and a
long wait in Spanish read as praise, and wishes ("I would like the app to have…", "Sería muy útil
para nuestro equipo") read as praise, not feature requests.

The held-out sentences below were written before the rules changed (phrasings of our own, not the
support lead's, beside theirs), each with look-alikes the rules must leave alone."""

import pytest

from analyzer import Analyzer
from analyzer.exposures import reports_an_exposure
from analyzer.grievance import grievance
from analyzer.sarcasm import praises_in_irony
from analyzer.urgency_cues import matched_cues
from analyzer.wishes import praises_beside_the_wish, wishes


def labels(analysis) -> set[str]:
    return {intent.label for intent in analysis.intents}


# 1. Urgency: an incident for every customer, a leak, a standstill.
INCIDENTS = [
    ("Die Zahlungen schlagen heute für alle unsere Kunden fehl.", {"outage", "scope"}),
    ("Der Export schlägt seit heute Morgen bei allen unseren Kunden fehl.", {"outage", "scope"}),
    ("Seit dem Update stürzt die App für alle Nutzer ab.", {"outage", "scope"}),
    ("La sincronización falla para todos nuestros clientes.", {"outage", "scope"}),
    (
        "Desde la actualización, las facturas se envían dos veces a todos nuestros clientes.",
        {"outage", "scope"},
    ),
    ("Todos nuestros usuarios reciben los correos por duplicado.", {"outage", "scope"}),
    ("Die Rechnungen werden seit gestern zweimal an alle Kunden verschickt.", {"outage", "scope"}),
    (
        "¡Otra persona puede ver los datos de nuestros clientes en su cuenta! Es una fuga de datos.",
        {"security"},
    ),
    ("Hay una fuga de información: se ven pedidos de otra empresa.", {"security"}),
    ("Alguien más puede ver nuestras facturas desde su cuenta.", {"security"}),
    ("Production is at a standstill!", {"outage"}),
    ("Our warehouse has ground to a halt since the sync broke.", {"outage"}),
]


@pytest.mark.parametrize(("text", "groups"), INCIDENTS)
def test_incidents_in_german_and_spanish_are_found_as_in_english(text, groups):
    assert set(matched_cues(text)) == groups


CALM = [
    "Alle unsere Kunden sind sehr zufrieden mit dem Export.",
    "Me gustaría enviar las facturas dos veces al mes a todos nuestros clientes.",
    "La fuga de agua en la oficina ya está arreglada, gracias por el soporte.",
    "¿Puede otra persona ver mis facturas si comparto el enlace?",
    "The project is at a standstill until our budget is approved.",
    "Todos nuestros clientes están contentos con la nueva versión.",
]


@pytest.mark.parametrize("text", CALM)
def test_look_alikes_raise_no_incident(text):
    assert not matched_cues(text).keys() & {"outage", "security", "scope"}


def test_the_german_and_spanish_incidents_read_critical(analyzer: Analyzer) -> None:
    texts = [text for text, groups in INCIDENTS if "scope" in groups or "security" in groups]
    for analysis in analyzer.analyze_batch(texts):
        assert analysis.urgency.level == "critical", analysis.text
    standstill = analyzer.analyze("Production is at a standstill!")
    assert standstill.urgency.level in {"high", "critical"}


# A data exposure said as a fact is a bug report, negative, and a breach, never praise (QA: the
# Spanish one read praise 0.57, the English one `other`, neutral, low).
EXPOSURES = [
    "¡Otra persona puede ver los datos de mis clientes!",
    "Another user can see my customers' data!",
    "Someone else can see our customer data.",
    "I can see another company's invoices in my dashboard.",
    "Un autre client peut voir nos factures !",
    "Quelqu'un d'autre peut voir les données de nos clients.",
    "Nos données sont visibles par d'autres clients.",
    "Ein anderer Nutzer kann die Daten meiner Kunden sehen!",
    "Jemand anderes kann unsere Kundendaten sehen.",
    "Ich sehe die Rechnungen einer anderen Firma.",
    "Veo los datos de otro cliente.",
]


def test_a_data_exposure_is_an_urgent_negative_bug_report(analyzer: Analyzer) -> None:
    for analysis in analyzer.analyze_batch(EXPOSURES):
        found = labels(analysis)
        assert "praise" not in found, (analysis.text, analysis.intents)
        assert found & {"bug_report", "complaint"}, (analysis.text, analysis.intents)
        assert analysis.sentiment.label == "negative", analysis.text
        assert analysis.urgency.level in {"high", "critical"}, (analysis.text, analysis.urgency)


@pytest.mark.parametrize(
    "text",
    [
        "Can other users see my notes?",
        "No other user can see our data.",
        "Other users can see my profile picture.",
        "If other users could see our data, we would leave.",
        "Make sure no other client can see our invoices.",
        "Other users can see the shared projects.",
        "I can see other options in the menu.",
        "Mon profil est visible par d'autres utilisateurs.",
    ],
)
def test_no_exposure_asked_denied_supposed_or_meant(text: str) -> None:
    assert not reports_an_exposure(text)


@pytest.mark.parametrize(
    "text", ["No other user can see our data.", "Make sure no other client can see our invoices."]
)
def test_an_exposure_denied_is_no_breach(text: str) -> None:
    assert "security" not in matched_cues(text)


# 2. Sarcasm in Spanish and German.
SARCASTIC = [
    "Genial, otra actualización que lo rompe todo.",
    "Estupendo, la aplicación se ha vuelto a romper.",
    "Perfecto, otra vez sin respuesta del soporte.",
    "Toll, schon wieder ein Update, das alles kaputt macht.",
    "Klasse, jetzt sind alle meine Einstellungen weg.",
    "Super, schon wieder abgestürzt.",
]
MEANT = [
    "Genial, por fin funciona la exportación.",
    "Toll, der Fehler ist behoben!",
    "Perfecto, pero la exportación falla.",
    "Toll, aber der Export stürzt ab.",
    "Genial la nueva versión, muy rápida.",
    "Klasse App, ich nutze sie jeden Tag.",
]


@pytest.mark.parametrize("text", SARCASTIC)
def test_sarcasm_in_spanish_and_german_is_heard(text: str) -> None:
    assert praises_in_irony(text)


@pytest.mark.parametrize("text", MEANT)
def test_praise_meant_in_spanish_and_german_is_no_sarcasm(text: str) -> None:
    assert not praises_in_irony(text)


def test_sarcasm_reads_as_a_negative_complaint(analyzer: Analyzer) -> None:
    for analysis in analyzer.analyze_batch(SARCASTIC):
        assert analysis.sentiment.label == "negative", analysis.text
        assert "praise" not in labels(analysis), analysis.text


# 3. Uselessness and a long wait are grievances.
GRIEVANCES = [
    ("No me sirve para nada.", "useless"),
    ("Esta función no nos sirve de nada.", "useless"),
    ("Ça ne me sert à rien.", "useless"),
    ("Franchement, cette option ne sert strictement à rien.", "useless"),
    ("Das bringt mir gar nichts.", "useless"),
    ("Die neue Ansicht bringt uns überhaupt nichts.", "useless"),
    ("This feature is completely useless.", "useless"),
    ("Llevo tres semanas esperando una respuesta.", "wait"),
    ("Llevamos diez días esperando el reembolso.", "wait"),
    ("Esperamos una respuesta desde hace dos semanas.", "wait"),
]
NOT_GRIEVANCES = [
    "No me sirve para nada más que para exportar, y eso lo hace muy bien.",
    "Ça sert à tout, je recommande.",
    "Das bringt mir viel, danke!",
    "It is not useless at all, I use it daily.",
    "Il est inutile de redémarrer, la synchro reprend seule.",
    "Llevo tres semanas usando la aplicación y me encanta.",
    "Esperando una respuesta, gracias.",
]


@pytest.mark.parametrize(("text", "kind"), GRIEVANCES)
def test_uselessness_and_waiting_are_grievances(text: str, kind: str) -> None:
    assert grievance(text) == kind


@pytest.mark.parametrize("text", NOT_GRIEVANCES)
def test_usefulness_and_calm_waiting_are_no_grievance(text: str) -> None:
    assert grievance(text) not in {"useless", "wait"}


def test_uselessness_and_waiting_read_as_negative_complaints(analyzer: Analyzer) -> None:
    for analysis in analyzer.analyze_batch([text for text, _ in GRIEVANCES]):
        assert analysis.sentiment.label == "negative", analysis.text
        assert "praise" not in labels(analysis), analysis.text
        assert "complaint" in labels(analysis), analysis.text


# 4. Wishes, said as a liking or as usefulness.
WISHES = [
    "I would like the app to have a dark mode.",
    "We'd like the calendar to show week numbers.",
    "It would be very useful for our team.",
    "A CSV import would be really helpful for us.",
    "Ce serait très utile pour notre équipe.",
    "J'aimerais que l'application propose un mode hors ligne.",
    "Sería muy útil para nuestro equipo.",
    "Me gustaría que la aplicación tuviera modo oscuro.",
    "Nos gustaría que se pudiera exportar a PDF.",
]
NOT_WISHES = [
    "I would like a refund.",
    "I would like the app to work again.",
    "The export is very useful for our team.",
    "It would be very useful if the sync worked.",
    "Me gustaría que me respondieran de una vez.",
    "Sería muy útil para nuestro equipo si no fallara la sincronización.",
    "J'aimerais que vous me rappeliez.",
]


@pytest.mark.parametrize("text", WISHES)
def test_wishes_said_as_a_liking_or_a_use_are_heard(text: str) -> None:
    assert wishes(text)
    assert not praises_beside_the_wish(text)


@pytest.mark.parametrize("text", NOT_WISHES)
def test_praise_requests_and_fixes_are_no_such_wish(text: str) -> None:
    assert not wishes(text)


def test_such_wishes_are_neutral_feature_requests(analyzer: Analyzer) -> None:
    for analysis in analyzer.analyze_batch(WISHES):
        assert "feature_request" in labels(analysis), analysis.text
        assert "praise" not in labels(analysis), analysis.text
        assert analysis.insights[0].sentiment.label == "neutral", analysis.text


def test_a_demand_of_a_company_is_no_wish() -> None:
    # found by scripts/measure_rule.py wishes on CFPB: the thing liked to do it is no product
    assert not wishes("I would like the bank to show proof of this charge or drop it.")
