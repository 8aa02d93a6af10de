"""Retention: feedback older than BOUCLE_RETENTION_DAYS (by `created_at`, when the customer
wrote it) is erased as an erasure on request erases it, with everything derived, but its key
is not remembered: the source re-sending it is stored again (and expires again at the next
pass if it is still that old). Then the people it leaves behind expire too: a contact with no
feedback left and nothing within the window (created, updated, a survey sent, a notification),
and an account with no contact, feedback or survey send left and not created or updated within
it, erased as an erasure on request erases them, not remembered either."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Select, delete, func, or_, select
from sqlalchemy.orm import Session

from api.audit import record
from api.privacy.dry_run import unwritten
from api.privacy.purge import want_purge
from api.privacy.schemas import Erasure
from api.privacy.service import CHUNK, erase_account, erase_contacts, erase_items, run_erasure
from api.storage.loop_tables import Notification
from api.storage.tables import Account, Contact, Feedback, SurveySend
from api.storage.webhook_tables import WebhookDelivery
from api.workspace import Workspace


def retention_cutoff(days: int, now: datetime | None = None) -> datetime:
    return (now or datetime.now(UTC)) - timedelta(days=days)


def future_cutoff(cutoff: datetime, now: datetime | None = None) -> str | None:
    """Why a purge cannot run up to `cutoff`, or None: a cutoff to come would take every item,
    even those written today (a typo in the year)."""
    now = now or datetime.now(UTC)
    if cutoff > now:
        return (f"{cutoff.isoformat()} is in the future: give a day or time before now "
                f"({now.isoformat(timespec='seconds')})")  # fmt: skip
    return None


def count_before(session: Session, cutoff: datetime) -> int:
    return session.scalar(select(func.count()).where(Feedback.created_at < cutoff)) or 0


def erase_before(ws: Workspace, cutoff: datetime, actor: str, wait: bool = False) -> Erasure:
    """Erase every item written before `cutoff`, CHUNK items a transaction (a long purge does
    not hold the write lock for minutes); one audit event with the counts. `wait`: rewrite the
    embedded vector store now (the CLI), else in the background."""
    if problem := future_cutoff(cutoff):  # the API and the CLI say it first, as a 422 or rc 2
        raise ValueError(problem)
    old = select(Feedback.id).where(Feedback.created_at < cutoff).order_by(Feedback.id)
    erasure = in_chunks(ws, old, lambda s, ids: erase_items(s, ws, ids, remember=False))
    if erasure.feedback:
        with ws.db.session() as session:
            detail = {"before": cutoff.isoformat(), **erasure.model_dump()}
            record(session, actor, "expire", "feedback", cutoff.date().isoformat(), detail)
        ws.db.compact()  # the erased pages leave SQLite's log
        if erasure.insights:
            want_purge(ws, wait=wait)
    return erasure


def dry_erase_before(ws: Workspace, cutoff: datetime) -> Erasure:
    """What `erase_before` would erase, counted by its own deletions (`erase_items`, CHUNK ids
    at a time) in one transaction that is rolled back: a count of the items alone answered 0
    insights, need links, suggestions and notifications that the real run deleted. The vector
    store is read, never written (a need's centroid moves with its evidence)."""
    dry = unwritten(ws)
    old = select(Feedback.id).where(Feedback.created_at < cutoff).order_by(Feedback.id)
    erasure = Erasure()
    with ws.write_lock, ws.db.sessions() as session:
        try:
            while chunk := list(session.scalars(old.limit(CHUNK))):
                erasure.add(erase_items(session, dry, chunk, remember=False)[0])
        finally:
            session.rollback()
    return erasure


def expire_sent_deliveries(ws: Workspace, cutoff: datetime) -> int:
    """Webhook bodies sent before `cutoff` (the pending and failed ones wait for delivery): an
    item's go with it, but a theme alert's has no item and kept its quotes' theme forever."""
    sent_long_ago = delete(WebhookDelivery).where(
        WebhookDelivery.status == "sent", WebhookDelivery.sent_at < cutoff
    )
    with ws.write_lock, ws.db.session() as session:
        return session.execute(sent_long_ago).rowcount


def quiet_since(row: type[Contact] | type[Account], cutoff: datetime) -> list:
    """Neither created nor updated from `cutoff` on."""
    return [row.created_at < cutoff, or_(row.updated_at.is_(None), row.updated_at < cutoff)]


def inactive_contacts(cutoff: datetime) -> Select:
    """Contacts with no feedback left and no activity from `cutoff` on."""
    wrote = select(Feedback.id).where(Feedback.contact_id == Contact.id)
    surveyed = select(SurveySend.id).where(SurveySend.contact_id == Contact.id,
                                           SurveySend.sent_at >= cutoff)  # fmt: skip
    told = select(Notification.id).where(
        Notification.contact_id == Contact.id,
        or_(Notification.created_at >= cutoff, Notification.sent_at >= cutoff),
    )
    return select(Contact.id).where(
        ~wrote.exists(), ~surveyed.exists(), ~told.exists(), *quiet_since(Contact, cutoff)
    )


def inactive_accounts(cutoff: datetime) -> Select:
    """Accounts with no contact, feedback or survey send left, quiet from `cutoff` on."""
    held = [select(table.id).where(table.account_id == Account.id).exists()
            for table in (Contact, Feedback, SurveySend)]  # fmt: skip
    return select(Account.id).where(*(~h for h in held), *quiet_since(Account, cutoff))


def expire_people(ws: Workspace, cutoff: datetime, actor: str) -> Erasure:
    """After the items' expiry: the contacts, then the accounts, that it left with nothing and
    that saw no activity within the window, through the erasure path (names masked, survey
    sends and notifications deleted), not remembered; an `expire` event with the counts."""
    erasure = in_chunks(ws, inactive_contacts(cutoff).order_by(Contact.id),
                        lambda s, ids: erase_contacts(s, ws, ids, remembered=False))  # fmt: skip
    erasure.add(in_chunks(ws, inactive_accounts(cutoff).order_by(Account.id),
                          lambda s, ids: erase_all_accounts(s, ws, ids)))  # fmt: skip
    if erasure.contacts or erasure.accounts:
        with ws.db.session() as session:
            detail = {"inactive_before": cutoff.isoformat(), **erasure.model_dump()}
            record(session, actor, "expire", "contact", cutoff.date().isoformat(), detail)
        ws.db.compact()
    return erasure


def in_chunks(ws: Workspace, ids: Select, erase_ids: Callable) -> Erasure:
    """Erase what `ids` selects, CHUNK a transaction (a long purge does not hold the write lock
    for minutes), until it selects nothing; the counts of all."""
    erasure, left = Erasure(), True
    while left:

        def erase(session: Session) -> tuple[Erasure, list[int]]:
            nonlocal left
            chunk = list(session.scalars(ids.limit(CHUNK)))
            left = bool(chunk)
            return erase_ids(session, chunk) if chunk else (Erasure(), [])

        erasure.add(run_erasure(ws, erase, tell_receivers=False))  # an expiry: no request
    return erasure


def erase_all_accounts(session: Session, ws: Workspace, ids: list[str]) -> tuple[Erasure, list]:
    erasure = Erasure()
    for account_id in ids:
        erasure.add(erase_account(session, ws, account_id, remembered=False)[0])
    return erasure, []
