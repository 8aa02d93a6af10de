"""Sentiment per insight and per message: negative / neutral / positive and a score in [-1, 1]."""

import numpy as np

from analyzer.analysis import Analysis, Sentiment
from analyzer.config import AnalyzerConfig
from analyzer.resources import Resources
from analyzer.stages.heads import all_say_no_problem, score_batch


def only_grieves(analysis: Analysis) -> bool:
    """Whether an insight grieves and none reads positive: then a positive reading of the
    whole text came from the grievance's words, as the mirrored insight's did."""
    insights = analysis.insights
    return any(i.grievance for i in insights) and not any(
        i.sentiment.label == "positive" for i in insights
    )


def only_requires(analysis: Analysis) -> bool:
    """Whether an insight states a requirement and none reads positive: then a positive reading
    of the whole text came from the requirement's calm words."""
    insights = analysis.insights
    return any(i.requires for i in insights) and not any(
        i.sentiment.label == "positive" for i in insights
    )


def only_fails(analysis: Analysis) -> bool:
    """Whether an insight states a failure and none reads positive: then the whole text is as
    negative as that statement."""
    insights = analysis.insights
    return any(i.fails for i in insights) and not any(
        i.sentiment.label == "positive" for i in insights
    )


class SentimentStage:
    name = "sentiment"

    def __init__(self, config: AnalyzerConfig, resources: Resources) -> None:
        self.head = resources.head("sentiment")
        labels = self.head.labels
        self.negative, self.positive = labels.index("negative"), labels.index("positive")
        self.neutral = labels.index("neutral")

    def sentiment(self, probabilities: np.ndarray) -> Sentiment:
        score = float(probabilities[self.positive] - probabilities[self.negative])
        return Sentiment(self.head.labels[int(np.argmax(probabilities))], round(score, 4))

    def read_as_no_problem(self, probabilities: np.ndarray) -> np.ndarray:
        """A denied problem ("No crashes since the update.") is the mirror of the problem the
        head heard: when negative leads, p(negative) and p(positive) swap. So are thanks for a
        deed ("Merci d'avoir corrigé le bug si vite !"), whose bug the head heard."""
        if int(np.argmax(probabilities)) != self.negative:
            return probabilities
        mirrored = probabilities.copy()
        mirrored[[self.negative, self.positive]] = probabilities[[self.positive, self.negative]]
        return mirrored

    def read_as_reproach(self, probabilities: np.ndarray) -> np.ndarray:
        """Thanks in reproach ("Thanks for nothing.") are the mirror of the thanks the head
        heard: when positive leads, p(positive) and p(negative) swap (a grievance's too:
        read_as_grievance)."""
        if int(np.argmax(probabilities)) != self.positive:
            return probabilities
        mirrored = probabilities.copy()
        mirrored[[self.negative, self.positive]] = probabilities[[self.positive, self.negative]]
        return mirrored

    def read_as_grievance(self, probabilities: np.ndarray) -> np.ndarray:
        """A grievance ("bien trop cher pour une équipe de 24") is a complaint however calm its
        words: a positive reading is mirrored as a reproach's is, and where neutral leads,
        p(neutral) and p(negative) swap."""
        mirrored = self.read_as_reproach(probabilities).copy()
        leading = int(np.argmax(mirrored))
        if leading == self.negative:
            return mirrored
        mirrored[[self.negative, leading]] = mirrored[[leading, self.negative]]
        return mirrored

    def read_as_statement(self, probabilities: np.ndarray) -> np.ndarray:
        """A requirement ("Notre DSI l'exige") is stated, not praised: when positive leads,
        p(positive) and p(neutral) swap."""
        if int(np.argmax(probabilities)) != self.positive:
            return probabilities
        swapped = probabilities.copy()
        swapped[[self.neutral, self.positive]] = probabilities[[self.positive, self.neutral]]
        return swapped

    def read_as_failure(self, probabilities: np.ndarray) -> np.ndarray:
        """A short failure statement ("Export fails", "production down") is no calm or happy
        review: when another label leads, it swaps with p(negative)."""
        leading = int(np.argmax(probabilities))
        if leading == self.negative:
            return probabilities
        read = probabilities.copy()
        read[[self.negative, leading]] = probabilities[[leading, self.negative]]
        return read

    def __call__(self, batch: list[Analysis]) -> None:
        for analysis, (message, insights) in zip(batch, score_batch(self.head, batch), strict=True):
            for insight, row in zip(analysis.insights, insights, strict=True):
                if insight.says_no_problem or insight.thanks:
                    row = self.read_as_no_problem(row)
                elif insight.mocks:
                    row = self.read_as_reproach(row)
                elif insight.grievance:
                    row = self.read_as_grievance(row)
                elif insight.requires:
                    row = self.read_as_statement(row)
                elif insight.fails:
                    row = self.read_as_failure(row)
                insight.sentiment = self.sentiment(row)
            if all_say_no_problem(analysis):
                message = self.read_as_no_problem(message)
            elif any(insight.mocks for insight in analysis.insights):
                message = self.read_as_reproach(message)  # sarcasm sets the tone
            elif only_grieves(analysis):
                # so does a grievance that no insight's warmth outweighs
                message = self.read_as_grievance(message)
            elif only_requires(analysis):
                message = self.read_as_statement(message)
            elif only_fails(analysis):
                message = self.read_as_failure(message)
            analysis.sentiment = self.sentiment(message)
