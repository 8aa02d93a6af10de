"""QA of POST /v1/tag: a clause cut before "also" kept the "and" before it ("but the export is
broken and")."""

import pytest

from analyzer.analysis import Analysis
from analyzer.config import AnalyzerConfig
from analyzer.stages.segment import SegmentStage


@pytest.fixture(scope="module")
def stage() -> SegmentStage:
    return SegmentStage(AnalyzerConfig(), resources=None)


def texts(stage: SegmentStage, text: str, language: str = "en") -> list[str]:
    analysis = Analysis(original_text=text, text=text, language=language)
    stage([analysis])
    return [insight.text for insight in analysis.insights]


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
