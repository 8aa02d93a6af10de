"""Embedding of every insight in one batched call; each message gets a vector of its own too."""

import numpy as np

from analyzer.analysis import Analysis
from analyzer.config import AnalyzerConfig
from analyzer.resources import Resources


def weighted_mean(vectors: np.ndarray, weights: np.ndarray) -> np.ndarray:
    mean = (vectors * weights[:, None]).sum(axis=0)
    return mean / max(float(np.linalg.norm(mean)), 1e-12)


class EmbedStage:
    name = "embed"

    def __init__(self, config: AnalyzerConfig, resources: Resources) -> None:
        self.embedder = resources.embedder
        self.embed_whole = config.message_vector == "whole"

    def __call__(self, batch: list[Analysis]) -> None:
        texts: list[str] = []
        for analysis in batch:
            texts.extend(insight.text for insight in analysis.insights)
            if self.embed_whole and len(analysis.insights) != 1:
                texts.append(analysis.text)
        vectors = iter(self.embedder.embed(texts))
        for analysis in batch:
            for insight in analysis.insights:
                insight.vector = next(vectors)
            if len(analysis.insights) == 1:
                analysis.vector = analysis.insights[0].vector
            elif self.embed_whole:
                analysis.vector = next(vectors)
            else:
                lengths = np.array([len(i.text) for i in analysis.insights], dtype=np.float32)
                analysis.vector = weighted_mean(
                    np.vstack([i.vector for i in analysis.insights]), lengths
                )
