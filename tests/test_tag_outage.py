"""POST /v1/tag needs no database: during a PostgreSQL outage it kept answering 503 "the
database is unavailable", keys or none, since every request re-read the stored API keys."""

import os
import time
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from api.app import create_app
from api.keys.store import create_key
from api.settings import Settings
from api.tagging.service import Tagger
from api.workspace import open_database
from tests.conftest import POSTGRES_URL, drop_schema

CLOSED_PORT = "postgresql+psycopg://postgres@127.0.0.1:1/boucle"
REFRESH_S = 5.0  # KeyRing's


@pytest.fixture
def pg_settings(tmp_path) -> Iterator[Settings]:
    schema = f"boucle_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    yield Settings(data_dir=tmp_path / "data", worker=False, taggers_reload_s=0,
                   database_url=POSTGRES_URL, database_schema=schema)  # fmt: skip
    drop_schema(schema)


def cut_database(client: TestClient) -> None:
    """The server's database now points at a port where nothing listens, as when PostgreSQL
    goes down after start."""
    db = client.app.state.workspace.db
    db.engine.dispose()
    db.engine = create_engine(CLOSED_PORT, connect_args={"connect_timeout": 2})
    db.sessions = sessionmaker(db.engine)
    time.sleep(REFRESH_S + 0.2)  # past the key ring's next refresh


def test_tagging_goes_on_with_the_keys_read_last_when_the_database_goes(
    pg_settings, tagger: Tagger
):
    database = open_database(pg_settings)
    key = create_key(database, "support-tool", ["tag"])
    database.close()
    with TestClient(create_app(pg_settings, tagger)) as client:
        cut_database(client)
        ticket = {"text": "The export crashes every time"}
        answer = client.post("/v1/tag", json=ticket, headers={"X-API-Key": key})
        assert answer.status_code == 200, answer.text
        assert "bug_report" in [i["label"] for i in answer.json()["intents"]]
        refused = client.post("/v1/tag", json=ticket, headers={"X-API-Key": "x" * 32})
        assert refused.status_code == 401, refused.text


def test_tagging_without_keys_goes_on_when_the_database_goes(pg_settings, tagger: Tagger):
    with TestClient(create_app(pg_settings, tagger)) as client:
        cut_database(client)
        answer = client.post("/v1/tag", json={"text": "Please add a dark mode"})
        assert answer.status_code == 200, answer.text
        assert client.get("/v1/feedback").status_code == 503  # what needs it still says so


def test_a_schema_renamed_under_the_server_is_an_outage_too(pg_settings, tagger: Tagger):
    """`ALTER SCHEMA ... RENAME` under a running server: the key ring's refresh met an undefined
    table (ProgrammingError, not OperationalError) and every keyed route, /v1/tag and /metrics
    included, answered 503 "database schema missing", keys from BOUCLE_API_KEYS too."""
    from sqlalchemy import text

    operator_key = "k" * 32
    settings = pg_settings.model_copy(update={"api_keys": {operator_key: ["admin"]}})
    database = open_database(settings)
    stored_key = create_key(database, "support-tool", ["tag"])
    moved = f"{settings.database_schema}_moved"
    try:
        with TestClient(create_app(settings, tagger)) as client:
            with database.engine.begin() as connection:
                connection.execute(text(f'ALTER SCHEMA "{settings.database_schema}" '
                                        f'RENAME TO "{moved}"'))  # fmt: skip
            time.sleep(REFRESH_S + 0.2)  # past the key ring's next refresh
            ticket = {"text": "The export crashes every time"}
            for key in (stored_key, operator_key):
                answer = client.post("/v1/tag", json=ticket, headers={"X-API-Key": key})
                assert answer.status_code == 200, answer.text
            metrics = client.get("/metrics", headers={"X-API-Key": operator_key})
            assert metrics.status_code == 200, metrics.text
            assert "boucle_database_up 0.0" in metrics.text
            assert client.get("/v1/feedback", headers={"X-API-Key": operator_key}).status_code \
                == 503  # fmt: skip
    finally:
        database.close()
        drop_schema(moved)
