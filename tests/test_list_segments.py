"""QA of POST /v1/tag on lists: a line announcing the list ("Two issues:") was an insight read as
praise, an item kept its mark ("- search returns nothing" read `other`), and a clause cut before
"also" kept the "and" before it ("but the export is broken and")."""

import pytest

from analyzer.analysis import Analysis
from analyzer.config import AnalyzerConfig
from analyzer.headings import announces_a_list, heading_end
from analyzer.stages.segment import SegmentStage


@pytest.fixture(scope="module")
def stage() -> SegmentStage:
    return SegmentStage(AnalyzerConfig(), resources=None)


def texts(stage: SegmentStage, text: str, language: str = "en") -> list[str]:
    analysis = Analysis(original_text=text, text=text, language=language)
    stage([analysis])
    return [insight.text for insight in analysis.insights]


@pytest.mark.parametrize(
    ("text", "language", "items"),
    [
        (
            "Two issues:\n1. Export fails.\n2. Login is slow.",
            "en",
            ["Export fails.", "Login is slow."],
        ),
        (
            "Deux problèmes :\n1. L'export échoue.\n2. La connexion est lente.",
            "fr",
            ["L'export échoue.", "La connexion est lente."],
        ),
        (
            "Zwei Probleme:\n- Der Export ist kaputt.\n- Die Suche ist langsam.",
            "de",
            ["Der Export ist kaputt.", "Die Suche ist langsam."],
        ),
        (
            "Hi team,\nA few requests:\n- dark mode\n- PDF export",
            "en",
            ["dark mode", "PDF export"],
        ),
        (
            "Quelques remarques :\n• la recherche ne renvoie rien\n• l'export plante",
            "fr",
            ["la recherche ne renvoie rien", "l'export plante"],
        ),
        (
            "1) the sync is broken\n2) reports load slowly",
            "en",
            ["the sync is broken", "reports load slowly"],
        ),
    ],
)
def test_a_list_is_read_item_by_item_without_its_heading_or_marks(stage, text, language, items):
    assert texts(stage, text, language) == items


@pytest.mark.parametrize(
    "line",
    ["Two issues:", "A few requests:", "Deux problèmes :", "Quelques remarques :", "Zwei Probleme:",
     "Dos problemas:", "Alcuni problemi:", "Alguns pontos:", "Bugs found so far:"],
)  # fmt: skip
def test_a_line_that_only_announces_a_list_says_nothing(line):
    assert announces_a_list(line)


@pytest.mark.parametrize(
    "line",
    ["Great app, two issues:", "Export fails:", "Two issues", "Feature request: dark mode"],
)
def test_a_line_that_says_more_than_the_list_to_come_is_no_announcement(line):
    assert not announces_a_list(line)


def test_a_heading_over_a_list_that_says_more_stays_an_insight(stage):
    assert texts(stage, "Love the new dashboard:\n- search returns nothing\n- filters reset") == [
        "Love the new dashboard:",
        "search returns nothing",
        "filters reset",
    ]


def test_a_lists_first_item_is_no_heading():
    assert heading_end("- search returns nothing\n- Filters reset on reload.") is None
    assert heading_end("Crash\nThe app crashes on startup.") is not None


def test_a_dash_that_is_no_list_mark_stays(stage):
    assert texts(stage, "-5% on the invoice since the update, the totals are wrong.") == [
        "-5% on the invoice since the update, the totals are wrong."
    ]


@pytest.mark.parametrize(
    ("text", "language", "clauses"),
    [
        (
            "I like the design but the export is broken and also the search is slow.",
            "en",
            ["I like the design", "but the export is broken", "also the search is slow."],
        ),
        (
            "L'interface est jolie mais l'export plante et aussi la recherche est lente.",
            "fr",
            ["L'interface est jolie", "mais l'export plante", "aussi la recherche est lente."],
        ),
        (
            "Die App ist wirklich schnell, aber der Export ist kaputt und aber die Suche ist langsam.",
            "de",
            [
                "Die App ist wirklich schnell",
                "aber der Export ist kaputt",
                "aber die Suche ist langsam.",
            ],
        ),
    ],
)
def test_a_clause_ends_without_the_conjunction_before_the_next(stage, text, language, clauses):
    assert texts(stage, text, language) == clauses


def test_list_headings_and_items_read_no_praise(analyzer):
    """ "Two issues:" read praise 0.76; "Deux problèmes :" praise 0.96, the message's first intent."""
    for text in (
        "Two issues:\n1. Export fails.\n2. Login is slow.",
        "Deux problèmes :\n1. L'export échoue.\n2. La connexion est lente.",
    ):
        result = analyzer.analyze(text)
        assert "praise" not in {intent.label for intent in result.intents}
        assert "bug_report" in {intent.label for intent in result.intents}


def test_an_item_without_its_mark_is_read_as_a_bug_report(analyzer):
    """ "- search returns nothing" read `other` 0.53 alone; without the dash the head hears the bug."""
    result = analyzer.analyze("- search returns nothing")
    assert [insight.text for insight in result.insights] == ["search returns nothing"]
    assert "bug_report" in {intent.label for intent in result.intents}
