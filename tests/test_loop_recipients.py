"""Closing the loop as a customer-success lead checks it: one person told once whatever contact
ids they came under, messages rendered when they go out, undeliverable ones retried once an
address exists, greetings without a name, and SMTP headers and refusals."""

import hashlib
import hmac
import json
from datetime import UTC, datetime

from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.loop.channels import SmtpChannel, WebhookChannel
from api.loop.delivery import deliver_due
from api.loop.templates import DEFAULTS, render
from api.privacy.keyed import workspace_secret
from api.storage.loop_tables import Notification
from api.storage.tables import Contact, Feedback, Insight
from tests.test_loop import SECRET, Receiver, Sink, free_port, ingest, notified, shipped_need

JOHN = "john@northwind.com"


def john_three_times(client: TestClient) -> int:
    """John as CRM contact C-02, then twice as contacts whose id is his address (in two cases),
    and Ann: a need shipped with all their feedback."""
    items = [
        ingest(client, 1, "Offline mode, please.", {"id": "C-02", "email": JOHN, "name": "John"}),
        ingest(client, 2, "I need offline mode on the train.", {"id": "C-01",
                                                               "email": "ann@northwind.com"}),
    ]  # fmt: skip
    for n, contact_id in ((3, JOHN), (4, JOHN.upper())):
        # contacts of their own, stored before one address was one contact (a PUT of them is a
        # 409 now): ingest alone now maps these refs to C-02
        with client.app.state.workspace.db.session() as session:
            session.add(Contact(id=contact_id, email=contact_id, attributes={}))
        item = {"source": "survey", "external_id": f"s-{n}", "contact_id": contact_id,
                "account_id": "northwind", "text": "Offline mode would help me a lot."}  # fmt: skip
        items.append(client.post("/v1/feedback", json={"items": [item]}).json()["items"][0])
    ids = [item["insights"][0]["id"] for item in items]
    need = client.post("/v1/needs", json={"title": "Offline mode", "insight_ids": ids}).json()
    assert client.patch(f"/v1/needs/{need['id']}", json={"status": "shipped"}).status_code == 200
    return need["id"]


def address_key(client: TestClient, need_id: int, email: str, kind: str = "shipped") -> str:
    """The key of a (need, address, decision): the address as HMAC-SHA256 keyed with the
    workspace's secret, so that a receiver's logs cannot confirm a guessed address."""
    with client.app.state.workspace.db.session() as session:
        secret = workspace_secret(session)
    keyed = hmac.new(secret, f"notification address\x00{email}".encode(), hashlib.sha256)
    return f"boucle:need:{need_id}:to:{keyed.hexdigest()[:24]}:{kind}"


def plain_key(need_id: int, email: str) -> str:
    """What keys held before they were keyed: anyone could hash a guessed address to it."""
    return f"boucle:need:{need_id}:to:{hashlib.sha256(email.encode()).hexdigest()[:24]}"


def test_one_person_under_three_contact_ids_is_told_once(store_client) -> None:
    need_id = john_three_times(store_client)
    assert store_client.get(f"/v1/contacts/{JOHN.upper()}").json()["email"] == JOHN.upper()
    rows = store_client.get(f"/v1/needs/{need_id}/notifications").json()["items"]
    assert sorted(r["email"].casefold() for r in rows) == ["ann@northwind.com", JOHN]  # was 4 rows
    johns = [r for r in rows if r["email"].casefold() == JOHN]
    assert johns[0]["idempotency_key"] == address_key(store_client, need_id, JOHN)
    # declined, then shipped again: still one row, the same key
    store_client.patch(f"/v1/needs/{need_id}", json={"status": "declined"})
    store_client.patch(f"/v1/needs/{need_id}", json={"status": "shipped"})
    again = store_client.get(f"/v1/needs/{need_id}/notifications").json()["items"]
    assert [r["idempotency_key"] for r in again] == [r["idempotency_key"] for r in rows]
    receiver = Receiver()
    try:
        assert (
            deliver_due(store_client.app.state.workspace, WebhookChannel(receiver.url, SECRET)) == 2
        )
    finally:
        receiver.close()
    to_john = [json.loads(r["body"]) for r in receiver.received]
    to_john = [m for m in to_john if m["email"].casefold() == JOHN]
    assert len(to_john) == 1 and to_john[0]["body"].startswith("Hello John,")  # C-02's name
    digest = store_client.get("/v1/digest", params={"period": "day"}).json()
    assert [c["notified"] for c in digest["loop_closures"]] == [2]


def delivered(ws) -> tuple[int, Receiver]:
    """One delivery round to a local webhook receiver: how many went out, and what it got."""
    receiver = Receiver()
    try:
        return deliver_due(ws, WebhookChannel(receiver.url, SECRET)), receiver
    finally:
        receiver.close()


def test_keys_stored_before_they_were_keyed_still_hold(store_client) -> None:
    """After the upgrade, a message John was sent under the plain key of his address is still
    his: his contact's evidence unlinked, his other contact ids behind the need get no second
    message (the outbox compares a row's key with both of his)."""
    need_id = john_three_times(store_client)
    ws = store_client.app.state.workspace
    with ws.db.session() as session:
        row = next(r for r in session.scalars(select(Notification)) if r.email.casefold() == JOHN)
        row.status, row.sent_at = "sent", datetime.now(UTC)
        row.idempotency_key = plain_key(need_id, JOHN)
        sent_to = row.contact_id
        insights = session.scalars(
            select(Insight.id).join(Feedback).where(Feedback.contact_id == sent_to)
        ).all()
    for insight_id in insights:
        assert store_client.delete(f"/v1/needs/{need_id}/links/{insight_id}").status_code == 204
    rows = store_client.get(f"/v1/needs/{need_id}/notifications").json()["items"]
    johns = [r for r in rows if r["email"].casefold() == JOHN and r["status"] != "cancelled"]
    assert [(r["contact_id"], r["status"]) for r in johns] == [(sent_to, "sent")]
    _, receiver = delivered(ws)
    assert [json.loads(r["body"])["email"] for r in receiver.received] == ["ann@northwind.com"]


def test_a_message_tried_under_a_plain_key_is_retried_under_it(store_client) -> None:
    """A try before the upgrade that got no answer may have arrived: its retry carries the same
    key, for the receiver to drop the copy, rather than one keyed anew (the same decision taken
    back and given again: another one is another message, with a key of its own)."""
    need_id = john_three_times(store_client)
    ws = store_client.app.state.workspace
    with ws.db.session() as session:
        row = next(r for r in session.scalars(select(Notification)) if r.email.casefold() == JOHN)
        row.idempotency_key, row.attempts = plain_key(need_id, JOHN), 1
    store_client.patch(f"/v1/needs/{need_id}", json={"status": "open"})  # withdrawn, then back
    store_client.patch(f"/v1/needs/{need_id}", json={"status": "shipped"})
    sent, receiver = delivered(ws)
    assert sent == 2
    to_john = [r for r in receiver.received if json.loads(r["body"])["email"].casefold() == JOHN]
    assert [r["headers"]["Idempotency-Key"] for r in to_john] == [plain_key(need_id, JOHN)]
    keys = receiver.keys()  # the Idempotency-Key of each delivery
    assert sorted(keys) == sorted([plain_key(need_id, JOHN),
                                   address_key(store_client, need_id, "ann@northwind.com")])  # fmt: skip


def test_duplicates_stored_before_go_out_once_and_count_once(store_client) -> None:
    """Rows written before the fix, one per contact id with its own key: the worker sends one
    and cancels the others; the digest counts people, not rows."""
    need_id = john_three_times(store_client)
    ws = store_client.app.state.workspace
    with ws.db.session() as session:
        rows = {r.contact_id: r for r in session.scalars(select(Notification))}
        for contact_id in ("C-02", JOHN, JOHN.upper()):
            row = rows.get(contact_id) or Notification(
                need_id=need_id, contact_id=contact_id, kind="shipped", language="en",
                email=contact_id if "@" in contact_id else JOHN, subject="s", body="b",
                status="pending", attempts=0)  # fmt: skip
            row.idempotency_key = f"boucle:need:{need_id}:contact:{contact_id}"
            session.add(row)
    receiver = Receiver()
    try:
        assert deliver_due(ws, WebhookChannel(receiver.url, SECRET)) == 2
    finally:
        receiver.close()
    keys = receiver.keys()
    assert len(keys) == 2 and address_key(store_client, need_id, JOHN) in keys
    listed = store_client.get(f"/v1/needs/{need_id}/notifications").json()["items"]
    assert [r["status"] for r in listed] == ["sent", "sent"]  # John once (was three times)
    with ws.db.session() as session:
        johns = [r for r in session.scalars(select(Notification)) if r.contact_id != "C-01"]
        assert sorted(r.status for r in johns) == ["cancelled", "cancelled", "sent"]
        assert all("same address" in r.last_error for r in johns if r.status != "sent")
    # three sent before the fix, in three cases: one customer told
    with ws.db.session() as session:
        for row in session.scalars(select(Notification).where(Notification.need_id == need_id)):
            row.status, row.sent_at = "sent", row.sent_at or datetime.now(UTC)
    digest = store_client.get("/v1/digest", params={"period": "day"}).json()
    assert [c["notified"] for c in digest["loop_closures"]] == [2]  # was 4


def test_a_message_is_rendered_when_it_is_sent(store_client) -> None:
    """The template was edited and the address corrected while the message waited: what goes
    out uses both, and the row records what went out."""
    need_id = shipped_need(store_client)
    put = store_client.put("/v1/templates/shipped/en",
                           json={"subject": "Live: {need_title}", "body": "Hi {contact_name}"})  # fmt: skip
    assert put.status_code == 200
    corrected = store_client.patch("/v1/contacts/c1", json={"email": "ann.b@northwind.com"})
    assert corrected.status_code == 200
    receiver = Receiver()
    try:
        assert (
            deliver_due(store_client.app.state.workspace, WebhookChannel(receiver.url, SECRET)) == 3
        )
    finally:
        receiver.close()
    sent = {json.loads(r["body"])["contact_id"]: json.loads(r["body"]) for r in receiver.received}
    link = sent["c1"]["unsubscribe_url"]  # a template without {unsubscribe_url}: a footer
    assert (sent["c1"]["email"], sent["c1"]["subject"], sent["c1"]["body"]) == (
        "ann.b@northwind.com", "Live: Dark mode",
        f"Hi Ann\n\n--\nTo stop receiving these messages: {link}\n"
    )  # fmt: skip
    assert sent["c1"]["idempotency_key"] == address_key(
        store_client, need_id, "ann.b@northwind.com"
    )
    row = notified(store_client, need_id)["c1"]
    assert (row["email"], row["subject"], row["status"]) == ("ann.b@northwind.com", "Live: Dark mode",
                                                             "sent")  # fmt: skip
    # what was sent stays: a later edit does not rewrite it
    store_client.put("/v1/templates/shipped/en", json={"subject": "Other", "body": "x"})
    assert notified(store_client, need_id)["c1"]["subject"] == "Live: Dark mode"


def smtp_sink(refuse: dict[str, str] | None = None) -> tuple[Controller, Sink, int]:
    """A local SMTP server; `refuse`: address -> the RCPT reply that refuses it."""
    sink, port = Sink(), free_port()

    async def handle_rcpt(server, session, envelope, address, options) -> str:
        if address in (refuse or {}):
            return refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    sink.handle_RCPT = handle_rcpt
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, sink, port


def test_undeliverable_is_retried_once_an_address_exists_and_never_closes_a_loop(
    store_client,
) -> None:
    need_id = shipped_need(store_client)  # c3 has no e-mail address
    ws = store_client.app.state.workspace
    controller, sink, port = smtp_sink()
    channel = SmtpChannel("127.0.0.1", port, "Product <product@example.com>")
    try:
        assert deliver_due(ws, channel) == 2
        assert notified(store_client, need_id)["c3"]["status"] == "undeliverable"
        metrics = store_client.get("/v1/loop/metrics").json()
        assert metrics["closed_loops"] == 0  # c3 was never told (was 1)
        assert store_client.post(f"/v1/needs/{need_id}/notifications/retry").json() == {
            "retried": 0, "not_retried": [{"id": notified(store_client, need_id)["c3"]["id"],
            "contact_id": "c3", "reason": "contact c3 has no e-mail address: add one to tell them"}]
        }  # still no address: nothing to retry, and why  # fmt: skip
        store_client.patch("/v1/contacts/c3", json={"email": "nomail@northwind.com"})
        retried = store_client.post(f"/v1/needs/{need_id}/notifications/retry")
        assert retried.json() == {"retried": 1, "not_retried": []}  # was 0
        assert deliver_due(ws, channel) == 1
    finally:
        controller.stop()
    assert [m["To"] for m in sink.messages][-1] == "nomail@northwind.com"
    assert notified(store_client, need_id)["c3"]["status"] == "sent"
    assert store_client.get("/v1/loop/metrics").json()["closed_loops"] == 1
    for message in sink.messages:
        assert message["Date"] and message["Message-ID"].endswith("@example.com>")


def test_a_permanent_refusal_fails_at_once_and_a_temporary_one_is_retried(store_client) -> None:
    need_id = shipped_need(store_client)
    ws = store_client.app.state.workspace
    controller, _, port = smtp_sink({"ann@northwind.com": "550 5.1.1 no such user",
                                     "luc@example.fr": "450 4.2.1 mailbox busy"})  # fmt: skip
    try:
        assert deliver_due(ws, SmtpChannel("127.0.0.1", port, "product@example.com")) == 0
    finally:
        controller.stop()
    rows = notified(store_client, need_id)
    assert (rows["c1"]["status"], rows["c1"]["attempts"]) == ("failed", 1)  # was pending
    assert "550" in rows["c1"]["last_error"]
    assert (rows["c2"]["status"], rows["c2"]["attempts"]) == ("pending", 1)
    assert rows["c2"]["next_attempt_at"] is not None


# each language's greeting without a name, and its quote marks around the title
GREETINGS = {"en": "Hello,\n", "fr": "Bonjour,\n", "de": "Guten Tag,\n", "es": "Hola,\n",
             "it": "Buongiorno,\n", "pt": "Olá,\n"}  # fmt: skip
QUOTED_TITLES = {"en": '"Offline mode"', "fr": "« Offline mode »", "de": "„Offline mode“",
                 "es": "«Offline mode»", "it": "«Offline mode»", "pt": "“Offline mode”"}  # fmt: skip


def test_greetings_without_a_name_and_the_declined_title_quoted() -> None:
    values = {"need_title": "Offline mode", "quote": "q"}
    for (_, language), (_, body) in DEFAULTS.items():
        text = render(body, values)
        assert text.startswith(GREETINGS[language]), text
        assert "  " not in text and " ," not in text
        assert QUOTED_TITLES[language] in text
    custom = "Hi {contact_name} at {account_name}, {contact_name}!\n  {quote}"
    assert render(custom, {"account_name": "Acme", "quote": "q"}) == "Hi at Acme,!\n  q"
    assert render(custom, {"contact_name": "Ann", "account_name": "Acme", "quote": "q"}) == (
        "Hi Ann at Acme, Ann!\n  q"
    )
    assert render("{{contact_name}} {contact_name}.", {}) == "{contact_name}."
