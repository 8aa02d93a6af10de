"""Training, predicting and listing custom taggers: plain functions the routes and the CLI share."""

import logging
import threading
from collections import Counter
from datetime import UTC, datetime

import numpy as np

from analyzer.taggers import tagger_answers
from api.taggers.schemas import TrainRequest
from api.taggers.store import TaggerStore
from api.tagging.service import Tagger
from models.training import fit_multi_label, fit_single_label

log = logging.getLogger("boucle.taggers")
# Versions saved before the mode was recorded were trained when "mean" was the only default.
UNRECORDED_MESSAGE_VECTOR = "mean"


class BadExamples(ValueError):
    """Examples a tagger cannot learn from; the message says what to fix."""


class Taggers:
    """Live taggers on disk and in the analyzer: the analyzer tags with whatever is live here."""

    def __init__(self, store: TaggerStore, tagger: Tagger) -> None:
        self.store = store
        self.tagger = tagger
        self.analyzer = tagger.analyzer
        self.embedder = self.analyzer.config.embedder
        self._training = threading.Lock()  # one training at a time: it uses both cores
        self._publish({name: store.head(name, self.embedder) for name in store.names()})
        for name in store.names():
            if warning := self.info(name)["warning"]:
                log.warning("tagger %r: %s", name, warning)

    def _publish(self, taggers: dict) -> None:
        self.analyzer.resources.taggers = taggers

    def prepared(self, texts: list[str]) -> tuple[list[str], np.ndarray]:
        """Texts and vectors exactly as the analyzer will see them when tagging (normalised,
        redacted, embedded), so a tagger learns from what it will be shown."""
        analyses = self.tagger.prepare(texts)
        return [a.text for a in analyses], np.vstack([a.vector for a in analyses])

    def train(self, name: str, request: TrainRequest) -> dict:
        examples = [e.model_dump() for e in request.examples]
        if request.append:
            examples = self.store.examples(name) + examples
        labels = [e["label"] if isinstance(e["label"], list) else [e["label"]] for e in examples]
        check_examples(labels, request.unknown_label)
        with self._training:
            texts, matrix = self.prepared([e["text"] for e in examples])
            if request.multi_label:
                fitted = fit_multi_label(name, texts, matrix, labels, self.embedder)
            else:
                fitted = fit_single_label(
                    name, texts, matrix, [row[0] for row in labels], self.embedder,
                    unknown_label=request.unknown_label, threshold=request.threshold,
                )  # fmt: skip
            counts = Counter(label for row in labels for label in row)
            meta = {
                "name": name,
                "description": request.description,
                "multi_label": request.multi_label,
                "labels": list(fitted.head.labels),
                "counts": dict(sorted(counts.items())),
                "unknown_label": request.unknown_label,
                "threshold": fitted.metrics.get("threshold", 0.5),
                "metrics": fitted.metrics,
                "message_vector": self.analyzer.config.message_vector,
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            }
            self.store.save(fitted.head, meta, examples)
            self._publish({**self.analyzer.resources.taggers, name: fitted.head})
        return self.info(name)

    def predict(self, name: str, texts: list[str]) -> list[dict]:
        head = self.analyzer.resources.taggers.get(name) or self.store.head(name, self.embedder)
        prepared, vectors = self.prepared(texts)
        return tagger_answers(head, head.predict(prepared, vectors))

    def info(self, name: str) -> dict:
        meta = self.store.meta(name)
        trained_on = meta.get("message_vector", UNRECORDED_MESSAGE_VECTOR)
        serving = self.analyzer.config.message_vector
        warning = None
        if trained_on != serving:
            # Scores would drift from the measured metrics on messages of several insights.
            warning = (
                f"trained on {trained_on!r} message vectors but the server now uses {serving!r} "
                f"(BOUCLE_MESSAGE_VECTOR): train it again with the same examples, or set "
                f"BOUCLE_MESSAGE_VECTOR={trained_on}"
            )
        return {
            **meta,
            "message_vector": trained_on,
            "warning": warning,
            "versions": self.store.versions(name),
        }

    def delete(self, name: str) -> None:
        self.store.delete(name)
        self._publish({k: v for k, v in self.analyzer.resources.taggers.items() if k != name})


def check_examples(labels: list[list[str]], unknown_label: str | None) -> None:
    counts = Counter(label for row in labels for label in row)
    if len(counts) < 2:
        raise BadExamples(f"a tagger needs at least 2 labels; got {sorted(counts) or 'none'}")
    rare = sorted(label for label, n in counts.items() if n < 2)
    if rare:
        raise BadExamples(
            f"each label needs at least 2 examples; too few for: {', '.join(rare[:20])}"
        )
    if unknown_label is not None and unknown_label not in counts:
        raise BadExamples(f"unknown_label {unknown_label!r} is on none of the examples")
