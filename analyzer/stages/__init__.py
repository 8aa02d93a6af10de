"""The analyzer's stages. Each is a small class with a `name` and `__call__(batch)` that fills in
its own fields of every `Analysis` in the batch (batches let the embedder work efficiently)."""

from collections.abc import Callable
from typing import Protocol

from analyzer.analysis import Analysis
from analyzer.config import AnalyzerConfig
from analyzer.hidden_modules import hidden_modules
from analyzer.resources import Resources


class Stage(Protocol):
    name: str

    def __call__(self, batch: list[Analysis]) -> None: ...


def stage_factories() -> dict[str, Callable[[AnalyzerConfig, Resources], Stage]]:
    # spaCy (the segmenter's sentencizers) imported without PyTorch: see hidden_modules
    with hidden_modules("torch"):
        from analyzer.stages.embed import EmbedStage
        from analyzer.stages.intent import IntentStage
        from analyzer.stages.language import LanguageStage
        from analyzer.stages.negation import NegationStage
        from analyzer.stages.normalise import NormaliseStage
        from analyzer.stages.redact import RedactStage
        from analyzer.stages.segment import SegmentStage
        from analyzer.stages.sentiment import SentimentStage
        from analyzer.stages.tags import TagsStage
        from analyzer.stages.urgency import UrgencyStage

    stages = (
        NormaliseStage,
        LanguageStage,
        RedactStage,
        SegmentStage,
        NegationStage,
        EmbedStage,
        SentimentStage,
        IntentStage,
        UrgencyStage,
        TagsStage,
    )
    return {stage.name: stage for stage in stages}
