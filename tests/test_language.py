import pytest

from analyzer.analysis import Analysis
from analyzer.config import AnalyzerConfig
from analyzer.stages.language import LanguageStage


@pytest.fixture(scope="module")
def stage() -> LanguageStage:
    return LanguageStage(AnalyzerConfig(), resources=None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The export crashes every time I open the report", "en"),
        ("L'export plante à chaque fois que j'ouvre le rapport", "fr"),
        ("Der Export stürzt jedes Mal ab, wenn ich den Bericht öffne", "de"),
        ("La exportación falla cada vez que abro el informe", "es"),
        ("L'esportazione si blocca ogni volta che apro il rapporto", "it"),
        ("A exportação falha sempre que abro o relatório", "pt"),
        ("ok", "und"),
        ("12345 !!!", "und"),
        ("Super", "und"),
        # lingua alone is unsure of these (under 0.5): their own function words decide
        ("How do I reset my password?", "en"),
        ("Où est mon export ?", "fr"),
    ],
)
def test_detects_supported_languages_or_says_und(stage, text, expected):
    assert stage.detect(text) == expected


def test_keeps_a_language_given_by_the_caller(stage):
    analysis = Analysis(original_text="ok", text="ok", language="fr", language_given=True)
    stage([analysis])
    assert analysis.language == "fr"
