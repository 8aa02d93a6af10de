"""A lock with two kinds of callers: urgent ones (one ticket, a search query: milliseconds of
work that someone is waiting for) go before bulk ones (ingest batches, imports, training) that
are waiting too. Bulk work takes the lock one chunk at a time, so an urgent caller waits for at
most the chunk in progress, never for a whole batch."""

import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager


class PriorityLock:
    def __init__(self) -> None:
        self._state = threading.Condition(threading.Lock())
        self._held = False
        self._urgent_waiting = 0
        # bulk callers in arrival order: a loop that releases and takes the lock again for
        # its next chunk queues behind whoever came meanwhile, instead of winning every race
        self._bulk_queue: deque[object] = deque()

    @contextmanager
    def hold(self, urgent: bool) -> Iterator[None]:
        """Wait for the lock (bulk callers also for every urgent caller waiting and for the
        bulk callers that came before them), then hold it."""
        turn = object()
        with self._state:
            if urgent:
                self._urgent_waiting += 1
            else:
                self._bulk_queue.append(turn)
            try:
                while self._held or (
                    not urgent and (self._urgent_waiting or self._bulk_queue[0] is not turn)
                ):
                    self._state.wait()
            finally:
                if urgent:
                    self._urgent_waiting -= 1
                else:
                    self._bulk_queue.remove(turn)
                    self._state.notify_all()  # the next in line may go once this one is done
            self._held = True
        try:
            yield
        finally:
            self.release()

    def try_hold(self) -> bool:
        """Take the lock if nobody holds it, without waiting; `release` it after."""
        with self._state:
            if self._held:
                return False
            self._held = True
            return True

    def release(self) -> None:
        with self._state:
            self._held = False
            self._state.notify_all()
