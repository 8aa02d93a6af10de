"""What the sentiment and intent stages share: run one head over every insight and message."""

import numpy as np

from analyzer.analysis import Analysis
from models.heads import LinearHead


def score_batch(head: LinearHead, batch: list[Analysis]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per analysis: (message scores (n_labels,), insight scores (n_insights, n_labels))."""
    texts, vectors = [], []
    for analysis in batch:
        if analysis.vector is None:
            raise RuntimeError("the embed stage must run before the heads: enable 'embed'")
        texts.append(analysis.text)
        vectors.append(analysis.vector)
        for insight in analysis.insights:
            texts.append(insight.text)
            vectors.append(insight.vector)
    scores = head.predict(texts, np.vstack(vectors)) if texts else np.zeros((0, len(head.labels)))
    results, row = [], 0
    for analysis in batch:
        count = len(analysis.insights)
        results.append((scores[row], scores[row + 1 : row + 1 + count]))
        row += 1 + count
    return results
