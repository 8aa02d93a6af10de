"""Tagging as plain functions over an Analyzer: used by the routes, the CLI and the tests."""

import time
from collections.abc import Callable, Iterator, Sequence

import numpy as np

from analyzer import Analysis, Analyzer
from analyzer.analysis import SENTIMENT_LABELS, URGENCY_LEVELS, Intent, Sentiment, Urgency
from api.metrics.instruments import ANALYZED_INSIGHTS, ANALYZED_TEXTS, ANALYZER_SECONDS
from api.tagging.chunks import chunk_bounds, chunk_full
from api.tagging.priority import PriorityLock
from api.tagging.schemas import IntentLabel, LabelsResponse, TagResult

# Bulk work takes the analyzer one chunk at a time (api/tagging/chunks.py), so a ticket waits
# for one chunk at most. Measured 2026-12-02 (docs/benchmarks.md, load test): beside a bulk
# ingest a ticket's p90 fell from ~160-200 ms (64, plain lock) to ~80-95 ms; bulk POST
# /v1/feedback costs ~8 % (362 vs 391 items/s alone, the embedder batching by tokens anyway).
# A call this small is someone waiting (one ticket ingested, a few texts predicted): urgent.
URGENT_ITEMS = 4


class Abandoned(Exception):
    """Bulk work stopped between two chunks: its caller is gone (or the server is stopping)."""


def is_urgent(texts: Sequence[str]) -> bool:
    """A few short texts: someone waits for them. Decided for the whole call, never per chunk
    (a batch of long texts is cut into chunks of one, which are bulk all the same)."""
    return len(texts) <= URGENT_ITEMS and len(chunk_bounds(texts)) == 1


class Tagger:
    """The analyzer behind a lock: stages keep caches and BLAS thread limits are process-wide.
    One ticket and search queries are urgent: they go before bulk chunks waiting for it."""

    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self._lock = PriorityLock()

    def tag(self, text: str, language: str | None = None, names: Sequence[str] = ()) -> TagResult:
        """One ticket; `names`: people it may name (its contact's name), masked."""
        with self._lock.hold(urgent=True):
            analysis = self._analyze([text], [language], urgent=True, names=[names])[0]
        return to_result(analysis)

    def tag_now(
        self, text: str, language: str | None = None, names: Sequence[str] = ()
    ) -> TagResult | None:
        """One ticket if the analyzer is free at this moment, else None without waiting (an
        event loop must not block on bulk work: it then calls `tag` from a thread)."""
        if not self._lock.try_hold():
            return None
        try:
            analysis = self._analyze([text], [language], urgent=True, names=[names])[0]
        finally:
            self._lock.release()
        return to_result(analysis)

    def tag_many(
        self,
        texts: Sequence[str],
        languages: Sequence[str | None] | None = None,
        stop: Callable[[], bool] | None = None,
        names: Sequence[Sequence[str]] | None = None,
    ) -> list[TagResult]:
        analyses = self.analyze_many(texts, languages, stop, names)
        return [to_result(analysis) for analysis in analyses]

    def stream(self, items: Iterator[tuple[str, str | None, Sequence[str]]]) -> Iterator[TagResult]:
        """Tag an endless stream of (text, language, names) in chunks (the CLI reads stdin this
        way). If reading the input fails (a bad line), the items read before it are answered
        first, then the error rises."""
        chunk: list[tuple[str, str | None, Sequence[str]]] = []
        source = iter(items)

        def tag_chunk() -> list[TagResult]:
            texts, languages, names = zip(*chunk, strict=True)
            return self.tag_many(texts, languages, names=names)

        while True:
            try:
                chunk.append(next(source))
            except StopIteration:
                break
            except Exception:
                if chunk:
                    yield from tag_chunk()
                raise
            if chunk_full([text for text, _, _ in chunk]):
                yield from tag_chunk()
                chunk = []
        if chunk:
            yield from tag_chunk()

    def analyze_many(
        self,
        texts: Sequence[str],
        languages: Sequence[str | None] | None = None,
        stop: Callable[[], bool] | None = None,
        names: Sequence[Sequence[str]] | None = None,
    ) -> list[Analysis]:
        """Full analyses, vectors included (what ingestion stores), in chunks. `stop` is asked
        before each chunk: True raises Abandoned (a client gone: its answer would go nowhere).
        `names`: for each text, people it may name (its contact's name), masked."""
        return self._in_chunks(texts, languages, stop=stop, names=names)

    def stored_texts(
        self,
        texts: Sequence[str],
        languages: Sequence[str | None],
        names: Sequence[Sequence[str]] | None = None,
    ) -> list[str]:
        """The texts as ingestion stores them, normalised and redacted (`names`: each one's
        contact name, masked): the stages up to redaction only (later ones read the text, never
        change it), in chunks."""
        analyses = self._in_chunks(texts, languages, until="redact", names=names)
        return [analysis.text for analysis in analyses]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Raw embeddings of short texts (search queries, need titles), normalised rows."""
        with self._lock.hold(urgent=True):
            return self.analyzer.resources.embedder.embed(list(texts))

    def prepare(self, texts: Sequence[str]) -> list[Analysis]:
        """Analyses up to their vectors only (what custom taggers learn from), in chunks."""
        return self._in_chunks(texts, None, until="embed")

    def _in_chunks(
        self,
        texts: Sequence[str],
        languages: Sequence[str | None] | None,
        until: str | None = None,
        stop: Callable[[], bool] | None = None,
        names: Sequence[Sequence[str]] | None = None,
    ) -> list[Analysis]:
        languages = languages or [None] * len(texts)
        names = names or [()] * len(texts)
        urgent = is_urgent(texts)
        analyses: list[Analysis] = []
        for part in chunk_bounds(texts):
            if stop is not None and stop():
                raise Abandoned(f"stopped after {len(analyses)} of {len(texts)} texts")
            with self._lock.hold(urgent=urgent):
                chunk = self._analyze(
                    list(texts[part]), list(languages[part]), urgent, until, list(names[part])
                )
            analyses += chunk
        return analyses

    def _analyze(
        self,
        texts: list[str],
        languages: list[str | None],
        urgent: bool,
        until: str | None = None,
        names: Sequence[Sequence[str]] | None = None,
    ) -> list[Analysis]:
        """One call of the analyzer, the lock held, timed and counted (GET /metrics)."""
        work = "ticket" if urgent else "bulk"
        started = time.perf_counter()
        analyses = self.analyzer.analyze_batch(texts, languages, until, names)
        ANALYZER_SECONDS.labels(work).observe(time.perf_counter() - started)
        ANALYZED_TEXTS.labels(work).inc(len(texts))
        ANALYZED_INSIGHTS.labels(work).inc(sum(len(analysis.insights) for analysis in analyses))
        return analyses


def _plain(value: Sentiment | Intent | Urgency | None) -> dict | None:
    """A label and a score as the answer's schema reads them. Their fields are a string and a
    float, so `vars` gives what `dataclasses.asdict` did without its deep copy (a third of
    building the answer)."""
    return vars(value) if value is not None else None


def to_result(analysis: Analysis) -> TagResult:
    return TagResult(
        language=analysis.language,
        redacted_text=analysis.text,
        sentiment=_plain(analysis.sentiment),
        intents=[_plain(intent) for intent in analysis.intents],
        urgency=_plain(analysis.urgency),
        insights=[
            {
                "text": insight.text,
                "start": insight.start,
                "end": insight.end,
                "sentiment": _plain(insight.sentiment),
                "intents": [_plain(intent) for intent in insight.intents],
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
