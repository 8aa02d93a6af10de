"""The analyzer: text in, `Analysis` out, through the configured ordered stages."""

from collections.abc import Sequence

from analyzer.analysis import Analysis
from analyzer.config import AnalyzerConfig
from analyzer.resources import Resources
from analyzer.stages import Stage, stage_factories
from analyzer.stages.language import UNDETERMINED


class Analyzer:
    def __init__(self, config: AnalyzerConfig | None = None) -> None:
        self.config = config or AnalyzerConfig()
        self.resources = Resources(self.config)
        factories = stage_factories()
        unknown = [name for name in self.config.stages if name not in factories]
        if unknown:
            raise ValueError(f"unknown stages {unknown}; known: {sorted(factories)}")
        self.stages: list[Stage] = [
            factories[name](self.config, self.resources) for name in self.config.stages
        ]

    @property
    def stage_names(self) -> list[str]:
        return [stage.name for stage in self.stages]

    def analyze(self, text: str, language: str | None = None) -> Analysis:
        return self.analyze_batch([text], [language])[0]

    def analyze_batch(
        self,
        texts: Sequence[str],
        languages: Sequence[str | None] | None = None,
        until: str | None = None,
    ) -> list[Analysis]:
        """Run the stages in order; with `until`, stop after that stage (e.g. "embed" gives the
        vectors custom taggers train on, exactly as they will see them when tagging)."""
        languages = languages or [None] * len(texts)
        batch = [
            Analysis(original_text=text, text=text, language=lang, language_given=lang is not None)
            for text, lang in zip(texts, languages, strict=True)
        ]
        # A survey answer with a score and no comment has no words to analyse: no insight, no
        # sentiment, rather than a guess made from nothing.
        worded = [analysis for analysis in batch if analysis.text.strip()]
        for analysis in batch:
            if not analysis.text.strip():
                analysis.text = ""
                analysis.language = analysis.language or UNDETERMINED
        for stage in self.stages if worded else ():
            stage(worded)
            if stage.name == until:
                break
        return batch
