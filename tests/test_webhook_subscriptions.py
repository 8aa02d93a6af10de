"""Webhooks registered through the API: CRUD with clear 4xx, and the feedback.analysed event
written in the analysis' transaction, then POSTed by the worker signed, keyed and retried."""

import hashlib
import hmac
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import select

from api.app import create_app
from api.loop import delivery
from api.settings import Settings
from api.storage.loop_tables import DeliveryBackoff
from api.storage.tables import Feedback
from api.storage.webhook_tables import WebhookDelivery, WebhookSubscription
from api.tagging.service import Tagger
from api.themes.alerts import NO_ALERT_WEBHOOK
from api.webhooks.delivery import deliver_webhooks
from api.webhooks.events import analysed_payload
from api.worker import Worker
from tests.conftest import fresh_sqlite_settings
from tests.test_loop import Hanging, Receiver

SECRET = "a-receiver-secret-of-32-characters"
TICKET = {"source": "zendesk", "external_id": "4711",
          "text": "The CSV export crashes since the update. Please add a dark mode!"}  # fmt: skip


def register(client: TestClient, url: str, events=("feedback.analysed",), **more) -> dict:
    answer = client.post("/v1/webhooks", json={"url": url, "events": list(events), **more})
    assert answer.status_code == 201, answer.text
    return answer.json()


def deliveries(client: TestClient) -> list[WebhookDelivery]:
    with client.app.state.workspace.db.session() as session:
        return list(session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))


def words_sent(client: TestClient) -> list[WebhookDelivery]:
    """The deliveries that carry items' words: not an erasure's feedback.erased (ids alone)."""
    return [row for row in deliveries(client) if row.event != "feedback.erased"]


@pytest.fixture(scope="module")
def refusing_client(tmp_path_factory: pytest.TempPathFactory, migrated_sqlite: Path,
                    tagger: Tagger) -> TestClient:  # fmt: skip
    """One app for the module's requests that are refused before anything is stored (a fresh
    app each is most of their time); each such test checks that nothing was."""
    settings = fresh_sqlite_settings(tmp_path_factory.mktemp("refusing") / "data", migrated_sqlite)
    with TestClient(create_app(settings, tagger)) as client:
        yield client


def test_webhooks_are_registered_listed_read_and_removed(store_client: TestClient) -> None:
    made = register(store_client, "https://desk.acme.com/hooks/boucle", description="Zendesk")
    assert made["secret"].startswith("whsec_") and len(made["secret"]) > 40  # made, shown once
    given = register(store_client, "http://10.0.0.5:9000/in?team=cs", secret=SECRET)
    assert given["secret"] == SECRET
    listed = store_client.get("/v1/webhooks").json()["items"]
    assert [(w["id"], w["events"], w["deliveries"]) for w in listed] == [
        (made["id"], ["feedback.analysed"], {}), (given["id"], ["feedback.analysed"], {})
    ]  # fmt: skip
    assert all("secret" not in w for w in listed)
    one = store_client.get(f"/v1/webhooks/{made['id']}").json()
    assert one["url"] == "https://desk.acme.com/hooks/boucle" and one["description"] == "Zendesk"
    assert "secret" not in one
    assert store_client.delete(f"/v1/webhooks/{made['id']}").status_code == 204
    gone = store_client.get(f"/v1/webhooks/{made['id']}")
    assert gone.status_code == 404 and "GET /v1/webhooks lists them" in gone.json()["message"]
    assert store_client.delete(f"/v1/webhooks/{made['id']}").status_code == 404
    assert [w["id"] for w in store_client.get("/v1/webhooks").json()["items"]] == [given["id"]]
    audit = store_client.get("/v1/audit", params={"action": "remove"}).json()["items"]
    assert [(e["entity"], e["entity_id"]) for e in audit] == [("webhook", str(made["id"]))]


@pytest.mark.parametrize(("body", "field", "words"), [
    ({"url": "desk.acme.com/hook"}, "url", "no absolute web address"),
    ({"url": "ftp://desk.acme.com/hook"}, "url", "with http:// or https://"),
    ({"url": "https://"}, "url", "no absolute web address"),
    ({"url": "https://desk.acme.com/a hook"}, "url", "holds a space"),
    ({"url": "https://desk.acme.com:port/"}, "url", "no web address"),
    ({"url": "https://desk.acme.com/#in"}, "url", "#fragment"),
    ({"events": []}, "events", "send at least 1"),
    ({"events": ["ticket.closed"]}, "events", "unknown event 'ticket.closed': send some of"),
    ({"secret": "short"}, "secret", "at least 16"),
    ({"colour": "red"}, "colour", ""),
])  # fmt: skip
def test_bad_webhooks_get_a_422_naming_the_field(refusing_client, body, field, words) -> None:
    sent = {"url": "https://desk.acme.com/hook", "events": ["feedback.analysed"], **body}
    answer = refusing_client.post("/v1/webhooks", json=sent)
    assert answer.status_code == 422, answer.text
    assert answer.json()["message"].startswith(f"{field}: ") and words in answer.json()["message"]
    assert refusing_client.get("/v1/webhooks").json()["items"] == []  # nothing stored


def test_a_second_webhook_to_one_address_conflicts_and_ids_are_checked(client) -> None:
    first = register(client, "https://desk.acme.com/hook")
    again = client.post("/v1/webhooks", json={"url": "https://desk.acme.com/hook",
                                              "events": ["feedback.analysed"]})  # fmt: skip
    assert again.status_code == 409
    assert f"webhook {first['id']} already posts to" in again.json()["message"]
    assert client.get("/v1/webhooks/0").status_code == 422
    assert client.get("/v1/webhooks/abc").status_code == 422


def test_one_receiver_written_another_way_conflicts_without_showing_its_token(client) -> None:
    """`HTTP://DESK…` or a trailing `&` registered the same receiver twice (every event sent
    twice, under two idempotency keys); the 409 and the audit trail quoted the query's token."""
    first = register(client, "https://desk.acme.com/hook?token=s3cr3t-t0ken")
    for spelling in ("HTTPS://Desk.ACME.com/hook?token=s3cr3t-t0ken",
                     "https://desk.acme.com:443/hook?token=s3cr3t-t0ken&"):  # fmt: skip
        again = client.post("/v1/webhooks", json={"url": spelling, "events": ["theme.emerging"]})
        assert again.status_code == 409, spelling
        message = again.json()["message"]
        assert f"webhook {first['id']} already posts to" in message and "s3cr3t" not in message
    assert len(client.get("/v1/webhooks").json()["items"]) == 1
    audit = client.get("/v1/audit", params={"action": "add"}).json()["items"]
    assert [e["entity"] for e in audit] == ["webhook"] and "s3cr3t" not in str(audit)


def test_webhooks_take_an_admin_key(settings, tagger) -> None:
    keys = {"reader-key-0123456789": ["read", "ingest"], "admin-key-0123456789": ["admin"]}
    settings = settings.model_copy(update={"api_keys": keys})
    with TestClient(create_app(settings, tagger)) as client:
        body = {"url": "https://desk.acme.com/hook", "events": ["feedback.analysed"]}
        reader = {"Authorization": "Bearer reader-key-0123456789"}
        assert client.post("/v1/webhooks", json=body, headers=reader).status_code == 403
        assert client.get("/v1/webhooks", headers=reader).status_code == 403
        assert client.get("/v1/loop/backoffs", headers=reader).status_code == 403
        admin = {"Authorization": "Bearer admin-key-0123456789"}
        assert client.post("/v1/webhooks", json=body, headers=admin).status_code == 201


def test_an_analysed_item_is_posted_signed_to_each_subscription(store_client) -> None:
    receiver, other = Receiver(), Receiver()
    try:
        hook = register(store_client, receiver.url, secret=SECRET)
        register(store_client, other.url)
        item = store_client.post("/v1/feedback", json={"items": [TICKET]}).json()["items"][0]
        assert item["analysis"] == "done"
        rows = deliveries(store_client)  # written with the analysis, nothing sent on the request
        assert [(r.feedback_id, r.status) for r in rows] == [(item["id"], "pending")] * 2
        assert receiver.received == [] and other.received == []
        Worker(store_client.app.state.workspace, interval_s=60, grace_s=0).tick()
    finally:
        receiver.close()
        other.close()
    assert len(receiver.received) == 1 and len(other.received) == 1
    delivery = receiver.received[0]
    headers, raw = delivery["headers"], delivery["body"]
    signed = headers["X-Boucle-Timestamp"].encode() + b"." + raw
    expected = "sha256=" + hmac.new(SECRET.encode(), signed, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Boucle-Signature-V2"], expected)
    assert (
        headers["Idempotency-Key"] == f"boucle:webhook:{hook['id']}:feedback:{item['id']}:analysed"
    )
    body = json.loads(raw)
    assert {k: body[k] for k in ("event", "feedback_id", "source", "external_id", "language")} == {
        "event": "feedback.analysed", "feedback_id": item["id"], "source": "zendesk",
        "external_id": "4711", "language": "en"}  # fmt: skip
    assert body["sentiment"] == item["sentiment"] and body["urgency"] == item["urgency"]
    assert body["intents"] == item["intents"] and body["tags"] == {}
    assert [i["text"] for i in body["insights"]] == [i["text"] for i in item["insights"]]
    assert body["url"] == f"/v1/feedback/{item['id']}"
    assert {r.status for r in deliveries(store_client)} == {"sent"}
    listed = store_client.get(f"/v1/webhooks/{hook['id']}").json()
    assert listed["deliveries"] == {"sent": 1}


def test_each_insight_is_sent_as_the_api_stores_it(store_client) -> None:
    """Insights were sent as labels alone ("sentiment": "negative"), without scores, theme or
    need: each now has the API's stored insight fields, and the labels as before beside them."""
    export = "The CSV export crashes every time I export a large project."
    first = store_client.post("/v1/feedback", json={"items": [{**TICKET, "text": export}]})
    insight_id = first.json()["items"][0]["insights"][0]["id"]
    need = store_client.post("/v1/needs", json={"title": "CSV export crashes",
                                                "insight_ids": [insight_id]}).json()  # fmt: skip
    register(store_client, "https://desk.acme.com/hook")
    twin = {**TICKET, "external_id": "4712",
            "text": "The CSV export crashes every time I export a big project!"}  # fmt: skip
    item = store_client.post("/v1/feedback", json={"items": [twin]}).json()["items"][0]
    [row] = deliveries(store_client)
    stored = store_client.get(f"/v1/feedback/{item['id']}").json()["insights"]
    assert stored[0]["need_id"] == need["id"]  # linked on arrival: the body says so too
    assert len(row.payload["insights"]) == len(stored)
    for sent, api in zip(row.payload["insights"], stored, strict=True):
        labelled = {"sentiment", "intents", "urgency"}
        assert {k: sent[k] for k in api if k not in labelled} == {
            k: v for k, v in api.items() if k not in labelled
        }
        assert (sent["sentiment"], sent["sentiment_score"]) == tuple(api["sentiment"].values())
        assert (sent["urgency"], sent["urgency_score"]) == tuple(api["urgency"].values())
        assert sent["intents"] == [intent["label"] for intent in api["intents"]]
        assert sent["intent_scores"] == api["intents"]


def test_a_receiver_down_never_holds_analysis_and_gets_it_later(store_client) -> None:
    ws = store_client.app.state.workspace
    ws.settings.notify_backoff_s = 0
    down = Receiver()
    down.close()
    down.server.server_close()  # nothing listens on its port: connections are refused
    register(store_client, down.url, secret=SECRET)
    item = store_client.post("/v1/feedback", json={"items": [TICKET]}).json()["items"][0]
    assert item["analysis"] == "done"
    assert deliver_webhooks(ws) == 0
    [row] = deliveries(store_client)
    # refused: nobody answered, the receiver backs off and the delivery spends no try
    assert (row.status, row.attempts) == ("pending", 0) and "webhook" in row.last_error
    receiver = Receiver(fail_first=1)  # back (on another port), answering 500 once
    try:
        switch_url(store_client, receiver.url)
        assert [deliver_webhooks(ws) for _ in range(3)] == [0, 1, 0]
    finally:
        receiver.close()
    assert len(receiver.received) == 2 and len(set(receiver.keys())) == 1
    [row] = deliveries(store_client)
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, None)  # the 500, then 204


def switch_url(client: TestClient, url: str) -> None:
    """The receiver came back on another port (a test server cannot keep its port)."""
    with client.app.state.workspace.db.session() as session:
        for row in session.scalars(select(WebhookSubscription)):
            row.url = url


def test_an_erased_item_takes_its_deliveries_with_it(store_client) -> None:
    register(store_client, "https://desk.acme.com/hook")
    register(store_client, "https://crm.acme.com/hook")
    item = store_client.post("/v1/feedback", json={"items": [TICKET]}).json()["items"][0]
    assert len(deliveries(store_client)) == 2
    erased = store_client.post("/v1/erasures", json={"feedback_ids": [item["id"]]})
    assert erased.status_code == 200, erased.text
    assert words_sent(store_client) == []
    assert erased.json()["webhook_deliveries"] == 2  # the answer counts them with the rest
    [audited] = store_client.get("/v1/audit", params={"action": "erase"}).json()["items"]
    assert audited["detail"]["webhook_deliveries"] == 2


def test_boucle_webhooks_add_list_remove(workspace, share_with_cli, capsys) -> None:
    from api.cli import main

    share_with_cli(workspace.settings)
    url = "https://desk.acme.com/hook"
    assert main(["webhooks", "add", url, "--event", "feedback.analysed"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["secret"].startswith("whsec_") and made["events"] == ["feedback.analysed"]
    assert main(["webhooks", "add", "desk.acme.com", "--event", "feedback.analysed"]) == 2
    assert "url: " in capsys.readouterr().err
    assert main(["webhooks", "add", url, "--event", "nope"]) == 2
    assert "unknown event 'nope'" in capsys.readouterr().err
    assert main(["webhooks", "list"]) == 0
    assert [json.loads(line)["url"] for line in capsys.readouterr().out.splitlines()] == [url]
    assert main(["webhooks", "remove", str(made["id"])]) == 0
    assert main(["webhooks", "remove", str(made["id"])]) == 2
    assert f"no webhook {made['id']}" in capsys.readouterr().err


def test_a_secret_is_answered_once_then_only_its_hint(store_client, share_with_cli, capsys):
    """After it is made, a webhook's secret is in no answer nor command output: GET, the list,
    `boucle webhooks list` and the audit trail give its last 4 characters, to tell which one a
    receiver holds."""
    from api.cli import main

    made = register(store_client, "https://desk.acme.com/hook", secret=SECRET)
    assert made["secret"] == SECRET  # answered this once
    hint = "…" + SECRET[-4:]
    one = store_client.get(f"/v1/webhooks/{made['id']}").json()
    listed = store_client.get("/v1/webhooks").json()["items"]
    assert one["secret_hint"] == hint and [w["secret_hint"] for w in listed] == [hint]
    trail = store_client.get("/v1/audit", params={"format": "csv"}).text
    share_with_cli(store_client.app.state.workspace.settings)
    assert main(["webhooks", "list"]) == 0
    said = capsys.readouterr().out
    assert json.loads(said)["secret_hint"] == hint and f'"secret_hint": "{hint}"' in said
    for shown in (json.dumps(one), json.dumps(listed), trail, said):
        assert SECRET[:-4] not in shown


def failed_delivery(ws, webhook_id: int, error: str) -> None:
    """A delivery given up after its last try, as the worker leaves one."""
    with ws.db.session() as session:
        session.add(WebhookDelivery(subscription_id=webhook_id, event="feedback.analysed",
                                    payload={}, idempotency_key=f"test:{webhook_id}",
                                    status="failed", attempts=1, last_error=error))  # fmt: skip


def test_boucle_webhooks_speaks_as_a_command(workspace, share_with_cli, capsys) -> None:
    """The CLI said the API's words: `DELETE /v1/webhooks/1` to remove a duplicate, pydantic's
    "String should have at least 16 characters", "1 failed deliveries"."""
    from api.cli import main

    share_with_cli(workspace.settings)
    url = "https://desk.acme.com/hook"
    assert main(["webhooks", "add", url, "--event", "feedback.analysed"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert main(["webhooks", "add", url, "--event", "theme.emerging"]) == 2
    said = capsys.readouterr().err
    assert f"remove it first (boucle webhooks remove {made['id']})" in said
    assert "DELETE" not in said
    other = "https://crm.acme.com/hook"
    assert (
        main(["webhooks", "add", other, "--event", "feedback.analysed", "--secret", "short"]) == 2
    )
    assert capsys.readouterr().err == (
        "boucle webhooks add: --secret: must have at least 16 characters\n"
    )
    failed_delivery(workspace, made["id"], "webhook desk.acme.com: HTTP 500")
    assert main(["webhooks", "list"]) == 0
    [listed] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert listed["last_failure"]["error"] == "webhook desk.acme.com: HTTP 500"
    assert {"backing_off_until", "receiver_problem"} <= set(listed)
    assert main(["webhooks", "retry", str(made["id"])]) == 0
    assert capsys.readouterr().out == f"webhook {made['id']}: 1 failed delivery queued again\n"


def test_webhook_settings_follow_the_same_address_rule(tmp_path) -> None:
    with pytest.raises(ValidationError, match="no absolute web address"):
        Settings(data_dir=tmp_path, theme_alert_webhook_url="chat.acme.com/hook",
                 webhook_secret="loop-key")  # fmt: skip
    with pytest.raises(ValidationError, match="no absolute web address"):
        Settings(data_dir=tmp_path, notify_channel="webhook", webhook_url="desk/hook",
                 webhook_secret="loop-key")  # fmt: skip


def test_a_theme_starting_to_emerge_is_posted_to_its_subscribers(store_settings, tagger) -> None:
    from tests.test_theme_alerts import burst

    receiver = Receiver()
    try:
        with TestClient(create_app(store_settings, tagger)) as client:
            register(client, receiver.url, events=["theme.emerging"], secret=SECRET)
            calendar = burst(client)  # no BOUCLE_THEME_ALERT_WEBHOOK_URL: the worker checks anyway
            Worker(client.app.state.workspace, interval_s=60, grace_s=0).tick()
            assert [(r.event, r.status) for r in deliveries(client)] == [("theme.emerging", "sent")]
            # no alert webhook set: the alert says it went to the subscribers only, not "pending"
            alerts = client.get("/v1/themes/alerts", params={"status": "not_sent"}).json()
            assert [(a["theme_id"], a["last_error"]) for a in alerts["items"]] == [
                (calendar["id"], NO_ALERT_WEBHOOK)
            ]
            assert (
                client.get("/v1/themes/alerts", params={"status": "pending"}).json()["items"] == []
            )
    finally:
        receiver.close()
    [delivery] = receiver.received
    body = json.loads(delivery["body"])
    assert (body["event"], body["kind"], body["theme"]["id"]) == (
        "theme.emerging", "theme_emerging", calendar["id"])  # fmt: skip
    assert body["url"] == f"/v1/themes/{calendar['id']}"
    assert delivery["headers"]["Idempotency-Key"].endswith(f":theme:{calendar['id']}:emerging:"
                                                           + body["as_of"][:10])  # fmt: skip


def test_failed_deliveries_are_sent_again_on_request(store_client) -> None:
    ws = store_client.app.state.workspace
    ws.settings.notify_backoff_s, ws.settings.notify_max_attempts = 0, 1
    receiver = Receiver(fail_first=1)
    try:
        hook = register(store_client, receiver.url, secret=SECRET)
        store_client.post("/v1/feedback", json={"items": [TICKET]})
        assert deliver_webhooks(ws) == 0  # its only try failed: given up
        assert store_client.get(f"/v1/webhooks/{hook['id']}").json()["deliveries"] == {"failed": 1}
        retried = store_client.post(f"/v1/webhooks/{hook['id']}/retry")
        assert retried.json() == {"retried": 1, "not_retried": []}
        assert deliver_webhooks(ws) == 1
    finally:
        receiver.close()
    assert store_client.post("/v1/webhooks/999/retry").status_code == 404


def test_each_webhook_says_its_latest_failure_until_it_is_delivered(store_client) -> None:
    """The page shows why a webhook's deliveries wait or failed: its latest failed try, with
    the delivery, its event, its state and tries; none once it went through."""
    ws = store_client.app.state.workspace
    ws.settings.notify_backoff_s, ws.settings.notify_max_attempts = 0, 1
    receiver = Receiver(fail_first=1)
    try:
        hook = register(store_client, receiver.url, secret=SECRET)
        quiet = register(store_client, "https://desk.acme.com/hook", events=["theme.emerging"])
        assert hook["last_failure"] is None
        store_client.post("/v1/feedback", json={"items": [TICKET]})
        assert deliver_webhooks(ws) == 0  # answered 500: given up after its only try
        [row] = deliveries(store_client)
        listed = {w["id"]: w for w in store_client.get("/v1/webhooks").json()["items"]}
        assert listed[quiet["id"]]["last_failure"] is None
        failure = listed[hook["id"]]["last_failure"]
        assert failure == {
            "delivery_id": row.id, "event": "feedback.analysed", "status": "failed",
            "attempts": 1, "error": f"webhook 127.0.0.1:{receiver.server.server_port}: HTTP 500",
            "created_at": failure["created_at"],
        }  # fmt: skip
        assert failure["created_at"]  # no path above: it may be a token
        assert store_client.post(f"/v1/webhooks/{hook['id']}/retry").json() == {
            "retried": 1,
            "not_retried": [],
        }
        assert deliver_webhooks(ws) == 1
    finally:
        receiver.close()
    again = store_client.get(f"/v1/webhooks/{hook['id']}").json()
    assert again["deliveries"] == {"sent": 1} and again["last_failure"] is None


def test_the_documented_body_is_the_one_sent(store_client) -> None:
    from tests.test_docs import shape, webhook_page

    store_client.app.state.workspace.settings.public_url = "https://boucle.acme.com"
    receiver = Receiver()
    try:
        register(store_client, receiver.url, secret=SECRET)
        store_client.post("/v1/feedback", json={"items": [TICKET]})
        deliver_webhooks(store_client.app.state.workspace)
    finally:
        receiver.close()
    sent = json.loads(receiver.received[0]["body"])
    assert sent["url"].startswith("https://boucle.acme.com/v1/feedback/")
    blocks = re.findall(r"```json\n(.*?)```", webhook_page(), re.DOTALL)
    [documented] = [json.loads(b) for b in blocks if '"event": "feedback.analysed"' in b]
    documented["tags"] = sent["tags"] = {}  # no live tagger here: its answers' shape is the API's
    assert shape(documented) == shape(sent)


def documented_fields(event: str, kind: str | None = None) -> set[str]:
    """The fields that docs/webhooks.md's table of `event` lists (those of an alert `kind`
    where the table has a Kinds column): `insights[].theme_id` for a field of a list's items."""
    from tests.test_docs import webhook_page

    section = webhook_page().split(f"### `{event}` fields\n", 1)[1].split("\n#", 1)[0]
    rows = re.findall(r"^\| `([^`]+)` \|(.*)\|$", section, re.MULTILINE)
    assert rows, f"docs/webhooks.md has no table of {event}'s fields"
    kinds = {field: cells.split("|")[1].strip() for field, cells in rows if cells.count("|") == 2}
    return {
        field for field, _ in rows
        if kinds.get(field, "all") == "all" or kind in kinds[field].split(", ")
    }  # fmt: skip


def sent_fields(body: dict, prefix: str = "") -> set[str]:
    """Every field of a body, nested as documented_fields names them; `tags` is keyed by the
    taggers' names, not by fields."""
    fields = set()
    for key, value in body.items():
        fields.add(prefix + key)
        if key == "tags" and not prefix:
            continue
        if isinstance(value, dict):
            fields |= sent_fields(value, f"{prefix}{key}.")
        elif isinstance(value, list):
            for element in value:
                if isinstance(element, dict):
                    fields |= sent_fields(element, f"{prefix}{key}[].")
    return fields


def test_the_webhook_page_lists_every_field_of_feedback_analysed(store_client) -> None:
    """The page showed one example, so a field added to the body (or taken out) went unsaid:
    its table names each field the code sends, nested, and no other."""
    register(store_client, "https://desk.acme.com/hook")
    store_client.post("/v1/feedback", json={"items": [TICKET]})
    [row] = deliveries(store_client)
    assert row.payload["insights"][0]["intent_scores"]  # the list's items' fields are there
    assert sent_fields(row.payload) == documented_fields("feedback.analysed")


def test_the_webhook_page_lists_every_field_of_theme_emerging(store_client) -> None:
    from tests.test_theme_alerts import burst

    register(store_client, "https://desk.acme.com/hook", events=["theme.emerging"])
    burst(store_client)
    assert store_client.post("/v1/themes/alerts/check").json()["items"]
    [row] = deliveries(store_client)
    assert row.payload["kind"] == "theme_emerging" and row.payload["quotes"]
    assert sent_fields(row.payload) == documented_fields("theme.emerging", "theme_emerging")


def test_a_hanging_receiver_is_tried_once_a_tick_and_holds_nobody_up(store_client) -> None:
    ws = store_client.app.state.workspace
    ws.settings.webhook_timeout_s, ws.settings.notify_backoff_s = 0.5, 0
    hanging, healthy = Hanging(), Receiver()
    try:
        stuck = register(store_client, hanging.url, secret=SECRET)
        register(store_client, healthy.url, secret=SECRET)
        tickets = [{**TICKET, "external_id": f"t-{n}", "text": f"{TICKET['text']} Case {n}."}
                   for n in range(3)]  # fmt: skip
        store_client.post("/v1/feedback", json={"items": tickets})
        assert deliver_webhooks(ws) == 3  # the healthy receiver gets its three in this tick
        assert len(healthy.received) == 3 and len(hanging.accepted) == 1  # tried once, not 3
        assert deliver_webhooks(ws) == 0  # its back-off over: once again, the rest wait
        assert len(hanging.accepted) == 2 and len(healthy.received) == 3
        waiting = [r for r in deliveries(store_client) if r.subscription_id == stuck["id"]]
        assert [r.status for r in waiting] == ["pending"] * 3  # nothing lost
        assert sum(r.attempts for r in waiting) == 0 and "webhook" in waiting[0].last_error
        back = Receiver()  # the receiver answers again: every waiting delivery goes
        try:
            with ws.db.session() as session:
                session.get(WebhookSubscription, stuck["id"]).url = back.url
            assert deliver_webhooks(ws) == 3
        finally:
            back.close()
    finally:
        hanging.close()
        healthy.close()
    assert len(back.received) == 3 and {r.status for r in deliveries(store_client)} == {"sent"}


def back_off_of(ws, destination: str) -> DeliveryBackoff:
    with ws.db.session() as session:
        state = session.get(DeliveryBackoff, destination)
        session.expunge(state)
        return state


def expire_back_off(ws, destination: str) -> None:
    """As if its back-off period had passed."""
    with ws.db.session() as session:
        session.get(DeliveryBackoff, destination).until = datetime.now(UTC) - timedelta(seconds=1)


def test_a_dead_receiver_backs_off_across_ticks_and_is_tried_again_after(store_client) -> None:
    """Two ticks, one try of the receiver that hangs; the healthy one delivered in each."""
    ws = store_client.app.state.workspace
    ws.settings.webhook_timeout_s = 0.5  # BOUCLE_NOTIFY_BACKOFF_S stays 30 s
    hanging, healthy, back = Hanging(), Receiver(), Receiver()
    try:
        stuck = register(store_client, hanging.url, secret=SECRET)
        register(store_client, healthy.url, secret=SECRET)
        destination = f"webhook:{stuck['id']}"
        store_client.post("/v1/feedback", json={"items": [TICKET]})
        assert deliver_webhooks(ws) == 1 and len(hanging.accepted) == 1
        shown = {w["id"]: w for w in store_client.get("/v1/webhooks").json()["items"]}
        assert shown[stuck["id"]]["backing_off_until"] is not None
        assert (
            shown[stuck["id"]]["receiver_problem"]
            == f"127.0.0.1:{hanging.port}: no answer within 0.5 s"
        )
        assert shown[stuck["id"]]["receiver_problem_at"] is not None
        others = [w for w in shown.values() if w["id"] != stuck["id"]]
        assert [(w["backing_off_until"], w["receiver_problem"]) for w in others] == [(None, None)]
        second = {**TICKET, "external_id": "4712", "text": "The PDF export is broken too."}
        store_client.post("/v1/feedback", json={"items": [second]})  # due at once, for both
        with pytest.MonkeyPatch.context() as patch:  # the held rows come first: never fill it
            patch.setattr(delivery, "BATCH", 1)
            assert deliver_webhooks(ws) == 1  # the healthy receiver gets it in the next tick...
        assert len(healthy.received) == 2 and len(hanging.accepted) == 1  # ...the dead one waits
        first = back_off_of(ws, destination)
        assert (first.failures, first.until - first.failed_at) == (1, timedelta(seconds=30))
        expire_back_off(ws, destination)
        assert deliver_webhooks(ws) == 0 and len(hanging.accepted) == 2  # tried again, once
        again = back_off_of(ws, destination)  # and waits twice as long
        assert (again.failures, again.until - again.failed_at) == (2, timedelta(seconds=60))
        waiting = [r for r in deliveries(store_client) if r.subscription_id == stuck["id"]]
        assert [(r.status, r.attempts) for r in waiting] == [("pending", 0), ("pending", 0)]
        with ws.db.session() as session:  # it answers again (a test server: on another port)
            session.get(WebhookSubscription, stuck["id"]).url = back.url
        expire_back_off(ws, destination)
        ws.settings.webhook_timeout_s = 5.0  # nobody hangs now: ample time on a busy machine
        third = {**TICKET, "external_id": "4713", "text": "Exports time out on big projects."}
        store_client.post("/v1/feedback", json={"items": [third]})
        # its three (the two it waited with spent no try, so none waits a back-off of its own)
        # and the healthy one's
        assert deliver_webhooks(ws) == 4 and len(back.received) == 3
    finally:
        hanging.close()
        healthy.close()
        back.close()
    shown = store_client.get(f"/v1/webhooks/{stuck['id']}").json()
    assert shown["backing_off_until"] is None  # its back-off ended with the answer
    assert shown["receiver_problem"] == f"127.0.0.1:{hanging.port}: no answer within 0.5 s"  # kept
    assert back_off_of(ws, destination).failures == 0


def test_held_back_mail_and_notification_urls_are_shown(store_client, share_with_cli,
                                                       monkeypatch, capsys) -> None:  # fmt: skip
    """The SMTP server's and the settings' URLs' back-offs were in no answer: an operator could
    not see that e-mails were held back. The URL is named by its host (its query may be a token)."""
    from api.cli import main
    from api.loop.backoffs import note_try
    from api.loop.channels import Unreachable, url_destination

    ws = store_client.app.state.workspace
    notify_url = "https://hooks.acme.com/notify?token=s3cr3t"
    ws.settings.webhook_url = notify_url
    for destination, summary in (("smtp:mail.acme.com:587", "mail.acme.com:587: no connection"),
                                 (url_destination(notify_url), "hooks.acme.com: no answer")):  # fmt: skip
        note_try(ws.db, ws.settings, destination, Unreachable(f"x {summary}", summary), False)
    answer = store_client.get("/v1/loop/backoffs")
    assert answer.status_code == 200 and "s3cr3t" not in answer.text
    items = answer.json()["items"]
    assert [(i["destination"], i["failures"], i["last_failure"]) for i in items] == [
        ("SMTP server mail.acme.com:587", 1, "mail.acme.com:587: no connection"),
        ("notification URL hooks.acme.com", 1, "hooks.acme.com: no answer"),
    ]
    assert all(i["backing_off_until"] for i in items)
    monkeypatch.setenv("BOUCLE_WEBHOOK_URL", notify_url)
    share_with_cli(ws.settings)
    assert main(["loop", "backoffs"]) == 0
    shown = capsys.readouterr().out.splitlines()
    assert shown[1].startswith("SMTP server mail.acme.com:587")
    assert shown[2].startswith("notification URL hooks.acme.com") and "s3cr3t" not in shown[2]


def test_an_erasure_takes_its_quotes_out_of_theme_alert_deliveries(store_client) -> None:
    """A theme.emerging body quotes several people's insights: an erasure took them out of the
    theme alerts, left them in the webhook deliveries (to be sent, or sent), uncounted."""
    from tests.test_theme_alerts import burst

    register(store_client, "https://desk.acme.com/hook", events=["theme.emerging"])
    burst(store_client)
    assert store_client.post("/v1/themes/alerts/check").json()["items"]
    [alerted] = deliveries(store_client)
    quoted = alerted.payload["quotes"][0]
    erased = store_client.post("/v1/erasures", json={"feedback_ids": [quoted["feedback_id"]]})
    assert erased.status_code == 200 and erased.json()["webhook_deliveries"] == 1
    [alerted] = words_sent(store_client)
    assert quoted["insight_id"] not in [q["insight_id"] for q in alerted.payload["quotes"]]
    assert quoted["text"] not in json.dumps(alerted.payload)


def test_an_erased_persons_name_is_masked_in_other_deliveries(store_client) -> None:
    """Another customer's feedback.analysed body quotes her name in its insights, and a
    theme.emerging body may name her (theme name, keywords, quotes): the erasure masked them in
    the themes and alerts, left them readable in the deliveries, pending or sent."""
    from tests.test_privacy import DAN, ingest, item
    from tests.test_privacy_masking import SARAH, TRACES

    register(store_client, "https://desk.acme.com/hook")
    register(store_client, "https://crm.acme.com/hook", events=["theme.emerging"])
    ingest(store_client, item("s-1", "The export crashes on big files.", SARAH))
    # after a capitalised word mid-sentence ("our QA Sarah Connor"): the name rules leave it,
    # as they leave "JP Morgan"; the erasure is what masks it
    [dans] = ingest(store_client, item("d-1", "Export crashes for me too, our QA Sarah Connor saw "
                                              "it first, she said.", DAN))  # fmt: skip
    with store_client.app.state.workspace.db.session() as session:
        [sub_id] = session.scalars(select(WebhookSubscription.id).where(
            WebhookSubscription.url == "https://crm.acme.com/hook"))  # fmt: skip
        session.add(WebhookDelivery(
            subscription_id=sub_id, event="theme.emerging", idempotency_key="alert-1",
            status="sent", payload={"event": "theme.emerging", "theme": {
                "id": 1, "name": "Exports of Sarah.Connor@Cyberdyne.io", "keywords": ["sarah connor", "export"]},
                "quotes": [{"insight_id": dans["insights"][0]["id"],
                            "text": "Sarah Connor saw it first, she said."}]}))  # fmt: skip
    [_, dans_analysed, _] = deliveries(store_client)  # the first, hers, goes with her item
    assert "sarah connor" in json.dumps(dans_analysed.payload).casefold()  # pending
    erased = store_client.delete("/v1/contacts/c-sarah").json()
    assert erased["webhook_deliveries"] == 3  # hers deleted, the two others masked
    rows = words_sent(store_client)
    assert [r.event for r in rows] == ["feedback.analysed", "theme.emerging"]
    bodies = json.dumps([r.payload for r in rows]).casefold()
    assert [t for t in TRACES if t in bodies] == []
    assert "[name] saw it first" in bodies
    assert rows[1].payload["theme"]["keywords"] == ["export"]  # as the alerts' keywords


def test_an_erased_accounts_name_is_masked_in_other_deliveries(store_client) -> None:
    register(store_client, "https://desk.acme.com/hook")
    store_client.put("/v1/accounts/globex", json={"name": "Globex Corp"})
    store_client.put("/v1/accounts/initech", json={"name": "Initech"})
    from tests.test_privacy import ingest, item

    ingest(store_client, item("i-1", "We left Globex Corp because the export crashes.",
                              account_id="initech"))  # fmt: skip
    with store_client.app.state.workspace.db.session() as session:
        for row in session.scalars(select(WebhookDelivery)):
            row.status = "sent"
    assert store_client.delete("/v1/accounts/globex").status_code == 200
    [sent] = words_sent(store_client)
    assert "globex" not in json.dumps(sent.payload).casefold()
    assert "[ACCOUNT]" in json.dumps(sent.payload)


def test_labels_in_deliveries_are_masked_in_any_case(store_client) -> None:
    """Tags, theme names and keywords are labels, not a customer's sentence: an erasure masked
    them in the bodies only where capitalised, so a tag "sarah connor" or a theme "globex corp
    exports" stayed readable there (the themes themselves are masked in any case)."""
    from tests.test_privacy import DAN, ingest, item
    from tests.test_privacy_masking import SARAH, TRACES

    desk = register(store_client, "https://desk.acme.com/hook")
    crm = register(store_client, "https://crm.acme.com/hook", events=["theme.emerging"])
    store_client.put("/v1/accounts/globex", json={"name": "Globex Corp"})
    ingest(store_client, item("s-1", "The export crashes on big files.", SARAH))
    [dans] = ingest(store_client, item("d-1", "Export crashes. I will wait for Sarah Connor.", DAN))
    tags = {"escalate_to": {"label": "sarah connor", "score": 0.91,
                            "labels": ["sarah connor", "globex corp"]}}  # fmt: skip
    with store_client.app.state.workspace.db.session() as session:
        row = session.get(Feedback, dans["id"])
        row.tags = tags  # as a live tagger trained on such labels would have tagged it
        session.add(WebhookDelivery(
            subscription_id=desk["id"], event="feedback.analysed", feedback_id=row.id,
            idempotency_key="tagged", status="sent", payload=analysed_payload(row, row.insights)))  # fmt: skip
        session.add(WebhookDelivery(
            subscription_id=crm["id"], event="theme.emerging", idempotency_key="alert-1",
            status="sent", payload={"event": "theme.emerging", "kind": "theme_emerging",
                "theme": {"id": 1, "name": "globex corp exports", "keywords": ["globex corp"]},
                "loose": [{"id": 2, "name": "sarah connor's files", "recent": 3}],
                "quotes": [{"insight_id": dans["insights"][0]["id"], "source": "zendesk",
                            "text": dans["insights"][-1]["text"]}]}))  # fmt: skip
    assert "sarah connor" in json.dumps([r.payload for r in deliveries(store_client)])

    assert store_client.delete("/v1/contacts/c-sarah").status_code == 200
    assert store_client.delete("/v1/accounts/globex").status_code == 200

    rows = deliveries(store_client)
    bodies = json.dumps([r.payload for r in rows]).casefold()
    assert [t for t in (*TRACES, "globex") if t in bodies] == []
    tagged = next(r.payload for r in rows if r.idempotency_key == "tagged")
    assert tagged["tags"]["escalate_to"]["labels"] == ["[NAME]", "[ACCOUNT]"]
    assert tagged["insights"][-1]["text"].endswith("I will wait for [NAME].")  # "I will" kept
    assert tagged["external_id"] == "d-1" and tagged["source"] == "zendesk"
    alert = next(r.payload for r in rows if r.idempotency_key == "alert-1")
    assert alert["theme"] == {"id": 1, "name": "[ACCOUNT] exports", "keywords": ["[ACCOUNT]"]}
    assert alert["kind"] == "theme_emerging" and alert["event"] == "theme.emerging"
    # the item keeps the tags its body was sent with, masked the same way
    shown = store_client.get(f"/v1/feedback/{dans['id']}").json()["tags"]
    assert shown == tagged["tags"]


def test_a_trailing_slash_is_the_same_receiver(client) -> None:
    """`http://host/hook/` after `http://host/hook` was accepted: every event delivered twice."""
    first = register(client, "http://desk.acme.com/hook")
    for spelling in ("http://desk.acme.com/hook/", "http://DESK.acme.com:80/hook//"):
        again = client.post("/v1/webhooks", json={"url": spelling, "events": ["theme.emerging"]})
        assert again.status_code == 409, spelling
        assert again.json()["message"].startswith(
            f"webhook {first['id']} already posts to {spelling} (registered as "
            "http://desk.acme.com/hook: a trailing slash, the host's case or its default port "
            "written out make no other receiver): remove it first (DELETE /v1/webhooks/"
            f"{first['id']})"
        )
    assert [w["url"] for w in client.get("/v1/webhooks").json()["items"]] == [
        "http://desk.acme.com/hook"
    ]
    register(client, "http://desk.acme.com/hook/v2")  # another path: another receiver
