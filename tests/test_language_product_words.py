"""Tickets full of product words, whose few words of their own language must decide (a support
lead's readings: "No funciona el login" read Portuguese, "Le dashboard ne load plus depuis le
dernier release, super frustrant" English, "Bug im Export" and "Export kaputt!!!" `und`).
Written for this test before the rules (analyzer/short_language_cues.py, the language stage's
function words against lingua), none copied from a data set; and, the other way, texts that keep
their reading: English with a lower-case "im", product words alone."""

import pytest

from analyzer.config import AnalyzerConfig
from analyzer.stages.language import UNDETERMINED, LanguageStage


@pytest.fixture(scope="module")
def stage() -> LanguageStage:
    return LanguageStage(AnalyzerConfig(), resources=None)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # French function words ("ne … plus", "depuis", "le") against English product words
        ("Le dashboard ne load plus depuis le dernier release, super frustrant", "fr"),
        ("Le reporting ne refresh plus depuis le dernier deploy, super annoying", "fr"),
        ("Les webhooks ne fire plus depuis la release de lundi", "fr"),
        # Spanish "el" (Portuguese writes "o")
        ("No funciona el login", "es"),
        ("No carga el dashboard", "es"),
        ("Falla el export", "es"),
        ("No abre el calendario", "es"),
        # German "kaputt", "beim", "im" before a noun
        ("Bug im Export", "de"),
        ("Export kaputt!!!", "de"),
        ("Sync kaputt?", "de"),
        ("Timeout beim Upload", "de"),
    ],
)
def test_a_few_words_of_its_language_decide_among_product_words(stage, text, language):
    assert stage.detect(text) == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("im stuck on the login page", "en"),  # "I'm" without its apostrophe
        ("Não funciona o login", "pt"),
        ("El Niño delayed my flight", "en"),
        ("The dashboard no longer loads since the last release", "en"),
        ("Bug Export", UNDETERMINED),  # product words alone say no language
        ("Bug in export", UNDETERMINED),
        ("Dashboard Login", UNDETERMINED),
    ],
)
def test_product_words_alone_or_other_languages_keep_their_reading(stage, text, language):
    assert stage.detect(text) == language
