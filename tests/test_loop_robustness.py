"""One bad message must not stop the others: subjects stay on one line, a row that fails for
any reason is marked failed and the next rows go, and a worker tick runs every task whatever
one of them did."""

import logging

from sqlalchemy import select

from api.loop.channels import WebhookChannel
from api.loop.delivery import deliver_due
from api.storage.loop_tables import Notification
from api.storage.tables import Need
from api.worker import Worker
from tests.test_loop import SECRET, Receiver, mailed, shipped_need


def statuses(ws) -> dict[str, tuple[str, str | None]]:
    with ws.db.session() as session:
        rows = session.scalars(select(Notification).where(Notification.email.is_not(None)))
        return {r.contact_id: (r.status, r.last_error) for r in rows}


def test_a_template_subject_with_a_line_break_is_refused(store_client) -> None:
    for subject in ("Zu Ihrer Anfrage\r\nBcc: attacker@evil.io", "Two\nlines", "Line\u2028sep"):
        answer = store_client.put("/v1/templates/declined/de", json={"subject": subject,
                                                                     "body": "Hallo"})  # fmt: skip
        assert answer.status_code == 422, (subject, answer.text)
        assert [e["field"] for e in answer.json()["errors"]] == ["subject"]
        assert "one line" in answer.json()["message"]
    stored = store_client.get("/v1/templates/declined/de").json()
    assert stored["default"] is True


def test_a_title_with_a_line_break_is_mailed_on_one_subject_line(store_client) -> None:
    ws = store_client.app.state.workspace
    need_id = shipped_need(store_client)
    with ws.db.session() as session:  # a title stored with a line break, whatever let it in
        session.get(Need, need_id).title = "Line\r\n  break\ttitle"
    delivered, messages = mailed(ws, "product@example.com")
    assert delivered == 2  # was a ValueError out of the e-mail library, and nothing sent
    english = next(m for m in messages if m["To"] == "ann@northwind.com")
    assert english["Subject"] == "You asked, we built it: Line break title"
    assert "Bcc" not in english


class FailingFor(WebhookChannel):
    """A channel with a bug for one contact's messages (any exception, not a DeliveryError)."""

    def __init__(self, url: str, contact_id: str) -> None:
        super().__init__(url, SECRET)
        self.contact_id = contact_id

    def send(self, notification: Notification, feedback: list[dict]) -> None:
        if notification.contact_id == self.contact_id:
            raise RuntimeError("a bug while sending")
        super().send(notification, feedback)


def test_a_row_failing_for_any_reason_is_marked_failed_and_the_next_rows_go(
    store_client, caplog
) -> None:
    ws = store_client.app.state.workspace
    shipped_need(store_client)
    receiver = Receiver()
    try:
        with caplog.at_level(logging.ERROR, logger="boucle.loop"):
            assert deliver_due(ws, FailingFor(receiver.url, "c1")) == 2  # c2 and c3 went
    finally:
        receiver.close()
    state = statuses(ws)
    assert state["c2"] == ("sent", None)
    status, error = state["c1"]
    assert status == "failed" and error.startswith("not sent: RuntimeError at ")
    assert "a bug while sending" not in error  # its type and place, never its words
    assert any("RuntimeError" in r.getMessage() for r in caplog.records)


class RetentionFailing(Worker):
    def expire_old_feedback(self):
        raise RuntimeError("retention fell over")


def test_a_failing_task_does_not_stop_the_rest_of_the_tick(store_client, caplog) -> None:
    ws = store_client.app.state.workspace
    shipped_need(store_client)
    receiver = Receiver()
    ws.settings.notify_channel, ws.settings.webhook_url = "webhook", receiver.url
    ws.settings.webhook_secret = SECRET
    try:
        with caplog.at_level(logging.ERROR, logger="boucle.worker"):
            RetentionFailing(ws, interval_s=60, grace_s=0).tick()
    finally:
        receiver.close()
    assert len(receiver.received) == 3  # delivery ran after retention failed
    assert {status for status, _ in statuses(ws).values()} == {"sent"}
    said = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("worker: retention failed: RuntimeError") for m in said), said


def test_a_decision_taken_back_says_so_in_place_of_the_last_failure(store_client) -> None:
    ws = store_client.app.state.workspace
    need_id = shipped_need(store_client)
    with ws.db.session() as session:
        for row in session.scalars(select(Notification)):
            row.last_error = "notification URL hooks.acme.com: no connection (ConnectError)"
    assert store_client.patch(f"/v1/needs/{need_id}", json={"status": "open"}).status_code == 200
    with ws.db.session() as session:
        rows = session.scalars(select(Notification).where(Notification.status == "cancelled"))
        assert {r.last_error for r in rows} == {"withdrawn: the need's decision was taken back"}
