"""Custom taggers: every live tagger labels each message (its whole text and vector)."""

import numpy as np

from analyzer.analysis import Analysis
from analyzer.config import AnalyzerConfig
from analyzer.resources import Resources
from analyzer.taggers import stored_tag, tagger_answers


class TagsStage:
    name = "tags"

    def __init__(self, config: AnalyzerConfig, resources: Resources) -> None:
        self.resources = resources

    def __call__(self, batch: list[Analysis]) -> None:
        taggers = self.resources.taggers  # one snapshot for the whole batch
        if not taggers or not batch:
            return
        texts = [analysis.text for analysis in batch]
        vectors = np.vstack([analysis.vector for analysis in batch])
        for name, head in taggers.items():
            for analysis, answer in zip(
                batch, tagger_answers(head, head.predict(texts, vectors), top=1), strict=True
            ):
                analysis.tags[name] = stored_tag(head, answer)
