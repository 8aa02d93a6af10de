"""English/French twin parity: the same complaint written in English and in French gets the same
intents and sentiment label. tests/fixtures/twin_pairs.json holds 51 pairs written by hand for
this check (churn threats, price complaints, sarcasm, bug reports with a business impact, feature
requests asked as questions, polite complaints, praise).

Measured 2026-12-06 (dev1): before the rules for sarcasm, French churn and price cues, waits and
feature questions, the intent label sets agreed on 28 of 51 pairs, sentiment on 44, both on 25;
after, 39, 47 and 35. The rules were written from these pairs: the rates say what they reach here,
not on other text. The pairs still apart are mostly the heads' (the English head hears a
complaint beside a threat or a bug where the French one does not)."""

import json
from pathlib import Path

import pytest

from analyzer import Analyzer
from analyzer.analysis import Analysis

PAIRS = json.loads((Path(__file__).parent / "fixtures" / "twin_pairs.json").read_text())
LEAST_INTENT_AGREEMENT = 39
LEAST_SENTIMENT_AGREEMENT = 47


def labels(analysis: Analysis) -> set[str]:
    return {intent.label for intent in analysis.intents}


@pytest.fixture(scope="module")
def twins(analyzer: Analyzer) -> list[tuple[Analysis, Analysis]]:
    texts = [pair[language] for pair in PAIRS for language in ("en", "fr")]
    read = analyzer.analyze_batch(texts)
    return list(zip(read[::2], read[1::2], strict=True))


def test_twins_agree_at_least_as_often_as_measured(twins) -> None:
    same_intents = [labels(en) == labels(fr) for en, fr in twins]
    same_sentiment = [en.sentiment.label == fr.sentiment.label for en, fr in twins]
    apart = [pair["fr"] for pair, same in zip(PAIRS, same_intents, strict=True) if not same]
    assert sum(same_intents) >= LEAST_INTENT_AGREEMENT, apart
    assert sum(same_sentiment) >= LEAST_SENTIMENT_AGREEMENT


def test_every_pair_is_read_in_its_language(twins) -> None:
    assert [(en.language, fr.language) for en, fr in twins] == [("en", "fr")] * len(PAIRS)


# The pairs a support lead would notice first, read exactly: (English, French, intents, sentiment).
EXACT = [
    (
        "It got too expensive, we're looking elsewhere.",
        "C'est devenu trop cher, on regarde ailleurs.",
        {"churn_risk", "complaint", "pricing"},
        "negative",
    ),
    (
        "Great, another update that breaks everything. Thanks a lot.",
        "Super, encore une mise à jour qui casse tout. Merci beaucoup.",
        {"bug_report", "complaint"},
        "negative",
    ),
    (
        "Bravo, three days without an answer from support.",
        "Bravo, trois jours sans réponse du support.",
        {"complaint"},
        "negative",
    ),
    (
        "Perfect, all my data is gone after the update.",
        "Parfait, toutes mes données ont disparu après la mise à jour.",
        {"bug_report", "complaint"},
        "negative",
    ),
    (
        "The new price is far too high for a team of five.",
        "Le nouveau prix est bien trop élevé pour une équipe de cinq.",
        {"complaint", "pricing"},
        "negative",
    ),
    (
        "The team is already testing an alternative.",
        "L'équipe teste déjà une alternative.",
        None,  # the heads differ on complaint; churn_risk is the point
        "negative",
    ),
    (
        "Kindly note that we have been waiting two weeks for an answer.",
        "Veuillez noter que nous attendons une réponse depuis deux semaines.",
        {"complaint"},
        "negative",
    ),
    (
        "Will you ever support single sign-on?",
        "Allez-vous un jour prendre en charge l'authentification unique ?",
        {"feature_request", "question"},
        "neutral",
    ),
    (
        "Thanks for fixing the export so quickly!",
        "Merci d'avoir corrigé l'export si rapidement !",
        {"praise"},
        "positive",
    ),
]


@pytest.mark.parametrize(
    ("english", "french", "intents", "sentiment"), EXACT, ids=[e[1] for e in EXACT]
)
def test_important_twins_read_alike(
    analyzer: Analyzer, english: str, french: str, intents: set[str] | None, sentiment: str
) -> None:
    for text in (english, french):
        analysis = analyzer.analyze(text)
        found = labels(analysis)
        if intents is None:
            assert "churn_risk" in found and "praise" not in found, (text, analysis.intents)
        else:
            assert found == intents, (text, analysis.intents)
        assert analysis.sentiment.label == sentiment, (text, analysis.sentiment)
