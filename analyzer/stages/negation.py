"""Marks insights that deny a problem ("No crashes since the update.") so that the sentiment and
intent stages do not read them as the problem itself. Rules in analyzer/negation.py."""

from analyzer.analysis import Analysis
from analyzer.config import AnalyzerConfig
from analyzer.negation import says_no_problem
from analyzer.resources import Resources


class NegationStage:
    name = "negation"

    def __init__(self, config: AnalyzerConfig, resources: Resources) -> None:
        pass

    def __call__(self, batch: list[Analysis]) -> None:
        for analysis in batch:
            for insight in analysis.insights:
                insight.says_no_problem = says_no_problem(insight.text)
