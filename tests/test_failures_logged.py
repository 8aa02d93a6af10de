"""A bug logged without the data it carried: a 500, a background job, a library's traceback.
An exception's message may quote the feedback being handled (a ValueError naming the text it
could not read); the log keeps the type, the frames (file:line) and the request's reference."""

import logging
import re
import sys

from fastapi.testclient import TestClient

from api.app import create_app
from api.jobs import get_job, new_job, run_job
from api.logs import IsoFormatter
from api.workspace import open_database, sql_only

CARRIED = "Jane Doe, card 4111 1111 1111 1111, says the export crashes"


def fail_with_the_text() -> None:
    raise ValueError(f"could not read {CARRIED!r}")


def test_a_500_logs_its_type_frames_and_reference_not_its_message(settings, caplog) -> None:
    app = create_app(settings)

    @app.get("/boom")
    def boom() -> None:
        try:
            fail_with_the_text()
        except ValueError as error:
            raise RuntimeError(f"while storing {CARRIED}") from error

    with caplog.at_level(logging.ERROR, logger="boucle"):
        answer = TestClient(app).get("/boom")
    assert answer.status_code == 500
    reference = re.search(r"reference (\w{12})", answer.json()["message"])[1]
    logged = [r for r in caplog.records if r.name == "boucle.errors"]
    assert len(logged) == 1 and logged[0].exc_info is None
    said = logged[0].getMessage()
    assert CARRIED not in caplog.text and "Jane" not in said
    assert f"internal error {reference} on GET /boom" in said
    assert "ValueError" in said and "RuntimeError" in said
    assert re.search(r"tests/test_failures_logged\.py:\d+ in fail_with_the_text", said), said
    assert re.search(r"tests/test_failures_logged\.py:\d+ in boom", said), said


def test_a_failed_job_logs_no_message(settings, caplog) -> None:
    database = open_database(settings)
    ws = sql_only(settings, database)
    try:
        job_id = new_job(ws, "tagger.train")
        with caplog.at_level(logging.ERROR, logger="boucle"):
            run_job(ws, job_id, "tagger.train", lambda progress: fail_with_the_text())
        assert get_job(ws, job_id).status == "failed"
    finally:
        database.close()
    said = [r for r in caplog.records if r.name == "boucle.jobs"]
    assert len(said) == 1 and said[0].exc_info is None
    assert f"job {job_id} failed" in said[0].getMessage()
    assert "ValueError" in said[0].getMessage() and "in fail_with_the_text" in said[0].getMessage()
    assert "Jane" not in caplog.text


def test_a_traceback_any_logger_asks_for_is_said_without_messages() -> None:
    """uvicorn's "Exception in ASGI application" and a library's log.exception go through the
    serving process's formatter: it says types and frames alone."""
    try:
        fail_with_the_text()
    except ValueError:
        record = logging.LogRecord("uvicorn.error", logging.ERROR, __file__, 1,
                                   "Exception in ASGI application", None, sys.exc_info())  # fmt: skip
    line = IsoFormatter().format(record)
    assert "Exception in ASGI application" in line and "ValueError" in line
    assert "in fail_with_the_text" in line and "Jane" not in line


def test_a_failure_in_one_line_keeps_no_message() -> None:
    from api.failures import failure_logged

    try:
        fail_with_the_text()
    except ValueError as error:
        said = failure_logged(error)
    assert re.fullmatch(r"ValueError at tests/test_failures_logged\.py:\d+ in fail_with_the_text",
                        said), said  # fmt: skip
