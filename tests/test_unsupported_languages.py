"""Texts in a language the analyzer does not support are `und`, not the supported language
nearest them (Dutch read English or German, Polish read anything). Sentences written for this
test, as customers write feedback; the supported-language ones next to them must not move."""

import pytest

from analyzer.config import AnalyzerConfig
from analyzer.stages.language import UNDETERMINED, LanguageStage, spacy_stop_words
from analyzer.unsupported_language_cues import UNSUPPORTED_WORDS, unsupported_words

DUTCH = [
    "De rapportenpagina is erg traag.",
    "Het dashboard laadt niet meer sinds de update.",
    "Ik kan niet inloggen met mijn wachtwoord.",
    "De app crasht elke keer als ik een foto upload.",
    "Waarom is de export naar Excel zo langzaam?",
    "Graag een donkere modus, dat zou heel fijn zijn.",
    "Wij betalen te veel voor deze functies.",
    "Sinds gisteren werkt de synchronisatie niet meer.",
    "Het is een goede app maar de meldingen komen te laat.",
    "Kunnen jullie de factuur ook in PDF sturen?",
    "Ik ben heel tevreden over de klantenservice.",
    "Na de laatste update is alles kapot.",
]
POLISH = [
    "Aplikacja się zawiesza przy każdym uruchomieniu.",
    "Nie mogę się zalogować od wczoraj.",
    "Eksport do CSV nie działa.",
    "Bardzo dobra aplikacja, polecam.",
    "Dlaczego raport jest pusty?",
    "Proszę dodać tryb ciemny.",
    "Za drogo jak na to, co oferuje.",
    "Synchronizacja z zegarkiem ciągle się rozłącza.",
    "Po aktualizacji wszystko jest wolniejsze.",
    "Obsługa klienta odpowiedziała bardzo szybko, dziękuję.",
    "Rezygnuję z subskrypcji, to nie jest warte tej ceny.",
]
SWEDISH = [
    "Appen kraschar hela tiden när jag öppnar rapporten.",
    "Jag kan inte logga in sedan uppdateringen.",
    "Det är för dyrt för det vi får.",
    "Snälla lägg till mörkt läge.",
    "Mycket bra app, men synkroniseringen är långsam.",
]
DANISH = [
    "Appen går ned hver gang jeg åbner rapporten.",
    "Jeg kan ikke logge ind efter opdateringen.",
    "Det er alt for dyrt, vi opsiger abonnementet.",
    "Rigtig god app, men den er lidt langsom.",
    "Hvorfor virker eksporten ikke?",
]
TURKISH = [
    "Uygulama sürekli çöküyor.",
    "Güncellemeden beri giriş yapamıyorum.",
    "Rapor sayfası çok yavaş açılıyor.",
    "Lütfen karanlık mod ekleyin.",
    "Fiyat çok yüksek, aboneliği iptal edeceğim.",
]
# A few of the other languages lingua is not asked about.
OTHERS = [
    "Appen krasjer hver gang jeg åpner rapporten.",  # Norwegian
    "Jeg får ikke logget inn etter oppdateringen.",  # Norwegian
    "Aplikace se pořád zasekává.",  # Czech
    "Nemůžu se přihlásit od včerejška.",  # Czech
    "Aplicația se blochează mereu.",  # Romanian
    "Nu pot să mă conectez de ieri.",  # Romanian
]
# Thanks alone, every word a sign.
SHORT = ["Bedankt!", "Dzięki!", "Dziękuję bardzo", "Tack så mycket"]


@pytest.fixture(scope="module")
def stage() -> LanguageStage:
    return LanguageStage(AnalyzerConfig(), resources=None)


@pytest.mark.parametrize("text", DUTCH + POLISH + SWEDISH + DANISH + TURKISH + OTHERS + SHORT)
def test_a_language_we_do_not_support_is_und(stage, text):
    assert stage.detect(text) == UNDETERMINED


# Short texts, Dutch-looking names in English or French, a sentence of another language inside
# a supported one: each stays the language it is written in.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Works great", "en"),
        ("Trop cher", "fr"),
        ("Ça marche pas", "fr"),
        ("I can't open the app on my phone", "en"),
        ("Jan van der Berg from Rotterdam says the export is broken.", "en"),
        ("Please call Pieter de Vries at Van den Heuvel BV about the invoice.", "en"),
        ("Our account manager, Henk van Dijk, promised a fix by Friday.", "en"),
        ("Le rapport de Jan de Groot ne s'affiche plus depuis lundi.", "fr"),
        ("The export is broken. Met vriendelijke groet, Marieke", "en"),
        ("Merci for the quick fix", "en"),
        ("Die App ist seit dem Update sehr langsam geworden.", "de"),
        ("Het werkt niet. The export fails every time and my team needs it today.", "en"),
    ],
)
def test_supported_languages_stay_themselves(stage, text, expected):
    assert stage.detect(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # names are no sign of a language: they stay what lingua reads (German here, before too)
        "Ask Łukasz Wiśniewski or Søren Kjærgaard, they both saw the crash.",
        # a French thank-you after an English request (French, before too)
        "Can you add an export to Excel? Merci beaucoup !",
    ],
)
def test_names_and_a_courtesy_in_a_supported_language_are_not_und(stage, text):
    assert stage.detect(text) != UNDETERMINED


def test_no_cue_word_is_a_stop_word_of_a_supported_language():
    codes = AnalyzerConfig().languages
    stop_words = set().union(*(spacy_stop_words(code) for code in codes))
    assert sorted(unsupported_words(codes) & stop_words) == []


def test_a_declared_language_is_not_unsupported():
    dutch = LanguageStage(AnalyzerConfig(languages=("en", "nl")), resources=None)
    assert "niet" not in dutch.unsupported.cue_words
    assert dutch.detect("Ik kan niet inloggen met mijn wachtwoord.") == "nl"
    assert "nl" in UNSUPPORTED_WORDS


def test_a_text_in_an_unsupported_language_is_still_tagged(analyzer):
    # `und` changes the sentence splitter (spaCy's multilingual one) and leaves NER out; the
    # multilingual embedder and its heads read the text as any other.
    analysis = analyzer.analyze(
        "Het dashboard laadt niet meer sinds de update. Dit is dringend, ons team kan niet werken!"
    )
    assert analysis.language == UNDETERMINED
    assert len(analysis.insights) == 2
    assert analysis.sentiment.label == "negative"
    assert "bug_report" in {intent.label for intent in analysis.intents}
    assert analysis.urgency.level == "high"
