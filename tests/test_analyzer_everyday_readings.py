"""Everyday messages read wrong (2026-12-07): a fix told as "works again" read negative, a click
that does nothing read as a churn risk, praise said after a failure that stays read as praise, a
cold Portuguese threat read neutral, a negated breakage read as a bug, a Spanish data leak said
without a subject not read as an exposure, a supposed exposure read as a critical incident, and a
purchase told as context read as praise. Each group holds the reported sentence and twins."""

import pytest

from analyzer import Analyzer
from analyzer.analysis import Analysis
from analyzer.exposures import reports_an_exposure
from analyzer.negation import says_no_problem
from analyzer.purchases import tells_a_purchase
from analyzer.sarcasm import praises_a_failure
from analyzer.urgency_cues import matched_cues


def labels(analysis: Analysis) -> set[str]:
    return {intent.label for intent in analysis.intents}


WORKS_AGAIN = [
    "Resolved. Export works again.",  # reported: negative
    "The export is working again.",
    "Ça remarche !",
    "L'export fonctionne de nouveau.",
    "Der Export funktioniert wieder.",
    "La exportación vuelve a funcionar.",
]
NOT_WORKING_AGAIN = [
    "Export stopped working again.",
    "Der Export funktioniert wieder nicht.",
    "Works again but crashes on save.",
    "It's broken again.",
]
NOT_BROKEN = [
    "Der Export ist nicht kaputt.",  # reported: complaint, bug_report
    "The export isn't broken.",
    "L'export n'est pas cassé.",
    "La exportación no está rota.",
    "L'export non è rotto.",
    "A exportação não está quebrada.",
]
BROKEN = [
    "Der Export ist kaputt.",
    "Der Export ist nicht kaputt, aber der Import.",
    "Is the export not broken?",
]


@pytest.mark.parametrize("text", WORKS_AGAIN + NOT_BROKEN)
def test_working_again_or_not_broken_denies_the_problem(text: str) -> None:
    assert says_no_problem(text)


@pytest.mark.parametrize("text", NOT_WORKING_AGAIN + BROKEN)
def test_broken_again_or_broken_denies_nothing(text: str) -> None:
    assert not says_no_problem(text)


def test_a_fix_told_is_no_bug_report_nor_negative(analyzer: Analyzer) -> None:
    for analysis in analyzer.analyze_batch(WORKS_AGAIN + NOT_BROKEN):
        assert analysis.sentiment.label != "negative", analysis.text
        assert not labels(analysis) & {"bug_report", "complaint"}, analysis.text


CLICKS_THAT_DO_NOTHING = [
    "Quand je clique sur exporter, rien ne se passe.",  # reported: churn_risk 0.38
    "When I click export, nothing happens.",
    "Beim Klick auf Exportieren passiert nichts.",
]


def test_a_click_that_does_nothing_is_a_bug_not_churn(analyzer: Analyzer) -> None:
    for analysis in analyzer.analyze_batch(CLICKS_THAT_DO_NOTHING):
        assert "bug_report" in labels(analysis), analysis.text
        assert "churn_risk" not in labels(analysis), analysis.text


def test_a_failure_that_threatens_keeps_its_churn_risk(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze("Export fails again, we are cancelling our subscription.")
    assert "churn_risk" in labels(analysis)


PRAISE_AFTER_A_FAILURE = [
    "Ticket still not fixed, great job...",  # reported: praise, positive
    "Still broken after three weeks, well done guys!",
    "Toujours pas corrigé, bravo...",
    "Immer noch nicht behoben, gut gemacht.",
    "Todavía no está arreglado, buen trabajo...",
]
PRAISE_MEANT = [
    "Fixed in a day, great job!",
    "It still works after the update, great job",
    "Still not fixed but support was kind, great job",
    "Todavía no lo he probado, buen trabajo",
]


@pytest.mark.parametrize("text", PRAISE_AFTER_A_FAILURE)
def test_praise_after_a_failure_that_stays_mocks(text: str) -> None:
    assert praises_a_failure(text)


@pytest.mark.parametrize("text", PRAISE_MEANT)
def test_praise_after_a_fix_or_a_contrast_is_meant(text: str) -> None:
    assert not praises_a_failure(text)


def test_praise_after_a_failure_is_a_negative_complaint(analyzer: Analyzer) -> None:
    for analysis in analyzer.analyze_batch(PRAISE_AFTER_A_FAILURE):
        assert analysis.sentiment.label == "negative", analysis.text
        assert "praise" not in labels(analysis), analysis.text
        assert "complaint" in labels(analysis), analysis.text


LEAKS = [
    "Hay una fuga de información: se ven pedidos de otra empresa",  # reported: other, neutral
    "There is a data leak: we can see orders from another company",
    "Se ven los pedidos de otro cliente.",
]
NO_LEAK = [
    "¿Se ven pedidos de otra empresa?",
    "Si se ven pedidos de otra empresa, avisadnos.",
    "I can see my orders from another device.",
]


@pytest.mark.parametrize("text", LEAKS)
def test_records_of_another_company_seen_are_an_exposure(text: str) -> None:
    assert reports_an_exposure(text)


@pytest.mark.parametrize("text", NO_LEAK)
def test_asked_supposed_or_own_records_are_no_exposure(text: str) -> None:
    assert not reports_an_exposure(text)


def test_a_leak_is_a_critical_negative_bug_report(analyzer: Analyzer) -> None:
    for analysis in analyzer.analyze_batch(LEAKS):
        assert analysis.urgency.level == "critical", analysis.text
        assert analysis.sentiment.label == "negative", analysis.text
        assert "bug_report" in labels(analysis), analysis.text


SUPPOSED_EXPOSURES = [
    "If other users could see our data, we would leave.",  # reported: critical
    "Si otro cliente puede ver los datos, nos vamos.",
    "Wenn andere Kunden unsere Rechnungen sehen können, kündigen wir.",
]
STATED_EXPOSURES = [
    "Other customers can see our invoices.",
    "Otro cliente puede ver los datos de nuestros clientes.",
    "Andere Kunden können unsere Rechnungen sehen.",
]


@pytest.mark.parametrize("text", SUPPOSED_EXPOSURES)
def test_a_supposed_exposure_is_no_breach(text: str) -> None:
    assert "security" not in matched_cues(text)


@pytest.mark.parametrize("text", STATED_EXPOSURES)
def test_a_stated_exposure_is_a_breach(text: str) -> None:
    assert "security" in matched_cues(text)


def test_a_supposed_exposure_is_not_critical_but_keeps_its_churn_risk(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze(SUPPOSED_EXPOSURES[0])
    assert analysis.urgency.level != "critical"
    assert "churn_risk" in labels(analysis)


PURCHASES = [
    "Je viens de m'acheter une montre Garmin",  # reported: praise
    "Je viens de m'acheter une montre Garmin vivoSmart 3",  # praise, bug_report, negative
    "I just bought a Garmin watch.",
    "Ich habe mir eine Garmin-Uhr gekauft.",
    "Acabo de comprar un reloj Garmin.",
    "J'ai acheté une montre Garmin hier.",
]
PURCHASES_AND_MORE = [
    "I just bought a Garmin watch and love it",
    "Je viens d'acheter une montre, elle ne se synchronise pas",
    "I just bought the worst watch ever",
    "Ich habe einen Fehler gefunden.",
    "I have bought your product.",  # a paying customer's argument (a mini-bar feature request)
    "I bought it",
]


@pytest.mark.parametrize("text", PURCHASES)
def test_a_purchase_alone_is_told(text: str) -> None:
    assert tells_a_purchase(text)


@pytest.mark.parametrize("text", PURCHASES_AND_MORE)
def test_a_purchase_with_an_opinion_is_the_heads(text: str) -> None:
    assert not tells_a_purchase(text)


def test_a_purchase_is_context_not_praise(analyzer: Analyzer) -> None:
    for analysis in analyzer.analyze_batch(PURCHASES):
        assert not labels(analysis) & {"praise", "bug_report", "complaint"}, analysis.text
        assert analysis.sentiment.label == "neutral", analysis.text
