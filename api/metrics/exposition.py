"""The text Prometheus reads: this process's counters (or, under `serve --workers`, those of
every process added up) followed by the stores' gauges."""

import os

from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess, values

from api.metrics.gauges import StoreGauges

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def in_multiprocess_mode() -> bool:
    """Whether this process's metrics live in PROMETHEUS_MULTIPROC_DIR's files: decided by
    prometheus_client when first imported, from the environment the process was started with."""
    return values.ValueClass is not values.MutexValue and bool(os.environ.get(MULTIPROC_ENV))


def process_metrics() -> bytes:
    if not in_multiprocess_mode():  # with the process's own CPU, memory and GC metrics
        return generate_latest(REGISTRY)
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return generate_latest(registry)


def store_metrics(gauges: StoreGauges) -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(gauges)  # type: ignore[arg-type]  # a collector: collect() alone
    return generate_latest(registry)


def exposition(gauges: StoreGauges) -> bytes:
    return process_metrics() + store_metrics(gauges)
