"""The transactional outbox: when a need ships (or is declined), one notification per person
behind its evidence (per e-mail address: see recipients.py) is written in the same transaction
as the status change; the worker delivers it. Its idempotency key, stable per (need, address,
decision), travels with every try: a customer is told each decision once, and a later, other
decision (declined, then shipped) is a message of its own."""

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from api.loop.channels import example_address, never_sent
from api.loop.recipients import DECISIONS, Recipient, contact_key, kind_key, message, recipients
from api.loop.unsubscribe import OPTED_OUT, opt_out_reason
from api.storage.db import insert_new_rows
from api.storage.loop_tables import Notification
from api.storage.tables import Contact, Need

NOTIFY_ON = DECISIONS
# Not delivered (yet): such a row may still change with the need's status. `failed` is in: a
# later decision (or a retry) sends again what an outage kept from going out.
UNSENT = ("pending", "cancelled", "undeliverable", "failed")
UNLINKED = "evidence unlinked"
DUPLICATE = "duplicate: same address as notification"  # + its id
# + the decision they were told, which the need is back to
SUPERSEDED = "withdrawn: the need is back to the decision they were told:"
TAKEN_BACK = "withdrawn: the need's decision was taken back"


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
    nothing; a message already sent stays sent, and the customer is not told the same decision
    twice. Another decision after one was sent is a message of its own: told it was declined,
    they are told when it ships."""
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
    kept = {key: keep_one(need.id, recipient, rows, kind) for key, recipient in behind.items()}
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
                        "attempts": 0, "idempotency_key": recipient.key_for(kind)})  # fmt: skip
        elif row.status != "sent":
            rewritten += rewrite(session, need, kind, recipient, row, retry)
    session.flush()
    # DO NOTHING on any conflict: a concurrent writer of the same message stores it once
    return len(insert_new_rows(session, Notification.__table__, new, None)) + rewritten


def skipped_row(session: Session, need: Need, kind: str, recipient: Recipient,
                reason: str) -> dict:  # fmt: skip
    """The outbox row of a recipient who opted out: cancelled at once, with the reason, so
    that the need's notifications say who was skipped and why."""
    return {"need_id": need.id, "contact_id": recipient.contacts[0].id, "kind": kind,
            **message(session, need, kind, recipient), "status": "cancelled",
            "last_error": reason, "attempts": 0,
            "idempotency_key": recipient.key_for(kind)}  # fmt: skip


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


def kept_row(recipient: Recipient, rows: list[Notification], kind: str) -> Notification | None:
    """The one row that tells this recipient `kind`, changing nothing (the preview asks it too):
    the one sent telling it if any, else one not sent of their contacts' (it follows the latest
    decision); None when a new row must be written. A message of another decision that went out
    stays as it was, and is no reason not to tell this one."""
    ids = {c.id for c in recipient.contacts}
    mine = rows_of(recipient, rows)
    told = sorted((r for r in mine if r.status == "sent" and r.kind == kind),
                  key=lambda r: r.idempotency_key not in recipient.keys_for(kind))  # fmt: skip
    # unsent: one of this decision first (it keeps its key), a pending one, the one that holds
    # the key, then the oldest
    members = [r for r in mine if r.contact_id in ids and r.status != "sent"]
    return told[0] if told else min(members, default=None, key=lambda r: (
        r.kind != kind, r.status != "pending", r.idempotency_key not in recipient.keys_for(kind),
        r.id))  # fmt: skip


def keep_one(need_id: int, recipient: Recipient, rows: list[Notification],
             kind: str) -> Notification | None:  # fmt: skip
    """The row kept_row picks; the others of its contacts not sent are cancelled: duplicates, or
    a message of another decision when this one was told already (that one was taken back);
    a duplicate gives its key up for the one of its own contact."""
    ids = {c.id for c in recipient.contacts}
    keep = kept_row(recipient, rows, kind)
    for row in rows_of(recipient, rows):
        if row is keep or row.status == "sent":
            continue
        if row.contact_id in ids and keep.status == "sent" and row.kind != kind:
            row.status, row.next_attempt_at = "cancelled", None
            row.last_error = f"{SUPERSEDED} {kind}"
            continue  # still the key of its decision, should that decision come back
        if row.contact_id in ids:
            row.status, row.next_attempt_at = "cancelled", None
            row.last_error = f"{DUPLICATE} {keep.id}"
        row.idempotency_key = kind_key(contact_key(need_id, row.contact_id), row.kind)
    return keep


def key_of(recipient: Recipient, kind: str, row: Notification | None) -> str:
    """The key the message telling `kind` carries: the row's own when it tells it already under
    one of theirs (a plain one stays: a retry repeats its first try's, for a receiver to drop
    the copy), else the key of the decision (a message of another decision is another)."""
    if row is not None and row.kind == kind and row.idempotency_key in recipient.keys_for(kind):
        return row.idempotency_key
    return recipient.key_for(kind)


def rewrite(session: Session, need: Need, kind: str, recipient: Recipient, row: Notification,
            retry: bool) -> int:  # fmt: skip
    """An unsent row follows the latest decision and shows what would go out now; 1 when it is
    pending again (a new decision, its evidence back, the duplicate it was now the one kept)."""
    revive = row.kind != kind or (retry and row.status != "pending") or (
        row.status == "cancelled"
        and (row.last_error or "").startswith((UNLINKED, DUPLICATE, SUPERSEDED))
    )  # fmt: skip
    to = session.get(Contact, row.contact_id)
    for name, value in message(session, need, kind, recipient, to).items():
        setattr(row, name, value)
    row.idempotency_key = key_of(recipient, kind, row)
    row.kind = kind
    if not revive:
        return 0
    row.status, row.last_error = unsent_state(row.email)
    row.attempts, row.next_attempt_at = 0, None
    return int(row.status == "pending")


def cancel_unsent(session: Session, need_id: int) -> None:
    """The decision was taken back: what has not gone out must not (and says why, not the
    failure of its last try)."""
    session.execute(
        update(Notification)
        .where(Notification.need_id == need_id, Notification.status == "pending")
        .values(status="cancelled", next_attempt_at=None, last_error=TAKEN_BACK)
    )
