"""Feature requests said as a statement read `other` (or pricing), so they were never matched to
needs (a PM found "Bulk edit" ranked last with RICE 0 while such requests sat unlinked): "…
should be possible", "… would save me an hour", "Merci de permettre …", and a wish about
invoices, which the head heard as price talk. They are wishes (analyzer/wishes.py,
analyzer/feature_needs.py): feature_request, neutral as a span; the same words told as done,
thanked for or beside a failure are not, and a real price complaint stays pricing.

The held-out sentences were written before the rules; the reported ones are the PM's."""

import pytest

from analyzer import Analyzer
from analyzer.price_mentions import names_only_billing, names_only_invoices
from analyzer.time_saved import says_time_saved
from analyzer.wishes import wishes

REPORTED = [
    "Selecting multiple tasks and moving them to another project should be possible.",
    "Bulk edit would save me an hour every week.",
    "Merci de permettre la modification de plusieurs tâches à la fois.",
    "It would be great to edit several invoices at once.",
]
HELD_OUT = [
    # should be possible
    "Archiving a whole board in one click should be possible.",
    "It should be possible to duplicate a project with its tasks.",
    "Il devrait être possible de déplacer plusieurs cartes d'un coup.",
    "Debería ser posible asignar una tarea a varias personas.",
    "Es sollte möglich sein, mehrere Aufgaben gleichzeitig zu verschieben.",
    # would save me time
    "A keyboard shortcut for archiving would save me hours each month.",
    "Un filtre par client me ferait gagner une heure par semaine.",
    "Una vista de calendario me ahorraría mucho tiempo cada día.",
    "Eine Vorlage für Serienbriefe würde mir jede Woche eine Stunde sparen.",
    # leave to do a thing
    "Please allow editing several tasks at once.",
    "Merci de bien vouloir permettre l'export des commentaires.",
    "Por favor, permitan mover varias tareas a la vez.",
    "Bitte ermöglichen Sie das Bearbeiten mehrerer Aufgaben auf einmal.",
    # billing features, no price talk
    "I'd love to be able to filter invoices by customer.",
    "Ce serait pratique de pouvoir regrouper les factures par client.",
]
# The same words, told as done, thanked for or beside a failure: no wish.
NO_WISH = [
    "Moving tasks to another project should be possible but it fails every time.",
    "Il devrait être possible de déplacer les cartes, mais ça plante.",
    "Debería ser posible exportar, pero da error.",
    "Es sollte möglich sein, aber es stürzt ab.",
    "Bulk edit saved me an hour every week.",
    "Le nouveau filtre m'a fait gagner une heure.",
    "La vista de calendario me ahorró mucho tiempo.",
    "Die Vorlage hat mir eine Stunde gespart.",
    "Merci de m'avoir permis de modifier plusieurs tâches à la fois.",
    "Gracias por permitirnos mover varias tareas a la vez.",
    "Danke, dass Sie das Bearbeiten mehrerer Aufgaben ermöglicht haben.",
    "Thanks for allowing us to edit several tasks at once.",
]


def labels(analysis) -> list[str]:
    return [intent.label for intent in analysis.intents]


@pytest.mark.parametrize("text", REPORTED + HELD_OUT)
def test_a_stated_request_is_a_wish(text: str) -> None:
    assert wishes(text)


@pytest.mark.parametrize("text", NO_WISH)
def test_the_same_words_done_thanked_or_failing_are_no_wish(text: str) -> None:
    assert not wishes(text)


@pytest.mark.parametrize("text", REPORTED + HELD_OUT)
def test_a_stated_request_is_a_neutral_feature_request(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze(text)
    assert labels(analysis)[0] == "feature_request", analysis.intents
    assert not {"other", "praise", "pricing"} & set(labels(analysis))
    assert [insight.sentiment.label for insight in analysis.insights] == ["neutral"]


@pytest.mark.parametrize(
    "text",
    [
        "Moving tasks to another project should be possible but it fails every time.",
        "Es sollte möglich sein, aber es stürzt ab.",
    ],
)
def test_should_be_possible_but_it_fails_is_a_bug(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze(text)
    assert "bug_report" in labels(analysis), analysis.intents
    # cut at "but", the first span alone would read as a wish: the two together do not
    assert not any(insight.wishes for insight in analysis.insights)


@pytest.mark.parametrize(
    "text",
    ["Bulk edit saved me an hour every week.", "Le nouveau filtre m'a fait gagner une heure."],
)
def test_time_saved_is_no_feature_request(analyzer: Analyzer, text: str) -> None:
    """Time a thing already there saved is said of a feature that exists: no request (praise:
    test_time_saved_is_praise)."""
    analysis = analyzer.analyze(text)
    assert "feature_request" not in labels(analysis), analysis.intents
    assert not any(insight.wishes for insight in analysis.insights)


def test_thanks_for_leave_given_is_no_feature_request(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze("Merci de m'avoir permis de modifier plusieurs tâches à la fois.")
    assert "feature_request" not in labels(analysis), analysis.intents


@pytest.mark.parametrize(
    "text",
    [
        "It would be great to edit several invoices at once.",
        "Ce serait pratique de pouvoir regrouper les factures par client.",
        "Nos gustaría poder enviar las facturas por correo.",
        "Es wäre toll, Rechnungen als PDF zu exportieren.",
    ],
)
def test_invoices_named_as_a_feature_are_no_price_talk(text: str) -> None:
    assert names_only_billing(text)


@pytest.mark.parametrize(
    "text",
    [
        "Invoices are too expensive.",
        "It would be great if invoices were cheaper.",
        "Les factures coûtent trop cher.",
        "Las facturas son demasiado caras.",
        "Die Rechnungen sind viel zu teuer.",
        "I'd love to pay less on my monthly invoice.",
    ],
)
def test_a_price_beside_an_invoice_is_price_talk(text: str) -> None:
    assert not names_only_billing(text)


@pytest.mark.parametrize(
    "text", ["Invoices are too expensive.", "It would be great if invoices were cheaper."]
)
def test_a_price_complaint_about_invoices_stays_pricing(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze(text)
    assert "pricing" in labels(analysis), analysis.intents


# QA on the demo: 61 of its 111 `pricing` insights were about invoices with no price word. Asked
# for or asked about, invoices are a feature's object: the request or question stays, pricing
# goes (reported, then held out).
INVOICES_AS_A_FEATURE = [
    ("We need bulk actions on invoices: mark as paid, send reminders, archive.", "feature_request"),
    ("Can we set up recurring invoices for monthly retainers?", "question"),
    ("Is there a way to schedule an invoice to go out on the 1st of each month?", "question"),
    ("We'd like invoice-paid alerts posted to a Slack channel.", "feature_request"),
    ("Pourriez-vous ajouter une vue de la charge de travail par personne ?", "feature_request"),
    ("Can I attach a PDF of the timesheet to an invoice?", "question"),
    ("We need unpaid invoice reminders sent by email.", "feature_request"),
    ("Est-il possible de dupliquer une facture ?", "question"),
]


@pytest.mark.parametrize(("text", "label"), INVOICES_AS_A_FEATURE)
def test_invoices_asked_for_or_about_are_no_pricing(
    analyzer: Analyzer, text: str, label: str
) -> None:
    found = labels(analyzer.analyze(text))
    assert label in found
    assert "pricing" not in found


@pytest.mark.parametrize(
    "text",
    [
        "Why was I charged twice on my invoice?",
        "Can we get a discount on the invoice for the annual plan?",
        "Can I switch to the annual plan?",
        "Is there a way to pay my invoice by card?",
    ],
)
def test_a_price_or_plan_beside_an_invoice_is_no_invoice_feature(text: str) -> None:
    assert not names_only_invoices(text)


# QA: wishes said as what a thing would change for us, or a feature named bare, read `other`,
# complaint or negative. A feature request, neutral, no complaint (reported, then held out).
CALM_WISHES = [
    "Offline mode would be a game changer.",
    "Le mode hors ligne changerait tout pour nous.",
    "A Gantt timeline of all project tasks would help us a lot.",
    "Wir hätten gerne wiederkehrende Aufgabenvorlagen für monatliche Abschlüsse.",
    "I need offline mode, I work on building sites with no signal.",
    "A shared team calendar would be a real game-changer for us.",
    "Un export vers Google Sheets changerait la donne.",
    "Wir hätten gerne eine Kalenderansicht für alle Projekte.",
    "We need recurring task templates for the month-end close.",
]


@pytest.mark.parametrize("text", CALM_WISHES)
def test_a_calm_wish_is_a_neutral_feature_request(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze(text)
    found = labels(analysis)
    assert "feature_request" in found
    assert not {"complaint", "other", "bug_report"}.intersection(found)
    assert analysis.sentiment.label != "negative"


@pytest.mark.parametrize(
    "text",
    [
        "It would help us a lot if you answered our tickets.",
        "Ça changerait tout si l'export marchait.",
        "I need answers, not excuses.",
    ],
)
def test_what_would_help_on_a_condition_is_no_wish(text: str) -> None:
    assert not wishes(text)


def test_a_mood_then_a_wish_carries_the_request(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze(
        "Mostly happy. We'd like invoice-paid alerts posted to a Slack channel."
    )
    assert "feature_request" in labels(analysis)
    assert "pricing" not in labels(analysis)


# Time a feature saved, told as a fact (QA: "Bulk edit saved me an hour" read `other`, neutral).
TIME_SAVED = [
    "Bulk edit saved me an hour",
    "Bulk edit saved me an hour every week.",
    "The new filters save me hours every week!",
    "L'édition en masse m'a fait gagner une heure",
    "La edición masiva me ahorró una hora.",
    "Die Massenbearbeitung hat mir eine Stunde gespart.",
]


@pytest.mark.parametrize("text", TIME_SAVED)
def test_time_saved_is_praise(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze(text)
    assert labels(analysis) == ["praise"], analysis.intents
    assert analysis.sentiment.label == "positive", analysis.sentiment
    assert [insight.sentiment.label for insight in analysis.insights] == ["positive"]


@pytest.mark.parametrize(
    "text",
    [
        "Bulk edit would save me an hour every week.",
        "Bulk edit will save me an hour.",
        "L'édition en masse me ferait gagner une heure.",
        "It didn't save me any time.",
        "It used to save me hours.",
        "I saved the file an hour ago.",
        "Does bulk edit save time?",
        "We need something to save time.",
    ],
)
def test_time_that_would_be_or_was_not_saved_is_no_praise_said(text: str) -> None:
    assert not says_time_saved(text)
