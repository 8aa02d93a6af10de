"""A webhook's secret as the database keeps it: sealed with the workspace's secret key
(api/sealed.py), opened only to sign a body or to give its last characters."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.sealed import PREFIX, WrongKey, seal, session_key, unseal
from api.storage.db import Database
from api.storage.webhook_tables import WebhookSubscription


def sealed_secret(session: Session, secret: str) -> str:
    return seal(secret, session_key(session))


def signing_secret(session: Session, row: WebhookSubscription) -> str:
    """The secret as given; raises WrongKey when sealed with another workspace's key."""
    return unseal(row.secret, session_key(session))


def seal_clear_secrets(db: Database) -> int:
    """Seal the secrets stored in clear: written before secrets were sealed, or restored from
    a backup made then. Returns how many; the key is read (or made) only when there are some."""
    with db.session() as session:
        clear = session.scalars(
            select(WebhookSubscription).where(WebhookSubscription.secret.not_like(f"{PREFIX}%"))
        ).all()
        for row in clear:
            row.secret = sealed_secret(session, row.secret)
        return len(clear)


def unreadable_secrets(db: Database) -> list[int]:
    """The webhooks whose secret this workspace's key does not open (a backup restored without
    the key it was made with): they sign nothing until that key is back."""
    unreadable = []
    with db.session() as session:
        for row in session.scalars(select(WebhookSubscription).order_by(WebhookSubscription.id)):
            try:
                signing_secret(session, row)
            except WrongKey:
                unreadable.append(row.id)
    return unreadable
