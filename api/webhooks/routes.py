"""/v1/webhooks: integrators register where Boucle POSTs events (admin keys only: a webhook sends
customers' feedback out of the workspace). SQL alone: they answer while the models load."""

from fastapi import APIRouter, Request

from api.errors import may_answer
from api.loop.routes import RetryOut  # one schema for every retry's answer
from api.params import IdPath
from api.ready import sql_workspace
from api.security import actor, require
from api.webhooks import service
from api.webhooks.schemas import WebhookCreated, WebhookIn, WebhookList, WebhookOut

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"], dependencies=[require("admin")])


@router.post("", name="create_webhook", status_code=201, response_model=WebhookCreated,
             responses=may_answer(409))  # fmt: skip
def create_webhook(body: WebhookIn, request: Request) -> WebhookCreated:
    """Register a webhook for some events; the answer holds its secret, shown this once."""
    return service.add_webhook(sql_workspace(request).db, body, actor(request))


@router.get("", name="list_webhooks", response_model=WebhookList)
def list_webhooks(request: Request) -> WebhookList:
    """Every registered webhook (without its secret), with its deliveries by status."""
    return WebhookList(items=service.list_webhooks(sql_workspace(request).db))


@router.get("/{webhook_id}", name="get_webhook", response_model=WebhookOut)
def get_webhook(webhook_id: IdPath, request: Request) -> WebhookOut:
    return service.get_webhook(sql_workspace(request).db, webhook_id)


@router.post("/{webhook_id}/retry", name="retry_webhook", response_model=RetryOut)
def retry_webhook(webhook_id: IdPath, request: Request) -> RetryOut:
    """Send a webhook's failed deliveries again (its receiver was down past every try)."""
    return RetryOut(retried=service.retry_webhook(sql_workspace(request).db, webhook_id))


@router.delete("/{webhook_id}", name="delete_webhook", status_code=204)
def delete_webhook(webhook_id: IdPath, request: Request) -> None:
    """Remove a webhook: its deliveries not yet sent are dropped with it."""
    service.remove_webhook(sql_workspace(request).db, webhook_id, actor(request))
