"""Unthemed growth alerts: a new topic no theme explains (or that went into an unrelated theme at
ingest) rising as an emerging theme does gets one alert per episode, with no theme, saying how
many insights, the growth, quotes, and that a refit makes it a theme."""

import json
import re
from collections import Counter
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from api.loop.channels import WebhookChannel
from api.privacy.service import forget_names
from api.storage.loop_tables import ThemeAlert
from api.storage.webhook_tables import WebhookDelivery
from api.themes.alerts import deliver_alerts
from tests.test_loop import SECRET, Receiver
from tests.test_theme_trust import battery_burst
from tests.test_webhook_subscriptions import documented_fields, sent_fields


def unthemed(client: TestClient, **body) -> list[dict]:
    checked = client.post("/v1/themes/alerts/check", json=body or None)
    assert checked.status_code == 200, checked.text
    return [a for a in checked.json()["items"] if a["kind"] == "unthemed"]


def test_unthemed_growth_alerts_once_per_episode(store_client: TestClient) -> None:
    hook = {"url": "https://desk.acme.com/hook", "events": ["theme.emerging"]}
    assert store_client.post("/v1/webhooks", json=hook).status_code == 201
    stored = battery_burst(store_client)
    now = datetime.now(UTC)
    joined = Counter(i["theme_id"] for item in stored for i in item["insights"] if i["theme_id"])
    taker = joined.most_common(1)[0][0]  # the unrelated theme most of them joined at ingest

    alerts = unthemed(store_client)
    assert [(a["theme_id"], a["status"]) for a in alerts] == [(None, "pending")], alerts
    payload = alerts[0]["payload"]
    assert payload["kind"] == "unthemed_growth" and payload["recent"] >= 20, payload
    assert payload["p_value"] < 0.01 and payload["ratio"] > 1 and payload["baseline"] >= 0
    assert taker in [t["id"] for t in payload["loose"]] and all(t["name"] for t in payload["loose"])
    assert payload["quotes"] and all("(ticket 10" in q["text"] for q in payload["quotes"])
    assert "refit --cold" in payload["hint"] and payload["url"] == "/v1/themes/emerging"
    with store_client.app.state.workspace.db.session() as session:
        [sent] = [row.payload for row in session.scalars(select(WebhookDelivery))
                  if row.payload["kind"] == "unthemed_growth"]  # fmt: skip
    assert sent_fields(sent) == documented_fields("theme.emerging", "unthemed_growth")
    # Still the same episode: a second check (now, or in two days) writes no second alert.
    assert unthemed(store_client) == []
    assert unthemed(store_client, as_of=(now + timedelta(days=2)).isoformat()) == []
    listed = store_client.get("/v1/themes/alerts").json()["items"]
    assert [a["id"] for a in listed if a["theme_id"] is None] == [alerts[0]["id"]]

    ws = store_client.app.state.workspace
    receiver = Receiver()
    try:
        assert deliver_alerts(ws, WebhookChannel(receiver.url, SECRET)) >= 1
    finally:
        receiver.close()
    bodies = {r["headers"]["Idempotency-Key"]: json.loads(r["body"]) for r in receiver.received}
    key = f"boucle:theme:unthemed:emerging:{now.date().isoformat()}"
    assert bodies[key]["kind"] == "unthemed_growth", bodies.keys()

    # Erasing a person whose name a loose theme's label holds renames it in the alert too.
    name = next(t["name"] for t in payload["loose"] if t["id"] == taker)
    with ws.db.session() as session:
        forget_names(session, {next(w for w in re.split(r"[\W_]+", name.casefold()) if w)})
        alert = session.get(ThemeAlert, alerts[0]["id"])
        renamed = next(t["name"] for t in alert.payload["loose"] if t["id"] == taker)
    assert renamed == f"Theme {taker}"
