"""Feature vectors that the heads read: the sentence embedding, optionally with cheap extras.

The head's card says which features it was trained on (`"features"`), so training and serving
build exactly the same vector.
"""

from collections.abc import Sequence

import numpy as np


def build_features(texts: Sequence[str], vectors: np.ndarray, spec: dict) -> np.ndarray:
    """Features for `texts`, whose sentence embeddings are `vectors` (one row per text)."""
    parts = [np.asarray(vectors, dtype=np.float32)]
    if spec.get("char_ngrams"):
        from models.char_ngrams import hashed_char_ngrams

        parts.append(hashed_char_ngrams(texts, **spec["char_ngrams"]))
    return parts[0] if len(parts) == 1 else np.hstack(parts)
