"""On-disk cache of sentence embeddings for training and evaluation runs (never used in serving).

Keyed by embedder name + sha1 of the text, so re-running train/eval scripts does not re-embed.
"""

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from models.embedders import Embedder
from models.emoji_words import spell_emoji

DEFAULT_CACHE = Path.home() / ".cache" / "boucle" / "embeddings"
BATCH = 256


def _key(text: str) -> str:
    # what the embedder reads: a text with emoji is embedded (and cached) as spelt out
    return hashlib.sha1(spell_emoji(text).encode("utf-8")).hexdigest()


class CachedEmbedder:
    """Wraps an embedder; `embed` serves cached vectors and embeds the rest in batches of 256."""

    def __init__(self, embedder: Embedder, directory: Path | None = DEFAULT_CACHE) -> None:
        self.embedder = embedder
        self.name = embedder.name
        self.path = None if directory is None else Path(directory) / f"{embedder.name}.npz"
        self._vectors: dict[str, np.ndarray] = {}
        if self.path is not None and self.path.is_file():
            with np.load(self.path) as arrays:
                self._vectors = dict(zip(arrays["keys"].tolist(), arrays["vectors"], strict=True))
        self._dirty = False

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        keys = [_key(text) for text in texts]
        missing = list(
            {
                key: text for key, text in zip(keys, texts, strict=True) if key not in self._vectors
            }.items()
        )
        for start in range(0, len(missing), BATCH):
            chunk = missing[start : start + BATCH]
            vectors = self.embedder.embed([text for _, text in chunk])
            self._vectors.update(zip([key for key, _ in chunk], vectors, strict=True))
            self._dirty = True
        if self._dirty:
            self.save()
        if not keys:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        return np.stack([self._vectors[key] for key in keys]).astype(np.float32)

    def save(self) -> None:
        if self.path is None or not self._dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.array(list(self._vectors), dtype="U40")
        np.savez(self.path, keys=keys, vectors=np.stack(list(self._vectors.values())))
        self._dirty = False
