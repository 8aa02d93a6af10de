"""Issue #2, sentiment on short spans the heads misread; held-out sentences written before the
rules (none from a dataset):
- a plain slowness ("El inicio de sesión es lento") read praise beside the bug report."""

import pytest

from analyzer import Analyzer
from analyzer.grievance import grievance

SLOW = [
    "El inicio de sesión es lento.",
    "La aplicación es lenta.",
    "La búsqueda es lenta desde ayer.",
    "A aplicação é lenta.",
    "O carregamento dos relatórios é lento.",
    "L'app è lenta.",
    "La ricerca è lenta.",
    "Die Suche ist langsam.",
    "Die App ist langsam.",
    "L'application est lente.",
    "La recherche est lente.",
    "The search is slow.",
]
NOT_SLOW = [
    "La aplicación no es lenta.",
    "The app is not slow at all.",
    "Il login non è lento.",
    "L'application n'est pas lente.",
    "Die App ist nicht langsam.",
]


def labels(analysis) -> set[str]:
    return {intent.label for intent in analysis.intents}


@pytest.mark.parametrize("text", SLOW)
def test_a_plain_slowness_is_a_complaint_not_praise(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze(text)
    assert grievance(text) == "slowness"
    assert analysis.sentiment.label == "negative", analysis.sentiment
    assert "praise" not in labels(analysis), analysis.intents
    assert "complaint" in labels(analysis), analysis.intents


@pytest.mark.parametrize("text", NOT_SLOW)
def test_a_denied_slowness_is_no_grievance(text: str) -> None:
    assert grievance(text) is None
