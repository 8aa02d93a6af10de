"""A span that says something works ("The export is fine.") denies every problem: the sentiment
head, which learnt "fine" from reviews that go on to complain, read it negative."""

import pytest

from analyzer import Analyzer
from analyzer.negation import says_no_problem


@pytest.mark.parametrize(
    "text",
    [
        "The export is fine.",
        "Everything looks okay on our side.",
        "The calendar sync runs smoothly.",
        "It seems to work as expected.",
        "L'export est OK.",
        "Le planning fonctionne parfaitement.",
        "C'est bon, tout va bien.",
    ],
)
def test_a_statement_that_something_works_says_no_problem(text: str) -> None:
    assert says_no_problem(text)


@pytest.mark.parametrize(
    "text",
    [
        "It doesn't work well on Android.",
        "Ça ne marche pas bien.",
        "Ne fonctionne bien que sur Chrome.",
        "It was fine until the update.",
        "Worked fine last year.",
        "The export button is well hidden.",
        "Is the export fine?",
        "The export is fine but the import crashes.",
        "The app is ok, just slow to start.",
        "It would be fine if it synced.",
    ],
)
def test_denied_past_asked_or_contrasted_statements_are_not(text: str) -> None:
    assert not says_no_problem(text)


def test_the_export_is_fine_is_not_negative(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze("The export is fine.")
    assert analysis.insights[0].says_no_problem
    assert analysis.sentiment.label != "negative", analysis.sentiment
    assert not {i.label for i in analysis.intents} & {"bug_report", "complaint"}
