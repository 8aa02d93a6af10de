"""Nothing accepted is lost: when analysis fails after the commit, the item stays pending with
its error, the answer says so, and the worker finishes the job."""

import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from api.app import create_app
from api.storage.tables import Feedback
from api.tagging.service import Tagger
from api.vectors import VectorFilter
from api.worker import Worker, drain_pending


class FlakyTagger(Tagger):
    """The real analyzer, failing its first `failures` calls (a model crash, say)."""

    def __init__(self, tagger: Tagger, failures: int) -> None:
        super().__init__(tagger.analyzer)
        self.failures = failures

    def analyze_many(self, texts, languages=None, stop=None, names=None):
        if self.failures:
            self.failures -= 1
            raise RuntimeError("the analyzer fell over")
        return super().analyze_many(texts, languages, stop, names)


ITEM = {"source": "zendesk", "external_id": "f-1", "text": "Export crashes, please fix it."}


def test_failed_analysis_is_kept_and_retried(store_settings, tagger) -> None:
    flaky = FlakyTagger(tagger, failures=1)
    no_wait = store_settings.model_copy(update={"analysis_backoff_s": 0})  # the retry is due now
    with TestClient(create_app(no_wait, flaky)) as client:
        answer = client.post("/v1/feedback", json={"items": [ITEM]})
        assert answer.status_code == 200
        item = answer.json()["items"][0]
        assert (item["status"], item["analysis"], item["insights"]) == ("created", "pending", [])
        stored = client.get(f"/v1/feedback/{item['id']}").json()
        assert stored["status"] == "pending" and stored["text"] is None
        pending = client.get("/v1/feedback", params={"status": "pending"}).json()["items"]
        assert [p["id"] for p in pending] == [item["id"]]
        ws = client.app.state.workspace
        with ws.db.session() as session:
            row = session.get(Feedback, item["id"])
            assert row.raw_text == ITEM["text"]
            # the type and where, not the message: it may quote the text
            said = row.last_error
            assert re.fullmatch(r"RuntimeError at tests/test_worker\.py:\d+ in analyze_many", said)
            assert row.attempts == 1
        # Re-sending does not store it twice, nor lose it.
        again = client.post("/v1/feedback", json={"items": [ITEM]}).json()["items"][0]
        assert (again["status"], again["id"]) == ("duplicate", item["id"])

        Worker(ws, interval_s=60, grace_s=0).tick()
        done = client.get(f"/v1/feedback/{item['id']}").json()
        assert done["status"] == "analysed" and done["insights"]
        with ws.db.session() as session:
            assert session.get(Feedback, item["id"]).raw_text is None
        hits = client.post("/v1/search", json={"query": "export crash"}).json()["items"]
        assert hits and hits[0]["feedback"]["id"] == item["id"]


def test_an_item_that_keeps_failing_stops_the_drain(workspace, tagger) -> None:
    from api.feedback.schemas import FeedbackIn
    from api.feedback.service import accept

    accept(workspace, [FeedbackIn(**ITEM)])
    workspace.tagger = FlakyTagger(tagger, failures=10**6)
    assert drain_pending(workspace) == 0  # returns instead of spinning
    with workspace.db.session() as session:
        row = session.scalar(select(Feedback))
        assert row.status == "pending" and row.attempts == 1


def test_a_store_filled_without_a_worker_gets_its_index_at_the_next_start(tmp_path) -> None:
    """The worker counted the points it found at start as indexed: after `boucle import`
    (no worker) search scanned 190,000 points for good."""
    import numpy as np

    from api.vectors.edge import EdgeVectorStore
    from api.worker import OPTIMIZE_EVERY

    class Store:  # only what build_indexes reads
        def __init__(self, vectors) -> None:
            self.vectors = vectors

    vectors = EdgeVectorStore(tmp_path / "qdrant")
    for name in ("insights", "needs"):
        vectors.ensure_collection(name, 8, {})
    count = OPTIMIZE_EVERY + 10
    rows = np.random.default_rng(0).random((count, 8)).astype(np.float32)
    vectors.upsert("insights", list(range(1, count + 1)), rows, [{}] * count)  # an import
    assert vectors.indexed("insights") == 0
    worker = Worker(Store(vectors), interval_s=60, grace_s=0)
    assert worker.indexed == 0
    worker.build_indexes()
    vectors.close()
    reopened = EdgeVectorStore(tmp_path / "qdrant")
    assert reopened.indexed("insights") == count  # the next start knows it is done
    assert Worker(Store(reopened), interval_s=60, grace_s=0).indexed == count
    # A refit retags every insight: payload updates move points out of the indexed segment, so
    # the build must come again though the count did not change.
    for name in ("insights", "needs"):
        reopened.ensure_collection(name, 8, {})
    worker = Worker(Store(reopened), interval_s=60, grace_s=0)
    reopened.set_payload("insights", list(range(1, count + 1)), {"theme_id": 7})
    assert reopened.indexed("insights") == 0
    worker.build_indexes()
    assert reopened.indexed("insights") == count and worker.indexed == count
    reopened.set_payload_where("insights", VectorFilter(equals={"theme_id": 7}), {"segment": "x"})
    assert reopened.indexed("insights") == 0  # a segment change for every point moves them all
    reopened.close()
