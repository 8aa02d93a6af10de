"""Sentiment and intent on hand-written messages, through the whole analyzer: a span that says
something works ("The export is fine.") is not negative, a plain question ("Est-ce que vous gérez
le SSO SAML ?") is a neutral question and no praise, and a price said to be too high ("bien trop
cher pour une équipe de 24") is a negative pricing message.

HELD OUT (dev1, 2026-12-06): written before any rule changed, never tuned on; the sentences never
changed after (the checks were folded into one table the same day, same assertions). 17 of 18
passed before the change, 18 of 18 after. The three sentences a user reported are checked in
tests/test_works.py, tests/test_requirements.py and tests/test_grievance.py, not here."""

import pytest

from analyzer import Analyzer
from tests.expectations import held_out

WORKS = [
    "The sync works fine.",
    "The new editor works well.",
    "Search is okay now.",
    "Le tableau de bord fonctionne bien.",
    "L'import marche correctement.",
    "Tout fonctionne comme prévu.",
]

QUESTIONS = [
    "Do you support single sign-on with Okta?",
    "Is there an API to export invoices?",
    "Can we add more than ten users on the Team plan?",
    "Proposez-vous une intégration avec Slack ?",
    "Est-il possible d'exporter les données en CSV ?",
    "Comment puis-je changer mon mot de passe ?",
]

PRICE_COMPLAINTS = [
    "The Business plan is far too expensive for a small agency.",
    "Paying per seat makes it way too pricey for us.",
    "Your pricing is too high for a nonprofit.",
    "Le forfait est beaucoup trop cher pour une petite structure.",
    "Le prix par utilisateur est vraiment excessif.",
    "C'est trop cher pour ce que ça fait.",
]

# Held-out sentences the rules still read wrong after dev1's change: written down in
# models/README.md, left out of the checks (each check asserts what the analyzer does).
KNOWN_MISSES: set[str] = set()


def intents(analysis) -> set[str]:
    return {intent.label for intent in analysis.intents}


def works(analysis) -> bool:
    """Not negative, and no bug report nor complaint."""
    problems = {"bug_report", "complaint"}
    return analysis.sentiment.label != "negative" and not intents(analysis) & problems


def asks(analysis) -> bool:
    """Neutral, a question, no praise."""
    labels = intents(analysis)
    return analysis.sentiment.label == "neutral" and "question" in labels and "praise" not in labels


def complains_of_the_price(analysis) -> bool:
    """Negative, about pricing, no praise."""
    labels = intents(analysis)
    return analysis.sentiment.label == "negative" and "pricing" in labels and "praise" not in labels


EXPECTED = [
    *((text, works) for text in WORKS),
    *((text, asks) for text in QUESTIONS),
    *((text, complains_of_the_price) for text in PRICE_COMPLAINTS),
]


@pytest.mark.parametrize(("text", "reads_right"), held_out(EXPECTED, KNOWN_MISSES))
def test_held_out_sentences_read_as_a_support_lead_would(
    analyzer: Analyzer, text: str, reads_right
) -> None:
    """A span that says something works is not negative nor a problem; a plain question is a
    neutral question; a price said too high is a negative pricing message; none praises."""
    analysis = analyzer.analyze(text)
    assert reads_right(analysis), (analysis.sentiment, analysis.intents)
