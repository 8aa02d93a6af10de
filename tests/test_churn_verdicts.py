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


# Held out (dev4, written before the rule): more verdicts ("I'm done", "that's it for me", "j'en
# ai marre, j'arrête", "c'est fini pour moi", "je laisse tomber", "Ich bin raus", "Me voy"), a
# complaint about an unanswered ticket before one, and a verdict closing the complaint's own span.
QA_UNANSWERED = "Support never answered my ticket. Honestly, I'm out."
MORE_VERDICTS = [
    QA_UNANSWERED,
    "The sync broke again and nobody replied to my emails. We're done here.",
    "Your app lost my data twice. That's it for me.",
    "Still no reply after two weeks. That's it for us.",
    "Encore une panne. J'en ai marre, j'arrête.",
    "Le support ne répond jamais. C'est fini pour moi.",
    "La synchro plante à chaque fois. Je laisse tomber.",
    "Personne n'a répondu à mon ticket. Je laisse tomber.",
    "Die App stürzt ständig ab. Ich bin raus.",
    "La aplicación se cuelga cada día. Me voy.",
    "Billing charged us twice again, I'm out.",
    "J'en ai marre, j'arrête.",
    # held out (dev10, issue #2): moving to a named provider, however calm its words
    "We're moving to Zendesk.",
    "We are moving to Intercom.",
    "We're switching to HubSpot at renewal.",
    "On bascule vers Freshdesk le mois prochain.",
    "Nous migrons vers Intercom en janvier.",
    "Wir wechseln zu Zendesk.",
]


@pytest.mark.parametrize("text", MORE_VERDICTS)
def test_more_verdicts_are_a_churn_risk_without_praise(analyzer: Analyzer, text: str) -> None:
    """The verdict's span threatens, reads churn_risk and no praise, and reads negative (it read
    praise 0.75 to 0.99, other, or complaint only, and neutral or positive)."""
    *_, verdict = analyzer.analyze(text).insights
    labels = {intent.label for intent in verdict.intents}
    assert verdict.threatens and "churn_risk" in labels and "praise" not in labels, verdict
    assert verdict.sentiment.label == "negative", verdict


@pytest.mark.parametrize(
    "text", [QA_UNANSWERED, "Support never answers and the sync is broken again. I'm out."]
)
def test_the_message_reads_churn_risk_without_praise(analyzer: Analyzer, text: str) -> None:
    """What a support tool reads first: the message had complaint and praise 0.75, or bug_report,
    complaint and the verdict's "other" 0.64 above its churn_risk 0.6 (three labels at most)."""
    labels = {intent.label for intent in analyzer.analyze(text).intents}
    assert "churn_risk" in labels and "praise" not in labels, labels


@pytest.mark.parametrize("text", [QA_UNANSWERED, "Your app lost my data twice. That's it for me."])
def test_a_verdict_is_as_urgent_as_a_threat(analyzer: Analyzer, text: str) -> None:
    """ "We will cancel our subscription" reads high: so does a verdict after a complaint (it
    read low)."""
    *_, verdict = analyzer.analyze(text).insights
    assert verdict.urgency.level in {"high", "critical"}, verdict


MORE_CALM = [
    "Setup took five minutes, great onboarding. I'm done!",
    "Thanks for the quick answers. That's it for me, have a nice day!",
    "The bug is fixed now, thank you. C'est fini pour moi, bonne journée.",
    "The export fails. I'm done with the report for today.",
    "Tout fonctionne, merci. Je laisse tomber ma demande.",
    "I'm out of the office until Monday, Ana will answer in the meantime.",
]


@pytest.mark.parametrize("text", MORE_CALM)
def test_more_calm_closings_threaten_nothing(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze(text)
    assert not any(insight.threatens for insight in analysis.insights), analysis.insights
