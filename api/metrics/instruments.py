"""The counters and histograms each process keeps. Made once, at import, in the default
registry; under `serve --workers N` (PROMETHEUS_MULTIPROC_DIR set before the processes start)
prometheus_client keeps them in files that GET /metrics adds up over the processes."""

from prometheus_client import Counter, Histogram

# From a ticket tagged in milliseconds to an export streamed for a minute.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)

HTTP_REQUESTS = Counter(
    "boucle_http_requests",
    "HTTP requests answered, by route template (not the raw path), method and status.",
    ["method", "route", "status"],
)
HTTP_LATENCY = Histogram(
    "boucle_http_request_duration_seconds",
    "Time from a request's arrival to the end of its answer, by route template and method.",
    ["method", "route"],
    buckets=LATENCY_BUCKETS,
)
ANALYZER_SECONDS = Histogram(
    "boucle_analyzer_call_seconds",
    "One call of the analyzer (a ticket, or a chunk of bulk work of up to 16 texts), "
    "waiting for the analyzer not included.",
    ["work"],
    buckets=LATENCY_BUCKETS,
)
ANALYZED_TEXTS = Counter(
    "boucle_analyzer_texts", "Texts through the analyzer (rate(): texts a second).", ["work"]
)
ANALYZED_INSIGHTS = Counter(
    "boucle_analyzer_insights",
    "Insights the analyzer cut from those texts, each embedded once when the embed stage ran "
    "(rate(): embeddings a second).",
    ["work"],
)
ANALYSIS_ATTEMPTS = Counter(
    "boucle_feedback_analysis_attempts",
    "Stored feedback items whose analysis was tried (at ingest, by the worker, by an import).",
)
ANALYSIS_FAILURES = Counter(
    "boucle_feedback_analysis_failures",
    "Of those, the items whose analysis failed: they stay pending and are tried again.",
)
JOBS_FINISHED = Counter(
    "boucle_jobs_finished",
    "Background jobs (themes.refit, tagger.train) run to their end, by kind and outcome "
    "(done, failed, cancelled).",
    ["kind", "status"],
)
