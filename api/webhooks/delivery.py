"""The worker's side of the subscriptions' outbox: each due delivery POSTed to its subscription's
URL, signed with its secret, by the same loop as notifications and theme alerts (claimed, retried
with back-off, `failed` after BOUCLE_NOTIFY_MAX_ATTEMPTS tries)."""

from sqlalchemy.orm import object_session

from api.loop.backoffs import subscription_destination
from api.loop.channels import WebhookChannel
from api.loop.delivery import Withdrawn, deliver_pending
from api.storage.webhook_tables import WebhookDelivery, WebhookSubscription
from api.workspace import Workspace


def as_sent(payload: dict, public_url: str | None) -> dict:
    """`url` (and a theme alert's `page`) absolute when the public address is set: stored
    relative, as the setting may change."""
    links = {name: public_url + payload[name] for name in ("url", "page")
             if public_url and str(payload.get(name, "")).startswith("/")}  # fmt: skip
    return {**payload, **links}


def deliver_webhooks(ws: Workspace) -> int:
    """One try for each due delivery; returns how many were delivered. A subscription that does
    not answer in time backs off (deliver_pending): the others are not held up."""

    def send(row: WebhookDelivery) -> None:
        subscription = object_session(row).get(WebhookSubscription, row.subscription_id)
        if subscription is None:  # removed since the row was written (its rows go with it)
            raise Withdrawn("the webhook was removed")
        channel = WebhookChannel(
            subscription.url, subscription.secret, ws.settings.webhook_timeout_s
        )
        channel.post(as_sent(row.payload, ws.settings.public_url), row.idempotency_key)

    return deliver_pending(ws, WebhookDelivery, send, "webhook",
                           place=subscription_destination,
                           destination=WebhookDelivery.subscription_id)  # fmt: skip
