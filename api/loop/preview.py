"""Whom the loop would tell about a need, before it is decided: the very `recipients()` that
writes the outbox at ship time (so a preview and the real send cannot differ), one row per
person, with their account, the words that made them a recipient and, for a person the send
would leave out, why."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.errors import NotFound
from api.loop.outbox import NOTIFY_ON
from api.loop.recipients import Recipient, message, recipients
from api.storage.loop_tables import Notification
from api.storage.tables import Account, Feedback, Insight, Need, NeedLink

NO_ADDRESS = "no e-mail address: the smtp channel cannot reach them"


def preview_recipients(session: Session, need_id: int, kind: str | None, channel: str) -> dict:
    """The people a `kind` decision (default: the need's own if decided, else shipped) would
    notify now, as `channel` delivers (`smtp` cannot reach a person without an address)."""
    need = session.get(Need, need_id)
    if need is None:
        raise NotFound(f"no need with id {need_id}")
    kind = kind or (need.status if need.status in NOTIFY_ON else "shipped")
    behind = recipients(session, need_id)
    account_ids = {r.first("account_id") for r in behind.values()} - {None}
    # loaded in one query and held: message()'s session.get finds them in the identity map
    accounts = {a.id: a for a in session.scalars(
        select(Account).where(Account.id.in_(account_ids or [""])))}  # fmt: skip
    sent = list(session.scalars(select(Notification).where(
        Notification.need_id == need_id, Notification.status == "sent")))  # fmt: skip
    rows = [person(session, need, kind, channel, r, sent, accounts) for r in behind.values()]
    rows.sort(key=lambda r: (r["excluded"] is not None, -(r["arr"] or 0), r["key"]))
    return {"need_id": need.id, "need_status": need.status, "kind": kind, "channel": channel,
            "to_notify": sum(r["excluded"] is None for r in rows),
            "excluded": sum(r["excluded"] is not None for r in rows),
            "without_contact": quotes_without_contact(session, need_id),
            "recipients": rows}  # fmt: skip


def person(session: Session, need: Need, kind: str, channel: str, recipient: Recipient,
           sent: list[Notification], accounts: dict[str, Account]) -> dict:  # fmt: skip
    to = recipient.contacts[0]
    account_id = recipient.first("account_id", to)
    account = accounts.get(account_id) if account_id else None
    ids = {c.id for c in recipient.contacts}
    told = next((n for n in sent if n.contact_id in ids or n.idempotency_key == recipient.key),
                None)  # fmt: skip
    rendered = message(session, need, kind, recipient)
    excluded = None
    if told is not None:  # a message that went out is never sent again (outbox.keep_one)
        on = f" on {told.sent_at:%Y-%m-%d}" if told.sent_at else ""
        excluded = f"already notified ({told.kind}){on}"
    elif channel == "smtp" and not to.email:
        excluded = NO_ADDRESS
    return {
        "key": recipient.key,
        "contact_id": to.id,
        "contact_ids": [c.id for c in recipient.contacts],
        "name": recipient.first("name", to),
        "email": to.email,
        "language": rendered["language"],
        "subject": rendered["subject"],
        "account_id": account_id,
        "account_name": account.name if account else None,
        "segment": account.segment if account else None,
        "arr": account.arr if account else None,
        "quotes": [vars(q) for q in reversed(recipient.quotes)],  # the latest first
        "excluded": excluded,
    }


def quotes_without_contact(session: Session, need_id: int) -> int:
    """Evidence no one can be told about: feedback that names no contact."""
    return session.scalar(
        select(func.count())
        .select_from(NeedLink)
        .join(Insight, Insight.id == NeedLink.insight_id)
        .join(Feedback, Feedback.id == Insight.feedback_id)
        .where(NeedLink.need_id == need_id, Feedback.contact_id.is_(None))
    ) or 0  # fmt: skip
