"""Boucle's NLP core: text in, analysis out. No HTTP, no SQL, no vector store."""

from analyzer.analysis import (
    INTENT_LABELS,
    SENTIMENT_LABELS,
    URGENCY_LEVELS,
    Analysis,
    Insight,
    Intent,
    Sentiment,
    Urgency,
)
from analyzer.config import DEFAULT_STAGES, AnalyzerConfig
from analyzer.pipeline import Analyzer

__all__ = [
    "DEFAULT_STAGES",
    "INTENT_LABELS",
    "SENTIMENT_LABELS",
    "URGENCY_LEVELS",
    "Analysis",
    "Analyzer",
    "AnalyzerConfig",
    "Insight",
    "Intent",
    "Sentiment",
    "Urgency",
]
