"""The transactional outbox: when a need ships (or is declined), one notification per person
behind its evidence (per e-mail address: see recipients.py) is written in the same transaction
as the status change; the worker delivers it. Its idempotency key, stable per (need, address),
travels with every try."""

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from api.loop.channels import example_address, never_sent
from api.loop.recipients import Recipient, contact_key, message, recipients
from api.loop.unsubscribe import OPTED_OUT, opt_out_reason
from api.storage.db import insert_new_rows
from api.storage.loop_tables import Notification
from api.storage.tables import Contact, Need

NOTIFY_ON = ("shipped", "declined")
# Not delivered (yet): such a row may still change with the need's status. `failed` is in: a
# later decision (or a retry) sends again what an outage kept from going out.
UNSENT = ("pending", "cancelled", "undeliverable", "failed")
UNLINKED = "evidence unlinked"
DUPLICATE = "duplicate: same address as notification"  # + its id


def unsent_state(email: str | None) -> tuple[str, str | None]:
    """(status, last_error) of a message lined up for `email`: an example address (demo or test
    data) is left out at once, as the preview says and as delivery would mark it, rather than
    waiting in the outbox as if someone would be told."""
    if example_address(email):
        return "undeliverable", never_sent(email)
    return "pending", None


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
    """Bring a decided need's outbox in line with its evidence and its customers' addresses
    (called on every link change, and before delivery): a customer whose feedback joins it after
    the decision is told too; one whose evidence was taken away is not, if their message has not
    gone out; one person under several contact ids gets one message. `retry`: rows that failed
    or were cancelled are written again (a new decision). Returns how many rows are new or
    rewritten."""
    kind = kind or need.status
    if kind not in NOTIFY_ON:
        return 0
    behind = recipients(session, need.id)
    contact_ids = [c.id for r in behind.values() for c in r.contacts]
    session.execute(
        update(Notification)
        .where(Notification.need_id == need.id, Notification.status == "pending",
               Notification.contact_id.notin_(contact_ids or [""]))
        .values(status="cancelled", next_attempt_at=None, last_error=UNLINKED)
    )  # fmt: skip
    rows = list(session.scalars(select(Notification).where(Notification.need_id == need.id)
                                .order_by(Notification.id)))  # fmt: skip
    kept = {key: keep_one(need.id, recipient, rows) for key, recipient in behind.items()}
    session.flush()  # the keys given up are free before they are given again
    rewritten, new = 0, []
    for key, recipient in behind.items():
        row = kept[key]
        refused = opt_out_reason(recipient.contacts)
        if refused is not None:  # no message to a person who opted out: the row says why
            if row is None:
                new.append(skipped_row(session, need, kind, recipient, refused))
            elif row.status != "sent":
                row.status, row.last_error, row.next_attempt_at = "cancelled", refused, None
            continue
        if row is None:
            written = message(session, need, kind, recipient)
            status, error = unsent_state(written["email"])
            new.append({"need_id": need.id, "contact_id": recipient.contacts[0].id, "kind": kind,
                        **written, "status": status, "last_error": error,
                        "attempts": 0, "idempotency_key": key})  # fmt: skip
        elif row.status != "sent":
            rewritten += rewrite(session, need, kind, recipient, row, retry)
    session.flush()
    # DO NOTHING on any conflict: a concurrent writer of the same (need, address) stores it once
    return len(insert_new_rows(session, Notification.__table__, new, None)) + rewritten


def skipped_row(session: Session, need: Need, kind: str, recipient: Recipient,
                reason: str) -> dict:  # fmt: skip
    """The outbox row of a recipient who opted out: cancelled at once, with the reason, so
    that the need's notifications say who was skipped and why."""
    return {"need_id": need.id, "contact_id": recipient.contacts[0].id, "kind": kind,
            **message(session, need, kind, recipient), "status": "cancelled",
            "last_error": reason, "attempts": 0, "idempotency_key": recipient.key}  # fmt: skip


def skipped(session: Session, need_id: int) -> int:
    """How many of a need's recipients were skipped because they opted out."""
    return session.scalar(
        select(func.count()).where(Notification.need_id == need_id,
                                   Notification.status == "cancelled",
                                   Notification.last_error.startswith(OPTED_OUT))
    ) or 0  # fmt: skip


def rows_of(recipient: Recipient, rows: list[Notification]) -> list[Notification]:
    """The rows of a need's outbox that are this recipient's: under one of its contact ids,
    or holding one of its keys (the plain one of a row stored before keys were keyed)."""
    ids = {c.id for c in recipient.contacts}
    return [r for r in rows if r.contact_id in ids or r.idempotency_key in recipient.keys]


def kept_row(recipient: Recipient, rows: list[Notification]) -> Notification | None:
    """The one row that tells this recipient, changing nothing (the preview asks it too): the
    one sent if any, else the first of its contacts'; None when a new row must be written."""
    ids = {c.id for c in recipient.contacts}
    mine = rows_of(recipient, rows)
    sent = sorted((r for r in mine if r.status == "sent"),
                  key=lambda r: r.idempotency_key not in recipient.keys)  # fmt: skip
    # unsent: a pending one first, then the one that holds the key, then the oldest
    members = [r for r in mine if r.contact_id in ids]
    return sent[0] if sent else min(members, default=None, key=lambda r: (
        r.status != "pending", r.idempotency_key not in recipient.keys, r.id))  # fmt: skip


def keep_one(need_id: int, recipient: Recipient, rows: list[Notification]) -> Notification | None:
    """The row kept_row picks; the others of its contacts are duplicates (cancelled unless
    sent); a row not keeping it gives its key up for the one of its own contact."""
    ids = {c.id for c in recipient.contacts}
    keep = kept_row(recipient, rows)
    for row in rows_of(recipient, rows):
        if row is keep or row.status == "sent":
            continue
        if row.contact_id in ids:
            row.status, row.next_attempt_at = "cancelled", None
            row.last_error = f"{DUPLICATE} {keep.id}"
        row.idempotency_key = contact_key(need_id, row.contact_id)
    return keep


def rewrite(session: Session, need: Need, kind: str, recipient: Recipient, row: Notification,
            retry: bool) -> int:  # fmt: skip
    """An unsent row follows the latest decision and shows what would go out now; 1 when it is
    pending again (a new decision, its evidence back, the duplicate it was now the one kept)."""
    revive = row.kind != kind or (retry and row.status != "pending") or (
        row.status == "cancelled" and (row.last_error or "").startswith((UNLINKED, DUPLICATE))
    )  # fmt: skip
    to = session.get(Contact, row.contact_id)
    for name, value in message(session, need, kind, recipient, to).items():
        setattr(row, name, value)
    row.kind = kind
    if row.idempotency_key not in recipient.keys:  # a plain key stays: a retry repeats its first
        row.idempotency_key = recipient.key  # try's, for a receiver to drop the copy
    if not revive:
        return 0
    row.status, row.last_error = unsent_state(row.email)
    row.attempts, row.next_attempt_at = 0, None
    return int(row.status == "pending")


def retry_failed(session: Session, need_id: int) -> int:
    """A need's notifications that failed (the channel was down past every try, or refused the
    address) go out again, and those that had no address once their contact has one."""
    with_address = select(Contact.id).where(Contact.email.is_not(None), Contact.email != "")
    done = session.execute(
        update(Notification)
        .where(Notification.need_id == need_id,
               (Notification.status == "failed") | ((Notification.status == "undeliverable")
                                                    & Notification.contact_id.in_(with_address)))
        .values(status="pending", attempts=0, next_attempt_at=None)
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    return done.rowcount


def cancel_unsent(session: Session, need_id: int) -> None:
    """The decision was taken back: what has not gone out must not."""
    session.execute(
        update(Notification)
        .where(Notification.need_id == need_id, Notification.status == "pending")
        .values(status="cancelled", next_attempt_at=None)
    )
