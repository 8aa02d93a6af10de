"""The whole analyzer on clear cases, and stages switched on and off by configuration."""

import numpy as np
import pytest

from analyzer import INTENT_LABELS, SENTIMENT_LABELS, URGENCY_LEVELS, Analyzer, AnalyzerConfig


def intents(insight) -> list[str]:
    return [intent.label for intent in insight.intents]


def test_two_insights_with_their_own_intents(analyzer):
    result = analyzer.analyze(
        "The export crashes every time I open it. Also, please add a dark mode!"
    )
    assert result.language == "en"
    assert [i.text for i in result.insights] == [
        "The export crashes every time I open it.",
        "Also, please add a dark mode!",
    ]
    assert "bug_report" in intents(result.insights[0])
    assert "feature_request" not in intents(result.insights[0])
    assert "feature_request" in intents(result.insights[1])
    assert "bug_report" not in intents(result.insights[1])
    assert {"bug_report", "feature_request"} <= set(intents(result))


def test_french_works_like_english(analyzer):
    result = analyzer.analyze(
        "L'export plante à chaque fois. Pourriez-vous ajouter un mode sombre ?"
    )
    assert result.language == "fr"
    assert len(result.insights) == 2
    assert "bug_report" in intents(result.insights[0])
    assert "feature_request" in intents(result.insights[1])


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("I absolutely love this app, the new design is wonderful!", "positive"),
        ("J'adore cette application, elle est géniale et très simple.", "positive"),
        ("This is the worst update ever, everything is slow and broken.", "negative"),
        ("Application nulle, lente et pleine de bugs, très déçu.", "negative"),
    ],
)
def test_sentiment_on_clear_cases(analyzer, text, label):
    result = analyzer.analyze(text)
    assert result.sentiment.label == label
    assert (result.sentiment.score > 0) == (label == "positive")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("How do I change the billing address on my invoices?", "question"),
        ("Comment puis-je changer l'adresse de facturation ?", "question"),
        ("Your product is fantastic, the support team is wonderful!", "praise"),
        ("We will cancel our subscription and move to a competitor.", "churn_risk"),
        ("Nous allons résilier notre abonnement et passer chez un concurrent.", "churn_risk"),
        ("The new price is far too expensive for a small team.", "pricing"),
    ],
)
def test_other_intents_on_clear_cases(analyzer, text, label):
    assert label in intents(analyzer.analyze(text))


def test_scores_stay_in_range_and_labels_are_known(analyzer):
    for result in analyzer.analyze_batch(
        ["How do I change my invoice address?", "Great!", "We will cancel if this is not fixed."]
    ):
        assert result.sentiment.label in SENTIMENT_LABELS and -1 <= result.sentiment.score <= 1
        assert result.urgency.level in URGENCY_LEVELS and 0 <= result.urgency.score <= 1
        assert result.intents and all(i.label in INTENT_LABELS for i in result.intents)
        assert all(0 <= i.score <= 1 for i in result.intents)
        assert [i.score for i in result.intents] == sorted(
            (i.score for i in result.intents), reverse=True
        )


def test_urgency_rises_with_outage_security_and_churn(analyzer):
    calm, urgent = analyzer.analyze_batch(
        [
            "It would be nice to have more colour themes some day.",
            "URGENT: production is down, nobody can log in and we are losing money. "
            "We will cancel our subscription if this is not fixed today.",
        ]
    )
    assert calm.urgency.level in {"low", "normal"}
    assert urgent.urgency.level == "critical"
    assert urgent.urgency.score > calm.urgency.score + 0.4


def test_pii_is_gone_before_the_models_see_the_text(analyzer):
    result = analyzer.analyze("My card 4111 1111 1111 1111 was charged twice, mail jo@acme.com")
    assert "4111" not in result.text and "jo@acme.com" not in result.text
    assert all("4111" not in insight.text for insight in result.insights)


def test_stages_can_be_switched_off():
    analyzer = Analyzer(AnalyzerConfig(stages=("normalise", "language", "segment")))
    assert analyzer.stage_names == ["normalise", "language", "segment"]
    result = analyzer.analyze("Mail me at jo@acme.com. The app is slow.")
    assert "jo@acme.com" in result.text  # no redaction stage
    assert result.sentiment is None and result.insights[0].vector is None


@pytest.mark.parametrize("mode", ["mean", "whole"])
def test_message_vector_modes(analyzer, mode):
    """Every mode gives the same insight vectors; the message vector differs with the mode, and a
    one-insight message is represented by its insight's vector."""
    text = "The sync with my watch fails since the update. Otherwise the app is great."
    pooled = analyzer.analyze(text)
    other = Analyzer(AnalyzerConfig(message_vector=mode)).analyze(text)
    assert len(pooled.insights) == 2
    for a, b in zip(pooled.insights, other.insights, strict=True):
        assert np.allclose(a.vector, b.vector, atol=1e-5)
    assert 0.8 < float(pooled.vector @ other.vector) < 0.9999
    single = analyzer.analyze("The sync with my watch fails.")
    assert single.vector is single.insights[0].vector  # scored once by the heads


def test_unknown_stage_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown stages"):
        Analyzer(AnalyzerConfig(stages=("normalise", "translate")))


def test_heads_without_embeddings_say_what_to_enable():
    analyzer = Analyzer(AnalyzerConfig(stages=("normalise", "segment", "sentiment")))
    with pytest.raises(RuntimeError, match="embed"):
        analyzer.analyze("The app is slow.")


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("La exportación falla. ¿Cuándo estará arreglado? ¡Es urgente!", 1),
        ("¿Cuándo estará solucionado? La exportación falla desde el lunes.", 0),
        ("La exportación falla. ¿¡Cuándo estará arreglado!? Necesitamos la solución hoy.", 1),
    ],
)
def test_a_spanish_question_is_its_own_insight_tagged_question(analyzer, text, question):
    result = analyzer.analyze(text, language="es")
    asked = result.insights[question]
    assert asked.text.startswith(("¿", "¡¿", "¿¡"))
    assert "question" in intents(asked)
    assert "question" not in intents(result.insights[1 - question])
