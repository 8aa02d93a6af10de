"""Boucle's NLP core: text in, analysis out. No HTTP, no SQL, no vector store.

Names are imported on first use (PEP 562): `from analyzer import AnalyzerConfig` (the API's
settings) must not import the pipeline and numpy, seconds of every `boucle` command's start."""

from typing import TYPE_CHECKING

from analyzer.lazy_names import lazy_names

if TYPE_CHECKING:
    from analyzer.analysis import Analysis, Insight, Intent, Sentiment, Urgency
    from analyzer.config import DEFAULT_STAGES, AnalyzerConfig
    from analyzer.output_labels import INTENT_LABELS, SENTIMENT_LABELS, URGENCY_LEVELS
    from analyzer.pipeline import Analyzer

# each name's module
_HOMES = {
    "DEFAULT_STAGES": "analyzer.config",
    "INTENT_LABELS": "analyzer.output_labels",
    "SENTIMENT_LABELS": "analyzer.output_labels",
    "URGENCY_LEVELS": "analyzer.output_labels",
    "Analysis": "analyzer.analysis",
    "Analyzer": "analyzer.pipeline",
    "AnalyzerConfig": "analyzer.config",
    "Insight": "analyzer.analysis",
    "Intent": "analyzer.analysis",
    "Sentiment": "analyzer.analysis",
    "Urgency": "analyzer.analysis",
}

__all__ = [
    "Analysis",
    "Analyzer",
    "AnalyzerConfig",
    "DEFAULT_STAGES",
    "INTENT_LABELS",
    "Insight",
    "Intent",
    "SENTIMENT_LABELS",
    "Sentiment",
    "URGENCY_LEVELS",
    "Urgency",
]

__getattr__, __dir__ = lazy_names(globals(), _HOMES)
