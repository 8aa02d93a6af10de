"""QA of POST /v1/tag on German, Spanish and French e-mails: their closing courtesy ("Bei Fragen stehe ich
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
        (
            "L'esportazione non funziona.\nResto a disposizione per chiarimenti.",
            "L'esportazione non funziona.",
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


FRENCH_COMPLAINT = (
    "Bonjour,\n\nCela fait la troisième fois ce mois-ci que la synchronisation du calendrier "
    "échoue. Nous perdons des rendez-vous clients.\n\nMerci de votre compréhension et bonne "
    "journée.\n\nCordialement,\nJean Dupont"
)


def test_a_french_complaint_closing_with_thanks_for_understanding_is_no_praise(analyzer):
    """French customer-success QA: the closing thanks were an insight read as praise (0.99), and
    the whole complaint came out praise."""
    result = analyzer.analyze(FRENCH_COMPLAINT)
    assert [insight.text for insight in result.insights] == [
        "Cela fait la troisième fois ce mois-ci que la synchronisation du calendrier échoue.",
        "Nous perdons des rendez-vous clients.",
    ]
    assert "praise" not in {intent.label for intent in result.intents}


FEEDBACK = {
    "fr": "La synchronisation du calendrier échoue depuis lundi.",
    "en": "The calendar sync has been failing since Monday.",
}
CLOSINGS = [
    ("fr", "Merci de votre compréhension et bonne journée."),
    ("fr", "Je reste à votre entière disposition pour toute information complémentaire."),
    ("fr", "Je reste à votre disposition."),
    ("fr", "N'hésitez pas à revenir vers moi si besoin."),
    ("fr", "En vous remerciant par avance."),
    ("fr", "Je vous remercie par avance pour votre aide."),
    ("fr", "Belle journée à vous."),
    ("fr", "Bonne fin de journée."),
    ("fr", "Merci pour votre patience."),
    ("fr", "Je mets ma collègue en copie : [EMAIL]."),
    ("en", "Thank you for your understanding."),
    ("en", "Thanks in advance for your help."),
    ("en", "Have a nice day."),
    ("en", "Thanks for your patience."),
    ("en", "I remain at your disposal for any further information."),
    ("en", "I'm cc'ing my colleague."),
]


@pytest.mark.parametrize(("language", "closing"), CLOSINGS)
def test_french_and_english_closing_courtesy_is_no_insight(analyzer, language, closing):
    """Each was an insight, read as praise ("I remain at your disposal": churn risk)."""
    feedback = FEEDBACK[language]
    result = analyzer.analyze(f"{feedback} {closing}")
    assert [insight.text for insight in result.insights] == [feedback]
    labels = {intent.label for intent in result.intents}
    assert not labels & {"praise", "churn_risk"} and "bug_report" in labels


@pytest.mark.parametrize(
    "text",
    [
        "Merci pour votre patience.",  # the whole message: thanks, as segmentation keeps them
        "Thanks for your patience!",
    ],
)
def test_thanks_for_patience_alone_stay_praise(analyzer, text):
    result = analyzer.analyze(text)
    assert [insight.text for insight in result.insights] == [text]
    assert "praise" in {intent.label for intent in result.intents}


@pytest.mark.parametrize(
    "text",
    [
        "Merci par avance de corriger ce bug.",  # a request
        "Thanks in advance for fixing the export.",
        "Merci pour votre patience, le bug est corrigé.",
        "Je reste disponible malgré le bug qui plante.",
        "I remain a loyal customer.",
        "Have a nice day ruined by this app.",
    ],
)
def test_thanks_and_wishes_that_say_more_stay_insights(analyzer, text):
    result = analyzer.analyze(f"{FEEDBACK['en']} {text}")
    assert [insight.text for insight in result.insights] == [FEEDBACK["en"], text]
