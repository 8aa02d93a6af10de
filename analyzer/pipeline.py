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

    def analyze(
        self, text: str, language: str | None = None, names: Sequence[str] = ()
    ) -> Analysis:
        return self.analyze_batch([text], [language], names=[names])[0]

    def analyze_batch(
        self,
        texts: Sequence[str],
        languages: Sequence[str | None] | None = None,
        until: str | None = None,
        names: Sequence[Sequence[str]] | None = None,
    ) -> list[Analysis]:
        """Run the stages in order; with `until`, stop after that stage (e.g. "embed" gives the
        vectors custom taggers train on, exactly as they will see them when tagging). `names`:
        for each text, people it may name (its contact's name), masked by redaction."""
        languages = languages or [None] * len(texts)
        names = names or [()] * len(texts)
        batch = [
            Analysis(
                original_text=text,
                text=text,
                language=lang,
                language_given=lang is not None,
                names=list(known),
            )
            for text, lang, known in zip(texts, languages, names, strict=True)
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
            if stage.name == "segment" and until is None:
                worded = without_empty_mails(worded)
        return batch


def without_empty_mails(batch: list[Analysis]) -> list[Analysis]:
    """The analyses that say something; the others ("Sent from my iPhone" alone) keep their text
    and get no insight, no sentiment, no intent, as a score without a comment. Only a full run
    drops them: a run `until` a stage (custom taggers' vectors) reads every text to it."""
    # here, not at the top: the CLI imports this module, and the name lists take a second
    from analyzer.empty_mail import is_empty_mail

    for analysis in batch:
        if is_empty_mail(analysis.text):
            analysis.insights = []
    return [analysis for analysis in batch if analysis.insights]
