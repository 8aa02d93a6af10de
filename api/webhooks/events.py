"""The events a subscription can take, and their outbox rows: written in the transaction that
makes the event (an analysis stored), so an event is never lost nor sent for work rolled back;
the worker delivers them (api/webhooks/delivery.py)."""

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from api.feedback.views import insight_out, message_parts
from api.storage.db import insert_new_rows
from api.storage.loop_tables import ThemeAlert
from api.storage.tables import Feedback, Insight, NeedLink, NeedSuggestion
from api.storage.webhook_tables import WebhookDelivery, WebhookSubscription
from api.webhooks.event_names import FEEDBACK_ANALYSED, THEME_EMERGING

EDITED = "(edited)"  # a sent body's words once the item was edited


def subscribers(session: Session, *events: str) -> list[int]:
    """The ids of the subscriptions that take any of `events` (few rows: filtered here, not in
    SQL, as JSON lists are searched differently on each engine)."""
    rows = session.execute(select(WebhookSubscription.id, WebhookSubscription.events))
    return [sub_id for sub_id, taken in rows if set(events).intersection(taken or [])]


def analysed_payload(row: Feedback, insights: Sequence[Insight]) -> dict:
    """What a help desk writes back on its ticket: the item's labels and its insights."""
    return {
        "event": FEEDBACK_ANALYSED,
        "feedback_id": row.id, "source": row.source, "external_id": row.external_id,
        **message_parts(row),  # language, sentiment, intents, urgency as GET /v1/feedback/{id}
        "tags": row.tags or {},
        "insights": [insight_body(i) for i in sorted(insights, key=lambda i: i.position)],
        "analysed_at": row.analysed_at.isoformat() if row.analysed_at else None,
        "url": f"/v1/feedback/{row.id}",
    }  # fmt: skip


def insight_body(insight: Insight) -> dict:
    """The API's stored insight (GET /v1/feedback/{id}: theme_id, need_id, ...), except that
    sentiment, intents and urgency stay the plain labels receivers have read from the start;
    their scores come beside them, the API's `intents` objects as `intent_scores`."""
    stored = insight_out(insight).model_dump(mode="json")
    return {
        **stored,
        "sentiment": insight.sentiment_label, "sentiment_score": insight.sentiment_score,
        "intents": [intent["label"] for intent in insight.intents],
        "intent_scores": stored["intents"],
        "urgency": insight.urgency_level, "urgency_score": insight.urgency_score,
    }  # fmt: skip


def enqueue_analysed(
    session: Session, rows: Sequence[Feedback], insights: Sequence[Insight]
) -> int:
    """One delivery per subscription to feedback.analysed and item just analysed; returns how
    many rows were written. The key holds the subscription, the item and its edits: an item is
    analysed once per version, so a repeat (a worker and a request on the same item) is stored
    once, and an edited item's new analysis is a message of its own."""
    if not rows or not (subscription_ids := subscribers(session, FEEDBACK_ANALYSED)):
        return 0
    with_links(session, insights)
    by_item: dict[int, list[Insight]] = {}
    for insight in insights:
        by_item.setdefault(insight.feedback_id, []).append(insight)
    values = [
        {"subscription_id": sub_id, "event": FEEDBACK_ANALYSED, "feedback_id": row.id,
         "payload": analysed_payload(row, by_item.get(row.id, [])), "status": "pending",
         "attempts": 0, "idempotency_key": analysed_key(sub_id, row)}
        for row in rows
        for sub_id in subscription_ids
    ]  # fmt: skip
    return stored(session, values)


def analysed_key(subscription_id: int, row: Feedback) -> str:
    """The first analysis's key as it always was; an edited item's adds its edit count."""
    key = f"boucle:webhook:{subscription_id}:feedback:{row.id}:analysed"
    return f"{key}:{row.edits}" if row.edits else key


def with_links(session: Session, insights: Sequence[Insight]) -> None:
    """Each insight's need link and pending suggestions, read in one query each per 500 ids:
    reading `insight.link` on rows just inserted queries once per insight, in the ingest's
    transaction."""
    ids = [insight.id for insight in insights]
    links: dict[int, NeedLink] = {}
    suggested: dict[int, list[NeedSuggestion]] = {}
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        links.update(
            (link.insight_id, link)
            for link in session.scalars(select(NeedLink).where(NeedLink.insight_id.in_(part)))
        )
        pending = select(NeedSuggestion).where(
            NeedSuggestion.insight_id.in_(part), NeedSuggestion.status == "pending"
        )
        for suggestion in session.scalars(pending.order_by(NeedSuggestion.score.desc())):
            suggested.setdefault(suggestion.insight_id, []).append(suggestion)
    for insight in insights:
        set_committed_value(insight, "link", links.get(insight.id))
        set_committed_value(insight, "pending_suggestions", suggested.get(insight.id, []))


def enqueue_alerts(session: Session, alert_ids: Sequence[int]) -> int:
    """One delivery per subscription to theme.emerging and alert just written (a theme, or
    unthemed growth, starting an episode): the alert's body, as the settings' webhook gets it."""
    if not alert_ids or not (subscription_ids := subscribers(session, THEME_EMERGING)):
        return 0
    alerts = session.scalars(select(ThemeAlert).where(ThemeAlert.id.in_(alert_ids)))
    values = [
        {"subscription_id": sub_id, "event": THEME_EMERGING, "feedback_id": None,
         "payload": {"event": THEME_EMERGING, **alert.payload}, "status": "pending",
         "attempts": 0, "idempotency_key": f"boucle:webhook:{sub_id}:{alert.idempotency_key}"}
        for alert in alerts
        for sub_id in subscription_ids
    ]  # fmt: skip
    return stored(session, values)


def stored(session: Session, values: list[dict]) -> int:
    """INSERT ... DO NOTHING on the key: a repeat of an event is stored once."""
    table = WebhookDelivery.__table__
    return len(insert_new_rows(session, table, values, ["idempotency_key"]))


def forget_deliveries(
    session: Session, feedback_ids: Sequence[int], unsent_only: bool = False
) -> int:
    """An erasure on request takes the item's deliveries too, sent or not (they hold its words);
    an edit, those not sent (`unsent_only`): they hold the analysis it replaces."""
    where = WebhookDelivery.feedback_id.in_(feedback_ids)
    if unsent_only:
        where &= WebhookDelivery.status != "sent"
    return session.execute(delete(WebhookDelivery).where(where)).rowcount


def supersede_deliveries(session: Session, feedback_id: int) -> int:
    """An edit replaces the item's words: its deliveries not sent go (the new analysis writes
    its own, with the new text), and those sent keep their row (when, to which webhook: its
    counts) with each insight's text written EDITED, so the outbox and the backups made of it
    no longer hold the words the edit replaced. Returns how many rows either touched."""
    touched = forget_deliveries(session, [feedback_id], unsent_only=True)
    sent = session.scalars(
        select(WebhookDelivery).where(
            WebhookDelivery.feedback_id == feedback_id, WebhookDelivery.status == "sent"
        )
    )
    for row in sent:
        if (body := without_words(row.payload)) != row.payload:
            row.payload, touched = body, touched + 1
    return touched


def without_words(payload: dict | None) -> dict:
    """A feedback.analysed body with its insights' texts written EDITED (labels and ids stay)."""
    insights = [{**insight, "text": EDITED} for insight in (payload or {}).get("insights") or []]
    return {**(payload or {}), "insights": insights}
