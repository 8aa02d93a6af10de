"""A short closing verdict after a complaint says the writer is leaving: QA's "The new pricing is a
joke. 40% more for the same features? We're out." read "We're out." as other, low, and the message
had no churn_risk. "We're out of stock", "I'm out of the office" and a task finished stay calm.
HELD_OUT was written before the rule."""

import pytest

from analyzer import Analyzer
from analyzer.churn import closes_with_a_verdict

QA = "The new pricing is a joke. 40% more for the same features? We're out."

HELD_OUT_THREATS = [
    QA,
    "Support never answers and the sync is broken again. I'm out.",
    "Third outage this month. We're done.",
    "Encore une panne ce matin, c'est inadmissible. On arrête là.",
    "Le prix a doublé sans prévenir. On s'en va.",
    "The app keeps crashing on every export. We are out!",
]


@pytest.mark.parametrize("text", HELD_OUT_THREATS)
def test_a_verdict_after_a_complaint_is_a_churn_risk(analyzer: Analyzer, text: str) -> None:
    """The verdict, the last span, threatens and reads churn_risk (it read other or praise)."""
    *_, verdict = analyzer.analyze(text).insights
    assert verdict.threatens and "churn_risk" in {i.label for i in verdict.intents}, verdict


def test_the_qa_message_reads_churn_risk(analyzer: Analyzer) -> None:
    """It read pricing, complaint and churn_risk 0.33 under its threshold; "We're out." other."""
    scores = {intent.label: intent.score for intent in analyzer.analyze(QA).intents}
    assert scores.get("churn_risk", 0.0) >= 0.6, scores


# held out too: more after the verdict, or no complaint before it
HELD_OUT_CALM = [
    "We're out of stock on the blue model, when will it be back?",
    "The export fails again. I'm out of the office until Monday.",
    "Setup took five minutes, great onboarding. We're done!",
    "The export fails. I'm out of ideas.",
    "Merci pour la démo, c'était clair. On arrête là pour aujourd'hui.",
]


@pytest.mark.parametrize("text", HELD_OUT_CALM)
def test_out_of_stock_out_of_office_and_a_finished_task_threaten_nothing(
    analyzer: Analyzer, text: str
) -> None:
    analysis = analyzer.analyze(text)
    assert not any(insight.threatens for insight in analysis.insights), analysis.insights


@pytest.mark.parametrize(
    "span",
    ["We're out.", "I'm out!", "we're done", "On arrête là.", "On s'en va !", "So, we're out."],
)
def test_the_verdict_is_the_whole_span(span: str) -> None:
    assert closes_with_a_verdict(span)


@pytest.mark.parametrize(
    "span", ["We're out of stock.", "I'm out of the office.", "We're done with setup, thanks!",
             "On arrête là pour aujourd'hui.", "On s'en va en vacances."]
)  # fmt: skip
def test_a_verdict_with_more_after_it_is_none(span: str) -> None:
    assert not closes_with_a_verdict(span)
