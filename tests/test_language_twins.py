"""Tagging parity of German, Spanish, Italian and Portuguese with English: twins written for
this test (tests/fixtures/language_twins.json: one English sentence and its four translations,
per case) are read with the same intents as often as the cue rules reached, and the cases a QA
run found misread (data loss, leaks, churn threats, urgent pleas, prices, failures, denials,
thanks, closings, feature requests) are read as their English twins are."""

import json
from pathlib import Path

import pytest

from analyzer import Analyzer
from analyzer.analysis import Analysis
from analyzer.churn import threatens_to_leave
from analyzer.pleas import pleads
from analyzer.urgency_cues import says_not_urgent
from analyzer.wishes import wishes

FIXTURES = Path(__file__).parent / "fixtures"
TWINS = json.loads((FIXTURES / "language_twins.json").read_text())
# Written after the rules, and measured before any was changed for them (intent sets equal to
# EN, of 12: de 6 → 8, es 7 → 9, it 8 → 9, pt 7 → 9); the cues for "not renew", "looking for an
# alternative", a reliance and a failure "every time" were added then.
SECOND = json.loads((FIXTURES / "language_twins_second.json").read_text())
LANGUAGES = ("de", "es", "it", "pt")
# Twins whose message intents (and urgency levels) equal the English twin's. Before the cue
# rules were extended to these languages, intents: de 9, es 6, it 13, pt 7 of 31; urgency: de
# 16, es 14, it 17, pt 16. Much of what is left is the heads hearing a complaint beside the
# English bug report.
AGREEING = {"de": 19, "es": 18, "it": 22, "pt": 19}
AGREEING_URGENCY = {"de": 26, "es": 25, "it": 25, "pt": 25}
AGREEING_SECOND = {"de": 9, "es": 10, "it": 9, "pt": 9}


def labels(analysis: Analysis) -> set[str]:
    return {intent.label for intent in analysis.intents}


def urgency_level(analysis: Analysis) -> str:
    return analysis.urgency.level


def read_all(analyzer: Analyzer, twins: list[dict]) -> dict[str, list[Analysis]]:
    return {
        language: analyzer.analyze_batch([twin[language] for twin in twins])
        for language in ("en", *LANGUAGES)
    }


@pytest.fixture(scope="module")
def readings(analyzer: Analyzer) -> dict[str, list[Analysis]]:
    return read_all(analyzer, TWINS)


def agreeing(readings: dict[str, list[Analysis]], language: str, reading) -> int:
    """How many twins in `language` read as their English twin does."""
    return sum(
        reading(english) == reading(other)
        for english, other in zip(readings["en"], readings[language], strict=True)
    )


def test_twins_are_sixty_pairs_and_more() -> None:
    assert (len(TWINS) + len(SECOND)) * len(LANGUAGES) >= 60
    assert all(set(twin) == {"case", "en", *LANGUAGES} for twin in TWINS + SECOND)


@pytest.mark.parametrize("language", LANGUAGES)
def test_twins_agree_on_intents(readings: dict[str, list[Analysis]], language: str) -> None:
    assert agreeing(readings, language, labels) >= AGREEING[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_twins_agree_on_urgency(readings: dict[str, list[Analysis]], language: str) -> None:
    assert agreeing(readings, language, urgency_level) >= AGREEING_URGENCY[language]


def test_second_twins_agree_on_intents(analyzer: Analyzer) -> None:
    readings = read_all(analyzer, SECOND)
    reached = {language: agreeing(readings, language, labels) for language in LANGUAGES}
    assert all(reached[language] >= AGREEING_SECOND[language] for language in LANGUAGES), reached


@pytest.fixture(scope="module")
def read(analyzer: Analyzer):
    cache: dict[str, Analysis] = {}

    def reading(text: str) -> Analysis:
        if text not in cache:
            cache[text] = analyzer.analyze(text)
        return cache[text]

    return reading


@pytest.mark.parametrize(
    "text",
    [
        "Nach dem Update sind alle unsere Daten weg!",
        "Hemos perdido todos los datos de clientes.",
        "Se han filtrado los datos de nuestros clientes.",
        "Die Daten unserer Kunden wurden geleakt.",
        "Os dados dos nossos clientes vazaram.",
    ],
)
def test_data_lost_or_leaked_is_critical(read, text: str) -> None:
    assert read(text).urgency.level == "critical"


def test_data_gone_is_a_bug_report(read) -> None:
    assert labels(read("Nach dem Update sind alle unsere Daten weg!")) == {"bug_report"}


@pytest.mark.parametrize(
    "text",
    [
        "Si no lo arreglan esta semana, cancelaremos el contrato y nos pasaremos a Zendesk.",
        "Se não resolverem isso esta semana, vamos cancelar o contrato e mudar para o Zendesk.",
        "Disdiciamo il nostro abbonamento.",
        "Vamos cancelar a nossa assinatura.",
        "Wir wechseln nächsten Monat zur Konkurrenz.",
    ],
)
def test_leaving_is_a_churn_risk(read, text: str) -> None:
    analysis = read(text)
    assert "churn_risk" in labels(analysis)
    assert analysis.urgency.level == "high"


@pytest.mark.parametrize(
    "text",
    [
        "Bitte beheben Sie das so schnell wie möglich, wir brauchen es.",
        "Por favor, corrijam isso o mais rápido possível, precisamos disso.",
        "Per favore risolvete con urgenza!",
        "Por favor, arréglenlo lo antes posible, lo necesitamos.",
    ],
)
def test_an_urgent_plea_is_a_bug_report_not_praise(read, text: str) -> None:
    analysis = read(text)
    assert labels(analysis) == {"bug_report"}
    assert analysis.sentiment.label != "positive"
    assert analysis.urgency.level == "high"
    assert len(analysis.insights) == 1  # "o mais rápido" is no French "mais" (but)


@pytest.mark.parametrize(
    "text", ["Mein Team braucht ihn heute noch.", "Mi equipo la necesita hoy."]
)
def test_a_need_for_today_is_urgent_not_praise(read, text: str) -> None:
    analysis = read(text)
    assert "praise" not in labels(analysis)
    assert analysis.urgency.level == "high"


@pytest.mark.parametrize(
    "text", ["Es ist viel zu teuer.", "El precio es demasiado caro.", "È davvero troppo caro."]
)
def test_too_expensive_is_pricing_and_negative(read, text: str) -> None:
    analysis = read(text)
    assert "pricing" in labels(analysis) and "praise" not in labels(analysis)
    assert analysis.sentiment.label == "negative"


@pytest.mark.parametrize("text", ["Non è troppo caro.", "No es demasiado caro."])
def test_not_too_expensive_is_no_grievance(read, text: str) -> None:
    assert read(text).insights[0].grievance is None


@pytest.mark.parametrize(
    "text",
    [
        "Der Export stürzt ab.",
        "Der Export funktioniert nicht.",
        "La exportación se cuelga.",
        "L'esportazione va in crash.",
        "A exportação trava.",
    ],
)
def test_a_short_failure_is_a_bug_report(read, text: str) -> None:
    assert "bug_report" in labels(read(text))


@pytest.mark.parametrize(
    "text",
    [
        "Keine Abstürze seit dem Update.",
        "Ningún fallo desde la actualización.",
        "Nessun crash dall'aggiornamento.",
        "Nenhum travamento desde a atualização.",
    ],
)
def test_a_denied_crash_is_praise(read, text: str) -> None:
    analysis = read(text)
    assert labels(analysis) == {"praise"}
    assert analysis.sentiment.label == "positive"


def test_thanks_for_a_fix_is_praise(read) -> None:
    assert labels(read("Danke, dass Sie den Fehler behoben haben!")) == {"praise"}


@pytest.mark.parametrize(
    "closing",
    [
        "Vielen Dank im Voraus für Ihre Hilfe.",
        "Muchas gracias de antemano.",
        "Grazie in anticipo.",
        "Desde já agradeço.",
        "\nCom os melhores cumprimentos,",
        "\nCordialmente,",
    ],
)
def test_closing_courtesy_is_no_insight(read, closing: str) -> None:
    analysis = read("El informe muestra totales incorrectos. " + closing)
    assert [insight.text for insight in analysis.insights] == [
        "El informe muestra totales incorrectos."
    ]
    assert "praise" not in labels(analysis)


@pytest.mark.parametrize(
    "text",
    [
        "Sería genial poder programar informes semanales.",
        "Seria ótimo ter um modo escuro.",
        "Könnten Sie bitte einen Dunkelmodus einbauen?",
        "Por favor, añadan una exportación a Excel.",
        "Sarebbe bello poter programmare report settimanali.",
    ],
)
def test_a_wish_is_a_feature_request(read, text: str) -> None:
    assert labels(read(text)) == {"feature_request"}


@pytest.mark.parametrize(
    "text",
    [
        "Ich würde gerne wissen, wie ich das Passwort ändere.",  # a question
        "Me gustaría que me devolvieran el dinero.",  # a refund
        "Wir hätten gerne mit Ihnen weitergearbeitet.",
    ],
)
def test_no_wish_in_a_question_or_a_refund(text: str) -> None:
    assert not wishes(text)


def test_how_do_you_solve_it_is_no_plea() -> None:
    assert pleads("Wie lösen Sie das?") is None
    assert pleads("Beheben Sie das bitte.") == "fix"


@pytest.mark.parametrize("text", ["No es de urgencia.", "Non è di urgenza.", "Não há urgência."])
def test_no_urgency_calms(text: str) -> None:
    assert says_not_urgent(text)


@pytest.mark.parametrize(
    "text",
    [
        "No vamos a renovar nuestro contrato.",
        "Wir werden den Vertrag nicht verlängern.",
        "Stiamo cercando un'alternativa al vostro strumento.",
    ],
)
def test_not_renewing_or_looking_elsewhere_threatens(text: str) -> None:
    assert threatens_to_leave(text)
