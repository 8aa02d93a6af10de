"""`serve --workers N`: each process counts its own requests; prometheus_client's multiprocess
mode keeps those counts in files of one directory, which GET /metrics in any process adds up."""

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from api.metrics.exposition import MULTIPROC_ENV


@contextmanager
def shared_metrics() -> Iterator[str]:
    """A fresh directory named in the environment the worker processes inherit (read when they
    first import prometheus_client), removed when they are gone: counts of an earlier run must
    not add up into this one's. One the operator named is used as it is, and kept."""
    if named := os.environ.get(MULTIPROC_ENV):
        yield named
        return
    directory = tempfile.mkdtemp(prefix="boucle-metrics-")
    os.environ[MULTIPROC_ENV] = directory
    try:
        yield directory
    finally:
        os.environ.pop(MULTIPROC_ENV, None)
        shutil.rmtree(directory, ignore_errors=True)
