"""What the sentiment and intent stages share: run one head over every insight and message."""

from collections.abc import Callable

import numpy as np

from analyzer.analysis import Analysis
from analyzer.shouting import as_written
from models.heads import LinearHead


def score_batch(
    head: LinearHead, batch: list[Analysis], read: Callable[[str], str] = as_written
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per analysis: (message scores (n_labels,), insight scores (n_insights, n_labels)). A
    message that is one insight (same text, same vector) is scored once: most tickets are.
    `read`: the text as the head reads it (analyzer/shouting.py)."""
    texts, vectors, rows = [], [], []
    for analysis in batch:
        if analysis.vector is None:
            raise RuntimeError("the embed stage must run before the heads: enable 'embed'")
        message = len(texts)
        texts.append(read(analysis.text))
        vectors.append(analysis.vector)
        if is_whole_message(analysis):
            rows.append((message, [message]))
            continue
        rows.append((message, list(range(message + 1, message + 1 + len(analysis.insights)))))
        for insight in analysis.insights:
            texts.append(read(insight.text))
            vectors.append(insight.vector)
    scores = head.predict(texts, np.vstack(vectors)) if texts else np.zeros((0, len(head.labels)))
    return [(scores[message], scores[insights]) for message, insights in rows]


def is_whole_message(analysis: Analysis) -> bool:
    """One insight that is the whole message, with the message's own vector."""
    if len(analysis.insights) != 1:
        return False
    insight = analysis.insights[0]
    return insight.text == analysis.text and insight.vector is analysis.vector


def all_say_no_problem(analysis: Analysis) -> bool:
    """Every insight says a problem is absent, thanks for its fix or praises outright: the
    message as a whole says so too."""
    return bool(analysis.insights) and all(
        i.says_no_problem or i.thanks or i.acclaims for i in analysis.insights
    )
