"""feedback.erased: a webhook receiver was sent items' words (feedback.analysed, theme.emerging
quotes) and never told of their erasure, so it kept texts naming a person erased on request
(GDPR Art. 17(2), 19). Now each erasure on request queues, through the same outbox, the ids of
the items it deleted or masked: never the erased person's name or address."""

import hashlib
import hmac
import json
import re
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from api.app import create_app
from api.privacy.retention import erase_before, retention_cutoff
from api.settings import Settings
from api.webhooks.delivery import deliver_webhooks
from tests.test_docs import shape, webhook_page
from tests.test_loop import Receiver
from tests.test_privacy import DAN, ingest, item
from tests.test_privacy_masking import SARAH, TRACES
from tests.test_webhook_subscriptions import (
    SECRET,
    deliveries,
    documented_fields,
    register,
    sent_fields,
)

ERASED = "feedback.erased"


def ref(answer: dict) -> dict:
    return {"feedback_id": answer["id"], "source": "zendesk", "external_id": answer["external_id"]}


def erasure_bodies(client: TestClient) -> dict[int, list[dict]]:
    """The feedback.erased bodies queued, by webhook id."""
    bodies: dict[int, list[dict]] = {}
    for row in deliveries(client):
        if row.event == ERASED:
            assert row.feedback_id is None  # no item's: a later erasure must not delete it
            bodies.setdefault(row.subscription_id, []).append(row.payload)
    return bodies


def sarah_and_dan(client: TestClient) -> tuple[dict, dict]:
    """Her ticket, and Dan's that names her (masked by her erasure, not deleted)."""
    [hers] = ingest(client, item("s-1", "The export crashes on big files.", SARAH))
    [dans] = ingest(client, item("d-1", "Export crashes for me too, our QA Sarah Connor saw "
                                        "it first, she said.", DAN))  # fmt: skip
    return hers, dans


def test_an_erased_contacts_items_are_named_to_every_receiver(store_client) -> None:
    desk = register(store_client, "https://desk.acme.com/hook")
    alerts = register(store_client, "https://crm.acme.com/hook", events=["theme.emerging"])
    asked = register(store_client, "https://dpo.acme.com/hook", events=[ERASED])
    hers, dans = sarah_and_dan(store_client)
    assert erasure_bodies(store_client) == {}  # analysed: nothing erased yet

    assert store_client.delete("/v1/contacts/c-sarah").status_code == 200

    bodies = erasure_bodies(store_client)
    assert set(bodies) == {desk["id"], alerts["id"], asked["id"]}
    [body] = bodies[desk["id"]]
    assert body["erased"] == [ref(hers)] and body["masked"] == [ref(dans)]
    assert all(b == [body] for b in bodies.values())  # one body, to each webhook
    assert [t for t in TRACES if t in json.dumps(body).casefold()] == []
    assert sent_fields(body) == documented_fields(ERASED)
    blocks = re.findall(r"```json\n(.*?)```", webhook_page(), re.DOTALL)
    [documented] = [json.loads(b) for b in blocks if f'"event": "{ERASED}"' in b]
    assert shape(documented) == shape(body)


def test_an_erasure_by_address_is_posted_signed_and_keyed(store_client) -> None:
    receiver = Receiver()
    try:
        register(store_client, receiver.url, secret=SECRET)
        hers, _ = sarah_and_dan(store_client)
        erased = store_client.post("/v1/erasures", json={"email": "sarah.connor@cyberdyne.io"})
        assert erased.status_code == 200, erased.text
        deliver_webhooks(store_client.app.state.workspace)
    finally:
        receiver.close()
    [analysed, told] = receiver.received  # Dan's feedback.analysed (hers went with her item)
    body = json.loads(told["body"])
    assert body["event"] == ERASED and body["erased"] == [ref(hers)]
    signed = told["headers"]["X-Boucle-Timestamp"].encode() + b"." + told["body"]
    expected = hmac.new(SECRET.encode(), signed, hashlib.sha256).hexdigest()
    assert told["headers"]["X-Boucle-Signature-V2"] == f"sha256={expected}"
    assert told["headers"]["Idempotency-Key"].startswith("boucle:webhook:")
    assert "sarah" not in told["body"].decode().casefold()


def test_an_item_erased_by_its_id_names_it(store_client) -> None:
    register(store_client, "https://desk.acme.com/hook")
    [ticket] = ingest(store_client, item("t-1", "The export crashes on big files."))
    erased = store_client.post("/v1/erasures", json={"feedback_ids": [ticket["id"]]})
    assert erased.status_code == 200, erased.text
    [[body]] = erasure_bodies(store_client).values()
    assert body["erased"] == [ref(ticket)] and body["masked"] == []


def test_an_expiry_is_no_request_and_tells_nobody(store_settings: Settings, tagger) -> None:
    old = (datetime.now(UTC) - timedelta(days=400)).isoformat()
    settings = store_settings.model_copy(update={"retention_days": 365})
    with TestClient(create_app(settings, tagger)) as client:
        register(client, "https://desk.acme.com/hook")
        ingest(client, item("t-old", "The export crashes on big files.", created_at=old))
        erase_before(client.app.state.workspace, retention_cutoff(365), "retention")
        assert deliveries(client) == [] and erasure_bodies(client) == {}
