"""Feature vectors that the heads read: the sentence embedding, optionally with cheap extras.

The head's card says which features it was trained on (`"features"`), so training and serving
build exactly the same vector:

- `{}`: the embedding alone;
- `{"lexical": {"dims": D, "words": [1, 2], "chars": [3, 5], "weight": w}}`: the embedding followed
  by D hashed word/character n-gram features (models/lexical.py says exactly how they are built).
"""

from collections.abc import Sequence

import numpy as np


def build_features(texts: Sequence[str], vectors: np.ndarray, spec: dict) -> np.ndarray:
    """Features for `texts`, whose sentence embeddings are `vectors` (one row per text), dense."""
    parts = [np.asarray(vectors, dtype=np.float32)]
    if spec.get("lexical"):
        from models.lexical import hashed_dense

        parts.append(hashed_dense(texts, **spec["lexical"]))
    return parts[0] if len(parts) == 1 else np.hstack(parts)


def build_logits(
    texts: Sequence[str], vectors: np.ndarray, spec: dict, weights: np.ndarray
) -> np.ndarray:
    """build_features(texts, vectors, spec) @ weights, without building the dense hashed part."""
    vectors = np.asarray(vectors, dtype=np.float32)
    logits = vectors @ weights[: vectors.shape[1]]
    if spec.get("lexical"):
        from models.lexical import sparse_dot

        logits = logits + sparse_dot(texts, weights[vectors.shape[1] :], **spec["lexical"])
    return logits
