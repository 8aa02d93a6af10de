"""QA of POST /v1/tag: a bug ticket closing with thanks for help ("Thanks a lot for your help.")
had a praise insight, praise among (or first in) its intents, and a German one read positive."""

import pytest

from analyzer.closing_thanks import thanks_for_help

TICKETS = [
    (
        "The sync with Google Calendar has not worked since yesterday.",
        "Thanks a lot for your help.",
    ),
    ("La sincronizzazione con Google Calendar non funziona da ieri.", "Grazie per l'aiuto."),
    (
        "La sincronización con Google Calendar no funciona desde ayer.",
        "Muchas gracias por su ayuda.",
    ),
    ("Die Synchronisierung funktioniert seit gestern nicht.", "Vielen Dank für Ihre Hilfe."),
    ("L'import CSV échoue à chaque fois depuis lundi.", "Merci beaucoup pour votre aide."),
    ("O relatório não abre desde a atualização.", "Obrigada pela ajuda!"),
    ("Export keeps failing with error 500.", "Many thanks for your support."),
    ("Die App stürzt beim Öffnen von Rechnungen ab.", "Danke für Ihre Unterstützung."),
    ("La aplicación se cierra al abrir un informe.", "Gracias por tu ayuda."),
]


@pytest.mark.parametrize(("problem", "thanks"), TICKETS)
def test_thanks_for_help_closing_a_problem_are_courtesy(analyzer, problem, thanks):
    result = analyzer.analyze(f"{problem} {thanks}")
    assert [insight.text for insight in result.insights] == [problem]
    labels = [intent.label for intent in result.intents]
    assert "praise" not in labels and "bug_report" in labels
    assert result.sentiment.label == "negative"


@pytest.mark.parametrize(
    ("text", "thanks"),
    [
        ("Thanks, that fixed it!", "Thanks, that fixed it!"),
        ("Thanks for your help!", "Thanks for your help!"),  # the whole message
        (
            "Merci pour votre aide, tout fonctionne maintenant.",
            "Merci pour votre aide, tout fonctionne maintenant.",
        ),
        (
            "Support answered in minutes and fixed my export. Thanks for your help!",
            "Thanks for your help!",
        ),
        ("Le bug est corrigé. Merci beaucoup pour votre aide.", "Merci beaucoup pour votre aide."),
    ],
)
def test_thanks_for_a_deed_stay_praise(analyzer, text, thanks):
    result = analyzer.analyze(text)
    assert result.insights[-1].text == thanks
    assert "praise" in {intent.label for intent in result.intents}


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for your help, but the export still fails.",
        "Thanks for the help with the import",
        "Merci pour votre aide sur l'export",
        "Danke für die Hilfe beim Export",
    ],
)
def test_thanks_that_say_more_are_not_only_thanks_for_help(text):
    assert not thanks_for_help(text)


@pytest.mark.parametrize(
    "text",
    [
        "@united Bag was finally delivered and intact. Thanks for your assistance.",
        "I made it! Thanks for the help!",
        "Never mind, I moved my flight to tomorrow. Thanks for the help!",
    ],
)
def test_thanks_for_help_after_no_problem_stay(analyzer, text):
    """Airline tweets thank for help given: a first version of the rule dropped these."""
    assert thanks_for_help(analyzer.analyze(text).insights[-1].text)
