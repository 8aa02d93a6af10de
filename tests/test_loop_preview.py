"""Before shipping, a customer-success lead sees whom the loop would tell (the same function as
the real send picks them, one row per person, with account, ARR and the quotes behind them),
and the outbox says whom each message tells."""

from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import event, select

from api.loop.channels import WebhookChannel
from api.loop.delivery import deliver_due
from api.loop.preview import EXAMPLE, NO_ADDRESS
from api.storage.loop_tables import Notification
from tests.test_loop import SECRET, Receiver
from tests.test_loop_recipients import JOHN

ACME = {"id": "acme", "name": "Acme", "arr": 120000, "segment": "enterprise"}
GLOBEX = {"id": "globex", "name": "Globex", "arr": 9000, "segment": "smb"}


def send(client: TestClient, n: int, text: str, contact: dict | None, account: dict) -> int:
    item = {"source": "zendesk", "external_id": f"p-{n}", "text": text, "account": account}
    if contact:
        item["contact"] = contact
    answer = client.post("/v1/feedback", json={"items": [item]})
    assert answer.status_code == 200, answer.text
    return answer.json()["items"][0]["insights"][0]["id"]


def open_need(client: TestClient) -> int:
    """John twice (as CRM contact C-02 and as his address in capitals), Ann, Bo without an
    address, and a ticket that names no contact."""
    client.put(f"/v1/contacts/{JOHN.upper()}", json={"email": JOHN.upper(), "account_id": "acme"})
    ids = [
        send(client, 1, "Offline mode, please.", {"id": "C-02", "email": JOHN, "name": "John"},
             ACME),
        send(client, 2, "We need offline mode on the train.", {"id": JOHN.upper()}, ACME),
        send(client, 3, "Offline mode would help.", {"id": "C-01", "email": "ann@globex.com",
                                                     "name": "Ann"}, GLOBEX),
        send(client, 4, "Please add an offline mode.", {"id": "C-03", "name": "Bo"}, GLOBEX),
        send(client, 5, "Offline mode is a must.", None, GLOBEX),
    ]  # fmt: skip
    need = client.post("/v1/needs", json={"title": "Offline mode", "insight_ids": ids}).json()
    return need["id"]


def test_the_preview_lists_whom_shipping_would_tell_as_the_send_does(store_client) -> None:
    need_id = open_need(store_client)
    preview = store_client.get(f"/v1/needs/{need_id}/recipients")
    assert preview.status_code == 200, preview.text
    body = preview.json()
    assert (body["kind"], body["need_status"], body["without_contact"]) == ("shipped", "open", 1)
    people = {p["email"].casefold() if p["email"] else p["contact_id"]: p
              for p in body["recipients"]}  # fmt: skip
    assert sorted(people) == ["C-03", "ann@globex.com", JOHN]  # John once
    john = people[JOHN]
    # one contact per address: the contact keyed by his address became his CRM id, and the
    # ticket sent under his address in capitals is that contact's
    assert john["contact_ids"] == ["C-02"]
    assert (john["name"], john["account_name"], john["segment"], john["arr"]) == (
        "John", "Acme", "enterprise", 120000)  # fmt: skip
    assert [q["text"] for q in john["quotes"]] == [
        "We need offline mode on the train.", "Offline mode, please."]  # fmt: skip
    assert people["ann@globex.com"]["subject"] == "You asked, we built it: Offline mode"
    assert body["to_notify"] == 3 and body["excluded"] == 0  # no channel says who cannot be told
    assert store_client.get(f"/v1/needs/{need_id}/notifications").json()["items"] == []  # read-only

    store_client.patch(f"/v1/needs/{need_id}", json={"status": "shipped"})
    rows = store_client.get(f"/v1/needs/{need_id}/notifications").json()["items"]
    assert sorted(r["idempotency_key"] for r in rows) == sorted(p["key"] for p in people.values())
    assert {r["contact_id"]: r["subject"] for r in rows} == {
        p["contact_id"]: p["subject"] for p in people.values()}  # fmt: skip


def test_the_preview_says_who_would_be_left_out_and_why(store_client) -> None:
    need_id = open_need(store_client)
    ws = store_client.app.state.workspace
    ws.settings.notify_channel = "smtp"
    body = store_client.get(f"/v1/needs/{need_id}/recipients").json()
    bo = [p for p in body["recipients"] if p["contact_id"] == "C-03"]
    assert bo[0]["excluded"] == NO_ADDRESS and body["excluded"] == 1
    assert body["recipients"][-1]["contact_id"] == "C-03"  # the left out come last

    ws.settings.notify_channel = "webhook"  # a webhook takes them without an address
    store_client.patch(f"/v1/needs/{need_id}", json={"status": "shipped"})
    receiver = Receiver()
    try:
        assert deliver_due(ws, WebhookChannel(receiver.url, SECRET)) == 3
    finally:
        receiver.close()
    again = store_client.get(f"/v1/needs/{need_id}/recipients", params={"kind": "shipped"})
    reasons = {p["excluded"] for p in again.json()["recipients"]}
    assert len(reasons) == 1 and reasons.pop().startswith("already notified (shipped) on ")
    # told it shipped, they would be told a decline: another decision, a message of its own
    declined = store_client.get(f"/v1/needs/{need_id}/recipients", params={"kind": "declined"})
    assert declined.json()["kind"] == "declined"
    assert [p["excluded"] for p in declined.json()["recipients"]] == [None] * 3
    assert store_client.get("/v1/needs/999/recipients").status_code == 404
    assert store_client.get(f"/v1/needs/{need_id}/recipients?kind=open").status_code == 422


def test_an_example_address_is_previewed_as_delivery_treats_it(store_client) -> None:
    """Delivery marks a message to a domain reserved for examples (the demo's) undeliverable on
    any channel: the preview said it would be told."""
    ids = [send(store_client, 10, "Dark mode, please.", {"id": "D-1", "email": "lea@example.org",
                                                         "name": "Léa"}, ACME),
           send(store_client, 11, "Dark mode would be nice.", {"id": "D-2",
                "email": "ann@globex.com"}, GLOBEX)]  # fmt: skip
    need_id = store_client.post("/v1/needs", json={"title": "Dark mode", "insight_ids": ids}).json()
    body = store_client.get(f"/v1/needs/{need_id['id']}/recipients").json()
    excluded = {p["email"]: p["excluded"] for p in body["recipients"]}
    assert excluded == {"lea@example.org": EXAMPLE, "ann@globex.com": None}
    assert (body["to_notify"], body["excluded"]) == (1, 1)


def test_the_outbox_lists_whom_each_message_tells_in_one_query(store_client) -> None:
    need_id = open_need(store_client)
    store_client.patch(f"/v1/needs/{need_id}", json={"status": "shipped"})
    engine = store_client.app.state.workspace.db.engine
    statements: list[str] = []

    def record(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        rows = store_client.get(f"/v1/needs/{need_id}/notifications").json()["items"]
    finally:
        event.remove(engine, "before_cursor_execute", record)
    who = {r["contact_id"]: (r["contact_name"], r["account_name"], r["arr"]) for r in rows}
    assert who["C-01"] == ("Ann", "Globex", 9000)
    assert who["C-03"] == ("Bo", "Globex", 9000)
    assert who["C-02"] == ("John", "Acme", 120000)  # his tickets under both refs: one person
    # the key ring's reload (every few seconds, so on a slow machine now and then) is not ours
    selects = [s for s in statements
               if s.lstrip().upper().startswith("SELECT") and "FROM api_keys" not in s]  # fmt: skip
    # the need, its people (for the names), then one join: not a look-up a row
    assert len(selects) <= 3, selects


def outbox_state(client: TestClient, need_id: int) -> dict[int, tuple]:
    with client.app.state.workspace.db.session() as session:
        rows = session.scalars(select(Notification).where(Notification.need_id == need_id))
        return {r.id: (r.idempotency_key, r.status, r.kind, r.attempts) for r in rows}


def decide_as_previewed(client: TestClient, need_id: int, kind: str) -> dict:
    """Preview a decision, take it, and check the preview named exactly the people it queued:
    the rows it wrote or rewrote to pending for `kind`."""
    preview = client.get(f"/v1/needs/{need_id}/recipients", params={"kind": kind}).json()
    before = outbox_state(client, need_id)
    assert client.patch(f"/v1/needs/{need_id}", json={"status": kind}).status_code == 200
    after = outbox_state(client, need_id)
    queued = {key for row_id, (key, status, row_kind, _) in after.items()
              if (status, row_kind) == ("pending", kind) and before.get(row_id) != after[row_id]}  # fmt: skip
    told = {p["key"] for p in preview["recipients"] if p["excluded"] is None}
    assert (preview["to_notify"], told) == (len(queued), queued)
    return preview


def reasons(preview: dict) -> list[str]:
    return sorted(p["excluded"] or "" for p in preview["recipients"])


def test_the_preview_is_what_the_decision_then_queues(store_client) -> None:
    need_id = open_need(store_client)
    today = f"{datetime.now(UTC):%Y-%m-%d}"
    assert decide_as_previewed(store_client, need_id, "shipped")["to_notify"] == 3  # never decided

    again = decide_as_previewed(store_client, need_id, "shipped")  # queued, not sent yet
    assert again["excluded"] == 3 and reasons(again) == [f"already queued (shipped) on {today}"] * 3

    ws = store_client.app.state.workspace
    receiver = Receiver(fail_first=1)  # one message fails once: it waits for its retry
    try:
        assert deliver_due(ws, WebhookChannel(receiver.url, SECRET)) == 2
    finally:
        receiver.close()
    sent = decide_as_previewed(store_client, need_id, "shipped")
    *told, retrying = reasons(sent)
    assert told == [f"already notified (shipped) on {today}"] * 2
    assert retrying.startswith(f"already queued (shipped) on {today}, retrying: ")

    # declined: the message not sent yet says so instead; the ones sent stay sent, and those
    # told it shipped are told the decline (another decision: a message of its own)
    assert decide_as_previewed(store_client, need_id, "declined")["to_notify"] == 3
    dee = send(store_client, 6, "Offline mode for field work.", {"id": "C-04", "email":
               "dee@globex.com", "name": "Dee"}, GLOBEX)  # fmt: skip
    linked = store_client.post(f"/v1/needs/{need_id}/links", json={"insight_ids": [dee]})
    assert linked.status_code == 200, linked.text  # Dee is told it was declined
    shipped = decide_as_previewed(store_client, need_id, "shipped")  # declined, then shipped
    to_tell = {p["contact_id"] for p in shipped["recipients"] if p["excluded"] is None}
    assert to_tell == {"C-04", next(p["contact_id"] for p in sent["recipients"]
                                    if p["excluded"] == retrying)}  # fmt: skip
    # the decline queued to those told it shipped does not go: they were told, it shipped
    withdrawn = [r for r in outbox_state(store_client, need_id).values() if r[2] == "declined"]
    assert [r[1] for r in withdrawn] == ["cancelled", "cancelled"]
