"""Bulk work is cut into chunks by work (characters), so a ticket waits for one small chunk at
most, and a batch stops before its next chunk once its client is gone or the server stops."""

import json
import threading
import time

import anyio
from fastapi.testclient import TestClient

from analyzer import Analyzer, AnalyzerConfig
from analyzer.analysis import Analysis
from api.app import create_app
from api.settings import Settings
from api.tagging.chunks import CHUNK_CHARS, CHUNK_ITEMS, chunk_bounds
from api.tagging.service import Tagger

TICKET = "The export crashes."
LONG = "The export crashes when the file is big. " * 460  # ~19,000 characters


def _wait_until(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


class RecordingStage:
    """Last stage of a light analyzer: notes each batch it sees, and may act on it."""

    name = "recording"

    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self.on_batch = lambda texts: None

    def __call__(self, batch: list[Analysis]) -> None:
        texts = [analysis.original_text for analysis in batch]
        self.batches.append(texts)
        self.on_batch(texts)


def recording_tagger(models: Analyzer | None = None) -> tuple[Tagger, RecordingStage]:
    """A Tagger over the normalise stage and a recording one: no model runs. With `models`, its
    loaded embedder stands behind it (an app opens its vector store at the embedder's size)."""
    analyzer = Analyzer(AnalyzerConfig(stages=("normalise",)))
    if models is not None:
        analyzer.resources = models.resources
    recorder = RecordingStage()
    analyzer.stages.append(recorder)
    return Tagger(analyzer), recorder


def sizes(bounds: list[slice]) -> list[int]:
    return [part.stop - part.start for part in bounds]


def test_chunks_of_long_texts_hold_fewer_items() -> None:
    assert sizes(chunk_bounds(["Short ticket, a few words."] * 40)) == [16, 16, 8]
    assert sizes(chunk_bounds([LONG] * 3)) == [1, 1, 1]  # longer than a chunk: one at a time
    assert sizes(chunk_bounds(["x" * 3_000] * 5)) == [2, 2, 1]
    mixed = ["short"] * 5 + [LONG] + ["y" * 2_000] * 6
    bounds = chunk_bounds(mixed)
    assert sizes(bounds) == [5, 1, 4, 2]
    assert [text for part in bounds for text in mixed[part]] == mixed  # all, in order, once
    for part in bounds:
        chars = sum(map(len, mixed[part]))
        assert part.stop - part.start == 1 or (
            chars <= CHUNK_CHARS and part.stop - part.start <= CHUNK_ITEMS
        )
    assert chunk_bounds([]) == []


def test_a_ticket_waits_for_one_long_text_of_a_bulk_batch_not_for_sixteen() -> None:
    """1,000 texts of 19,000 characters made tickets wait 30-40 s: a chunk was 16 of them."""
    tagger, recorder = recording_tagger()
    texts = [f"{index}. {LONG}" for index in range(6)]
    ticket = threading.Thread(target=tagger.tag, args=(TICKET,))

    def send_the_ticket_during_the_first_chunk(batch: list[str]) -> None:
        if batch[0] == texts[0]:
            ticket.start()
            _wait_until(lambda: tagger._lock._urgent_waiting == 1)  # waiting for this chunk

    recorder.on_batch = send_the_ticket_during_the_first_chunk
    results = tagger.tag_many(texts)
    ticket.join(10)
    assert len(results) == len(texts)
    assert recorder.batches == [[texts[0]], [TICKET], *[[text] for text in texts[1:]]]


def test_a_few_long_texts_are_bulk_work_not_urgent() -> None:
    """Chunks of one long text each must not pass as urgent calls of one text."""
    tagger, recorder = recording_tagger()
    texts = [f"{index}. {LONG}" for index in range(3)]
    waiting = threading.Thread(target=tagger.tag_many, args=(texts,))
    with tagger._lock.hold(urgent=False):  # other work in progress
        waiting.start()
        _wait_until(lambda: len(tagger._lock._bulk_queue) == 1)
        assert tagger._lock._urgent_waiting == 0
    waiting.join(10)
    assert len(recorder.batches) == 3


def batch_body(count: int) -> bytes:
    items = [
        {"id": str(index), "text": f"Ticket {index}: the export crashes."} for index in range(count)
    ]
    return json.dumps({"items": items}).encode()


def test_a_batch_whose_client_disconnected_stops_before_its_next_chunk(tmp_path, analyzer) -> None:
    tagger, recorder = recording_tagger(analyzer)
    app = create_app(Settings(data_dir=tmp_path / "data", worker=False), tagger)
    body = batch_body(3 * CHUNK_ITEMS)
    sent: list[dict] = []

    async def receive() -> dict:
        nonlocal body
        if body:
            message, body = {"type": "http.request", "body": body, "more_body": False}, b""
            return message
        if not recorder.batches:  # connected until the first chunk is analysed
            await anyio.sleep_forever()
        return {"type": "http.disconnect"}  # then curl is killed

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/v1/tag/batch", "raw_path": b"/v1/tag/batch",
        "query_string": b"", "root_path": "",
        "headers": [(b"host", b"127.0.0.1:8000"), (b"content-type", b"application/json")],
        "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000),
    }  # fmt: skip
    anyio.run(app, scope, receive, send)
    assert len(recorder.batches) == 1  # of 3
    assert sent[0]["status"] == 499
    app.state.workspace.close()


def test_a_batch_stops_when_the_server_is_stopping(settings, analyzer) -> None:
    """Past uvicorn's graceful shutdown, a batch in progress stops at its next chunk instead of
    holding the process up for minutes."""
    tagger, recorder = recording_tagger(analyzer)
    with TestClient(create_app(settings, tagger)) as client:
        answer = client.post("/v1/tag/batch", content=batch_body(40),
                             headers={"content-type": "application/json"})  # fmt: skip
        assert answer.status_code == 200 and len(recorder.batches) == 3
        client.app.state.stopping.set()
        stopped = client.post("/v1/tag/batch", content=batch_body(40),
                              headers={"content-type": "application/json"})  # fmt: skip
        # its client is still there: told to send it again, as when the grace ran out
        assert stopped.status_code == 503 and "send it again" in stopped.json()["message"]
        assert len(recorder.batches) == 3
