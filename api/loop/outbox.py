"""The transactional outbox: when a need ships (or is declined), one notification per contact
behind its evidence is written in the same transaction as the status change; the worker
delivers it. At most one row per (need, contact): its idempotency key travels with every try."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.loop.templates import render, template
from api.storage.db import insert_new_rows
from api.storage.loop_tables import Notification
from api.storage.tables import Contact, Feedback, Insight, Need, NeedLink

NOTIFY_ON = ("shipped", "declined")


def idempotency_key(need_id: int, contact_id: str) -> str:
    return f"boucle:need:{need_id}:contact:{contact_id}"


def requesters(session: Session, need_id: int) -> dict[str, tuple[Contact, str]]:
    """Contact id -> (contact, the quote of theirs that is most recent) for a need's evidence."""
    rows = session.execute(
        select(Contact, Insight.text, Feedback.created_at)
        .join(Feedback, Feedback.contact_id == Contact.id)
        .join(Insight, Insight.feedback_id == Feedback.id)
        .join(NeedLink, NeedLink.insight_id == Insight.id)
        .where(NeedLink.need_id == need_id)
        .order_by(Feedback.created_at)
    ).all()
    return {contact.id: (contact, quote) for contact, quote, _ in rows}


def enqueue(session: Session, need: Need, kind: str) -> int:
    """Write the notifications of a need's status change; returns how many are new."""
    if kind not in NOTIFY_ON:
        return 0
    rows = []
    for contact_id, (contact, quote) in requesters(session, need.id).items():
        subject, body, language = template(session, kind, contact.language)
        values = {"contact_name": contact.name or "", "need_title": need.title,
                  "need_description": need.description or "", "quote": quote,
                  "account_name": ""}  # fmt: skip
        rows.append({
            "need_id": need.id, "contact_id": contact_id, "kind": kind, "language": language,
            "email": contact.email, "subject": render(subject, values),
            "body": render(body, values), "status": "pending", "attempts": 0,
            "idempotency_key": idempotency_key(need.id, contact_id),
        })  # fmt: skip
    if not rows:
        return 0
    return len(insert_new_rows(session, Notification.__table__, rows, ["need_id", "contact_id"]))
