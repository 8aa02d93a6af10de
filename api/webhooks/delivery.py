"""The worker's side of the subscriptions' outbox: each due delivery POSTed to its subscription's
URL, signed with its secret, by the same loop as notifications and theme alerts (claimed, retried
with back-off, `failed` after BOUCLE_NOTIFY_MAX_ATTEMPTS tries)."""

from sqlalchemy.orm import object_session

from api.loop.backoffs import subscription_destination
from api.loop.channels import DeliveryError, WebhookChannel
from api.loop.delivery import Withdrawn, deliver_pending
from api.sealed import WrongKey
from api.storage.webhook_tables import WebhookDelivery, WebhookSubscription
from api.webhooks.sealing import signing_secret
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
        session = object_session(row)
        subscription = session.get(WebhookSubscription, row.subscription_id)
        if subscription is None:  # removed since the row was written (its rows go with it)
            raise Withdrawn("the webhook was removed")
        try:
            secret = signing_secret(session, subscription)
        except WrongKey as error:  # retried: the right key may be put back meanwhile
            raise DeliveryError(f"webhook {subscription.id}'s secret is {error}: put that key "
                                "back, or remove the webhook and add it again") from None  # fmt: skip
        channel = WebhookChannel(subscription.url, secret, ws.settings.webhook_timeout_s)
        channel.post(as_sent(row.payload, ws.settings.public_url), row.idempotency_key)

    return deliver_pending(ws, WebhookDelivery, send, "webhook",
                           place=subscription_destination,
                           destination=WebhookDelivery.subscription_id)  # fmt: skip
