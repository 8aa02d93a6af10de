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
        # a closing offer of help does not outvote the rest
        ("The export is broken. N'hésitez pas à me contacter si besoin.", "en"),
        ("L'export plante depuis lundi. Feel free to reach out if you have any questions.", "fr"),
        ("The export is broken. Bei Fragen stehe ich Ihnen gerne zur Verfügung.", "en"),
        ("Le rapport ne s'affiche plus. Quedo a su disposición.", "fr"),
        ("Der Bericht ist leer. N'hésitez pas à me contacter si besoin.", "de"),
        ("El informe está vacío. Je reste à votre disposition pour toute information.", "es"),
        # an app that hangs, as each language says it
        ("O app trava.", "pt"),
        ("La app se cuelga.", "es"),
        ("A app travou.", "pt"),
        ("El app se bloquea.", "es"),
        ("L'appli plante.", "fr"),
    ],
)
def test_detects_supported_languages_or_says_und(stage, text, expected):
    assert stage.detect(text) == expected


def test_keeps_a_language_given_by_the_caller(stage):
    analysis = Analysis(original_text="ok", text="ok", language="fr", language_given=True)
    stage([analysis])
    assert analysis.language == "fr"


def test_elided_french_words_count_as_function_words(stage):
    # "j'ai" and "qu'un" hold French-only elisions: before they were read as one word each.
    assert stage.by_function_words("j'ai qu'un compte") == "fr"
    assert stage.by_function_words("j’ai qu’un compte") == "fr"


def test_a_workspace_with_one_language_needs_no_detection():
    stage = LanguageStage(AnalyzerConfig(languages=("fr",)), resources=None)
    assert stage.detect("Super") == "fr"
    assert stage.detect("12345 !!!") == "und"


def test_a_workspace_declares_its_languages():
    six = LanguageStage(AnalyzerConfig(), resources=None)
    two = LanguageStage(
        AnalyzerConfig(languages=("en", "fr"), language_min_confidence=0.7), resources=None
    )
    # too short to tell among six languages, clear enough between two
    for text, language in [("Tres bien", "fr"), ("Best garmin watch app", "en")]:
        assert six.detect(text) == "und"
        assert two.detect(text) == language
    assert two.detect("Der Export stürzt jedes Mal ab") != "de"


@pytest.mark.parametrize("codes", [(), ("xx",), ("english",)])
def test_unknown_language_codes_are_refused(codes):
    with pytest.raises(ValueError, match="language"):
        AnalyzerConfig(languages=codes)


def test_languages_come_from_the_environment(monkeypatch):
    from api.settings import Settings

    monkeypatch.setenv("BOUCLE_LANGUAGES", '["EN", "fr"]')
    assert Settings().analyzer_config().languages == ("en", "fr")


# Very short NPS comments: lingua guesses on a few letters ("Nickel" read German, "Le dashboard ne
# load pas" English); a cue word of one language only decides.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ça marche pas", "fr"),
        ("J'adore !", "fr"),
        ("Pas terrible", "fr"),
        ("Nickel", "fr"),
        ("Le dashboard ne load pas", "fr"),
        ("Merci !", "fr"),
        ("Love it", "en"),
        ("Danke!", "de"),
        ("Muy bueno", "es"),
        ("Grazie mille", "it"),
        ("Muito bom", "pt"),
    ],
)
def test_short_texts_are_read_by_their_cue_words(stage, text, expected):
    assert stage.detect(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Super", "und"),  # the same word in five languages
        ("Top", "und"),
        ("Merci for the quick fix", "en"),  # cues of two languages: lingua decides
        ("Tres bien", "und"),  # "tres" is Spanish too
    ],
)
def test_short_texts_without_one_languages_cues_are_left_to_lingua(stage, text, expected):
    assert stage.detect(text) == expected


def test_short_text_cues_stay_among_the_declared_languages():
    two = LanguageStage(AnalyzerConfig(languages=("en", "fr")), resources=None)
    assert two.detect("Danke!") != "de"


@pytest.mark.parametrize(
    "text",
    [
        "Still no dark mode in 2026? Come on.",  # lingua: English at 0.42 only
        "meh\nIt's ok I guess.",  # "it's" was cut at its apostrophe: no cue matched
        "It's ok I guess.",
        "I can't log in",
        "Plante\nCrash on startup.",  # a review's French title over English words
    ],
)
def test_short_plain_english_reviews_are_english(stage, text):
    assert stage.detect(text) == "en"


def test_a_heading_is_not_read_for_the_language(stage):
    assert stage.detect("Super appli\nJ'adore cette application, très pratique.") == "fr"
    # a body too short to tell: the whole text decides
    assert stage.detect("Application très décevante\nOK") == "fr"


# Portuguese and Spanish share "demasiado", "caro", "lento": "É demasiado caro." read Spanish.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("É demasiado caro.", "pt"),  # "é" is Portuguese "is"
        ("É lento demais.", "pt"),
        ("Também não funciona.", "pt"),
        ("Você pode ajudar?", "pt"),
        ("Es demasiado caro.", "es"),
        ("También falla mucho.", "es"),
        ("Estoy muy contento", "es"),
        ("È troppo caro.", "it"),  # the Italian "è" is no Portuguese cue
    ],
)
def test_short_portuguese_and_spanish_are_told_apart(stage, text, expected):
    assert stage.detect(text) == expected


# Everyday Spanish tickets lingua splits between Spanish and Portuguese (or Italian): a stop word
# only one of the languages it hesitates over writes decides ("sin": Portuguese writes "sem").
@pytest.mark.parametrize(
    "text",
    [
        "Sigo sin poder exportar.",
        "Nos han cobrado un cargo que nunca autorizamos.",
    ],
)
def test_short_spanish_tickets_are_spanish(stage, text):
    assert stage.detect(text) == "es"


def test_a_cue_word_of_one_language_decides_nothing_beside_anothers_function_word(stage):
    # English "still" is German "quiet": German "die" leaves the text to lingua (German 0.99)
    assert stage.detect("Die Produktion steht still.") == "de"
