"""The worker's side of the outbox (and of theme alerts): deliver what is due, retry failures
with exponential back-off, give up after `max_attempts` (status `failed`, visible per need)."""

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import null, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session

from api.failures import failure_logged, failure_summary
from api.loop import channels
from api.loop.backoffs import backoff, failing, held, note_try
from api.loop.channels import (
    Channel,
    DeliveryError,
    SmtpChannel,
    Undeliverable,
    Unreachable,
    WebhookChannel,
    example_address,
    never_sent,
)
from api.loop.outbox import UNLINKED, sync_outbox
from api.loop.recipients import Recipient, feedback_of, message, recipients
from api.loop.unsubscribe import opt_out_reason
from api.settings import Settings
from api.storage.loop_tables import Notification
from api.storage.tables import Contact, Need
from api.workspace import Workspace

log = logging.getLogger("boucle.loop")
BATCH = 50


class Withdrawn(RuntimeError):
    """A notification that must not go out after all (its contact left the need's evidence)."""


def channel_from(settings: Settings) -> Channel | None:
    if settings.notify_channel == "webhook" and settings.webhook_url and settings.webhook_secret:
        return WebhookChannel(
            settings.webhook_url, settings.webhook_secret, settings.webhook_timeout_s
        )
    if settings.notify_channel == "smtp" and settings.smtp_host:
        return SmtpChannel(settings.smtp_host, settings.smtp_port, settings.smtp_from,
                           settings.smtp_user, settings.smtp_password, settings.smtp_starttls,
                           settings.smtp_timeout_s)  # fmt: skip
    return None


def deliver_due(ws: Workspace, channel: Channel | None = None) -> int:
    """Send every due notification once, rendered as it is now; returns how many were
    delivered."""
    channel = channel or channel_from(ws.settings)
    if channel is None:
        return 0  # no channel configured: rows wait, nothing is lost
    line_up(ws)
    behind: dict[int, dict[str, Recipient]] = {}  # need id -> its recipients, once a tick

    def send(row: Notification) -> None:
        feedback: list[dict] = []  # a digest (no need) goes as it was written, about no ticket
        if row.need_id is not None:
            feedback = feedback_of(render_now(object_session(row), row, behind))
        if example_address(row.email):  # whatever the channel: nobody is behind that address
            raise Undeliverable(never_sent(row.email))
        channel.send(row, feedback)

    return deliver_pending(ws, Notification, send, channel.name,
                           place=lambda _: channel.destination)  # fmt: skip


def line_up(ws: Workspace) -> None:
    """Bring the outbox of each need with messages due in line with its evidence and addresses
    (one short transaction each): duplicates stored before, or made by an address corrected
    since, are cancelled, and each message holds the key of the address it goes to."""
    now = datetime.now(UTC)
    with ws.db.session() as session:
        need_ids = list(session.scalars(
            select(Notification.need_id).distinct()
            .where(Notification.status == "pending", Notification.need_id.is_not(None),
                   or_(Notification.next_attempt_at.is_(None), Notification.next_attempt_at <= now))
            .limit(BATCH)
        ))  # fmt: skip
    for need_id in need_ids:
        try:
            with ws.db.session() as session:
                sync_outbox(session, session.get(Need, need_id))
        except IntegrityError as error:  # another worker lined it up at the same moment
            log.warning("notifications of need %d: %s", need_id, failure_summary(error))


def render_now(session: Session, row: Notification, behind: dict[int, dict]) -> Recipient:
    """Address, language, subject and body from the template, need and contact of now; the row
    keeps what was sent. Returns the recipient it goes to."""
    need = session.get(Need, row.need_id)
    if need.id not in behind:
        behind[need.id] = recipients(session, need.id)
    found = [r for r in behind[need.id].values() if row.contact_id in {c.id for c in r.contacts}]
    if not found:
        raise Withdrawn(UNLINKED)
    if refused := opt_out_reason(found[0].contacts):  # since it was lined up
        raise Withdrawn(refused)
    if row.idempotency_key not in found[0].keys_for(row.kind):  # its address changed since
        raise DeliveryError("the contact's address changed: lined up again before the next try")
    to = session.get(Contact, row.contact_id)
    for name, value in message(session, need, row.kind, found[0], to).items():
        setattr(row, name, value)
    return found[0]


# One tick sends for at most this long, so a slow receiver cannot hold up the worker's other jobs.
TICK_BUDGET_S = 60.0


def deliver_pending(
    ws: Workspace,
    model: type,
    send: Callable,
    channel_name: str,
    *,
    place: Callable[[Any], str],
    destination: Any = None,
) -> int:
    """One try for each due pending row of an outbox table (notifications, theme alerts: both
    have status, attempts, next_attempt_at, last_error, sent_at); returns how many were sent.
    Each row is claimed before it is sent, so concurrent workers never send it twice.
    `destination`: the column naming where a row goes (a subscription); None: all rows go to
    one place. `place`: that column's value as the back-off names it (api/loop/backoffs.py).
    A destination backing off after a timeout or no connection is not tried, nor its rows
    claimed (no try counted): they wait, and one hanging receiver costs one timeout per
    back-off period, not one a row or a tick. The try that finds it so spends none of the
    row's tries either (docs/webhooks.md): a receiver down for hours makes no message `failed`,
    however long it lasts. `last_error` and the log line are a failure's
    message, always of ours (api/loop/channels.py): the host and what happened, never a URL's
    path, an address nor a library's or server's words."""
    started = time.monotonic()
    failing_now = failing(ws.db)
    waiting = held(failing_now)
    due = due_rows(ws, model, destination, lambda goes_to: place(goes_to) not in waiting)
    delivered = 0
    for row_id, goes_to in due:
        if time.monotonic() - started > TICK_BUDGET_S:
            break  # the rest stay due for the next tick
        if place(goes_to) in waiting:
            continue  # unreachable earlier in this tick: not claimed, no try counted
        if not claim(ws, model, row_id):
            continue
        failure, answered = None, False  # a try that failed; one the receiver answered
        with ws.db.session() as session:
            row = session.get(model, row_id)
            try:
                send(row)  # a crash after this line resends: the key lets them drop it
            except Undeliverable as error:
                row.status, row.last_error = "undeliverable", str(error)
            except Withdrawn as error:
                row.status, row.last_error, row.next_attempt_at = "cancelled", str(error), None
            except Unreachable as error:  # the destination backs off, not the row
                row.last_error, failure = str(error), error
                row.attempts -= 1  # the claim counted it: nobody answered, no try spent
                row.next_attempt_at = None  # due again once the destination's back-off ends
                waiting.add(place(goes_to))
                log.warning("%s %d: %s", model.__tablename__, row.id, error)
            except DeliveryError as error:
                row.last_error, failure = str(error), error
                answered = error.summary is not None
                if (
                    isinstance(error, channels.Refused)
                    or row.attempts >= ws.settings.notify_max_attempts
                ):
                    row.status = "failed"  # a refusal for good is not tried again
                else:  # back-off counts from the end of this try, not the start of the batch
                    row.next_attempt_at = datetime.now(UTC) + backoff(ws.settings, row.attempts)
                log.warning("%s %d: %s", model.__tablename__, row.id, error)
            except Exception as error:  # a bug or bad data in this row: the next rows still go
                row.status, row.next_attempt_at = "failed", None  # it would fail alike again
                row.last_error = f"not sent: {failure_logged(error)}"  # no message: it may quote
                log.error("%s %d: %s", model.__tablename__, row.id, row.last_error)
            else:
                row.status, row.sent_at, row.last_error = "sent", datetime.now(UTC), None
                row.next_attempt_at = None
                if hasattr(row, "channel"):
                    row.channel = channel_name
                delivered, answered = delivered + 1, True
        gone_to = place(goes_to)
        if (failure is not None and failure.summary) or (answered and gone_to in failing_now):
            note_try(ws.db, ws.settings, gone_to, failure, answered)
            failing_now.pop(gone_to, None)  # its back-off ended, or began again
    return delivered


def due_rows(ws: Workspace, model: type, destination: Any, open_to: Callable[[Any], bool]) -> list:
    """(id, destination) of the first due rows whose destination is not backing off: the rows of
    one that is never fill the batch, holding the others' up."""
    due = [model.status == "pending",
           or_(model.next_attempt_at.is_(None), model.next_attempt_at <= datetime.now(UTC))]  # fmt: skip
    with ws.db.session() as session:
        if destination is None:
            if not open_to(None):
                return []
            going = null()
        else:
            places = session.scalars(select(destination).where(*due).distinct())
            due.append(destination.in_([p for p in places if open_to(p)]))
            going = destination
        return session.execute(
            select(model.id, going).where(*due).order_by(model.id).limit(BATCH)
        ).all()


def claim(ws: Workspace, model: type, row_id: int) -> bool:
    """Take one due row for this worker (counting the try) by moving its next try ahead by the
    claim time: another worker (a second server process, `boucle worker`) skips it, and if this
    one dies mid-send it is due again. False when another took it or it is no longer due."""
    now = datetime.now(UTC)
    with ws.db.session() as session:
        taken = session.execute(
            update(model)
            .where(model.id == row_id, model.status == "pending",
                   or_(model.next_attempt_at.is_(None), model.next_attempt_at <= now))
            .values(next_attempt_at=now + timedelta(seconds=ws.settings.notify_claim_s),
                    attempts=model.attempts + 1)
            .execution_options(synchronize_session=False)
        )  # fmt: skip
        return taken.rowcount == 1
