"""What clients and load balancers are told when the service cannot work: a start that failed,
a database that went away (and came back)."""

import logging
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import psycopg
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

import api.health
from api.app import create_app, load_tagger, open_sql
from api.keys.store import create_key
from api.settings import Settings
from api.worker import Worker
from api.workspace import open_database
from tests.conftest import POSTGRES_URL


def test_a_failed_start_says_why_instead_of_retry(settings: Settings) -> None:
    """A vector store that cannot open left every call answering "still loading, retry in a
    few seconds", for ever."""
    app = create_app(settings)  # no tagger: loading in the background, never started here
    app.state.load_error = "OSError: [Errno 30] Read-only file system: '/data/qdrant'"
    client = TestClient(app)
    answer = client.post("/v1/search", json={"query": "export"})
    assert answer.status_code == 503 and "Retry-After" not in answer.headers
    assert "failed to start (OSError: [Errno 30] Read-only" in answer.json()["message"]
    assert client.get("/readyz").json()["status"] == "failed"
    health = client.get("/healthz")  # an orchestrator restarts what is not ok
    assert (health.status_code, health.json()["status"]) == (503, "failed")


def test_voc_reads_and_webhooks_answer_while_the_models_load(settings: Settings) -> None:
    """GET /v1/voc/nps answered 503 "models are still loading" for a minute at every start,
    though it only counts stored answers: the database opens first, and the VoC reads answer
    from it (with the keys stored in it); what needs the models or the ingestion lock waits."""
    app = create_app(settings)  # no tagger: loading in the background, never started here
    client = TestClient(app)
    opening = client.get("/v1/voc/nps")
    assert opening.status_code == 503 and opening.headers["Retry-After"] == "2"
    assert opening.json()["message"].startswith("the database is still opening: retry")
    database = open_database(settings)
    key = create_key(database, "cx-lead", ["read", "ingest"])
    admin = create_key(database, "integrations", ["admin"])
    database.close()

    open_sql(app, settings)  # what the loading thread does first
    try:
        assert client.get("/v1/voc/nps").status_code == 401  # the stored key is known already
        client.headers["X-API-Key"] = key
        nps = client.get("/v1/voc/nps", params={"period": "quarter"})
        assert nps.status_code == 200 and nps.json()["overall"]["responses"] == 0
        for path in ("/v1/voc/csat", "/v1/voc/response-rate", "/v1/voc/non-respondents",
                     "/v1/voc/follow-up", "/v1/voc/at-risk"):  # fmt: skip
            assert client.get(path).status_code == 200, path
        assert client.get("/v1/accounts/acme/health").status_code == 404  # read: not stored
        client.headers["X-API-Key"] = admin  # webhooks are SQL alone: they answered 500
        hook = {"url": "https://desk.acme.com/hook", "events": ["feedback.analysed"]}
        assert client.post("/v1/webhooks", json=hook).status_code == 201
        assert len(client.get("/v1/webhooks").json()["items"]) == 1
        client.headers["X-API-Key"] = key
        assert client.get("/readyz").json()["status"] == "loading"
        for path in ("/v1/search", "/v1/surveys/sends"):  # the analyzer; the ingestion lock
            waiting = client.post(path, json={})
            assert waiting.status_code == 503, path
            assert waiting.json()["message"].startswith("models are still loading: retry")
        app.state.load_error = "OSError: model file missing"
        failed = client.get("/v1/voc/nps")
        assert failed.status_code == 503 and "failed to start (OSError" in failed.json()["message"]
    finally:
        app.state.sql_workspace.close()


def test_loop_reads_and_templates_answer_while_the_models_load(settings: Settings) -> None:
    """GET /v1/loop/metrics, the templates and a need's notifications read the database alone:
    they answered 503 "models are still loading" at every start."""
    app = create_app(settings)  # no tagger: loading in the background, never started here
    client = TestClient(app)
    database = open_database(settings)
    client.headers["X-API-Key"] = create_key(database, "ops", ["admin"])
    database.close()
    open_sql(app, settings)  # what the loading thread does first
    try:
        assert client.get("/v1/loop/metrics").json()["decided_needs"] == 0
        assert len(client.get("/v1/templates").json()["items"]) == 12
        edited = {"subject": "Done: {need_title}", "body": "Hi {contact_name}"}
        assert client.put("/v1/templates/shipped/en", json=edited).status_code == 200
        assert client.get("/v1/templates/shipped/en").json()["subject"] == "Done: {need_title}"
        assert client.delete("/v1/templates/shipped/en").json()["default"] is True
        assert client.get("/v1/needs/1/notifications").status_code == 404  # read: no such need
        waiting = client.get("/v1/needs/1")  # the needs themselves still wait for the models
        assert waiting.status_code == 503
    finally:
        app.state.sql_workspace.close()


def test_a_vector_server_out_of_reach_fails_the_start_in_one_line(
    settings: Settings, analyzer, monkeypatch, caplog
) -> None:
    """The loading thread died with a traceback and /healthz kept saying ok."""
    import api.app

    monkeypatch.setattr(api.app, "Analyzer", lambda config: analyzer)  # the models, loaded once
    app = create_app(settings.model_copy(update={"qdrant_url": "http://127.0.0.1:6399"}))
    load_tagger(app, app.state.settings)  # what the background thread runs: it must not raise
    assert "cannot use the Qdrant server at http://127.0.0.1:6399" in app.state.load_error
    failed = [r for r in caplog.records if "failed to start" in r.getMessage()]
    assert len(failed) == 1 and failed[0].exc_info is None
    assert TestClient(app).get("/healthz").status_code == 503


def test_serve_stops_on_a_vector_server_out_of_reach(tmp_path) -> None:
    env = {**os.environ, "BOUCLE_DATA_DIR": str(tmp_path),
           "BOUCLE_QDRANT_URL": "http://127.0.0.1:6399"}  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "api", "serve", "--port", "8799"], env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("boucle: cannot use the Qdrant server at http://127.0.0.1:6399")


@contextmanager
def own_database(
    settings: Settings, tagger
) -> Iterator[tuple[psycopg.Connection, str, TestClient]]:
    """A server on a PostgreSQL database of its own, and an admin connection to harm it."""
    name = f"boucle_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = psycopg.connect(POSTGRES_URL, autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        with TestClient(create_app(settings.model_copy(update={"database_url": url}), tagger)) as c:
            yield admin, name, c
    finally:
        with suppress(psycopg.Error):  # gone if a test dropped it
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_a_database_that_goes_away_is_a_503_and_not_ready(settings: Settings, tagger) -> None:
    with own_database(settings, tagger) as (admin, name, c):
        assert c.get("/readyz").status_code == 200
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = %s", (name,))  # fmt: skip
        ready = c.get("/readyz")
        assert (ready.status_code, ready.json()["status"]) == (503, "database unavailable")
        # where and the error's type: its message quoted the database's name, and may quote a
        # connection's parameters, to any caller of /readyz
        said = ready.json()["error"]
        server = make_url(POSTGRES_URL)
        assert said.startswith(f"cannot connect to PostgreSQL at {server.host}:{server.port or 5432} "
                               "(OperationalError"), said  # fmt: skip
        assert name not in said and "accepting connections" not in said, said
        answer = c.get("/v1/needs")
        assert answer.status_code == 503 and answer.headers["Retry-After"] == "5"
        assert answer.json()["message"].startswith("the database is unavailable")
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        assert c.get("/v1/needs").status_code == 200  # back without a restart


def test_a_database_replaced_by_an_empty_one_is_not_ready(
    settings: Settings, tagger, monkeypatch, caplog
) -> None:
    """Dropped and recreated under a running server: /readyz said ready while every request
    answered 500 (relation "api_keys" does not exist) and the worker logged a traceback a tick."""
    monkeypatch.setattr(api.health, "SCHEMA_CHECK_S", 0.0, raising=False)
    with own_database(settings, tagger) as (admin, name, c):
        assert c.get("/readyz").status_code == 200
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        c.get("/readyz")  # the pool finds its connections gone: "database unavailable" once
        ready = c.get("/readyz")
        assert (ready.status_code, ready.json()["status"]) == (503, "database schema missing")
        assert ready.json()["error"].startswith(
            "database schema missing or not migrated: restart to migrate"
        )
        answer = c.get("/v1/needs")
        assert answer.status_code == 503 and "restart to migrate" in answer.json()["message"]
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="boucle.worker"):
            Worker(c.app.state.workspace, 60, 0).tick()
        lines = [r for r in caplog.records if r.name == "boucle.worker"]
        assert len(lines) == 1 and lines[0].exc_info is None
        assert "restart to migrate" in lines[0].getMessage()
