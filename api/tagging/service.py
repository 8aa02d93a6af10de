"""Tagging as plain functions over an Analyzer: used by the routes, the CLI and the tests."""

import threading
from collections.abc import Iterator, Sequence
from dataclasses import asdict

import numpy as np

from analyzer import Analysis, Analyzer
from api.tagging.schemas import TagResult

# Bigger batches amortise the embedder; this keeps a 1,000-item request's memory flat.
CHUNK = 64


class Tagger:
    """The analyzer behind a lock: stages keep caches and BLAS thread limits are process-wide."""

    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self._lock = threading.Lock()

    def tag(self, text: str, language: str | None = None) -> TagResult:
        return self.tag_many([text], [language])[0]

    def tag_many(
        self, texts: Sequence[str], languages: Sequence[str | None] | None = None
    ) -> list[TagResult]:
        languages = languages or [None] * len(texts)
        return [
            to_result(analysis)
            for start in range(0, len(texts), CHUNK)
            for analysis in self._analyze(
                texts[start : start + CHUNK], languages[start : start + CHUNK]
            )
        ]

    def stream(self, items: Iterator[tuple[str, str | None]]) -> Iterator[TagResult]:
        """Tag an endless stream in chunks (the CLI reads stdin this way)."""
        chunk: list[tuple[str, str | None]] = []
        for item in items:
            chunk.append(item)
            if len(chunk) == CHUNK:
                yield from self.tag_many(*zip(*chunk, strict=True))
                chunk = []
        if chunk:
            yield from self.tag_many(*zip(*chunk, strict=True))

    def analyze_many(
        self, texts: Sequence[str], languages: Sequence[str | None] | None = None
    ) -> list[Analysis]:
        """Full analyses, vectors included (what ingestion stores), in chunks."""
        languages = languages or [None] * len(texts)
        analyses: list[Analysis] = []
        for start in range(0, len(texts), CHUNK):
            analyses += self._analyze(
                texts[start : start + CHUNK], languages[start : start + CHUNK]
            )
        return analyses

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Raw embeddings of short texts (search queries, need titles), normalised rows."""
        with self._lock:
            return self.analyzer.resources.embedder.embed(list(texts))

    def prepare(self, texts: Sequence[str]) -> list[Analysis]:
        """Analyses up to their vectors only (what custom taggers learn from), in chunks."""
        analyses: list[Analysis] = []
        for start in range(0, len(texts), CHUNK):
            with self._lock:
                chunk = list(texts[start : start + CHUNK])
                analyses += self.analyzer.analyze_batch(chunk, until="embed")
        return analyses

    def _analyze(self, texts: Sequence[str], languages: Sequence[str | None]) -> list[Analysis]:
        with self._lock:
            return self.analyzer.analyze_batch(list(texts), list(languages))


def _plain(value):
    return asdict(value) if value is not None else None


def to_result(analysis: Analysis) -> TagResult:
    return TagResult(
        language=analysis.language,
        redacted_text=analysis.text,
        sentiment=_plain(analysis.sentiment),
        intents=[asdict(intent) for intent in analysis.intents],
        urgency=_plain(analysis.urgency),
        insights=[
            {
                "text": insight.text,
                "start": insight.start,
                "end": insight.end,
                "sentiment": _plain(insight.sentiment),
                "intents": [asdict(intent) for intent in insight.intents],
                "urgency": _plain(insight.urgency),
            }
            for insight in analysis.insights
        ],
        tags=analysis.tags,
    )
