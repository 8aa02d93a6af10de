"""Items whose analysis fails: the worker backs off between tries, stops after MAX_ATTEMPTS,
takes them again once a person says so (`boucle feedback retry`, POST /v1/feedback/retry,
`boucle doctor --repair`), and their text reaches neither the log nor `last_error`.

The fault is the SRE review's: the database refuses every insight (a CHECK constraint on
PostgreSQL, whose error quotes the refused row; a trigger on SQLite)."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text, update

from api.app import create_app
from api.feedback.schemas import FeedbackIn
from api.feedback.service import accept
from api.ops.doctor import repair
from api.settings import Settings
from api.storage.tables import Feedback
from api.worker import MAX_ATTEMPTS, Worker

TEXT = "The export crashes on every big project since Tuesday, please fix it."
WORDS = ("export crashes", "big project", "Tuesday")  # any of them in a log line is a leak


def block_insights(ws) -> None:
    with ws.db.engine.begin() as connection:
        if ws.db.dialect == "postgresql":
            connection.execute(text(
                "ALTER TABLE insights ADD CONSTRAINT qa_block CHECK (false) NOT VALID"))  # fmt: skip
        else:
            connection.execute(text(
                "CREATE TRIGGER qa_block BEFORE INSERT ON insights "
                "BEGIN SELECT RAISE(ABORT, 'qa_block: insights refused'); END"))  # fmt: skip


def unblock_insights(ws) -> None:
    with ws.db.engine.begin() as connection:
        if ws.db.dialect == "postgresql":
            connection.execute(text("ALTER TABLE insights DROP CONSTRAINT qa_block"))
        else:
            connection.execute(text("DROP TRIGGER qa_block"))


def stored(ws) -> Feedback:
    with ws.db.session() as session:
        return session.scalar(select(Feedback))


def make_due(ws, attempts: int | None = None) -> None:
    """Time passes: the back-off is over (and, given, the item has failed `attempts` times)."""
    values = {"next_attempt_at": datetime.now(UTC) - timedelta(seconds=1)}
    if attempts is not None:
        values["attempts"] = attempts
    with ws.db.session() as session:
        session.execute(update(Feedback).values(**values))


def assert_no_text(said: str) -> None:
    assert not any(word in said for word in WORDS), said


def test_the_worker_backs_off_gives_up_and_retries_when_asked(workspace, caplog) -> None:
    """It retried every tick, 20 times in about a minute, then never again: not after a
    restart, not after `boucle doctor --repair`. Each tick logged a traceback quoting the
    text in the SQL parameters (and PostgreSQL's DETAIL line), stored in last_error too."""
    block_insights(workspace)
    accept(workspace, [FeedbackIn(source="zendesk", external_id="r-1", text=TEXT)])
    worker = Worker(workspace, interval_s=60, grace_s=0)
    with caplog.at_level(logging.INFO, logger="boucle"):
        for _ in range(3):
            worker.tick()
    assert_no_text(caplog.text)
    row = stored(workspace)
    assert "IntegrityError" in row.last_error and "qa_block" in row.last_error
    assert_no_text(row.last_error)
    assert row.status == "pending" and row.attempts == 1  # the next ticks left it to wait
    wait = row.next_attempt_at - datetime.now(UTC)
    assert timedelta(seconds=5) < wait <= timedelta(seconds=workspace.settings.analysis_backoff_s)
    failures = [r for r in caplog.records if "failed" in r.getMessage()]
    assert len(failures) == 1 and failures[0].exc_info is None  # one line, no traceback
    assert "qa_block" in failures[0].getMessage()

    make_due(workspace, attempts=MAX_ATTEMPTS - 1)
    worker.tick()
    assert stored(workspace).attempts == MAX_ATTEMPTS
    unblock_insights(workspace)  # the fault is fixed: the worker has given up
    make_due(workspace)
    worker.tick()
    assert stored(workspace).status == "pending"

    report = repair(workspace)  # said repaired: true while the item stayed pending
    row = stored(workspace)
    assert (row.status, row.raw_text, row.last_error, row.next_attempt_at) == (
        "analysed", None, None, None)  # fmt: skip
    assert report.pending == 0 and report.healthy


def test_the_backoff_doubles_up_to_its_cap() -> None:
    from api.feedback.retries import analysis_backoff

    settings = Settings(analysis_backoff_s=10, analysis_backoff_max_s=3600)
    waits = [analysis_backoff(settings, n).total_seconds() for n in (1, 2, 3, 9, 19)]
    assert waits == [10, 20, 40, 2560, 3600]


@pytest.fixture
def blocked_client(store_settings, tagger):
    with TestClient(create_app(store_settings, tagger)) as client:
        block_insights(client.app.state.workspace)
        yield client


def test_pending_items_show_why_and_an_admin_retries_them(blocked_client, caplog) -> None:
    client, ws = blocked_client, blocked_client.app.state.workspace
    item = {"source": "zendesk", "external_id": "r-2", "text": TEXT}
    with caplog.at_level(logging.INFO, logger="boucle"):
        answer = client.post("/v1/feedback", json={"items": [item]}).json()["items"][0]
    assert answer["analysis"] == "pending"
    assert_no_text(caplog.text)  # the request's own try logged a traceback with the text
    (pending,) = client.get("/v1/feedback", params={"status": "pending"}).json()["items"]
    assert pending["attempts"] == 1 and "qa_block" in pending["last_error"]
    assert_no_text(pending["last_error"])

    refused = client.post("/v1/feedback/retry", json={})
    assert refused.status_code == 422 and '"all_failed": true' in refused.json()["message"]
    unblock_insights(ws)
    assert client.post("/v1/feedback/retry", json={"ids": [answer["id"]]}).json() == {
        "retried": 1}  # fmt: skip
    assert stored(ws).attempts == 0 and stored(ws).next_attempt_at is None
    Worker(ws, interval_s=60, grace_s=0).tick()
    done = client.get(f"/v1/feedback/{answer['id']}").json()
    assert (done["status"], done["attempts"], done["last_error"]) == ("analysed", 0, None)
    assert client.post("/v1/feedback/retry", json={"all_failed": True}).json() == {"retried": 0}


def test_boucle_feedback_retry_gives_failed_items_their_tries_back(
    workspace, share_with_cli, capsys
) -> None:
    from api.cli import main

    block_insights(workspace)
    accept(workspace, [FeedbackIn(source="zendesk", external_id="r-3", text=TEXT)])
    Worker(workspace, interval_s=60, grace_s=0).tick()
    make_due(workspace, attempts=MAX_ATTEMPTS)
    share_with_cli(workspace.settings)
    assert main(["feedback", "retry"]) == 2  # ids or --all-failed
    assert main(["feedback", "retry", "--all-failed"]) == 0
    assert "1 failed item queued for analysis" in capsys.readouterr().out
    assert stored(workspace).attempts == 0
