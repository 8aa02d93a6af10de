"""Alerts when a theme starts emerging, for the product team's webhook (a chat channel, an
incident tool). The worker runs the emerging test (api/themes/emerging.py) every
`theme_alert_interval_s`; a theme that passes it and had no alert within the last window starts
an episode and gets one alert row; so does unthemed growth (api/themes/unthemed_alerts.py).
Checks take turns (one transaction after another, across API processes), so two checks at the
same moment, even either side of midnight, alert once. Rows are delivered like notifications:
signed, keyed, retried with back-off (api/loop)."""

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from api.loop.channels import WebhookChannel
from api.loop.delivery import deliver_pending
from api.settings import Settings
from api.storage.db import Database, insert_new_rows, take_turn
from api.storage.loop_tables import ThemeAlert
from api.storage.tables import Theme
from api.themes.alert_links import as_sent, page_of
from api.themes.emerging import Emergence, EmergingTest, emerging_report, window_quotes
from api.themes.service import quotes_of
from api.themes.unthemed_alerts import UNTHEMED, unthemed_rows
from api.webhooks.events import THEME_EMERGING, enqueue_alerts, subscribers
from api.workspace import Workspace


def alert_test(settings: Settings) -> EmergingTest:
    return EmergingTest(settings.theme_alert_window_days, settings.theme_alert_baseline_days,
                        settings.theme_alert_min_count, settings.theme_alert_alpha)  # fmt: skip


def alert_key(theme_id: int | str, as_of: datetime) -> str:
    """One key per theme (or "unthemed") and day an episode starts."""
    return f"boucle:theme:{theme_id}:emerging:{as_of.date().isoformat()}"


def alert_payload(session: Session, theme: Theme, found: Emergence, as_of: datetime,
                  test: EmergingTest) -> dict:  # fmt: skip
    quotes = quotes_of(session, window_quotes(session, theme.id, as_of, test.window_days))
    return {
        "kind": "theme_new" if found.new else "theme_emerging",
        "theme": {"id": theme.id, "name": theme.name, "keywords": theme.keywords[:8]},
        "recent": found.recent, "baseline": found.baseline, "expected": found.expected,
        "ratio": found.ratio, "p_value": found.p_value, "as_of": as_of.isoformat(),
        "window_days": test.window_days, "baseline_days": test.baseline_days,
        "quotes": [quote.model_dump(mode="json") for quote in quotes],
        "url": f"/v1/themes/{theme.id}", "page": page_of(theme.id),
    }  # fmt: skip


def record_alerts(session: Session, as_of: datetime, test: EmergingTest) -> list[int]:
    """Write an alert for each theme that starts emerging at `as_of`, and one for unthemed
    growth that starts then; the ids of the new rows. Call it first in its transaction: it waits
    for any other check to commit."""
    take_turn(session, "boucle:theme-alerts")
    found, growth = emerging_report(session, as_of, test)
    rows = theme_rows(session, found, as_of, test)
    rows += unthemed_rows(session, growth, as_of, test, alert_key(UNTHEMED, as_of))
    if not rows:
        return []
    ids = sorted(insert_new_rows(session, ThemeAlert.__table__, rows, ["idempotency_key"]))
    enqueue_alerts(session, ids)  # the webhooks registered through the API, in this transaction
    return ids


def theme_rows(session: Session, found: list[Emergence], as_of: datetime,
               test: EmergingTest) -> list[dict]:  # fmt: skip
    """An alert row per emerging theme not alerted within the window."""
    if not found:
        return []
    ids = [e.theme_id for e in found]
    themes = {t.id: t for t in session.scalars(
        select(Theme).where(Theme.id.in_(ids), Theme.status == "active", Theme.level == "theme")
    )}  # fmt: skip
    in_episode = set(session.scalars(
        select(ThemeAlert.theme_id).where(
            ThemeAlert.theme_id.in_(ids),
            ThemeAlert.created_at > as_of - timedelta(days=test.window_days),
            ThemeAlert.created_at <= as_of,
        )
    ))  # fmt: skip
    return [
        {"theme_id": e.theme_id, "kind": "new" if e.new else "emerging",
         "payload": alert_payload(session, themes[e.theme_id], e, as_of, test),
         "idempotency_key": alert_key(e.theme_id, as_of), "status": "pending", "attempts": 0,
         "created_at": as_of}
        for e in found
        if e.theme_id in themes and e.theme_id not in in_episode
    ]  # fmt: skip


def check_alerts(db: Database, as_of: datetime, test: EmergingTest) -> list[int]:
    """record_alerts in its own transaction, after a read-only run of the test: most checks find
    nothing and then never take the write turn, which on SQLite would hold up every ingest for
    as long as the test reads the evidence."""
    with db.session() as session:
        found, growth = emerging_report(session, as_of, test)
        if not found and growth is None:
            return []
    with db.session() as session:
        return record_alerts(session, as_of, test)


def alert_channel(settings: Settings) -> WebhookChannel | None:
    if not (settings.theme_alert_webhook_url and settings.alert_secret):
        return None  # settings refuse a URL without a key: never sign with an empty one
    return WebhookChannel(
        settings.theme_alert_webhook_url, settings.alert_secret, settings.webhook_timeout_s
    )


# What GET /v1/themes/alerts says of an alert that only the registered webhooks received.
NO_ALERT_WEBHOOK = (
    "not sent: BOUCLE_THEME_ALERT_WEBHOOK_URL is not set; the webhooks registered for "
    "theme.emerging get each alert (GET /v1/webhooks counts their deliveries)"
)


def deliver_alerts(ws: Workspace, channel: WebhookChannel | None = None) -> int:
    """One try for each due alert. With no webhook set, alerts wait (nothing is lost), unless
    webhooks registered for theme.emerging took them: then they are `not_sent`, not left
    `pending` for a URL nobody set."""
    channel = channel or alert_channel(ws.settings)
    if channel is None:
        mark_not_sent(ws)
        return 0
    return deliver_pending(
        ws,
        ThemeAlert,
        lambda row: channel.post(as_sent(row.payload, ws.settings.public_url), row.idempotency_key),
        channel.name,
        place=lambda _: channel.destination,
    )


def mark_not_sent(ws: Workspace) -> int:
    """`not_sent` for the pending alerts while theme.emerging has subscribers and no alert
    webhook is set (one set later does not get them: an alert is news of its day)."""
    with ws.db.session() as session:
        if not subscribers(session, THEME_EMERGING):
            return 0
        done = session.execute(
            update(ThemeAlert)
            .where(ThemeAlert.status == "pending")
            .values(status="not_sent", last_error=NO_ALERT_WEBHOOK, next_attempt_at=None)
        )
        return done.rowcount


def list_alerts(session: Session, status: str | None = None, limit: int = 50) -> list[ThemeAlert]:
    query = select(ThemeAlert).order_by(ThemeAlert.created_at.desc(), ThemeAlert.id.desc())
    if status:
        query = query.where(ThemeAlert.status == status)
    return list(session.scalars(query.limit(limit)))
