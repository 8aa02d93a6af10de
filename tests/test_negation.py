"""A problem named only to be denied ("No crashes since the update.") is not that problem."""

import pytest

from analyzer import Analyzer
from analyzer.negation import mocks_thanks, says_no_problem

DENIALS = [
    "Not bad at all.",
    "No crashes since the update.",
    "Never had a problem with it.",
    "I have no complaints.",
    "It hasn't crashed once this month.",
    "The login issue is gone, thanks.",
    "Zero bugs so far!",
    "Pas de bug depuis la mise à jour.",
    "Je n'ai jamais eu de problème.",
    "Rien à signaler, tout marche.",
    "Les petits exports passent sans souci.",
    "L’appli ne plante plus depuis la 4.2.",
    "Le bug est corrigé, merci.",
    "Le bug de l'export est corrigé, merci.",
    "Le crash de l'export est corrigé, merci.",
    "Le problème de synchro du calendrier est enfin résolu !",
    "Aucun crash depuis la mise à jour.",
]
NOT_DENIALS = [
    "The export crashes.",
    "No error message, the app just closes.",  # a problem reported beside the denial
    "No crash report was sent.",
    "No crashes since the update?",
    "No issues until the last update.",
    "No crash, but the export is slow.",
    "Still no fix for the crash.",
    "No data has synced since Monday.",
    "Pas mal de fonctions manquent.",  # "quite a few", not "not bad"
    "Aucun souci avant la mise à jour, maintenant ça plante.",
    "Je ne suis pas satisfait.",
    "I've never had this many issues with any other airline.",
    "Not bad, has its annoying faults when data does not update",
    "L'appli se déconnecte parfois... Sinon rien à dire",
    "Très déçu car je trouvais l'application pas mal du tout",
    "At first it was not bad",
    "Le bug de l'export pas encore corrigé.",  # only a "de ..." may stand between
    "Le bug de l'export n'est toujours pas corrigé.",
    "Le crash de l'export est corrigé ?",
]


@pytest.mark.parametrize("text", DENIALS)
def test_denied_problems_are_found(text: str) -> None:
    assert says_no_problem(text)


@pytest.mark.parametrize("text", NOT_DENIALS)
def test_reported_problems_are_not_denials(text: str) -> None:
    assert not says_no_problem(text)


def intents(analysis) -> set[str]:
    return {intent.label for intent in analysis.intents}


@pytest.mark.parametrize(
    "text", ["No crashes since the update.", "Aucun plantage depuis la mise à jour."]
)
def test_a_denied_crash_reads_positive_and_is_no_bug_report(
    analyzer: Analyzer, analyzer_without_negation: Analyzer, text: str
) -> None:
    before = analyzer_without_negation.analyze(text)
    assert before.sentiment.label == "negative" and "bug_report" in intents(before)
    after = analyzer.analyze(text)
    assert after.insights[0].says_no_problem
    assert after.sentiment.label == "positive" and after.sentiment.score > 0
    assert not intents(after) & {"bug_report", "complaint"}
    assert "praise" in intents(after)  # the complaint heard, mirrored like the sentiment
    assert after.urgency.score < before.urgency.score


@pytest.mark.parametrize(
    "text",
    [
        "The export crash is fixed, thanks.",
        "Le bug de l'export est corrigé, merci.",
        "Le crash de l'export est corrigé, merci.",
    ],
)
def test_a_fix_of_something_named_reads_as_no_bug_report(analyzer: Analyzer, text: str) -> None:
    """French QA: "Le bug de l'export est corrigé" read negative, a bug report, where the English
    twin read positive (the rule knew "le bug est corrigé" only, and no "crash")."""
    result = analyzer.analyze(text)
    assert result.insights[0].says_no_problem
    assert result.sentiment.label == "positive"
    assert not intents(result) & {"bug_report", "complaint"}


def test_only_the_denying_insight_changes(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze("No crashes since the update. Please add a dark mode.")
    denial, request = analysis.insights
    assert denial.says_no_problem and not request.says_no_problem
    assert denial.sentiment.label == "positive"
    assert "feature_request" in {intent.label for intent in request.intents}
    assert "bug_report" not in intents(analysis)
    report = analyzer.analyze("No error message, the app just closes.")
    assert "bug_report" in intents(report) and report.sentiment.label == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for nothing.",
        "Thank you so much for nothing, support.",
        "Merci pour rien, l'appli plante toujours.",
        "Toll gemacht, jetzt geht gar nichts mehr. Danke für nichts.",
        "Genial, otra actualización que borra mis notas. Gracias por nada.",
        "Grazie per niente, l'app non funziona.",
        "Obrigado por nada. O app continua travando.",
    ],
)
def test_thanks_in_reproach_read_negative_and_no_praise(analyzer: Analyzer, text: str) -> None:
    """They were read as praise, positive (a support lead's QA, in four languages)."""
    result = analyzer.analyze(text)
    assert result.sentiment.label == "negative", result.sentiment
    mocking = [i for i in result.insights if mocks_thanks(i.text)]
    assert mocking
    for insight in mocking:
        assert insight.sentiment.label == "negative"
        assert "praise" not in {intent.label for intent in insight.intents}


@pytest.mark.parametrize(
    "text",
    ["Thanks for fixing the sync!", "De nada, merci à vous.", "Grazie di tutto, ottimo lavoro."],
)
def test_literal_thanks_are_not_reproaches(text: str) -> None:
    assert not mocks_thanks(text)
