"""QA of POST /v1/tag on German and Spanish e-mails: their closing courtesy ("Bei Fragen stehe ich
Ihnen gerne zur Verfügung", "Quedo a su disposición") is no insight and no praise, through the
whole analyzer (the heads heard "gerne" as warmth)."""

import pytest


@pytest.mark.parametrize(
    ("text", "feedback"),
    [
        (
            "Der CSV-Export stürzt seit dem Update ab. Bei Fragen stehe ich Ihnen gerne zur "
            "Verfügung.",
            "Der CSV-Export stürzt seit dem Update ab.",
        ),
        (
            "Der Export ist kaputt. Rufen Sie mich gerne unter +49 30 1234567 an.",
            "Der Export ist kaputt.",
        ),
        (
            "El export falla desde ayer. Quedo a su disposición para cualquier consulta.",
            "El export falla desde ayer.",
        ),
    ],
)
def test_a_bug_report_with_closing_courtesy_is_no_praise(analyzer, text, feedback):
    result = analyzer.analyze(text)
    assert [insight.text for insight in result.insights] == [feedback]
    assert "praise" not in {intent.label for intent in result.intents}
    assert "bug_report" in {intent.label for intent in result.intents}


@pytest.mark.parametrize(
    ("text", "feedback"),
    [
        (
            "The export crashes on large files.\n\nLooking forward to hearing from you.",
            "The export crashes on large files.",
        ),
        (
            "Der Export bricht bei großen Dateien ab.\n\nIch freue mich auf Ihre Rückmeldung.",
            "Der Export bricht bei großen Dateien ab.",
        ),
        (
            "La exportación falla con archivos grandes.\n\nQuedo atento a sus comentarios.",
            "La exportación falla con archivos grandes.",
        ),
        (
            "L'export plante avec les gros fichiers.\n\nDans l'attente de votre retour,",
            "L'export plante avec les gros fichiers.",
        ),
    ],
)
def test_waiting_for_a_reply_is_no_insight_nor_praise(analyzer, text, feedback):
    """The closing that waits for the reply was an insight read as praise ("freue mich"), a
    complaint or a feature request (the message's scores still read its whole text)."""
    result = analyzer.analyze(text)
    assert [insight.text for insight in result.insights] == [feedback]
    labels = {intent.label for intent in result.intents}
    assert "praise" not in labels and "bug_report" in labels
    assert result.sentiment.label == analyzer.analyze(feedback).sentiment.label


@pytest.mark.parametrize(
    "text",
    [
        "Looking forward to the dark mode!",
        "Looking forward to hearing from you, the export is still broken.",
        "Ich freue mich auf das neue Feature.",
    ],
)
def test_a_wait_that_says_more_stays_an_insight(analyzer, text):
    assert [insight.text for insight in analyzer.analyze(text).insights] == [text]
