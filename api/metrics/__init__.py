"""Prometheus metrics at GET /metrics: counters kept by each process (requests, analyses, jobs)
and gauges read from the stores at scrape time (queues, outbox, vector points)."""
