"""Embedding of every insight in one batched call; each message gets a vector of its own too."""

from typing import cast

import numpy as np

from analyzer.analysis import Analysis
from analyzer.config import AnalyzerConfig
from analyzer.resources import Resources
from analyzer.shouting import model_reader
from models.embedders import MessageEmbedder


def weighted_mean(vectors: np.ndarray, weights: np.ndarray) -> np.ndarray:
    mean = (vectors * weights[:, None]).sum(axis=0)
    return mean / max(float(np.linalg.norm(mean)), 1e-12)


class EmbedStage:
    name = "embed"

    def __init__(self, config: AnalyzerConfig, resources: Resources) -> None:
        self.embedder = resources.embedder
        self.mode = config.message_vector
        self.read = model_reader(config.fold_shouting)  # shouting is embedded in sentence case
        if self.mode == "pooled" and not isinstance(self.embedder, MessageEmbedder):
            self.mode = "mean"  # this embedder cannot pool a message from its insights

    def __call__(self, batch: list[Analysis]) -> None:
        if self.mode == "pooled":
            self.embed_pooled(batch)
            return
        texts: list[str] = []
        for analysis in batch:
            texts.extend(self.read(insight.text) for insight in analysis.insights)
            if self.mode == "whole" and len(analysis.insights) != 1:
                texts.append(self.read(analysis.text))
        vectors = iter(self.embedder.embed(texts))
        for analysis in batch:
            for insight in analysis.insights:
                insight.vector = next(vectors)
            if len(analysis.insights) == 1:
                analysis.vector = analysis.insights[0].vector
            elif self.mode == "whole":
                analysis.vector = next(vectors)
            else:
                lengths = np.array([len(i.text) for i in analysis.insights], dtype=np.float32)
                analysis.vector = weighted_mean(
                    np.vstack([i.vector for i in analysis.insights]), lengths
                )

    def embed_pooled(self, batch: list[Analysis]) -> None:
        # checked once in __init__: isinstance against a runtime-checkable Protocol costs ~0.1 ms
        embedder = cast(MessageEmbedder, self.embedder)
        insight_vectors, message_vectors = embedder.embed_messages(
            [[self.read(insight.text) for insight in analysis.insights] for analysis in batch]
        )
        rows = iter(insight_vectors)
        for analysis, message_vector in zip(batch, message_vectors, strict=True):
            for insight in analysis.insights:
                insight.vector = next(rows)
            # one insight: the same array, so the heads score such a message once (stages/heads.py)
            single = len(analysis.insights) == 1
            analysis.vector = analysis.insights[0].vector if single else message_vector
