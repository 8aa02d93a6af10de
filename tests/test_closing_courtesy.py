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
