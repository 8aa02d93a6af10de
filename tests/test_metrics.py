"""GET /metrics: Prometheus text an operator scrapes. Requests counted by route template, the
analyzer and the analyses counted, the queues and the outbox read from the store (SQLite and
PostgreSQL), access behind the `metrics` scope unless BOUCLE_METRICS_PUBLIC, and one set of
counts for all the processes of `serve --workers N`."""

import os
import subprocess
import sys
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from api.app import create_app
from api.jobs import Cancelled, new_job, run_job
from api.metrics.gauges import StoreGauges
from api.storage.loop_tables import Notification, ThemeAlert
from api.storage.tables import Feedback, Job
from api.worker import MAX_ATTEMPTS
from tests.test_analysis_retries import block_insights

TICKET = "The CSV export crashes since the update. Please add a dark mode!"


def samples(text: str) -> dict[tuple[str, frozenset], float]:
    """Every sample of an exposition by (name, labels)."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(text: str, name: str, **labels: str) -> float:
    """A sample's value; 0 for a series not yet made (a counter before its first count)."""
    return samples(text).get((name, frozenset(labels.items())), 0.0)


def scrape(client: TestClient, **headers: str) -> str:
    answer = client.get("/metrics", headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/plain; version=0.0.4")
    return answer.text


def test_requests_are_counted_by_route_template_method_and_status(client) -> None:
    before = scrape(client)
    for need_id in (41, 42, 43):  # three ids, one series
        assert client.get(f"/v1/needs/{need_id}").status_code == 404
    assert client.post("/v1/tag", json={"text": TICKET}).status_code == 200
    assert client.get("/no/such/page").status_code == 404
    after = scrape(client)

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    need = {"method": "GET", "route": "/v1/needs/{need_id}"}
    assert moved("boucle_http_requests_total", **need, status="404") == 3
    assert moved("boucle_http_request_duration_seconds_count", **need) == 3
    assert moved("boucle_http_requests_total", method="POST", route="/v1/tag", status="200") == 1
    assert moved("boucle_http_requests_total", method="GET", route="<unmatched>", status="404") == 1
    assert moved("boucle_http_requests_total", method="GET", route="/metrics", status="200") == 1
    assert "/v1/needs/41" not in after and "/no/such/page" not in after  # never a raw path
    # the ticket went through the analyzer once, cut into its two insights
    assert moved("boucle_analyzer_texts_total", work="ticket") == 1
    assert moved("boucle_analyzer_insights_total", work="ticket") == 2
    assert moved("boucle_analyzer_call_seconds_count", work="ticket") == 1
    assert value(after, "boucle_models_loaded") == 1


def test_metrics_take_the_metrics_scope_unless_made_public(settings, tagger) -> None:
    keys = {"scraper-key-0123456789": ["metrics"], "reader-key-0123456789": ["read"],
            "boss-key-0123456789ab": ["admin"]}  # fmt: skip
    scraper = {"X-API-Key": "scraper-key-0123456789"}
    with TestClient(create_app(settings.model_copy(update={"api_keys": keys}), tagger)) as client:
        assert client.get("/metrics").status_code == 401
        refused = client.get("/metrics", headers={"X-API-Key": "reader-key-0123456789"})
        assert refused.status_code == 403 and "'metrics' scope" in refused.json()["message"]
        scrape(client, authorization="Bearer scraper-key-0123456789")
        scrape(client, **{"X-API-Key": "boss-key-0123456789ab"})
        # a scraper's key reads counts, not feedback
        assert client.get("/v1/needs", headers=scraper).status_code == 403
        assert client.get("/v1/key", headers=scraper).json()["scopes"] == ["metrics"]
    public = settings.model_copy(update={"api_keys": keys, "metrics_public": True})
    with TestClient(create_app(public, tagger)) as client:
        scrape(client)  # no key
        assert client.get("/v1/needs").status_code == 401  # the rest stays behind its keys


def test_metrics_are_not_in_the_openapi_document(client) -> None:
    """For a scraper, not for generated clients: its answer is not JSON."""
    assert "/metrics" not in client.get("/openapi.json").json()["paths"]


def test_queue_outbox_and_job_gauges_are_read_from_the_store(store_client) -> None:
    client, ws = store_client, store_client.app.state.workspace
    now = datetime.now(UTC)
    with ws.db.session() as session:
        for n, attempts in enumerate([0, 0, 3, MAX_ATTEMPTS]):
            session.add(Feedback(source="zendesk", external_id=f"p-{n}", raw_text="waiting",
                                 created_at=now, status="pending", attempts=attempts))  # fmt: skip
        for n, status in enumerate(["pending", "pending", "failed", "sent"]):
            session.add(Notification(kind="shipped", language="en", subject="s", body="b",
                                     idempotency_key=f"n-{n}", status=status))  # fmt: skip
        session.add(ThemeAlert(kind="emerging", payload={}, idempotency_key="a-1", status="failed"))
        session.add(Job(kind="themes.refit", status="running"))
        session.add(Job(kind="themes.refit", status="done"))
    stored = client.post("/v1/feedback", json={"items": [
        {"source": "zendesk", "external_id": "t-1", "text": TICKET}]})  # fmt: skip
    assert stored.json()["items"][0]["analysis"] == "done"
    text = scrape(client)
    pending = {state: value(text, "boucle_feedback_pending", state=state)
               for state in ("new", "retrying", "gave_up")}  # fmt: skip
    assert pending == {"new": 2, "retrying": 1, "gave_up": 1}
    outbox = {(box, status): value(text, "boucle_outbox_deliveries", outbox=box, status=status)
              for box in ("notifications", "theme_alerts") for status in ("pending", "failed")}  # fmt: skip
    assert outbox == {("notifications", "pending"): 2, ("notifications", "failed"): 1,
                      ("theme_alerts", "pending"): 0, ("theme_alerts", "failed"): 1}  # fmt: skip
    assert value(text, "boucle_jobs_unfinished", kind="themes.refit", status="running") == 1
    assert value(text, "boucle_vector_points", collection="insights") == 2
    assert value(text, "boucle_database_up") == value(text, "boucle_vector_store_up") == 1


COUNTED = ("boucle_feedback_analysis_attempts_total", "boucle_feedback_analysis_failures_total")


def test_failed_analyses_are_counted_and_wait_as_retrying(store_settings, tagger) -> None:
    with TestClient(create_app(store_settings, tagger)) as client:
        block_insights(client.app.state.workspace)  # the database refuses every insight
        before = {name: REGISTRY.get_sample_value(name) or 0.0 for name in COUNTED}
        item = {"source": "zendesk", "external_id": "r-1", "text": TICKET}
        assert client.post("/v1/feedback", json={"items": [item]}).json()["items"][0][
            "analysis"] == "pending"  # fmt: skip
        after = scrape(client)
    for name in COUNTED:
        assert value(after, name) - before[name] == 1
    assert value(after, "boucle_feedback_pending", state="retrying") == 1


def test_finished_jobs_are_counted_by_kind_and_outcome(workspace) -> None:
    def cancelled(progress):
        raise Cancelled("the tagger was deleted")

    gauges = StoreGauges(lambda: [], cache_s=0)
    from api.metrics.exposition import exposition

    before = exposition(gauges).decode()
    run_job(workspace, new_job(workspace, "tagger.train"), "tagger.train", lambda progress: {})
    run_job(workspace, new_job(workspace, "tagger.train"), "tagger.train", cancelled)
    after = exposition(gauges).decode()
    for status in ("done", "cancelled"):
        name, labels = "boucle_jobs_finished_total", {"kind": "tagger.train", "status": status}
        assert value(after, name, **labels) - value(before, name, **labels) == 1


def test_store_gauges_read_the_store_once_per_cache_period() -> None:
    reads = []
    gauges = StoreGauges(lambda: reads.append(1) or [], cache_s=3600)
    for _ in range(3):
        gauges.collect()
    assert len(reads) == 1


# `boucle serve --workers 2` up to uvicorn, which here starts the two processes one after the
# other, each building the app from the factory it was given, as uvicorn's would. Each answers
# GET /healthz (3 times, then 2) and scrapes /metrics: the second one's adds up both processes'.
SERVE_TWO_WORKERS = """
import json, subprocess, sys, uvicorn
import api.cli as cli
cli.check_vector_server = lambda settings: None  # the Qdrant server is named, never reached
CHILD = ("import importlib, sys; from fastapi.testclient import TestClient; "
         "from api.metrics.exposition import in_multiprocess_mode; "
         "module, name = sys.argv[1].split(':'); "
         "client = TestClient(getattr(importlib.import_module(module), name)()); "  # no lifespan
         "[client.get('/healthz') for _ in range(int(sys.argv[2]))]; "
         "print('multiprocess', in_multiprocess_mode()); print(client.get('/metrics').text)")
def run(app, workers=1, **options):
    scraped = []
    for worker in range(workers):
        done = subprocess.run([sys.executable, "-c", CHILD, app, "3" if worker == 0 else "2"],
                              capture_output=True, text=True)
        sys.stderr.write(done.stderr)
        scraped.append(done.stdout)
    print(json.dumps(scraped))
uvicorn.run = run
sys.exit(cli.main(["serve", "--workers", "2", "--port", "18124"]))
"""


def test_serve_workers_say_start_warnings_once_and_share_their_metrics(tmp_path) -> None:
    """Each process of `serve --workers N` said the Qdrant key warning: N lines for one fault.
    And their counts add up in the files of multiprocess mode. One run for both: each process
    takes seconds to import the app."""
    import json
    import uuid

    from tests.conftest import POSTGRES_URL, drop_schema

    schema = f"boucle_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "BOUCLE_DATA_DIR": str(tmp_path / "data"),
           "BOUCLE_DATABASE_URL": POSTGRES_URL, "BOUCLE_DATABASE_SCHEMA": schema,
           "BOUCLE_QDRANT_URL": "http://10.20.30.40:6333",
           "BOUCLE_QDRANT_API_KEY": "a-qdrant-key-of-some-length"}  # fmt: skip
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    try:
        done = subprocess.run([sys.executable, "-c", SERVE_TWO_WORKERS], env=env,
                              capture_output=True, text=True, timeout=300)  # fmt: skip
    finally:
        drop_schema(schema)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stderr.count("BOUCLE_QDRANT_API_KEY is sent in clear") == 1, done.stderr
    said = [out.split("\n", 1) for out in json.loads(done.stdout.splitlines()[-1])]
    assert [first for first, _ in said] == ["multiprocess True"] * 2, done.stdout
    second = said[1][1]
    healthz = {"method": "GET", "route": "/healthz", "status": "200"}
    assert value(second, "boucle_http_requests_total", **healthz) == 5, second
    assert value(second, "boucle_models_loaded") == 0  # the stores' gauges: this process's
