"""Whom the loop would tell about a need if it were decided now: the very `recipients()` and
`kept_row()` that write the outbox at decision time (so a preview and the real decision cannot
differ), one row per person, with their account, the message as they would read it (its unsubscribe link
said, not given), the words that made them a recipient and, for
a person the decision would leave out, why. It writes nothing: the route, the web page and
`boucle needs ship|decline --dry-run` all read it."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.errors import NotFound
from api.loop.channels import example_address
from api.loop.outbox import NOTIFY_ON, kept_row, key_of
from api.loop.recipients import Recipient, message, recipients
from api.loop.retries import cannot_retry
from api.loop.unsubscribe import OPTED_OUT, opt_out_reason, without_link
from api.storage.loop_tables import Notification
from api.storage.tables import Account, Contact, Feedback, Insight, Need, NeedLink

NO_ADDRESS = "no e-mail address: the smtp channel cannot reach them"
EXAMPLE = "example address: demo or test data, never sent (marked undeliverable)"


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
    outbox = list(session.scalars(select(Notification).where(Notification.need_id == need_id)
                                  .order_by(Notification.id)))  # fmt: skip
    rows = [person(session, need, kind, channel, r, outbox, accounts) for r in behind.values()]
    rows.sort(key=lambda r: (r["excluded"] is not None, -(r["arr"] or 0), r["key"]))
    return {"need_id": need.id, "need_status": need.status, "kind": kind, "channel": channel,
            "to_notify": sum(r["excluded"] is None for r in rows),
            "excluded": sum(r["excluded"] is not None for r in rows),
            "opted_out": sum((r["excluded"] or "").startswith(OPTED_OUT) for r in rows),
            "without_contact": quotes_without_contact(session, need_id),
            "recipients": rows}  # fmt: skip


def person(session: Session, need: Need, kind: str, channel: str, recipient: Recipient,
           outbox: list[Notification], accounts: dict[str, Account]) -> dict:  # fmt: skip
    row = kept_row(recipient, outbox, kind)  # the row the decision would keep (None: a new one)
    # an unsent row is rewritten to its own contact (outbox.rewrite); a new one to the latest
    to = next((c for c in recipient.contacts if row and c.id == row.contact_id),
              recipient.contacts[0])  # fmt: skip
    account_id = recipient.first("account_id", to)
    account = accounts.get(account_id) if account_id else None
    rendered = message(session, need, kind, recipient, to)
    excluded = left_out(need, kind, row, to)
    if (excluded is None or not excluded.startswith("already notified")) and (
        refused := opt_out_reason(recipient.contacts)
    ):  # fmt: skip
        excluded = refused  # whatever else holds: they asked not to be told
    if excluded is None and channel == "smtp" and not to.email:
        excluded = NO_ADDRESS
    elif excluded is None and example_address(to.email):  # as delivery refuses it, any channel
        excluded = EXAMPLE
    return {
        "key": key_of(recipient, kind, row),
        "contact_id": to.id,
        "contact_ids": [c.id for c in recipient.contacts],
        "name": recipient.first("name", to),
        "email": to.email,
        "language": rendered["language"],
        "subject": rendered["subject"],
        "body": without_link(rendered["body"], rendered["unsubscribe_url"]),  # to proofread
        "account_id": account_id,
        "account_name": account.name if account else None,
        "segment": account.segment if account else None,
        "arr": account.arr if account else None,
        "quotes": [vars(q) for q in reversed(recipient.quotes)],  # the latest first
        "excluded": excluded,
    }


def left_out(need: Need, kind: str, row: Notification | None, to: Contact) -> str | None:
    """Why deciding the need `kind` now would not queue a message to this person; None: it
    would. A message that went out is never sent again (outbox.kept_row); a need already so
    decided is not decided again (update_need writes nothing when the status does not change),
    so what its outbox holds stays as it is; another decision rewrites every unsent message."""
    if row is not None and row.status == "sent":
        on = f" on {row.sent_at:%Y-%m-%d}" if row.sent_at else ""
        return f"already notified ({row.kind}){on}"
    if need.status != kind:
        return None
    if row is None or row.status == "cancelled":
        return f"already {kind}: deciding it again queues nothing"
    on = f"({row.kind}) on {row.created_at:%Y-%m-%d}"
    if row.status == "pending":  # waiting, or failed and waiting its back-off
        if not row.last_error:
            return f"already queued {on}"
        return f"already queued {on}, retrying: {row.last_error}"
    # failed, undeliverable: only a retry sends them again, if it can deliver it
    if (why := cannot_retry(row, to)) is not None:
        return f"already {row.status} {on}: {why}"
    return (f"already {row.status} {on}: {row.last_error or 'not delivered'}; "
            f"POST /v1/needs/{need.id}/notifications/retry sends it again")  # fmt: skip


def quotes_without_contact(session: Session, need_id: int) -> int:
    """Evidence no one can be told about: feedback that names no contact."""
    return session.scalar(
        select(func.count())
        .select_from(NeedLink)
        .join(Insight, Insight.id == NeedLink.insight_id)
        .join(Feedback, Feedback.id == Insight.feedback_id)
        .where(NeedLink.need_id == need_id, Feedback.contact_id.is_(None))
    ) or 0  # fmt: skip
