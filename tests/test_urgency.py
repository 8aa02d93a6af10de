"""Urgency rules on their own: cues and model signals combine, praise calms."""

import pytest

from analyzer.analysis import Insight, Intent, Sentiment
from analyzer.stages.urgency import urgency_level, urgency_score
from analyzer.urgency_cues import matched_cues


def insight(text: str, intents=(), sentiment: float | None = None) -> Insight:
    found = Insight(text=text, start=0, end=len(text), intents=[Intent(*i) for i in intents])
    if sentiment is not None:
        found.sentiment = Sentiment("neutral", sentiment)
    return found


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Our account was hacked last night", "security"),
        ("J'ai perdu toutes mes données", "data_loss"),
        ("Our data was deleted after the sync, all projects are gone!", "data_loss"),
        ("All our invoices have disappeared since this morning", "data_loss"),
        ("Mes projets ont disparu après la synchro", "data_loss"),
        ("The site is down for everyone", "outage"),
        ("Impossible de me connecter depuis ce matin", "outage"),
        ("I was charged twice this month", "money"),
        ("nous perdons des ventes chaque jour", "money"),
        ("Please fix this ASAP", "deadline"),
        ("my team needs it today", "deadline"),
        ("on en a besoin aujourd'hui", "deadline"),
        ("Nous allons résilier notre contrat", "churn"),
        ("THE SITE IS DOWN, FIX IT ASAP", "outage"),  # shouting matches as well
        ("Nous allons RÉSILIER notre contrat", "churn"),
    ],
)
def test_cues_are_found_in_english_and_french(text, group):
    assert group in matched_cues(text)


def test_plain_requests_stay_low_or_normal():
    item = insight("It would be nice to export to PDF.", [("feature_request", 0.9)], 0.0)
    assert urgency_level(urgency_score(item.text, item)) in {"low", "normal"}


def test_each_signal_adds_urgency():
    text = "The app is down and I cannot log in."
    bare = urgency_score(text, insight(text))
    with_bug = urgency_score(text, insight(text, [("bug_report", 0.9)]))
    angry = urgency_score(text, insight(text, [("bug_report", 0.9)], -0.9))
    assert bare < with_bug < angry
    assert urgency_level(angry) == "high"
    threat = "The app is down, we lose money every hour: fix it ASAP or we cancel our subscription."
    assert urgency_level(urgency_score(threat, insight(threat, [("churn_risk", 0.9)], -0.9))) == (
        "critical"
    )


def test_a_plain_bug_is_not_an_emergency():
    text = "The export crashes every time I open it."
    item = insight(text, [("bug_report", 0.9), ("complaint", 0.9)], -0.7)
    assert urgency_level(urgency_score(text, item)) == "normal"


def test_praise_calms_urgency():
    text = "Urgent thanks to the team, the fix works!"
    assert urgency_score(text, insight(text, sentiment=0.9)) < urgency_score(text, insight(text))


def test_levels_are_ordered():
    levels = [urgency_level(s) for s in (0.0, 0.3, 0.6, 0.9)]
    assert levels == ["low", "normal", "high", "critical"]
    assert 0.0 <= urgency_score("x", insight("x")) <= 1.0
