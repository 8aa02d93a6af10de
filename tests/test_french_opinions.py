"""A QA user's French opinions (#2): advice against the product read as praise ("Je ne recommande
pas cet outil"), threats not to renew in the future or "aller" tense missed ("nous ne
renouvellerons pas"), and praise of a fix or of fast support read negative ("Le bug de l'export a
été corrigé, super travail"). Held-out sentences, written before the rules (none is a demo line)."""

import pytest

from analyzer import Analyzer
from analyzer.acclaim import acclaims
from analyzer.churn import threatens_to_leave
from analyzer.grievance import grievance
from analyzer.loyalty import promises_to_stay
from analyzer.negation import says_no_problem
from analyzer.urgency_cues import matched_cues
from analyzer.wishes import wishes


def labels(analysis) -> set[str]:
    return {intent.label for intent in analysis.intents}


ADVICE_AGAINST = [
    "Je ne recommande pas cet outil.",
    "Je ne le recommande pas.",
    "Je ne recommanderais pas cet outil à mes collègues.",
    "Je déconseille cet outil.",
    "Nous ne recommandons plus votre logiciel à nos partenaires.",
    "Je ne peux pas recommander cette application.",
    "Je vous le déconseille.",
    "Application non recommandable.",
    "I wouldn't recommend it to my colleagues.",
    "Would not recommend.",
    "No lo recomiendo.",
    "No recomendaría esta herramienta.",
    "Ich empfehle es nicht.",
    "Kann ich nicht empfehlen.",
    "Ich würde es nicht weiterempfehlen.",
    "Non lo consiglio.",
    "Sconsiglio questa app.",
    "Não recomendo.",
    "Não recomendaria esta ferramenta.",
]


@pytest.mark.parametrize("text", ADVICE_AGAINST)
def test_advice_against_the_product_is_a_grievance(text: str) -> None:
    assert grievance(text) == "advice"


@pytest.mark.parametrize(
    "text",
    [
        "Je recommande vivement cet outil.",
        "Je ne peux que le recommander.",
        "Je ne vois pas pourquoi je ne le recommanderais pas.",
        "On ne le recommandera jamais assez.",
        "Je ne déconseille pas cet outil.",
        "Je n'hésite pas à le recommander.",
        "Il est déconseillé de lancer deux imports à la fois.",
        "I can't recommend it enough.",
        "I could not recommend these more.",
        "I would not hesitate to recommend it.",
        "Why wouldn't I recommend it?",
        "No puedo dejar de recomendarlo.",
        "Ich kann es nur empfehlen.",
        "Non posso che consigliarlo.",
        "Recomendo muito.",
    ],
)
def test_praise_through_a_denial_is_no_advice_against(text: str) -> None:
    assert grievance(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Je ne recommande pas cet outil.",
        "Je ne le recommande pas.",
        "Je ne recommanderais pas cet outil à mes collègues.",
        "Je déconseille cet outil.",
        "No lo recomiendo.",
        "Ich empfehle es nicht.",
        "Non lo consiglio.",
        "Não recomendo.",
    ],
)
def test_advice_against_reads_negative_and_as_a_complaint(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze(text)
    assert analysis.sentiment.label == "negative", analysis.sentiment
    assert "complaint" in labels(analysis), analysis.intents
    assert "praise" not in labels(analysis), analysis.intents


NOT_RENEWING = [
    "Le service est trop cher, sinon nous ne renouvellerons pas le contrat.",
    "Sinon nous n'allons pas renouveler le contrat.",
    "Nous ne renouvellerons pas notre abonnement l'an prochain.",
    "Si rien ne change, on ne le renouvellera pas.",
    "Nous ne renouvelons pas cette année.",
    "Nous ne comptons pas reconduire le contrat.",
    "Nous avons décidé de ne pas reconduire le contrat.",
    "On ne reconduira pas l'abonnement.",
    "J'ai résilié mon abonnement.",
    "Otherwise we won't renew the contract.",
    "We will not be renewing next year.",
    "Wir verlängern den Vertrag nicht.",
]


@pytest.mark.parametrize("text", NOT_RENEWING)
def test_not_renewing_in_any_tense_is_a_churn_cue(text: str) -> None:
    assert threatens_to_leave(text)


@pytest.mark.parametrize(
    "text",
    [
        "Nous ne manquerons pas de renouveler notre abonnement.",
        "Nous renouvellerons le contrat.",
        "Le contrat ne se renouvelle pas automatiquement ?",
        "Je ne dis pas que nous ne renouvellerons pas.",
        "Wir verlängern den Vertrag gerne.",
    ],
)
def test_renewing_or_a_denied_threat_is_no_churn_cue(text: str) -> None:
    assert not threatens_to_leave(text)


def test_a_french_threat_not_to_renew_is_as_urgent_as_the_english(analyzer: Analyzer) -> None:
    english, *french = analyzer.analyze_batch(
        [
            "The service is too expensive, otherwise we will not renew the contract.",
            "Le service est trop cher, sinon nous ne renouvellerons pas le contrat.",
            "Le service est trop cher, sinon nous n'allons pas renouveler le contrat.",
        ]
    )
    for analysis in french:
        assert analysis.insights[0].threatens, analysis.text
        assert "churn_risk" in labels(analysis), analysis.intents
        assert analysis.urgency.level == english.urgency.level == "high", analysis.urgency


@pytest.mark.parametrize(
    ("text", "no_problem"),
    [
        # "travail" is no Portuguese "trava" (freezes): the fix is told, nothing else
        ("Le bug de l'export a été corrigé, super travail.", True),
        ("Le problème de synchro est résolu, excellent travail.", True),
        ("Le bug de l'export est corrigé, mais l'app trava sempre.", False),
    ],
)
def test_a_fix_praised_for_its_work_says_no_problem(text: str, no_problem: bool) -> None:
    assert says_no_problem(text) is no_problem


PRAISED_FIXES = [
    "Le bug de l'export a été corrigé, super travail.",
    "Support très réactif, mon ticket a été traité dans l'heure.",
    "Bravo à l'équipe support, elle a réglé mon problème en dix minutes.",
    "Very responsive support, my ticket was handled within the hour.",
    "El error fue solucionado en una hora, excelente soporte.",
    "Der Fehler wurde schnell behoben, super Support.",
    "O problema foi resolvido rapidamente, ótimo suporte.",
]


@pytest.mark.parametrize("text", PRAISED_FIXES)
def test_a_fix_told_with_praise_is_praise_said_outright(text: str) -> None:
    assert acclaims(text)


@pytest.mark.parametrize(
    "text",
    [
        "Le bug de l'export a été corrigé mais l'import plante toujours.",
        "Le bug de l'export n'a pas été corrigé, super travail...",
        "Mon ticket a été traité et l'export plante, super.",
        "Mon ticket a encore été traité en retard, bravo.",
        "Très réactif, mais mon ticket n'a pas été traité.",
        "My ticket was not handled within the hour, great job.",
        "Le bug de l'export a été corrigé.",
    ],
)
def test_a_fix_denied_spoilt_or_unpraised_is_not_praise_said_outright(text: str) -> None:
    assert not acclaims(text)


def test_a_fix_told_with_praise_reads_positive_and_calm(analyzer: Analyzer) -> None:
    for analysis in analyzer.analyze_batch(PRAISED_FIXES):
        assert analysis.sentiment.label == "positive", (analysis.text, analysis.sentiment)
        assert "praise" in labels(analysis), (analysis.text, analysis.intents)
        assert not {"bug_report", "complaint"} & labels(analysis), analysis.text
        assert analysis.urgency.level == "low", (analysis.text, analysis.urgency)


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("Very responsive support, my ticket was handled within the hour.", False),
        ("Mon ticket a été traité dans l'heure, merci.", False),
        ("My ticket was not handled within the hour.", True),
        ("I need this handled within the hour.", True),
    ],
)
def test_how_fast_a_request_was_handled_is_no_deadline(text: str, deadline: bool) -> None:
    assert ("deadline" in matched_cues(text)) is deadline


# QA #2, left over: a promise to renew, a French imperative request, advice withdrawn ("no
# longer recommend"). Held-out sentences, written before the rules.
PROMISES_TO_STAY = [
    "Nous ne manquerons pas de renouveler notre abonnement.",
    "Je ne manquerai pas de le renouveler l'an prochain.",
    "On ne manquera pas de reconduire le contrat.",
    "We will definitely renew.",
    "We'll renew next year.",
    "On renouvelle sans hésiter.",
    "Nous renouvelons sans la moindre hésitation.",
]


@pytest.mark.parametrize("text", PROMISES_TO_STAY)
def test_a_promise_to_renew_is_loyalty(text: str) -> None:
    assert promises_to_stay(text)


@pytest.mark.parametrize(
    "text",
    [
        "We'll renew if you fix the export.",
        "Nous ne manquerons pas de renouveler, sauf si le prix augmente.",
        "I doubt we'll renew.",
        "We'll renew?",
        "Nous ne renouvellerons pas.",
        "I don't think we'll renew.",
    ],
)
def test_a_promise_under_a_condition_or_a_doubt_is_no_loyalty(text: str) -> None:
    assert not promises_to_stay(text)


def test_a_promise_to_renew_is_no_churn_risk_and_not_negative(analyzer: Analyzer) -> None:
    for analysis in analyzer.analyze_batch(PROMISES_TO_STAY):
        for insight in analysis.insights:
            assert insight.sentiment.label != "negative", (insight.text, insight.sentiment)
            assert "churn_risk" not in {i.label for i in insight.intents}, insight.text
        assert "churn_risk" not in labels(analysis), (analysis.text, analysis.intents)


FRENCH_REQUESTS = [
    "Ajoutez un mode sombre svp",
    "Intégrez Slack svp.",
    "Merci de prévoir un export CSV.",
    "Ajoutez-nous un mode sombre, merci.",
    "Svp ajoutez un mode hors ligne",
]


@pytest.mark.parametrize("text", FRENCH_REQUESTS)
def test_a_french_imperative_request_is_a_wish(text: str) -> None:
    assert wishes(text)


@pytest.mark.parametrize(
    "text", ["Vous ajoutez des bugs à chaque version.", "Merci d'avoir ajouté le mode sombre !"]
)
def test_adding_told_or_thanked_for_is_no_wish(text: str) -> None:
    assert not wishes(text)


def test_a_french_imperative_request_reads_neutral(analyzer: Analyzer) -> None:
    for analysis in analyzer.analyze_batch(FRENCH_REQUESTS):
        for insight in analysis.insights:
            assert insight.sentiment.label == "neutral", (insight.text, insight.sentiment)
        assert "feature_request" in labels(analysis), (analysis.text, analysis.intents)


@pytest.mark.parametrize(
    "text",
    [
        "I no longer recommend it.",
        "We can no longer recommend this app to our clients.",
        "I no longer really recommend it to colleagues.",
    ],
)
def test_advice_withdrawn_is_advice_against(text: str) -> None:
    assert grievance(text) == "advice"


@pytest.mark.parametrize(
    "text", ["I no longer need to recommend workarounds, it just works.", "It is no longer slow."]
)
def test_a_problem_gone_is_still_no_grievance(text: str) -> None:
    assert grievance(text) is None
