"""Emerging-theme alerts: one per episode, posted to the product team's webhook (signed, keyed,
retried), by the worker or on demand, with clear 4xx for bad requests."""

import hashlib
import hmac
import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from api.app import create_app
from api.loop.channels import WebhookChannel
from api.settings import Settings
from api.storage.db import take_turn
from api.themes.alerts import (
    alert_channel,
    alert_test,
    check_alerts,
    deliver_alerts,
    record_alerts,
)
from api.worker import Worker
from tests.test_loop import SECRET, Receiver
from tests.test_themes_api import post, seed


def burst(client: TestClient) -> dict:
    """A theme quiet for two months, then eight insights this week: it is emerging."""
    post(client, ["Calendar sync fails"] * 3, "q", days_ago=[60, 45, 30])
    post(client, [f"Calendar sync broken again, case {n}" for n in range(8)], "b",
         days_ago=[1, 1, 2, 2, 3, 3, 4, 5])  # fmt: skip
    post(client, [f"Invoice VAT wrong, number {n}" for n in range(10)], "v",
         days_ago=[5 * n + 1 for n in range(10)])  # fmt: skip
    seed(client, "Invoice VAT", ["wrong VAT on the invoice"])
    return seed(client, "Calendar sync", ["calendar sync is broken"])


def test_one_alert_per_episode_delivered_signed_and_retried(store_client: TestClient) -> None:
    calendar = burst(store_client)
    checked = store_client.post("/v1/themes/alerts/check")
    assert checked.status_code == 200, checked.text
    items = checked.json()["items"]
    assert [(a["theme_id"], a["kind"], a["status"]) for a in items] == [
        (calendar["id"], "emerging", "pending")
    ]
    payload = items[0]["payload"]
    assert payload["theme"]["name"] == "Calendar sync" and payload["recent"] == 8
    assert payload["baseline"] == 3 and payload["p_value"] < 0.01
    assert all("broken again" in q["text"] for q in payload["quotes"]) and payload["quotes"]
    # Still the same episode: a second check (now, or in two days) writes nothing.
    assert store_client.post("/v1/themes/alerts/check").json()["items"] == []
    later = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    assert store_client.post("/v1/themes/alerts/check", json={"as_of": later}).json()["items"] == []

    ws = store_client.app.state.workspace
    ws.settings.notify_backoff_s = 0
    receiver = Receiver(fail_first=1)
    try:  # a chat's webhook: its token in the path and query, never said
        channel = WebhookChannel(f"{receiver.url}/T1/chat-token?code=k3y", SECRET)
        assert deliver_alerts(ws, channel) == 0  # the first try failed: retried next round
        [failed] = store_client.get("/v1/themes/alerts").json()["items"]
        host = f"127.0.0.1:{receiver.server.server_port}"
        assert (failed["status"], failed["last_error"]) == ("pending", f"webhook {host}: HTTP 500")
        assert deliver_alerts(ws, channel) == 1
        assert deliver_alerts(ws, channel) == 0
    finally:
        receiver.close()
    assert len(receiver.received) == 2 and len(set(receiver.keys())) == 1
    delivery = receiver.received[-1]
    signed = "sha256=" + hmac.new(SECRET.encode(), delivery["body"], hashlib.sha256).hexdigest()
    assert delivery["headers"]["X-Boucle-Signature"] == signed
    body = json.loads(delivery["body"])
    assert body["kind"] == "theme_emerging" and body["theme"]["id"] == calendar["id"]
    listed = store_client.get("/v1/themes/alerts").json()
    assert listed["webhook"] is False
    assert [(a["status"], a["attempts"]) for a in listed["items"]] == [("sent", 2)]
    assert store_client.get("/v1/themes/alerts", params={"status": "pending"}).json()["items"] == []


def test_checks_at_the_same_moment_alert_once(store_client: TestClient) -> None:
    """Two API processes check together, either side of midnight (two different day keys): the
    second waits for the first to commit, then sees its alert: one episode, one alert."""
    burst(store_client)
    ws = store_client.app.state.workspace
    test, now = alert_test(ws.settings), datetime.now(UTC)
    found: dict[str, list[int]] = {}
    first_wrote, first_may_commit = threading.Event(), threading.Event()

    def first() -> None:
        with ws.db.session() as session:
            found["first"] = record_alerts(session, now, test)
            first_wrote.set()
            first_may_commit.wait(10)

    def second() -> None:
        with ws.db.session() as session:
            found["second"] = record_alerts(session, now + timedelta(days=1), test)

    checks = [threading.Thread(target=first), threading.Thread(target=second)]
    checks[0].start()
    assert first_wrote.wait(10)
    checks[1].start()
    checks[1].join(0.5)
    assert checks[1].is_alive(), "the second check did not wait for the first"
    first_may_commit.set()
    for check in checks:
        check.join(30)
    assert len(found["first"]) == 1 and found["second"] == []


def test_a_check_that_finds_nothing_does_not_wait_for_writers(store_client: TestClient) -> None:
    """The hourly check must not hold up ingestion: with nothing emerging it only reads, so it
    neither waits for nor blocks a writer (an ingest holding the write turn here)."""
    post(store_client, [f"Invoice VAT wrong, number {n}" for n in range(10)], "v",
         days_ago=[5 * n + 1 for n in range(10)])  # fmt: skip
    seed(store_client, "Invoice VAT", ["wrong VAT on the invoice"])
    ws = store_client.app.state.workspace
    found: dict[str, list[int]] = {}
    check = threading.Thread(
        target=lambda: found.setdefault("ids", check_alerts(ws.db, datetime.now(UTC),
                                                            alert_test(ws.settings)))
    )  # fmt: skip
    with ws.db.session() as writer:
        take_turn(writer, "boucle:theme-alerts")
        take_turn(writer, "an ingest")  # on SQLite: the one write lock
        check.start()
        check.join(5)
        assert not check.is_alive(), "a check that found nothing waited for a writer"
    assert found["ids"] == []


def test_the_worker_checks_and_posts_when_a_webhook_is_set(store_settings, tagger) -> None:
    receiver = Receiver()
    settings = store_settings.model_copy(
        update={"theme_alert_webhook_url": receiver.url, "theme_alert_webhook_secret": SECRET}
    )
    try:
        with TestClient(create_app(settings, tagger)) as client:
            calendar = burst(client)
            worker = Worker(client.app.state.workspace, interval_s=60, grace_s=0)
            worker.tick()
            worker.tick()  # within the interval: no new test, nothing left to deliver
            assert [json.loads(r["body"])["theme"]["id"] for r in receiver.received] == [
                calendar["id"]
            ]
            assert client.get("/v1/themes/alerts").json()["webhook"] is True
    finally:
        receiver.close()


def test_bad_alert_requests_get_clear_errors(store_client: TestClient) -> None:
    bad_date = store_client.post("/v1/themes/alerts/check", json={"as_of": "last tuesday"})
    assert bad_date.status_code == 422 and "as_of" in bad_date.text
    bad_status = store_client.get("/v1/themes/alerts", params={"status": "lost"})
    assert bad_status.status_code == 422 and "status" in bad_status.text
    assert store_client.get("/v1/themes/alerts", params={"limit": 0}).status_code == 422
    # Nothing emerging in an empty store: no alert.
    assert store_client.post("/v1/themes/alerts/check").json()["items"] == []


def test_alerts_are_never_signed_with_an_empty_key(tmp_path) -> None:
    """With only BOUCLE_THEME_ALERT_WEBHOOK_URL set, alerts went out signed with the key ""."""
    url = "https://chat.example/hook"
    with pytest.raises(ValidationError, match="BOUCLE_THEME_ALERT_WEBHOOK_URL needs "
                       r"BOUCLE_THEME_ALERT_WEBHOOK_SECRET \(or BOUCLE_WEBHOOK_SECRET\)"):  # fmt: skip
        Settings(data_dir=tmp_path, theme_alert_webhook_url=url)
    shared = Settings(data_dir=tmp_path, theme_alert_webhook_url=url, webhook_secret="loop-key")
    assert alert_channel(shared).secret == "loop-key"
    own = shared.model_copy(update={"theme_alert_webhook_secret": "alert-key"})
    assert alert_channel(own).secret == "alert-key"
    unsigned = shared.model_copy(update={"webhook_secret": None})  # past the check, by hand
    assert alert_channel(unsigned) is None
