"""Analysis in worker processes, for bulk ingestion (`boucle import --jobs N`).

One process analyses one batch at a time with one BLAS thread; two such processes on two cores
imported 1.16-2.0x the items a second of one process with two threads, in three benchmark runs
(docs/benchmarks.md; the analyzer's Python stages hold the GIL, and small matrix products split
badly over threads). The parent keeps every store to
itself (Qdrant Edge is one process at a time): workers only turn texts into analyses.
"""

import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from types import TracebackType

from analyzer import Analysis, Analyzer, AnalyzerConfig
from models.heads import LinearHead

_analyzer: Analyzer | None = None  # one per worker process


def _start(config: AnalyzerConfig, taggers: dict[str, LinearHead], parent: int) -> None:
    from threadpoolctl import threadpool_limits

    global _analyzer
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    threadpool_limits(1)  # the heads' matrix products too, not only the embedder's
    _analyzer = Analyzer(config.model_copy(update={"threads": 1}))
    _analyzer.resources.taggers = taggers
    _analyzer.analyze("Warm-up: load every model before the first batch.")


def _exit_with_parent(parent: int) -> None:
    """A parent killed with SIGKILL cannot stop its pool: a worker leaves once it is orphaned."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _analyze(
    texts: list[str], languages: list[str | None], names: list[list[str]] | None = None
) -> list[Analysis]:
    if _analyzer is None:
        raise RuntimeError("analysis pool worker was not started")
    return _analyzer.analyze_batch(texts, languages, names=names)


@contextmanager
def _ctrl_c_after() -> Iterator[None]:
    """Ctrl-C pressed within the block raises KeyboardInterrupt once it ends. Blocking SIGINT in
    this thread does not stop it: another thread of the process takes the signal and Python
    raises it here all the same, once between starting a worker and writing it what to run (the
    worker then died on an empty pipe: "EOFError: Ran out of input")."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread gets KeyboardInterrupt
        return
    pressed: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: pressed.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if pressed:
        signal.raise_signal(signal.SIGINT)  # the previous handler answers it, as if pressed now


class AnalysisPool:
    """`jobs` processes, each with its own Analyzer built from `config` and the live custom
    taggers of the moment, so a pooled analysis equals one made in the parent."""

    def __init__(self, config: AnalyzerConfig, taggers: dict[str, LinearHead], jobs: int) -> None:
        self.jobs = jobs
        # spawn, not fork: the parent holds BLAS threads, database connections and a shard.
        self._executor = ProcessPoolExecutor(
            jobs,
            mp_context=get_context("spawn"),
            initializer=_start,
            initargs=(config, taggers, os.getpid()),
        )

    def submit(
        self,
        texts: list[str],
        languages: list[str | None],
        names: list[list[str]] | None = None,
    ) -> "Future[list[Analysis]]":
        # Workers start here, as needed, born with SIGINT blocked (the mask outlives exec): Ctrl-C
        # reaches the whole process group and is the parent's alone to answer (in each worker it
        # printed a traceback); blocked, not ignored, so one pressed meanwhile comes after
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            with _ctrl_c_after():
                return self._executor.submit(_analyze, texts, languages, names)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> "AnalysisPool":
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
