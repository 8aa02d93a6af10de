"""Sentiment per insight and per message: negative / neutral / positive and a score in [-1, 1]."""

import numpy as np

from analyzer.analysis import Analysis, Sentiment
from analyzer.config import AnalyzerConfig
from analyzer.resources import Resources
from analyzer.stages.heads import score_batch


class SentimentStage:
    name = "sentiment"

    def __init__(self, config: AnalyzerConfig, resources: Resources) -> None:
        self.head = resources.head("sentiment")
        labels = self.head.labels
        self.negative, self.positive = labels.index("negative"), labels.index("positive")

    def sentiment(self, probabilities: np.ndarray) -> Sentiment:
        score = float(probabilities[self.positive] - probabilities[self.negative])
        return Sentiment(self.head.labels[int(np.argmax(probabilities))], round(score, 4))

    def __call__(self, batch: list[Analysis]) -> None:
        for analysis, (message, insights) in zip(batch, score_batch(self.head, batch), strict=True):
            analysis.sentiment = self.sentiment(message)
            for insight, row in zip(analysis.insights, insights, strict=True):
                insight.sentiment = self.sentiment(row)
