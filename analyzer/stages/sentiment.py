"""Sentiment per insight and per message: negative / neutral / positive and a score in [-1, 1]."""

import numpy as np

from analyzer.analysis import Analysis, Sentiment
from analyzer.config import AnalyzerConfig
from analyzer.resources import Resources
from analyzer.stages.heads import all_deny_a_problem, score_batch


class SentimentStage:
    name = "sentiment"

    def __init__(self, config: AnalyzerConfig, resources: Resources) -> None:
        self.head = resources.head("sentiment")
        labels = self.head.labels
        self.negative, self.positive = labels.index("negative"), labels.index("positive")

    def sentiment(self, probabilities: np.ndarray) -> Sentiment:
        score = float(probabilities[self.positive] - probabilities[self.negative])
        return Sentiment(self.head.labels[int(np.argmax(probabilities))], round(score, 4))

    def read_as_no_problem(self, probabilities: np.ndarray) -> np.ndarray:
        """A denied problem ("No crashes since the update.") is the mirror of the problem the
        head heard: when negative leads, p(negative) and p(positive) swap."""
        if int(np.argmax(probabilities)) != self.negative:
            return probabilities
        mirrored = probabilities.copy()
        mirrored[[self.negative, self.positive]] = probabilities[[self.positive, self.negative]]
        return mirrored

    def __call__(self, batch: list[Analysis]) -> None:
        for analysis, (message, insights) in zip(batch, score_batch(self.head, batch), strict=True):
            for insight, row in zip(analysis.insights, insights, strict=True):
                denied = insight.says_no_problem
                insight.sentiment = self.sentiment(self.read_as_no_problem(row) if denied else row)
            if all_deny_a_problem(analysis):
                message = self.read_as_no_problem(message)
            analysis.sentiment = self.sentiment(message)
