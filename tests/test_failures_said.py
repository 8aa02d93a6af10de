"""Error fields read through the API (`last_error` of a pending item, a failed job's `message`,
/healthz after a failed start) and the log lines of a start failure and of a database gone say
a failure's type, where it was raised and, for a database error, the constraint, table or
SQLSTATE it names: never its message, which may quote the feedback text or a person's email
(PostgreSQL's `invalid input syntax for type integer: "..."`)."""

import logging
import re
import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DataError, IntegrityError

from api.app import create_app, load_tagger
from api.failures import failure_logged
from api.feedback.schemas import FeedbackIn
from api.feedback.service import accept, record_failure
from api.jobs import get_job, new_job, run_job
from api.storage import Database
from api.workspace import open_database, sql_only
from tests.conftest import POSTGRES_URL

SENTINEL = "Jane Doe jane.doe@example.org says the export crashes"
EMAIL = "jane.doe@example.org"
PLACE = r"tests/test_failures_said\.py:\d+ in fail_with_the_text"


def fail_with_the_text() -> None:
    raise ValueError(f"could not read {SENTINEL!r}")


@pytest.fixture
def postgres():
    """An own schema on the test PostgreSQL, with a table whose unique column holds emails."""
    schema = f"boucle_test_failures_{uuid.uuid4().hex[:8]}"
    database = Database(POSTGRES_URL, schema)
    with database.engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        connection.execute(text(
            "CREATE TABLE people (email TEXT CONSTRAINT people_email_key UNIQUE, age INTEGER)"))  # fmt: skip
    yield database
    database.drop_schema()
    database.close()


def raised(database: Database, sql: str, **values) -> Exception:
    try:
        with database.engine.begin() as connection:
            connection.execute(text(sql), values)
    except Exception as error:
        return error
    raise AssertionError(f"{sql} did not fail")


def test_a_pending_items_last_error_says_where_not_what(store_client) -> None:
    ws = store_client.app.state.workspace
    (item,) = accept(ws, [FeedbackIn(source="zendesk", external_id="s-1", text=SENTINEL)])
    try:
        fail_with_the_text()
    except ValueError as error:
        record_failure(ws, [item.id], error)
    said = store_client.get(f"/v1/feedback/{item.id}").json()["last_error"]
    assert "Jane" not in said and EMAIL not in said
    assert re.fullmatch(f"ValueError at {PLACE}", said), said


def test_a_failed_jobs_message_says_where_not_what(settings) -> None:
    database = open_database(settings)
    ws = sql_only(settings, database)
    try:
        job_id = new_job(ws, "themes.refit")
        run_job(ws, job_id, "themes.refit", lambda progress: fail_with_the_text())
        job = get_job(ws, job_id)
    finally:
        database.close()
    assert job.status == "failed" and "Jane" not in job.message
    assert re.fullmatch(f"ValueError at {PLACE}", job.message), job.message


def test_a_postgresql_error_names_its_constraint_not_the_value(postgres) -> None:
    insert = "INSERT INTO people (email) VALUES (:email)"
    with postgres.engine.begin() as connection:
        connection.execute(text(insert), {"email": EMAIL})
    duplicate = raised(postgres, insert, email=EMAIL)
    assert isinstance(duplicate, IntegrityError)
    said = failure_logged(duplicate)
    assert said.startswith("IntegrityError (UniqueViolation): SQLSTATE 23505, constraint "
                           "people_email_key, table people at "), said  # fmt: skip
    assert "jane" not in said and "test_failures_said.py" in said  # called from ours

    not_a_number = raised(postgres, "INSERT INTO people (age) VALUES (CAST(:age AS INTEGER))",
                          age=SENTINEL)  # fmt: skip
    assert isinstance(not_a_number, DataError)
    said = failure_logged(not_a_number)
    assert said.startswith("DataError (InvalidTextRepresentation): SQLSTATE 22P02 at "), said
    assert "Jane" not in said  # its message: invalid input syntax for type integer: "Jane ..."


def test_a_sqlite_constraint_keeps_its_table_and_column(settings) -> None:
    database = Database(f"sqlite:///{settings.data_dir}/people.db")
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with database.engine.begin() as connection:
        connection.execute(text("CREATE TABLE people (email TEXT UNIQUE)"))
        connection.execute(text("INSERT INTO people VALUES (:email)"), {"email": EMAIL})
    try:
        said = failure_logged(raised(database, "INSERT INTO people VALUES (:e)", e=EMAIL))
    finally:
        database.close()
    assert said.startswith("IntegrityError (IntegrityError): UNIQUE constraint failed: "
                           "people.email at "), said  # fmt: skip
    assert "jane" not in said


def test_database_unavailable_logs_no_message(settings, postgres, caplog) -> None:
    """A server-side error that ends the connection (here raised on purpose) quoting a value."""
    app = create_app(settings)

    @app.get("/gone")
    def gone() -> None:
        with postgres.engine.begin() as connection:
            connection.execute(text(
                f"DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = '57P01', MESSAGE = "
                f"'terminating: {SENTINEL}'; END $$"))  # fmt: skip

    with caplog.at_level(logging.WARNING, logger="boucle"):
        answer = TestClient(app).get("/gone")
    assert answer.status_code == 503
    (line,) = [r.getMessage() for r in caplog.records if "database unavailable" in r.getMessage()]
    assert "Jane" not in caplog.text
    assert "OperationalError (AdminShutdown): SQLSTATE 57P01 at " in line, line
    assert "test_failures_said.py" in line and "in gone" in line


def test_a_start_failure_is_said_without_its_message(settings, monkeypatch, caplog) -> None:
    import api.app

    def analyzer_failing(config):
        fail_with_the_text()

    monkeypatch.setattr(api.app, "Analyzer", analyzer_failing)
    app = create_app(settings)
    with caplog.at_level(logging.ERROR, logger="boucle"):
        load_tagger(app, app.state.settings)
    app.state.sql_workspace.close()
    assert re.fullmatch(f"ValueError at {PLACE}", app.state.load_error), app.state.load_error
    assert "Jane" not in caplog.text and "failed to start: ValueError at " in caplog.text
    health = TestClient(app).get("/healthz")
    assert health.status_code == 503 and "Jane" not in health.text


def test_a_start_on_a_database_out_of_reach_is_said_without_its_message(settings) -> None:
    """/healthz, /readyz and every route's 503 quoted the driver's first line: the database's
    and the user's names, and whatever a URL's options held."""
    name = f"no_such_database_{uuid.uuid4().hex[:8]}"
    url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    app = create_app(settings.model_copy(update={"database_url": url}))
    load_tagger(app, app.state.settings)
    said = app.state.load_error
    assert said.startswith("OperationalError (OperationalError): no such database on the server "
                           "at "), said  # fmt: skip
    assert name not in said and "does not exist" not in said
    with TestClient(app) as client:
        for path in ("/healthz", "/readyz", "/v1/needs"):
            answer = client.get(path)
            assert answer.status_code == 503 and name not in answer.text, (path, answer.text)
