"""Closing the loop, read side: a need's notifications, loop metrics, templates, the digest."""

import hashlib
import statistics
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from api.audit import record
from api.errors import NotFound
from api.loop.counts import decision_counts, loop_closed, of_decision
from api.loop.outbox import DUPLICATE
from api.loop.recipients import DECISIONS, Recipient, recipients
from api.loop.schemas import NotificationList, NotificationOut
from api.loop.templates import DEFAULTS, KINDS, LANGUAGES, check_fields, check_subject, template
from api.loop.unsubscribe import without_link
from api.storage.loop_tables import Notification, NotificationTemplate
from api.storage.tables import Account, Contact, Need


def notifications_of(session: Session, need_id: int) -> list[Notification]:
    if session.get(Need, need_id) is None:
        raise NotFound(f"no need with id {need_id}")
    return outbox(session, need_id)


def outbox(
    session: Session,
    need_id: int | None = None,
    statuses: Sequence[str] = (),
    limit: int | None = None,
) -> list[Notification]:
    """The notifications (of one need, in these statuses), oldest first."""
    query = select(Notification).order_by(Notification.id).limit(limit)
    # a duplicate (a second contact id of one address, stored before) was never a message
    query = query.where(
        or_(Notification.last_error.is_(None), ~Notification.last_error.startswith(DUPLICATE))
    )
    if need_id is not None:
        query = query.where(Notification.need_id == need_id)
    if statuses:
        query = query.where(Notification.status.in_(statuses))
    return list(session.scalars(query))


IDS_PER_QUERY = 500  # ids an IN (...) list holds: well under SQLite's parameter limit


def tries_of(session: Session) -> dict[int, int]:
    """Each pending notification's tries so far: what a run of deliveries starts from."""
    rows = session.execute(
        select(Notification.id, Notification.attempts).where(Notification.status == "pending")
    )
    return {row_id: tries for row_id, tries in rows}


def not_delivered_since(session: Session, tries_before: dict[int, int]) -> list[Notification]:
    """The notifications tried since `tries_before` (tries_of) and not sent: still pending after
    a failed try, failed for good, or found undeliverable."""
    tried = []
    ids = list(tries_before)
    for start in range(0, len(ids), IDS_PER_QUERY):
        chunk = ids[start : start + IDS_PER_QUERY]
        rows = session.scalars(select(Notification).where(Notification.id.in_(chunk)))
        tried += [r for r in rows if r.status != "sent" and r.attempts > tries_before[r.id]]
    return sorted(tried, key=lambda row: row.id)


def notifications_with_people(session: Session, need_id: int) -> list[dict]:
    """A need's notifications, each with its body to proofread (its unsubscribe link said, not
    given), the name, account and ARR of the person it tells, in one query (a join, not one look-up a row). A contact without a name takes the one another
    contact of the same person has (the first non-empty, as the preview and the message do)."""
    if session.get(Need, need_id) is None:
        raise NotFound(f"no need with id {need_id}")
    person = {c.id: r for r in recipients(session, need_id).values() for c in r.contacts}
    query = (
        select(Notification, Contact.name, Account.id, Account.name, Account.segment, Account.arr)
        .outerjoin(Contact, Contact.id == Notification.contact_id)
        .outerjoin(Account, Account.id == Contact.account_id)
        .where(Notification.need_id == need_id)
        .order_by(Notification.id)
    )
    return [
        {
            **{c.key: getattr(row, c.key) for c in Notification.__table__.columns},
            "body": without_link(row.body, row.unsubscribe_url),
            "contact_name": name or named(person.get(row.contact_id)),
            "account_id": account_id,
            "account_name": account_name,
            "segment": segment,
            "arr": arr,
        }
        for row, name, account_id, account_name, segment, arr in session.execute(query)
        if not (row.last_error or "").startswith(DUPLICATE)
    ]


def need_notifications(session: Session, need_id: int) -> NotificationList:
    """A need's notifications with whom each tells, counted by the decision they tell."""
    need = session.get(Need, need_id)  # held: the look-up below finds it without a query
    if need is None:
        raise NotFound(f"no need with id {need_id}")
    items = [NotificationOut.model_validate(r) for r in notifications_with_people(session, need_id)]
    kind = need.status if need.status in DECISIONS else None
    return NotificationList(items=items, counts=decision_counts(items, kind))


def named(recipient: Recipient | None) -> str | None:
    return recipient.first("name") if recipient else None


def decided_at(need: Need, first_sent: datetime) -> datetime:
    """When the need was decided as it is now, as its lineage says (the latest such decision
    before its first message of it: shipped, reopened, shipped again counts the decision that
    message told); a need created decided, or decided before lineage was kept: its creation."""
    moments = [datetime.fromisoformat(event["at"]) for event in need.lineage or []
               if event.get("event") == "status" and event.get("to") == need.status]  # fmt: skip
    earlier = [moment for moment in moments if moment <= first_sent]
    return max(earlier) if earlier else need.created_at


def loop_metrics(session: Session) -> dict:
    """Closed: every notification telling a shipped or declined need's decision was delivered
    (a decline told before it shipped closes no shipped loop); one that could not be (no
    address, failed) leaves the loop open, the customer was never told. A decided need with no
    one to tell (no contact behind its evidence) is counted apart, not as a loop left open.
    `median_days_to_notify`: from the decision (shipped or declined) to the first message of it
    delivered, in days: how long the team took to tell, not how long the customers waited."""
    decided = list(session.scalars(select(Need).where(Need.status.in_(["shipped", "declined"]))))
    by_need: dict[int, list[Notification]] = {}
    for row in session.scalars(select(Notification).where(Notification.need_id.is_not(None))):
        by_need.setdefault(row.need_id, []).append(row)  # a digest (no need) closes no loop
    closed, nobody, days = 0, 0, []
    for need in decided:
        rows = [r for r in by_need.get(need.id, []) if r.status != "cancelled"]
        if not rows:
            nobody += 1
        elif loop_closed(rows, need.status):
            closed += 1
        sent = [r.sent_at for r in of_decision(rows, need.status) if r.sent_at]
        if sent:
            first = min(sent)
            days.append((first - decided_at(need, first)).total_seconds() / 86_400)
    statuses: dict[str, int] = {}
    for rows in by_need.values():
        for row in rows:
            statuses[row.status] = statuses.get(row.status, 0) + 1
    return {
        "decided_needs": len(decided),
        "closed_loops": closed,
        "no_one_to_tell": nobody,
        "closed_share": round(closed / (len(decided) - nobody), 4)
        if len(decided) > nobody
        else None,
        "notifications": statuses,
        "median_days_to_notify": round(statistics.median(days), 2) if days else None,
    }


def get_template(session: Session, kind: str, language: str) -> dict:
    check_key(kind, language)
    subject, body, _ = template(session, kind, language)
    stored = session.scalar(
        select(NotificationTemplate.id).where(
            NotificationTemplate.kind == kind, NotificationTemplate.language == language
        )
    )
    return {"kind": kind, "language": language, "subject": subject, "body": body,
            "default": stored is None}  # fmt: skip


def list_templates(session: Session) -> list[dict]:
    """Every (kind, language) there is a message for, as a reader would get it now: the stored
    one where the team wrote its own, else the default."""
    stored = {(t.kind, t.language): t for t in session.scalars(select(NotificationTemplate))}
    return [
        {"kind": kind, "language": language, "subject": row.subject if row else subject,
         "body": row.body if row else body, "default": row is None}
        for (kind, language), (subject, body) in DEFAULTS.items()
        for row in [stored.get((kind, language))]
    ]  # fmt: skip


def put_template(session: Session, kind: str, language: str, subject: str, body: str,
                 actor: str = "api") -> dict:  # fmt: skip
    check_key(kind, language)
    check_fields(subject)
    check_subject(subject)
    check_fields(body)
    row = session.scalar(
        select(NotificationTemplate).where(
            NotificationTemplate.kind == kind, NotificationTemplate.language == language
        )
    ) or NotificationTemplate(kind=kind, language=language)
    row.subject, row.body = subject, body
    session.add(row)
    session.flush()
    # the words' digests: which version went out when, without the words (audit.py)
    record(session, actor, "template.edit", "template", f"{kind}/{language}",
           {"subject": text_digest(subject), "body": text_digest(body)})  # fmt: skip
    return get_template(session, kind, language)


def reset_template(session: Session, kind: str, language: str, actor: str = "api") -> dict:
    """Back to the default of its (kind, language)."""
    check_key(kind, language)
    removed = session.execute(
        delete(NotificationTemplate).where(
            NotificationTemplate.kind == kind, NotificationTemplate.language == language
        )
    ).rowcount
    if removed:  # the default already: nothing changed
        record(session, actor, "template.reset", "template", f"{kind}/{language}", {})
    return get_template(session, kind, language)


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def check_key(kind: str, language: str) -> None:
    if (kind, language) not in DEFAULTS:
        raise NotFound(
            f"no template {kind}/{language}: kinds {', '.join(KINDS)}; languages "
            f"{', '.join(LANGUAGES)}"
        )


def period_bounds(period: str, as_of: datetime | None) -> tuple[datetime, datetime]:
    until = as_of or datetime.now(UTC)
    days = {"day": 1, "week": 7, "month": 30}[period]
    return until - timedelta(days=days), until
