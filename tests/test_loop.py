"""Closing the loop for real: a local webhook receiver and SMTP sink, the outbox's one
notification per (need, contact), retries, and a worker killed mid-delivery."""

import hashlib
import hmac
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.loop.channels import SmtpChannel, Unreachable, WebhookChannel, url_destination
from api.loop.delivery import deliver_due
from api.storage.loop_tables import DeliveryBackoff, Notification

ROOT = Path(__file__).resolve().parents[1]
SECRET = "s3cret"


class Receiver:
    """A webhook endpoint: records each delivery; can fail or stall its first requests."""

    def __init__(self, fail_first: int = 0, stall_first_s: float = 0.0) -> None:
        self.received: list[dict] = []
        self.fail_first, self.stall_first_s = fail_first, stall_first_s
        self.arrived = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.arrived.set()
                if receiver.stall_first_s:
                    stall, receiver.stall_first_s = receiver.stall_first_s, 0.0
                    time.sleep(stall)
                receiver.received.append({"headers": dict(self.headers), "body": body})
                failing = receiver.fail_first > 0
                receiver.fail_first -= 1
                self.send_response(500 if failing else 204)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        # polled every 20 ms, not 0.5 s: `close` waits for the poll, in every test using one
        serve = partial(self.server.serve_forever, poll_interval=0.02)
        threading.Thread(target=serve, daemon=True).start()

    def keys(self) -> list[str]:
        return [r["headers"]["Idempotency-Key"] for r in self.received]

    def close(self) -> None:
        self.server.shutdown()


class Hanging:
    """A receiver (web or SMTP) that accepts each connection and never answers; counts the
    connections."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/hook"
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self.hold, daemon=True).start()

    def hold(self) -> None:
        while True:
            try:
                self.accepted.append(self.server.accept()[0])
            except OSError:  # closed
                return

    def close(self) -> None:
        self.server.shutdown(socket.SHUT_RDWR)  # wakes the accept
        self.server.close()
        for connection in self.accepted:
            connection.close()


class HangingUp:
    """A receiver that reads each request whole and closes the connection without an answer."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}/hook"
        threading.Thread(target=self.hang_up, daemon=True).start()

    def hang_up(self) -> None:
        with suppress(OSError), self.server.accept()[0] as connection:
            request = b""
            while b"\r\n\r\n" not in request:
                request += connection.recv(65536)
            head, _, body = request.partition(b"\r\n\r\n")
            length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
            while len(body) < length:
                body += connection.recv(65536)
            connection.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self.server.close()


def test_a_receiver_that_hangs_up_without_an_answer_backs_off_like_a_silent_one() -> None:
    """It was a plain failure (`RemoteProtocolError`): tried at every tick, no back-off, though
    it answered nothing, as the docs' "a failure without an answer" says."""
    receiver = HangingUp()
    try:
        with pytest.raises(Unreachable) as raised:
            WebhookChannel(receiver.url, "secret", 2.0).post({"ping": 1}, "key-1")
        assert raised.value.summary == f"{receiver.url[7:-5]}: no answer (RemoteProtocolError)"
    finally:
        receiver.close()


def ingest(client: TestClient, n: int, text: str, contact: dict, account: str = "acme") -> dict:
    item = {"source": "zendesk", "external_id": f"t-{n}", "text": text,
            "account": {"id": account, "arr": 5000}, "contact": contact}  # fmt: skip
    return client.post("/v1/feedback", json={"items": [item]}).json()["items"][0]


def shipped_need(client: TestClient) -> int:
    items = [
        ingest(client, 1, "Please add a dark mode.", {"id": "c1", "email": "ann@northwind.com",
                                                      "name": "Ann", "language": "en"}),
        ingest(client, 2, "Dark mode please, my eyes hurt.", {"id": "c1"}),
        ingest(client, 3, "Ajoutez un mode sombre svp.", {"id": "c2", "email": "luc@example.fr",
                                                          "name": "Luc", "language": "fr"}),
        ingest(client, 4, "We need a dark theme.", {"id": "c3", "name": "No Mail"}, "other"),
    ]  # fmt: skip
    ids = [item["insights"][0]["id"] for item in items]
    need = client.post("/v1/needs", json={"title": "Dark mode", "insight_ids": ids}).json()
    response = client.patch(f"/v1/needs/{need['id']}", json={"status": "shipped"})
    assert response.status_code == 200, response.text
    return need["id"]


def test_shipping_notifies_each_requester_once_in_their_language(store_client) -> None:
    need_id = shipped_need(store_client)
    rows = store_client.get(f"/v1/needs/{need_id}/notifications").json()["items"]
    assert sorted(r["contact_id"] for r in rows) == ["c1", "c2", "c3"]  # c1 wrote twice
    assert {r["status"] for r in rows} == {"pending"}
    by_contact = {r["contact_id"]: r for r in rows}
    assert by_contact["c2"]["language"] == "fr" and "c'est fait" in by_contact["c2"]["subject"]
    assert by_contact["c1"]["subject"] == "You asked, we built it: Dark mode"
    # Status back and forth: still one per (need, contact).
    store_client.patch(f"/v1/needs/{need_id}", json={"status": "declined"})
    store_client.patch(f"/v1/needs/{need_id}", json={"status": "shipped"})
    assert len(store_client.get(f"/v1/needs/{need_id}/notifications").json()["items"]) == 3

    receiver = Receiver(fail_first=1)
    try:
        ws = store_client.app.state.workspace
        ws.settings.notify_backoff_s = 0
        channel = WebhookChannel(receiver.url, SECRET)
        assert deliver_due(ws, channel) == 2  # the first try failed: retried next round
        assert deliver_due(ws, channel) == 1
        assert deliver_due(ws, channel) == 0
    finally:
        receiver.close()
    assert len(receiver.received) == 4 and len(set(receiver.keys())) == 3
    for delivery in receiver.received:
        expected = (
            "sha256=" + hmac.new(SECRET.encode(), delivery["body"], hashlib.sha256).hexdigest()
        )
        assert delivery["headers"]["X-Boucle-Signature"] == expected
        assert (
            json.loads(delivery["body"])["idempotency_key"]
            == delivery["headers"]["Idempotency-Key"]
        )
    rows = store_client.get(f"/v1/needs/{need_id}/notifications").json()["items"]
    assert {r["status"] for r in rows} == {"sent"} and max(r["attempts"] for r in rows) == 2
    metrics = store_client.get("/v1/loop/metrics").json()
    assert metrics["closed_loops"] == 1 and metrics["closed_share"] == 1.0


def test_example_addresses_are_never_sent_whatever_the_channel(store_client) -> None:
    """The demo's shipped need had 18 notifications queued: setting a real channel sent them
    all to the real endpoint. Addresses at domains reserved for examples are nobody's."""
    people = ["ann@example.com", "luc@Example.ORG", "eve@acme.demo.example", "bob@northwind.com"]
    items = [ingest(store_client, n, "Please add a dark mode.", {"id": f"c{n}", "email": email})
             for n, email in enumerate(people)]  # fmt: skip
    ids = [item["insights"][0]["id"] for item in items]
    need = store_client.post("/v1/needs", json={"title": "Dark mode", "insight_ids": ids}).json()
    store_client.patch(f"/v1/needs/{need['id']}", json={"status": "shipped"})
    receiver = Receiver()
    try:
        channel = WebhookChannel(receiver.url, SECRET)
        assert deliver_due(store_client.app.state.workspace, channel) == 1
    finally:
        receiver.close()
    assert [json.loads(r["body"])["email"] for r in receiver.received] == ["bob@northwind.com"]
    rows = store_client.get(f"/v1/needs/{need['id']}/notifications").json()["items"]
    told = {r["email"]: (r["status"], r["last_error"] or "") for r in rows}
    assert told.pop("bob@northwind.com")[0] == "sent"
    assert all(s == "undeliverable" and "example address" in e for s, e in told.values())


def test_example_addresses_are_left_out_when_written_as_the_preview_says(store_client) -> None:
    """The preview said "would tell 1; 2 left out (example address)", then the shipped need
    showed 3 notifications pending in the outbox: rows for example addresses are written
    undeliverable at once, with no channel set, and a new decision keeps them so."""
    people = ["ann@example.com", "luc@Example.ORG", "bob@northwind.com"]
    items = [ingest(store_client, n, "Please add a dark mode.", {"id": f"c{n}", "email": email})
             for n, email in enumerate(people)]  # fmt: skip
    ids = [item["insights"][0]["id"] for item in items]
    need = store_client.post("/v1/needs", json={"title": "Dark mode", "insight_ids": ids}).json()
    preview = store_client.get(f"/v1/needs/{need['id']}/recipients").json()
    assert (preview["to_notify"], preview["excluded"]) == (1, 2)
    for decision in ("shipped", "declined"):
        store_client.patch(f"/v1/needs/{need['id']}", json={"status": decision})
        rows = store_client.get(f"/v1/needs/{need['id']}/notifications").json()["items"]
        states = {r["email"]: (r["status"], r["last_error"] or "") for r in rows}
        assert states.pop("bob@northwind.com") == ("pending", "")
        assert all(s == "undeliverable" and "example address" in e for s, e in states.values())


class Sink:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's name
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def mailed(ws, sender: str) -> tuple[int, list]:
    """Deliver what is due through SMTP to a local sink: how many went, and the messages."""
    sink, port = Sink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        return deliver_due(ws, SmtpChannel("127.0.0.1", port, sender)), sink.messages
    finally:
        controller.stop()


def test_email_through_smtp_with_the_key_in_a_header(store_client) -> None:
    need_id = shipped_need(store_client)
    delivered, messages = mailed(store_client.app.state.workspace, "product@example.com")
    assert delivered == 2
    assert sorted(m["To"] for m in messages) == ["ann@northwind.com", "luc@example.fr"]
    assert all(m["Idempotency-Key"].startswith(f"boucle:need:{need_id}:") for m in messages)
    french = next(m for m in messages if m["To"] == "luc@example.fr")
    assert "Ajoutez un mode sombre" in french.get_payload(decode=True).decode()
    rows = {
        r["contact_id"]: r
        for r in store_client.get(f"/v1/needs/{need_id}/notifications").json()["items"]
    }
    assert rows["c3"]["status"] == "undeliverable" and "no e-mail" in rows["c3"]["last_error"]


def test_a_silent_smtp_server_holds_each_tick_up_once_a_back_off(store_client) -> None:
    """A server that accepts and never answers: one timeout (BOUCLE_SMTP_TIMEOUT_S), then the
    e-mails wait out the server's back-off, however many are due and however many ticks."""
    ws = store_client.app.state.workspace
    shipped_need(store_client)  # two e-mails due
    silent = Hanging()
    ws.settings.notify_channel, ws.settings.smtp_host = "smtp", "127.0.0.1"
    ws.settings.smtp_port, ws.settings.smtp_timeout_s = silent.port, 0.3
    destination = f"smtp:127.0.0.1:{silent.port}"
    try:
        assert deliver_due(ws) == 0 and len(silent.accepted) == 1  # the second e-mail waits
        assert deliver_due(ws) == 0 and len(silent.accepted) == 1  # so does the next tick
        with ws.db.session() as session:
            state = session.get(DeliveryBackoff, destination)
            assert state.failures == 1 and state.last_failure == (
                f"127.0.0.1:{silent.port}: no answer within 0.3 s"
            )
            state.until = datetime.now(UTC) - timedelta(seconds=1)  # its back-off passed
        assert deliver_due(ws) == 0 and len(silent.accepted) == 2  # tried again, once
    finally:
        silent.close()
    with ws.db.session() as session:
        rows = session.scalars(select(Notification).where(Notification.email.is_not(None)))
        # nobody answered: neither e-mail spent a try (it was 1 for each tried)
        assert sorted((r.status, r.attempts) for r in rows) == [("pending", 0), ("pending", 0)]


def test_templates_are_editable_and_checked(store_client) -> None:
    bad = store_client.put("/v1/templates/shipped/en", json={"subject": "{oops}", "body": "x"})
    assert bad.status_code == 422 and "oops" in bad.json()["message"]
    assert [e["field"] for e in bad.json()["errors"]] == ["subject"]  # was always "body"
    for broken in ("{need_title", "50% off}", "Hi {}", "{need_title:{width}}"):  # were 500s
        bad = store_client.put("/v1/templates/shipped/en", json={"subject": "s", "body": broken})
        assert bad.status_code == 422, (broken, bad.text)
    literal = store_client.put("/v1/templates/shipped/en", json={"subject": "{{v2}}", "body": "x"})
    assert literal.status_code == 200
    japanese = store_client.put("/v1/templates/shipped/ja", json={"subject": "a", "body": "b"})
    assert japanese.status_code == 404
    assert "languages en, fr, de, es, it, pt" in japanese.json()["message"]
    # a locale names its language's template, as with feedback ("FR", "fr-CA" were 404s)
    for locale in ("FR", "fr-CA", "fr_FR"):
        assert store_client.get(f"/v1/templates/shipped/{locale}").json()["language"] == "fr"
    put = store_client.put("/v1/templates/shipped/en",
                           json={"subject": "Done: {need_title}", "body": "Hi {contact_name}"})  # fmt: skip
    assert put.status_code == 200 and put.json()["default"] is False
    need_id = shipped_need(store_client)
    rows = store_client.get(f"/v1/needs/{need_id}/notifications").json()["items"]
    assert {r["subject"] for r in rows if r["language"] == "en"} == {"Done: Dark mode"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_worker_killed_mid_delivery_delivers_each_once(store_settings, tagger, boucle) -> None:
    """The worker dies after the webhook got the request but before it recorded it: the
    restarted worker sends it again with the same key, so the receiver keeps exactly one. The
    killed worker is a process of its own; the restarted one runs here (`boucle` fixture)."""
    from api.app import create_app

    settings = store_settings.model_copy(update={"qdrant_url": ":memory:"})
    with TestClient(create_app(settings, tagger)) as client:
        need_id = shipped_need(client)
    receiver = Receiver(stall_first_s=30)
    env = {"BOUCLE_DATA_DIR": str(settings.data_dir), "BOUCLE_QDRANT_URL": ":memory:",
           "BOUCLE_NOTIFY_CHANNEL": "webhook", "BOUCLE_WEBHOOK_URL": receiver.url,
           "BOUCLE_WEBHOOK_SECRET": SECRET, "BOUCLE_WORKER_INTERVAL_S": "0.2",
           "BOUCLE_NOTIFY_CLAIM_S": "1"}  # fmt: skip
    if settings.database_url:
        env |= {"BOUCLE_DATABASE_URL": settings.database_url,
                "BOUCLE_DATABASE_SCHEMA": settings.database_schema}  # fmt: skip
    command = [sys.executable, "-m", "api", "worker"]
    try:
        worker = subprocess.Popen(command, env={**os.environ, **env}, cwd=ROOT)
        assert receiver.arrived.wait(120), "the worker never delivered"
        worker.send_signal(signal.SIGKILL)  # mid-request: nothing was marked sent
        worker.wait()
        time.sleep(1.5)  # its claim on the message it was sending runs out
        again = boucle("worker", "--once", env=env)
        assert again.returncode == 0, again.stderr
        # each of its requests was recorded before it was answered: nothing left to wait for
    finally:
        receiver.close()
    keys = receiver.keys()
    assert len(set(keys)) == 3 and len(keys) >= 3  # one repeat at most, with the same key
    assert len(keys) - len(set(keys)) <= 1
    from api.workspace import open_database

    database = open_database(settings)
    with database.session() as session:
        rows = session.scalars(select(Notification).where(Notification.need_id == need_id)).all()
        assert sorted(r.status for r in rows) == ["sent"] * 3
    database.close()


@pytest.mark.parametrize("status", ["open", "planned"])
def test_no_notification_before_a_decision(store_client, status) -> None:
    item = ingest(store_client, 9, "Please add SSO.", {"id": "c9", "email": "x@northwind.com"})
    need = store_client.post(
        "/v1/needs", json={"title": "SSO", "insight_ids": [item["insights"][0]["id"]]}
    ).json()
    store_client.patch(f"/v1/needs/{need['id']}", json={"status": status})
    assert store_client.get(f"/v1/needs/{need['id']}/notifications").json()["items"] == []


def test_a_need_created_shipped_tells_its_customers(store_client) -> None:
    item = ingest(
        store_client, 10, "Please add SAML login.", {"id": "c10", "email": "y@northwind.com"}
    )
    need = store_client.post(
        "/v1/needs",
        json={"title": "SAML", "status": "shipped", "insight_ids": [item["insights"][0]["id"]]},
    ).json()
    told = store_client.get(f"/v1/needs/{need['id']}/notifications").json()["items"]
    assert [(n["contact_id"], n["kind"]) for n in told] == [("c10", "shipped")]


def test_unsent_notifications_follow_the_latest_decision(store_client) -> None:
    """Shipped, then reopened, then declined: the customers are told it was declined, not that
    it shipped; a message that already went out stays as it was, and the decline is one of its
    own to that customer (told it shipped, they learn it did not after all)."""
    need_id = shipped_need(store_client)
    ws = store_client.app.state.workspace
    with ws.db.session() as session:  # c3's message went out before the change of mind
        session.scalars(
            select(Notification).where(Notification.contact_id == "c3")
        ).one().status = "sent"

    def rows() -> dict[str, dict]:
        items = store_client.get(f"/v1/needs/{need_id}/notifications").json()["items"]
        return {r["contact_id"]: r for r in items}

    store_client.patch(f"/v1/needs/{need_id}", json={"status": "open"})
    assert {c: r["status"] for c, r in rows().items()} == {
        "c1": "cancelled", "c2": "cancelled", "c3": "sent"
    }  # fmt: skip
    store_client.patch(f"/v1/needs/{need_id}", json={"status": "declined"})
    now = rows()
    items = store_client.get(f"/v1/needs/{need_id}/notifications").json()["items"]
    assert sorted((r["contact_id"], r["kind"], r["status"]) for r in items) == [
        ("c1", "declined", "pending"), ("c2", "declined", "pending"),
        ("c3", "declined", "pending"), ("c3", "shipped", "sent"),
    ]  # fmt: skip
    assert "built" not in now["c1"]["subject"] and "c'est fait" not in now["c2"]["subject"]


def notified(client: TestClient, need_id: int) -> dict[str, dict]:
    items = client.get(f"/v1/needs/{need_id}/notifications").json()["items"]
    return {r["contact_id"]: r for r in items}


def test_two_workers_never_send_one_notification_twice(store_client) -> None:
    need_id = shipped_need(store_client)
    ws = store_client.app.state.workspace
    receiver = Receiver()
    channel = WebhookChannel(receiver.url, SECRET)
    start = threading.Barrier(2)
    sent: list[int] = []

    def work() -> None:
        start.wait()
        sent.append(deliver_due(ws, channel))

    try:
        workers = [threading.Thread(target=work) for _ in range(2)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
    finally:
        receiver.close()
    assert sum(sent) == 3 and sorted(receiver.keys()) == sorted(set(receiver.keys()))
    assert {r["status"] for r in notified(store_client, need_id).values()} == {"sent"}


def test_failed_notifications_go_out_again_on_retry_or_a_new_decision(store_client) -> None:
    need_id = shipped_need(store_client)
    ws = store_client.app.state.workspace
    ws.settings.notify_backoff_s, ws.settings.notify_max_attempts = 0, 1
    receiver = Receiver(fail_first=3)  # the channel is down for every first try
    channel = WebhookChannel(receiver.url, SECRET)
    try:
        assert deliver_due(ws, channel) == 0
        assert {r["status"] for r in notified(store_client, need_id).values()} == {"failed"}
        retried = store_client.post(f"/v1/needs/{need_id}/notifications/retry")
        assert retried.status_code == 200 and retried.json() == {"retried": 3, "not_retried": []}
        assert deliver_due(ws, channel) == 3
        # failed again, then the need is declined: the decline goes out, not nothing
        with ws.db.session() as session:
            for row in session.scalars(select(Notification)):
                row.status, row.kind = "failed", "shipped"
        store_client.patch(f"/v1/needs/{need_id}", json={"status": "declined"})
        assert {r["kind"] for r in notified(store_client, need_id).values()} == {"declined"}
        assert deliver_due(ws, channel) == 3
    finally:
        receiver.close()
    assert store_client.post("/v1/needs/999/notifications/retry").status_code == 404


def test_customers_who_join_a_decided_need_are_told_and_those_unlinked_are_not(
    store_client,
) -> None:
    need_id = shipped_need(store_client)
    assert set(notified(store_client, need_id)) == {"c1", "c2", "c3"}
    late = ingest(store_client, 20, "Dark mode, please!", {"id": "c4", "email": "d@northwind.com"})
    linked = store_client.post(f"/v1/needs/{need_id}/links",
                               json={"insight_ids": [late["insights"][0]["id"]]})  # fmt: skip
    assert linked.status_code == 200
    rows = notified(store_client, need_id)
    assert (rows["c4"]["kind"], rows["c4"]["status"]) == ("shipped", "pending")
    # c2's only evidence is taken away before the message went out: it is withdrawn
    c2 = [e for e in linked.json()["evidence"] if e["quote"].startswith("Ajoutez")][0]
    assert store_client.delete(f"/v1/needs/{need_id}/links/{c2['insight_id']}").status_code == 204
    assert notified(store_client, need_id)["c2"]["status"] == "cancelled"
    # an open need merged into the shipped one: its customers are told too
    other = ingest(store_client, 21, "Night theme for the app.", {"id": "c5"})
    source = store_client.post("/v1/needs", json={"title": "Night theme",
                                                  "insight_ids": [other["insights"][0]["id"]]})  # fmt: skip
    merged = store_client.post(
        f"/v1/needs/{need_id}/merge", json={"sources": [source.json()["id"]]}
    )
    assert merged.status_code == 200
    assert notified(store_client, need_id)["c5"]["status"] == "pending"
    metrics = store_client.get("/v1/loop/metrics").json()
    assert metrics["decided_needs"] == 1 and metrics["closed_loops"] == 0


def test_templates_fill_the_account_name_and_can_go_back_to_the_default(store_client) -> None:
    store_client.put("/v1/accounts/acme", json={"name": "Acme Corp", "arr": 5000})
    put = store_client.put("/v1/templates/shipped/en",
                           json={"subject": "Done", "body": "Hi {contact_name} at {account_name}"})  # fmt: skip
    assert put.status_code == 200
    nested = store_client.put("/v1/templates/shipped/en",
                              json={"subject": "Hi {contact_name!r:>{need_title}}", "body": "y"})  # fmt: skip
    assert nested.status_code == 422 and "without a format" in nested.json()["message"]
    need_id = shipped_need(store_client)
    ws = store_client.app.state.workspace
    with ws.db.session() as session:
        body = session.scalars(select(Notification).where(Notification.contact_id == "c1")).one()
        # a template without {unsubscribe_url} gets the person's link as a footer
        assert body.body.startswith("Hi Ann at Acme Corp\n\n--\nTo stop receiving these ")
        assert body.body.rstrip().endswith(body.unsubscribe_url)
    assert store_client.delete("/v1/templates/shipped/ja").status_code == 404  # no such template
    reset = store_client.delete("/v1/templates/shipped/en")
    assert reset.status_code == 200 and reset.json()["default"] is True
    assert "{need_title}" in reset.json()["subject"]
    assert need_id


def test_a_decided_need_with_no_one_to_tell_is_not_an_open_loop(store_client) -> None:
    item = store_client.post("/v1/feedback", json={"items": [
        {"source": "s", "external_id": "x", "text": "Please add SSO."}]}).json()["items"][0]  # fmt: skip
    need = store_client.post("/v1/needs", json={"title": "SSO",
                                                "insight_ids": [item["insights"][0]["id"]]})  # fmt: skip
    store_client.patch(f"/v1/needs/{need.json()['id']}", json={"status": "declined"})
    metrics = store_client.get("/v1/loop/metrics").json()
    assert (metrics["decided_needs"], metrics["no_one_to_tell"], metrics["closed_share"]) == (
        1, 1, None
    )  # fmt: skip


def test_naive_and_day_dates_in_the_digest(store_client) -> None:
    for as_of in ("2026-06-01", "2026-06-01T12:00:00"):
        response = store_client.get("/v1/digest", params={"as_of": as_of})
        assert response.status_code == 200, response.text
        assert response.json()["until"].startswith("2026-06-01")


def test_a_contact_named_by_its_email_is_told_in_the_language_it_wrote(store_client) -> None:
    """A ticket's requester e-mail as contact_id made a bare contact: no e-mail, no account, no
    language, so shipping wrote to a French customer in English, at no address."""
    sent = store_client.post("/v1/feedback", json={"items": [{
        "source": "zendesk", "external_id": "fr-1", "contact_id": "jean.martin@globex.fr",
        "account_id": "globex",
        "text": "L'export CSV plante à chaque fois depuis la mise à jour, merci de corriger.",
    }]}).json()["items"][0]  # fmt: skip
    contact = store_client.get("/v1/contacts/jean.martin@globex.fr").json()
    assert (contact["email"], contact["account_id"]) == ("jean.martin@globex.fr", "globex")
    need = store_client.post("/v1/needs", json={
        "title": "Export CSV", "status": "shipped", "insight_ids": [sent["insights"][0]["id"]]
    }).json()  # fmt: skip
    told = store_client.get(f"/v1/needs/{need['id']}/notifications").json()["items"]
    assert [(n["email"], n["language"]) for n in told] == [("jean.martin@globex.fr", "fr")]


def test_a_notification_names_the_tickets_it_answers_signed_with_its_time(store_client) -> None:
    """A help desk replies on the original ticket: the webhook carried no reference to it. It
    now lists the person's feedback behind the need, and signs "timestamp.body" so a receiver
    can refuse a replay; it says who sends it."""
    from api.version import VERSION

    need_id = shipped_need(store_client)
    stored = store_client.get("/v1/feedback", params={"contact": "c1"}).json()["items"]
    ann = sorted((item["id"], item["external_id"], item["created_at"]) for item in stored)
    preview = store_client.get(f"/v1/needs/{need_id}/recipients").json()["recipients"]
    quotes = next(p["quotes"] for p in preview if p["contact_id"] == "c1")
    assert sorted(q["external_id"] for q in quotes) == ["t-1", "t-2"]

    receiver = Receiver()
    try:
        before = int(time.time())
        deliver_due(store_client.app.state.workspace, WebhookChannel(receiver.url, SECRET))
        after = int(time.time())
    finally:
        receiver.close()
    to_ann = next(r for r in receiver.received if json.loads(r["body"])["contact_id"] == "c1")
    body = json.loads(to_ann["body"])
    assert [(f["id"], f["external_id"], f["created_at"]) for f in body["feedback"]] == ann
    assert {f["source"] for f in body["feedback"]} == {"zendesk"}
    headers = to_ann["headers"]
    assert headers["User-Agent"] == f"Boucle/{VERSION}"
    timestamp = int(headers["X-Boucle-Timestamp"])
    assert before <= timestamp <= after
    signed = f"{timestamp}.".encode() + to_ann["body"]
    expected = "sha256=" + hmac.new(SECRET.encode(), signed, hashlib.sha256).hexdigest()
    assert headers["X-Boucle-Signature-V2"] == expected
    # the body-only signature is still sent, for receivers written before the timestamp
    old = "sha256=" + hmac.new(SECRET.encode(), to_ann["body"], hashlib.sha256).hexdigest()
    assert headers["X-Boucle-Signature"] == old


def test_a_failed_webhook_names_its_host_not_its_secret_path(store_client, caplog) -> None:
    """A chat's webhook holds its secret in the path or query: a failed try stored the whole
    address in `last_error`, which any `read` key lists, and the log said it too; then its
    scheme and host, with httpx's words for a refused connection. Now the host and what
    happened, in our words, in the row and the log."""
    need_id = shipped_need(store_client)
    ws = store_client.app.state.workspace
    ws.settings.notify_backoff_s = 0
    receiver = Receiver(fail_first=100)  # every try fails
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))  # bound, never listening: refused
    answering = f"127.0.0.1:{receiver.server.server_port}"
    refusing = f"127.0.0.1:{closed.getsockname()[1]}"
    try:
        with caplog.at_level(logging.INFO, logger="boucle"):
            secret_url = f"http://{answering}/services/T1/B2/chat-token?code=k3y"
            assert deliver_due(ws, WebhookChannel(secret_url, SECRET)) == 0
            refused = f"http://{refusing}/services/chat-token?code=k3y"
            assert deliver_due(ws, WebhookChannel(refused, SECRET)) == 0
    finally:
        receiver.close()
        closed.close()
    # the refusing one backs off after its first try: the rows it did not try keep the 500
    errors = {r["last_error"] for r in notifications(store_client, need_id)}
    assert errors == {
        f"webhook {answering}: HTTP 500",
        f"webhook {refusing}: no connection (ConnectError)",
    }
    said = caplog.text
    assert f"webhook {answering}: HTTP 500" in said and f"webhook {refusing}: no conn" in said
    assert not any(secret in said for secret in ("chat-token", "k3y", "/services", "Errno"))


def notifications(client: TestClient, need_id: int) -> list[dict]:
    return client.get(f"/v1/needs/{need_id}/notifications").json()["items"]


class Refusing(Sink):
    """A mail server whose replies quote the address: it refuses Ann at RCPT (550, for good)
    and any message at DATA (554)."""

    async def handle_RCPT(self, server, session, envelope, address, options) -> str:  # noqa: N802
        if address.startswith("ann@"):
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        return f"554 5.7.1 message to {envelope.rcpt_tos[0]} rejected as spam"


def test_a_mail_server_refusing_an_address_is_said_without_it(store_client, caplog) -> None:
    """An SMTP server's reply quotes the recipient's address: the refusal was stored whole in
    `last_error` (listed to `read` keys) and logged. Now the server and its code alone; a
    refusal for good (5xx at RCPT) still fails the row, a refused message is retried."""
    need_id = shipped_need(store_client)
    ws = store_client.app.state.workspace
    port = free_port()
    controller = Controller(Refusing(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with caplog.at_level(logging.INFO, logger="boucle"):
            assert deliver_due(ws, SmtpChannel("127.0.0.1", port, "product@acme.com")) == 0
    finally:
        controller.stop()
    rows = {r["email"]: r for r in notifications(store_client, need_id) if r["email"]}
    assert {email: (r["status"], r["last_error"]) for email, r in rows.items()} == {
        "ann@northwind.com": ("failed", f"smtp 127.0.0.1:{port}: SMTP 550 refused the recipient"),
        "luc@example.fr": ("pending", f"smtp 127.0.0.1:{port}: SMTP 554"),
    }
    assert "SMTP 550 refused the recipient" in caplog.text
    assert not any(said in caplog.text for said in ("northwind", "luc@", "rejected"))


def refused_url() -> tuple[socket.socket, str]:
    """A port bound and never listening: every connection is refused (a receiver down)."""
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    return closed, f"http://127.0.0.1:{closed.getsockname()[1]}/hook"


def test_a_receiver_down_spends_no_message_s_tries(store_client) -> None:
    """The first waiting message used up its tries on a receiver that was down (attempts 1, 2,
    … then `failed` at BOUCLE_NOTIFY_MAX_ATTEMPTS) while the others waited with none: nobody
    answered, so the destination backs off and no message spends a try, as documented."""
    need_id = shipped_need(store_client)
    ws = store_client.app.state.workspace
    ws.settings.notify_backoff_s, ws.settings.notify_max_attempts = 0, 2  # no wait between ticks
    closed, url = refused_url()
    try:
        assert [deliver_due(ws, WebhookChannel(url, SECRET)) for _ in range(4)] == [0] * 4
    finally:
        closed.close()
    rows = notifications(store_client, need_id)
    assert [(r["status"], r["attempts"]) for r in rows] == [("pending", 0)] * 3
    assert "no connection" in rows[0]["last_error"]
    receiver = Receiver()  # back: every message goes
    try:
        assert deliver_due(ws, WebhookChannel(receiver.url, SECRET)) == 3
    finally:
        receiver.close()
    assert [(r["status"], r["attempts"]) for r in notifications(store_client, need_id)] == [
        ("sent", 1)
    ] * 3


def test_a_retry_ends_the_channel_s_back_off(
    store_client, store_settings, share_with_cli, boucle
) -> None:
    """POST /v1/needs/{id}/notifications/retry answered {"retried": 3} and nothing went until
    the notification URL's back-off ran out (up to 6 hours), where a webhook's retry ends its
    own. Now the route and `boucle loop retry` end the channel's back-off: the next tick sends."""
    need_id = shipped_need(store_client)
    ws = store_client.app.state.workspace
    receiver = Receiver()  # back up after hours down
    settings = {"notify_channel": "webhook", "webhook_url": receiver.url, "webhook_secret": SECRET}
    for name, value in settings.items():
        setattr(ws.settings, name, value)
    share_with_cli(store_settings)
    destination = url_destination(receiver.url)

    def given_up_while_down() -> None:
        with ws.db.session() as session:
            session.merge(DeliveryBackoff(destination=destination, failures=9,
                                          until=datetime.now(UTC) + timedelta(hours=6)))  # fmt: skip
            for row in session.scalars(select(Notification)):
                row.status, row.sent_at = "failed", None

    try:
        given_up_while_down()
        retried = store_client.post(f"/v1/needs/{need_id}/notifications/retry")
        assert retried.json() == {"retried": 3, "not_retried": []}
        assert deliver_due(ws) == 3  # was 0: held until the back-off ran out
        given_up_while_down()
        env = {f"BOUCLE_{name.upper()}": value for name, value in settings.items()}
        again = boucle("loop", "retry", str(need_id), env=env)
        assert again.returncode == 0, again.stderr
        assert again.stdout.startswith(f"need {need_id}: 3 notifications queued again")
        assert deliver_due(ws) == 3
    finally:
        receiver.close()
    with ws.db.session() as session:
        assert session.get(DeliveryBackoff, destination).until is None
    assert boucle("loop", "retry", "999").returncode != 0  # an unknown need is said so
