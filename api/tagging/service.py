"""Tagging as plain functions over an Analyzer: used by the routes, the CLI and the tests."""

from collections.abc import Iterator, Sequence
from dataclasses import asdict

import numpy as np

from analyzer import Analysis, Analyzer
from analyzer.analysis import SENTIMENT_LABELS, URGENCY_LEVELS
from api.tagging.priority import PriorityLock
from api.tagging.schemas import IntentLabel, LabelsResponse, TagResult

# Bulk work takes the analyzer one chunk at a time, so a ticket waits for one chunk at most.
# Measured 2026-12-02 (docs/benchmarks.md, load test): beside a bulk ingest a ticket's p90 fell
# from ~160-200 ms (64, plain lock) to ~80-95 ms; bulk POST /v1/feedback costs ~8 % (362 vs
# 391 items/s alone, the embedder batching by tokens anyway).
CHUNK = 16
# A call this small is someone waiting (one ticket ingested, a few texts predicted): urgent.
URGENT_ITEMS = 4


class Tagger:
    """The analyzer behind a lock: stages keep caches and BLAS thread limits are process-wide.
    One ticket and search queries are urgent: they go before bulk chunks waiting for it."""

    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self._lock = PriorityLock()

    def tag(self, text: str, language: str | None = None) -> TagResult:
        with self._lock.hold(urgent=True):
            analysis = self.analyzer.analyze_batch([text], [language])[0]
        return to_result(analysis)

    def tag_now(self, text: str, language: str | None = None) -> TagResult | None:
        """One ticket if the analyzer is free at this moment, else None without waiting (an
        event loop must not block on bulk work: it then calls `tag` from a thread)."""
        if not self._lock.try_hold():
            return None
        try:
            analysis = self.analyzer.analyze_batch([text], [language])[0]
        finally:
            self._lock.release()
        return to_result(analysis)

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
        """Tag an endless stream in chunks (the CLI reads stdin this way). If reading the input
        fails (a bad line), the items read before it are answered first, then the error rises."""
        chunk: list[tuple[str, str | None]] = []
        source = iter(items)
        while True:
            try:
                chunk.append(next(source))
            except StopIteration:
                break
            except Exception:
                if chunk:
                    yield from self.tag_many(*zip(*chunk, strict=True))
                raise
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

    def stored_texts(self, texts: Sequence[str], languages: Sequence[str | None]) -> list[str]:
        """The texts as ingestion stores them, normalised and redacted: the stages up to
        redaction only (later ones read the text, never change it), in chunks."""
        return [
            analysis.text
            for start in range(0, len(texts), CHUNK)
            for analysis in self._analyze(
                texts[start : start + CHUNK], languages[start : start + CHUNK], until="redact"
            )
        ]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Raw embeddings of short texts (search queries, need titles), normalised rows."""
        with self._lock.hold(urgent=True):
            return self.analyzer.resources.embedder.embed(list(texts))

    def prepare(self, texts: Sequence[str]) -> list[Analysis]:
        """Analyses up to their vectors only (what custom taggers learn from), in chunks."""
        analyses: list[Analysis] = []
        for start in range(0, len(texts), CHUNK):
            with self._lock.hold(urgent=len(texts) <= URGENT_ITEMS):
                chunk = list(texts[start : start + CHUNK])
                analyses += self.analyzer.analyze_batch(chunk, until="embed")
        return analyses

    def _analyze(
        self, texts: Sequence[str], languages: Sequence[str | None], until: str | None = None
    ) -> list[Analysis]:
        with self._lock.hold(urgent=len(texts) <= URGENT_ITEMS):
            return self.analyzer.analyze_batch(list(texts), list(languages), until=until)


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


def labels_in_force(analyzer: Analyzer) -> LabelsResponse:
    """The labels a tagging answer may carry, with each intent's threshold in force (the trained
    one unless BOUCLE_INTENT_THRESHOLDS replaced it); no intents when the stage is off."""
    stage = next((stage for stage in analyzer.stages if stage.name == "intent"), None)
    intents = []
    if stage is not None:
        metrics = stage.head.card.get("cross_validation", {}).get("metrics", {})
        intents = [
            IntentLabel(
                label=label,
                threshold=round(float(threshold), 4),
                trained_threshold=round(float(trained), 4),
                cv_f1=metrics.get(label, {}).get("f1_at_threshold"),
            )
            for label, threshold, trained in zip(
                stage.head.labels, stage.thresholds, stage.head.thresholds, strict=True
            )
        ]
    return LabelsResponse(
        languages=list(analyzer.config.languages),
        sentiment=list(SENTIMENT_LABELS),
        intents=intents,
        urgency=list(URGENCY_LEVELS),
        stages=analyzer.stage_names,
    )
