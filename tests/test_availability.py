"""What clients and load balancers are told when the service cannot work: a start that failed,
a database that went away (and came back)."""

import os
import uuid

import psycopg
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
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


def test_a_database_that_goes_away_is_a_503_and_not_ready(settings: Settings, tagger) -> None:
    name = f"boucle_test_down_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = psycopg.connect(POSTGRES_URL, autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        with TestClient(create_app(settings.model_copy(update={"database_url": url}), tagger)) as c:
            assert c.get("/readyz").status_code == 200
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = %s", (name,))  # fmt: skip
            ready = c.get("/readyz")
            assert (ready.status_code, ready.json()["status"]) == (503, "database unavailable")
            answer = c.get("/v1/needs")
            assert answer.status_code == 503 and answer.headers["Retry-After"] == "5"
            assert answer.json()["message"].startswith("the database is unavailable")
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
            assert c.get("/v1/needs").status_code == 200  # back without a restart
    finally:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
