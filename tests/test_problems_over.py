"""A problem told gone ("The app is no longer slow, I recommend it.", "n'est plus lent", "ya no se
cuelga") is no complaint and not negative; a dislike denied with a hedge ("I wouldn't say I hate
it") is lukewarm: neutral, no complaint. Both read negative and complaint at de0b508
(-0.90, complaint 0.99). A function that stopped ("it no longer works", "ne marche plus", "no
longer syncs") is still a real problem. The sentences below were written before the rule (dev1),
except the two reported ones."""

import pytest

from analyzer import Analyzer
from analyzer.litotes import praises_by_denial
from analyzer.negation import fold, says_it_lukewarm, says_no_problem
from analyzer.problems_over import hedged_dislikes, problems_told_over


def says_problem_gone(text: str) -> bool:
    """A problem told over, and the span read as a denial for it."""
    return bool(problems_told_over(fold(text))) and says_no_problem(text)


def hedges_a_dislike(text: str) -> bool:
    """A dislike denied with a hedge, and the span read as a lukewarm denial for it."""
    return bool(hedged_dislikes(fold(text))) and says_it_lukewarm(text)


REPORTED_GONE = "The app is no longer slow, I recommend it."
REPORTED_HEDGE = "I wouldn't say I hate it"

HELD_OUT_GONE = [
    "The dashboard isn't slow anymore.",
    "Search no longer lags on big projects.",
    "The editor no longer freezes when I paste images.",
    "The sync is not buggy anymore.",
    "Le tableau de bord n'est plus lent.",
    "L'éditeur ne plante plus quand je colle une image.",
    "La recherche n'est plus buggée.",
    "El editor ya no se cuelga al guardar.",
    "La aplicación ya no es lenta.",
    "Der Editor stürzt beim Speichern nicht mehr ab.",
    "Die Suche ist nicht mehr langsam.",
]
# forms added after the first measurement ("No longer freezing" in an airline tweet)
ADDED_GONE = [
    "No longer freezing on startup.",
    "The app no longer slows down after an hour.",
    "The upload doesn't time out anymore.",
]
# QA on real reviews: every problem told over read as a bug report and a complaint (negative)
BACK_TO_NORMAL = [
    "Everything is back to normal since the last update.",
    "Tout est rentré dans l'ordre depuis la dernière maj.",
    "Sync is back to normal, thanks.",
    "C'est revenu à la normale ce matin.",
]
# paired with praise, the whole text reads positive
HELD_OUT_GONE_WITH_PRAISE = [
    REPORTED_GONE,
    "The mobile app doesn't crash anymore, great job.",
    "L'appli n'est plus lente, je la recommande.",
    "La aplicación ya no se cuelga, ¡la recomiendo!",
    "Die App ist nicht mehr langsam, super Arbeit.",
]
HELD_OUT_HEDGED = [
    REPORTED_HEDGE,
    "I can't say I dislike the new layout.",
    "I would not say that I hate the new menu.",
    "Je ne dirais pas que je déteste la nouvelle interface.",
    "Je ne peux pas dire que je la déteste.",
    "No diría que odio la nueva interfaz.",
    "No puedo decir que lo odie.",
    "Ich würde nicht sagen, dass ich das neue Design hasse.",
    "Ich kann nicht sagen, dass ich es hasse.",
]
# a function that stopped, or a gone problem beside a live one: still a problem
STILL_PROBLEMS = [
    "The export no longer works since the update.",
    "Calendar no longer syncs with Outlook.",
    "The app doesn't open anymore.",
    "It no longer crashes, now it just freezes on the login screen.",
    "It isn't slow anymore but the export fails every time.",
    "L'export ne marche plus depuis hier.",
    "La synchro ne fonctionne plus.",
    "L'appli ne plante plus mais l'export échoue toujours.",
    "La exportación ya no funciona.",
    "Ya no se sincroniza con Google Calendar.",
    "Der Export funktioniert nicht mehr.",
    "Die App ist nicht mehr langsam, aber der Export schlägt fehl.",
    "I wouldn't say I hate it, but the export keeps crashing.",
    "Je ne dirais pas que je déteste l'appli, mais l'export plante à chaque fois.",
]
# no problem gone and no dislike denied: left to the heads and the other rules
NOT_THE_RULE = [
    "I wouldn't say I love it.",
    "I can't say I like the new layout.",
    "I'd say I hate it.",
    "Je ne dirais pas que j'adore la nouvelle interface.",
    "No diría que me encanta.",
    "The app is no longer fast.",
    "The export no longer works.",
    "L'export ne marche plus.",
    "Der Export funktioniert nicht mehr.",
    "Is it no longer slow?",
    "It is no longer slow? It still takes ages to load.",
]


def labels(analyzer: Analyzer, text: str) -> set[str]:
    return {intent.label for intent in analyzer.analyze(text).intents}


@pytest.mark.parametrize(
    "text", HELD_OUT_GONE + HELD_OUT_GONE_WITH_PRAISE + ADDED_GONE + BACK_TO_NORMAL
)
def test_a_problem_told_gone_is_no_complaint(analyzer: Analyzer, text: str) -> None:
    assert says_problem_gone(text)
    analysis = analyzer.analyze(text)
    assert not labels(analyzer, text) & {"complaint", "bug_report"}, analysis.intents
    assert analysis.sentiment.label != "negative", analysis.sentiment
    for insight in analysis.insights:
        assert insight.sentiment.label != "negative", (insight.text, insight.sentiment)


@pytest.mark.parametrize("text", HELD_OUT_GONE_WITH_PRAISE)
def test_a_problem_gone_with_praise_reads_positive(analyzer: Analyzer, text: str) -> None:
    assert analyzer.analyze(text).sentiment.label == "positive"


@pytest.mark.parametrize("text", HELD_OUT_HEDGED)
def test_a_hedged_denial_of_a_dislike_is_lukewarm(analyzer: Analyzer, text: str) -> None:
    assert hedges_a_dislike(text)
    analysis = analyzer.analyze(text)
    assert analysis.sentiment.label == "neutral", analysis.sentiment
    assert not labels(analyzer, text) & {"complaint", "bug_report", "praise"}, analysis.intents


@pytest.mark.parametrize("text", STILL_PROBLEMS)
def test_a_function_stopped_or_a_live_problem_stays_a_problem(
    analyzer: Analyzer, text: str
) -> None:
    assert not says_problem_gone(text) and not hedges_a_dislike(text)
    analysis = analyzer.analyze(text)
    assert labels(analyzer, text) & {"complaint", "bug_report"}, analysis.intents
    assert analysis.sentiment.label == "negative", analysis.sentiment


@pytest.mark.parametrize("text", NOT_THE_RULE)
def test_other_statements_are_not_the_rule(text: str) -> None:
    assert not says_problem_gone(text) and not hedges_a_dislike(text)


# QA on real reviews: a letdown denied ("Ne déçoit pas." complaint 0.99) is praise.
LITOTES = [
    "Does not disappoint.",
    "Ne déçoit pas.",
    "Never lets me down.",
    "I can't live without this app anymore",
    "Je ne peux plus m'en passer",
    "Jamais déçu par cette appli, je recommande.",
]


@pytest.mark.parametrize("text", LITOTES)
def test_a_letdown_denied_is_praise(analyzer: Analyzer, text: str) -> None:
    assert praises_by_denial(text)
    analysis = analyzer.analyze(text)
    assert labels(analyzer, text) == {"praise"}, analysis.intents
    assert analysis.sentiment.label == "positive", analysis.sentiment


# hoped for, beside a contrast, a wish or a problem, asked or said outright: neither rule
LOOK_ALIKES = [
    "When will everything be back to normal?",
    "Hopefully it should be back to normal soon",
    "Everything is back to normal but the export still fails.",
    "Never disappointed until the last update.",
    "I can't work without the export, it is broken.",
    "I can't live without dark mode, please add it.",
    "Does it disappoint?",
    "It did disappoint me.",
    "Ça me déçoit beaucoup.",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes_are_no_problem_over_nor_praise(text: str) -> None:
    assert not says_problem_gone(text) and not praises_by_denial(text)
