"""The transactional outbox: when a need ships (or is declined), one notification per contact
behind its evidence is written in the same transaction as the status change; the worker
delivers it. At most one row per (need, contact): its idempotency key travels with every try."""

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from analyzer.stages.language import UNDETERMINED
from api.loop.templates import render, template
from api.storage.db import insert_new_rows
from api.storage.loop_tables import Notification
from api.storage.tables import Account, Contact, Feedback, Insight, Need, NeedLink

NOTIFY_ON = ("shipped", "declined")
# Not delivered (yet): such a row may still change with the need's status. `failed` is in: a
# later decision (or a retry) sends again what an outage kept from going out.
UNSENT = ("pending", "cancelled", "undeliverable", "failed")


def idempotency_key(need_id: int, contact_id: str) -> str:
    return f"boucle:need:{need_id}:contact:{contact_id}"


@dataclass
class Requester:
    contact: Contact
    quote: str  # their most recent words behind the need
    wrote_in: str | None  # the language of that feedback, detected or given


def requesters(session: Session, need_id: int) -> dict[str, Requester]:
    """Contact id -> who they are and the quote of theirs that is most recent, for a need's
    evidence."""
    rows = session.execute(
        select(Contact, Insight.text, Feedback.language)
        .join(Feedback, Feedback.contact_id == Contact.id)
        .join(Insight, Insight.feedback_id == Feedback.id)
        .join(NeedLink, NeedLink.insight_id == Insight.id)
        .where(NeedLink.need_id == need_id)
        .order_by(Feedback.created_at)
    ).all()
    return {contact.id: Requester(contact, quote, language) for contact, quote, language in rows}


def enqueue(session: Session, need: Need, kind: str) -> int:
    """Write the notifications of a need's status change; returns how many are new or
    rewritten. What has not gone out yet follows the latest decision: a need shipped then
    declined tells its customers it was declined, and one taken back (reopened) tells them
    nothing; a message already sent stays sent, and the customer is not told twice."""
    if kind not in NOTIFY_ON:
        cancel_unsent(session, need.id)
        return 0
    return sync_outbox(session, need, kind, retry=True)


def sync_outbox(session: Session, need: Need, kind: str | None = None, retry: bool = False) -> int:
    """Bring a decided need's outbox in line with its evidence (called on every link change):
    a customer whose feedback joins it after the decision is told too; one whose evidence was
    taken away is not, if their message has not gone out. `retry`: rows that failed or were
    cancelled are written again (a new decision). Returns how many rows are new or rewritten."""
    kind = kind or need.status
    if kind not in NOTIFY_ON:
        return 0
    behind = requesters(session, need.id)
    session.execute(
        update(Notification)
        .where(Notification.need_id == need.id, Notification.status == "pending",
               Notification.contact_id.notin_(list(behind) or [""]))
        .values(status="cancelled", next_attempt_at=None, last_error="evidence unlinked")
    )  # fmt: skip
    rows = [notification_row(session, need, kind, requester) for requester in behind.values()]
    if not rows:
        return 0
    unsent = {
        row.contact_id: row
        for row in session.scalars(
            select(Notification).where(
                Notification.need_id == need.id, Notification.status.in_(UNSENT)
            )
        )
    }
    rewritten = 0
    for values in rows:
        row = unsent.get(values["contact_id"])
        stale = row is not None and (row.kind != kind or (retry and row.status != "pending"))
        if stale or (
            row is not None and row.status == "cancelled" and row.last_error == "evidence unlinked"
        ):
            for key in ("kind", "language", "email", "subject", "body"):
                setattr(row, key, values[key])
            row.status, row.attempts, row.next_attempt_at, row.last_error = "pending", 0, None, None
            rewritten += 1
    new = insert_new_rows(session, Notification.__table__, rows, ["need_id", "contact_id"])
    return len(new) + rewritten


def notification_row(session: Session, need: Need, kind: str, requester: Requester) -> dict:
    contact, quote = requester.contact, requester.quote
    # no language on file: the one they wrote in ("und", too short to tell, is none)
    written = requester.wrote_in if requester.wrote_in != UNDETERMINED else None
    subject, body, language = template(session, kind, contact.language or written)
    account = session.get(Account, contact.account_id) if contact.account_id else None
    values = {"contact_name": contact.name or "", "need_title": need.title,
              "need_description": need.description or "", "quote": quote,
              "account_name": (account.name or "") if account else ""}  # fmt: skip
    return {
        "need_id": need.id, "contact_id": contact.id, "kind": kind, "language": language,
        "email": contact.email, "subject": render(subject, values),
        "body": render(body, values), "status": "pending", "attempts": 0,
        "idempotency_key": idempotency_key(need.id, contact.id),
    }  # fmt: skip


def retry_failed(session: Session, need_id: int) -> int:
    """A need's failed notifications (the channel was down past every try) go out again."""
    done = session.execute(
        update(Notification)
        .where(Notification.need_id == need_id, Notification.status == "failed")
        .values(status="pending", attempts=0, next_attempt_at=None)
        .execution_options(synchronize_session=False)
    )
    return done.rowcount


def cancel_unsent(session: Session, need_id: int) -> None:
    """The decision was taken back: what has not gone out must not."""
    session.execute(
        update(Notification)
        .where(Notification.need_id == need_id, Notification.status == "pending")
        .values(status="cancelled", next_attempt_at=None)
    )
