"""A destination that stops answering backs off: after a timeout or a connection that failed,
none of its rows is tried until its back-off runs out (growing like a row's retries, at most 6
hours), so a dead receiver costs the worker one timeout per back-off period, not one a tick; the
other destinations go on. The state is a table (delivery_backoffs): every worker, a restart and
GET /v1/webhooks see it. A destination is a registered webhook (`webhook:<id>`), the notification
or alert URL (`url:<digest>`) or the SMTP server (`smtp:<host>:<port>`)."""

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from api.failures import failure_summary
from api.loop.channels import DeliveryError, Unreachable, url_destination, url_host
from api.loop.schemas import DestinationBackoff
from api.settings import Settings
from api.storage.db import Database
from api.storage.loop_tables import DeliveryBackoff

log = logging.getLogger("boucle.loop")
MAX_BACKOFF_S = 6 * 3600


def backoff(settings: Settings, attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed try, of a row or of a destination."""
    return timedelta(seconds=min(settings.notify_backoff_s * 2 ** (attempts - 1), MAX_BACKOFF_S))


def subscription_destination(subscription_id: int) -> str:
    return f"webhook:{subscription_id}"


def failing(db: Database) -> dict[str, datetime | None]:
    """The destinations whose last tries got no answer, with when their back-off ends."""
    with db.session() as session:
        rows = session.execute(
            select(DeliveryBackoff.destination, DeliveryBackoff.until)
            .where(DeliveryBackoff.failures > 0)
        )  # fmt: skip
        return dict(rows.all())


def backoff_states(db: Database, settings: Settings) -> list[DestinationBackoff]:
    """Every destination whose tries failed, named for an operator (GET /v1/loop/backoffs,
    `boucle loop backoffs`): the SMTP server and the settings' URLs have no other page."""
    now = datetime.now(UTC)
    with db.session() as session:
        rows = session.scalars(select(DeliveryBackoff).order_by(DeliveryBackoff.destination))
        return [DestinationBackoff(destination=destination_named(row.destination, settings),
                                   backing_off_until=row.until if row.until and row.until > now
                                   else None,
                                   failures=row.failures, last_failure=row.last_failure,
                                   failed_at=row.failed_at)
                for row in rows]  # fmt: skip


def destination_named(destination: str, settings: Settings) -> str:
    """The table names a URL by its digest (it may hold a chat's token): the settings' URLs are
    recognised by theirs, and shown by their host alone."""
    kind, _, rest = destination.partition(":")
    if kind == "webhook":
        return f"webhook {rest}"
    if kind == "smtp":
        return f"SMTP server {rest}"
    for what, url in (("notification URL", settings.webhook_url),
                      ("theme alert URL", settings.theme_alert_webhook_url)):  # fmt: skip
        if url and url_destination(url) == destination:
            return f"{what} {url_host(url)}"
    return "a URL no longer set"


def held(failing_now: dict[str, datetime | None]) -> set[str]:
    """Those of `failing` still waiting out their back-off."""
    now = datetime.now(UTC)
    return {destination for destination, until in failing_now.items() if until and until > now}


def note_try(db: Database, settings: Settings, destination: str,
             error: DeliveryError | None, answered: bool) -> None:  # fmt: skip
    """After a try that failed or reached a failing destination: no answer makes the
    destination back off (longer each time); an answer, even a refusal, ends its back-off; the
    failure a channel summarised is kept as its last."""
    unreachable = isinstance(error, Unreachable)
    summary = error.summary if error is not None else None
    if not (unreachable or answered):
        return  # the destination was not reached (a row withdrawn, an address changed)
    try:
        with db.session() as session:
            row = session.get(DeliveryBackoff, destination)
            if row is None:
                row = DeliveryBackoff(destination=destination, failures=0)
                session.add(row)
            row.failures = row.failures + 1 if unreachable else 0
            now = datetime.now(UTC)
            row.until = now + backoff(settings, row.failures) if unreachable else None
            if summary:
                row.last_failure, row.failed_at = summary[:300], now
    except IntegrityError as error:  # another worker wrote it at the same moment
        log.warning("back-off of %s: %s", destination, failure_summary(error))


def end_backoff(session, destination: str) -> None:
    """Try the destination at the next tick (its failed rows sent again on request)."""
    session.execute(
        update(DeliveryBackoff).where(DeliveryBackoff.destination == destination)
        .values(failures=0, until=None)
    )  # fmt: skip


def forget(session, destination: str) -> None:
    session.execute(delete(DeliveryBackoff).where(DeliveryBackoff.destination == destination))
