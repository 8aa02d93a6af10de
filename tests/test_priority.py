"""Urgent work (one ticket, a search query) goes before bulk work waiting for the analyzer, and a
ticket that must wait does so in a thread, never on the event loop."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient

from api.tagging.priority import PriorityLock


def _wait_until(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_urgent_callers_go_before_waiting_bulk_callers() -> None:
    lock = PriorityLock()
    order: list[str] = []

    def take(name: str, urgent: bool) -> None:
        with lock.hold(urgent=urgent):
            order.append(name)

    with lock.hold(urgent=False):
        bulk = threading.Thread(target=take, args=("bulk", False))
        bulk.start()
        time.sleep(0.05)  # the bulk caller is waiting first
        urgent = threading.Thread(target=take, args=("urgent", True))
        urgent.start()
        _wait_until(lambda: lock._urgent_waiting == 1)
    bulk.join(5)
    urgent.join(5)
    assert order == ["urgent", "bulk"]


def test_a_chunk_loop_does_not_starve_other_bulk_callers() -> None:
    """A training loop takes the lock chunk after chunk; a bulk caller that came in between
    goes next, not after the whole loop."""
    lock = PriorityLock()
    order: list[str] = []
    started = threading.Event()

    def loop() -> None:
        for chunk in range(20):
            with lock.hold(urgent=False):
                order.append(f"chunk{chunk}")
                started.set()
                time.sleep(0.01)

    worker = threading.Thread(target=loop)
    worker.start()
    started.wait(5)
    with lock.hold(urgent=False):
        order.append("other")
    worker.join(5)
    assert order.index("other") <= 3, order  # it was: after chunk19


def test_try_hold_never_waits() -> None:
    lock = PriorityLock()
    assert lock.try_hold()
    assert not lock.try_hold()
    lock.release()
    assert lock.try_hold()
    lock.release()
    with lock.hold(urgent=True):
        assert not lock.try_hold()


def test_a_ticket_waiting_for_bulk_work_leaves_the_event_loop_free(client: TestClient) -> None:
    tagger = client.app.state.tagger
    with ThreadPoolExecutor(2) as pool:
        with tagger._lock.hold(urgent=False):  # a bulk chunk in progress
            ticket = pool.submit(client.post, "/v1/tag", json={"text": "The export crashes."})
            _wait_until(lambda: tagger._lock._urgent_waiting == 1)
            # The loop still answers while the ticket waits for the analyzer.
            health = pool.submit(client.get, "/healthz").result(timeout=5)
            assert health.status_code == 200
            assert not ticket.done()
        answer = ticket.result(timeout=30)
    assert answer.status_code == 200
    assert answer.json()["insights"][0]["text"] == "The export crashes."
