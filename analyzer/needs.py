"""Matching insights against customer needs, over vectors only (where they are stored is not the
analyzer's business): which insights are worth a need, and what a best match's score means."""

from dataclasses import dataclass
from typing import Literal

import numpy as np

from analyzer.analysis import Insight

# Intents that ask for something to be done; praise and "other" do not make a need.
ACTIONABLE_INTENTS = frozenset({"bug_report", "feature_request", "complaint", "question"})

Decision = Literal["link", "suggest", "none"]


@dataclass(frozen=True)
class MatchThresholds:
    auto: float  # at or above: link without asking
    review: float  # at or above (and below auto): ask a person

    def __post_init__(self) -> None:
        if not 0 <= self.review <= self.auto <= 1:
            raise ValueError(f"need 0 <= review ({self.review}) <= auto ({self.auto}) <= 1")


def is_actionable(insight: Insight) -> bool:
    return any(intent.label in ACTIONABLE_INTENTS for intent in insight.intents)


def decide(score: float, thresholds: MatchThresholds) -> Decision:
    if score >= thresholds.auto:
        return "link"
    if score >= thresholds.review:
        return "suggest"
    return "none"


def centroid(total: np.ndarray) -> np.ndarray:
    """A need's vector: the direction of the sum of its evidence's (unit) vectors."""
    return (total / max(float(np.linalg.norm(total)), 1e-12)).astype(np.float32)
