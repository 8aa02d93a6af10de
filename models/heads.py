"""Small trained classification heads over sentence embeddings, stored as .npz (weights) + .json (card).

A head is a linear layer: softmax for single-label heads (sentiment), one sigmoid per label for
multi-label heads (intents). Inference is plain numpy, so serving needs no scikit-learn or torch.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from models.features import build_features, build_logits

HEADS_DIR = Path(__file__).resolve().parent / "heads"


@dataclass(frozen=True)
class LinearHead:
    name: str
    labels: tuple[str, ...]
    multi_label: bool
    weights: np.ndarray  # (n_features, n_labels)
    bias: np.ndarray  # (n_labels,)
    thresholds: np.ndarray  # (n_labels,); used by multi-label heads
    embedder: str
    card: dict

    def predict(self, texts: Sequence[str], vectors: np.ndarray) -> np.ndarray:
        """Calibrated probabilities for `texts` (embedded as `vectors`), shape (n_texts, n_labels)."""
        spec = self.card.get("features", {})
        return self._activate(build_logits(texts, vectors, spec, self.weights) + self.bias)

    def features(self, texts: Sequence[str], vectors: np.ndarray) -> np.ndarray:
        """The dense feature matrix this head reads (embedding + any extras its card names)."""
        return build_features(texts, vectors, self.card.get("features", {}))

    def scores(self, features: np.ndarray) -> np.ndarray:
        """Calibrated probabilities from ready-made features, shape (n_texts, n_labels)."""
        return self._activate(np.asarray(features, dtype=np.float32) @ self.weights + self.bias)

    def _activate(self, logits: np.ndarray) -> np.ndarray:
        if self.multi_label:
            return 1.0 / (1.0 + np.exp(-np.clip(logits, -60.0, 60.0)))
        logits = logits - logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def save(self, directory: Path = HEADS_DIR) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            directory / f"{self.name}.npz",
            weights=self.weights.astype(np.float32),
            bias=self.bias.astype(np.float32),
            thresholds=self.thresholds.astype(np.float32),
        )
        card = {
            **self.card,
            "name": self.name,
            "labels": list(self.labels),
            "multi_label": self.multi_label,
            "embedder": self.embedder,
        }
        (directory / f"{self.name}.json").write_text(json.dumps(card, indent=2, ensure_ascii=False))


class HeadMismatch(RuntimeError):
    """A head was trained on another embedder's vectors than the one loaded."""


def load_head(name: str, embedder: str, directory: Path = HEADS_DIR) -> LinearHead:
    card_path = directory / f"{name}.json"
    if not card_path.is_file():
        raise FileNotFoundError(
            f"no trained head {name!r} in {directory}: run scripts/train_heads.py"
        )
    card = json.loads(card_path.read_text())
    if card["embedder"] != embedder:
        raise HeadMismatch(
            f"head {name!r} was trained on {card['embedder']} vectors, not {embedder}: "
            f"retrain it with scripts/train_heads.py --embedder {embedder}"
        )
    with np.load(directory / f"{name}.npz") as arrays:
        weights, bias, thresholds = (
            arrays[k].astype(np.float32) for k in ("weights", "bias", "thresholds")
        )
    return LinearHead(
        name=name,
        labels=tuple(card["labels"]),
        multi_label=bool(card["multi_label"]),
        weights=weights,
        bias=bias,
        thresholds=thresholds,
        embedder=card["embedder"],
        card=card,
    )
