"""`boucle loop outbox|send|metrics`: closing the loop from a terminal, through the functions the
routes and the worker call. SQL only (no models, no vector store)."""

import argparse
import sys

from api.terminal import JSON_DOCUMENT, JSON_LINES, opened, positive, stored
from api.wording import plural

LAST_ERROR_WIDTH = 200  # a stored failure is a line of ours; a cancelled one's reason may be longer
# Not delivered and not withdrawn: waiting, or needing a person (an address, a retry).
UNSENT = ("pending", "failed", "undeliverable")


def outbox_command(args: argparse.Namespace) -> int:
    from api.loop.service import notifications_of, outbox
    from api.loop.unsubscribe import without_link
    from api.terminal import day, one_line, print_json, print_table

    with stored() as session:
        if args.need is not None:
            notifications_of(session, args.need)  # an unknown need is said so
        rows = outbox(session, args.need, UNSENT if args.unsent else (), args.limit)
    if args.json:
        for row in rows:
            print_json({column: getattr(row, column) for column in OUTBOX_FIELDS}
                       | {"body": without_link(row.body, row.unsubscribe_url)})  # fmt: skip
        return 0
    # the last error whole: ours and short ("webhook desk.acme.com:8443: no connection
    # (ConnectError)"), cut at 40 it lost what happened
    table = [(r.id, r.need_id, r.kind, r.status, r.attempts, r.email or "(no address)",
              day(r.sent_at), one_line(r.last_error, LAST_ERROR_WIDTH)) for r in rows]  # fmt: skip
    print_table(("id", "need", "kind", "status", "tries", "email", "sent", "last error"), table,
                right=(0, 1, 4))  # fmt: skip
    return 0


# What GET /v1/needs/{id}/notifications answers for each message, with its body to proofread
# (its unsubscribe link said, not given: the link opts the person out for whoever holds it).
OUTBOX_FIELDS = ("id", "need_id", "contact_id", "kind", "language", "email", "subject",
                 "idempotency_key", "status", "channel", "attempts", "next_attempt_at",
                 "last_error", "created_at", "sent_at")  # fmt: skip


def send_command(args: argparse.Namespace) -> int:
    from api.loop.delivery import channel_from, deliver_due
    from api.loop.service import not_delivered_since, outbox, tries_of

    with opened() as ws:
        if channel_from(ws.settings) is None:
            print("boucle loop send: no channel to send with: set BOUCLE_NOTIFY_CHANNEL "
                  "(webhook or smtp) and its settings", file=sys.stderr)  # fmt: skip
            return 1
        if unreachable_links := ws.settings.link_warning():  # as the worker says it: on stderr
            print(f"boucle loop send: {unreachable_links}", file=sys.stderr)
        with ws.db.session() as session:
            tries_before = tries_of(session)
        sent = deliver_due(ws)
        with ws.db.session() as session:
            waiting = len(outbox(session, statuses=("pending",)))
            missed = not_delivered_since(session, tries_before)
            held = held_line(session, ws.settings)
        most = ws.settings.notify_max_attempts
    print(
        f"{plural(sent, 'notification')} sent, {waiting} still pending (retries wait their back-off)"
    )
    for line in missed_lines(missed, most) + ([held] if held else []):
        print(line, file=sys.stderr)
    return 0


def held_line(session, settings) -> str | None:
    """The channel backing off after a try nobody answered: its messages wait, no try counted,
    so no message's line says it (None when it is not backing off)."""
    from datetime import UTC, datetime

    from api.loop.backoffs import destination_named
    from api.loop.delivery import channel_from
    from api.storage.loop_tables import DeliveryBackoff
    from api.terminal import shown

    destination = channel_from(settings).destination
    state = session.get(DeliveryBackoff, destination)
    if state is None or state.until is None or state.until <= datetime.now(UTC):
        return None
    return shown(f"boucle loop send: {destination_named(destination, settings)} did not answer "
                 f"({state.last_failure or 'no error recorded'}): its messages wait until "
                 f"{state.until.isoformat(timespec='seconds')}, no try counted (`boucle loop "
                 "retry NEED_ID` sends a need's now)")  # fmt: skip


def retry_command(args: argparse.Namespace) -> int:
    from api.loop.retries import retry_need
    from api.loop.service import notifications_of
    from api.terminal import print_json, shown

    with opened() as ws, ws.db.session() as session:
        notifications_of(session, args.need)  # an unknown need is said so
        answer = retry_need(session, ws.settings, args.need)
    if args.json:
        print_json(answer)
        return 0
    print(f"need {args.need}: {plural(answer.retried, 'notification')} queued again (the "
          "channel's back-off ended: the worker or `boucle loop send` sends them now)")  # fmt: skip
    for kept in answer.not_retried:
        print(shown(f"notification {kept.id} not retried: {kept.reason}"), file=sys.stderr)
    return 0


def missed_lines(missed: list, most: int) -> list[str]:
    """Each message this run tried and did not deliver, with its try count and why: the
    summary's "still pending" alone hid a receiver refusing every try."""
    from api.terminal import shown

    lines = []
    for row in missed:
        state = {"pending": "tried again after its back-off", "failed": "no more tries"}
        lines.append(shown(f"boucle loop send: notification {row.id} not delivered, try "
                           f"{row.attempts} of {most} ({state.get(row.status, row.status)}): "
                           f"{row.last_error or 'no error recorded'}"))  # fmt: skip
    return lines


def metrics_command(args: argparse.Namespace) -> int:
    from api.loop.service import loop_metrics
    from api.terminal import print_json

    with stored() as session:
        metrics = loop_metrics(session)
    if args.json:
        print_json(metrics)
        return 0
    share = "-" if metrics["closed_share"] is None else f"{metrics['closed_share']:.0%}"
    days = metrics["median_days_to_notify"]
    statuses = ", ".join(f"{n} {s}" for s, n in sorted(metrics["notifications"].items()))
    print(f"{metrics['closed_loops']} of {metrics['decided_needs']} decided needs closed "
          f"({share}; {metrics['no_one_to_tell']} with no one to tell); median days to notify "
          f"{'-' if days is None else days}")  # fmt: skip
    print(f"notifications: {statuses or 'none'}")
    return 0


def backoffs_command(args: argparse.Namespace) -> int:
    from api.loop.backoffs import backoff_states
    from api.terminal import print_json, print_table

    with opened() as ws:
        states = backoff_states(ws.db, ws.settings)
    if args.json:
        for state in states:
            print_json(state)
        return 0
    if not states:
        print("no delivery held back: every destination answered its last try")
        return 0
    table = [(s.destination, s.backing_off_until.isoformat(timespec="seconds")
              if s.backing_off_until else "-", s.failures, s.last_failure or "")
             for s in states]  # fmt: skip
    print_table(("destination", "backing off until", "failures", "last failure"), table,
                right=(2,))  # fmt: skip
    return 0


def digest_send_command(args: argparse.Namespace) -> int:
    from api.errors import Conflict
    from api.loop.delivery import channel_from
    from api.loop.digest import VocSources
    from api.loop.digest_send import send_digest

    with opened() as ws:
        try:
            sources = VocSources.asked(args.source, args.nps_source, args.csat_source)
            sent = send_digest(ws, args.period, args.as_of, sources)
        except Conflict as error:
            print(f"boucle digest send: {error}", file=sys.stderr)
            return 2
        channel = channel_from(ws.settings)
    if args.json:
        from api.terminal import print_json

        print_json(sent)
        return 0
    from api.terminal import shown

    print(shown(f"digest of {sent.period_key} written to the outbox for "
                f"{plural(len(sent.queued), 'recipient')}: {', '.join(sent.queued) or '-'}"))  # fmt: skip
    if sent.already:
        print(shown(f"already written this {sent.period} for: {', '.join(sent.already)}"))
    if channel is None:
        print("no channel set: it waits in the outbox until BOUCLE_NOTIFY_CHANNEL is set "
              "(then the worker or `boucle loop send` delivers it)")  # fmt: skip
    return 0


def as_of_moment(value: str):
    """--as-of as the API reads it: a day (its end) or ISO 8601, in BOUCLE_TIMEZONE if no zone."""
    from pydantic import TypeAdapter, ValidationError

    from api.params import MomentTo

    try:
        return TypeAdapter(MomentTo).validate_python(value)
    except ValidationError as error:
        message = error.errors()[0]["msg"].removeprefix("Value error, ")
        raise argparse.ArgumentTypeError(message) from None


def register(commands) -> None:
    loop = commands.add_parser("loop", help="closing the loop: the outbox, sending, metrics")
    sub = loop.add_subparsers(dest="loop_command", required=True)
    listing = sub.add_parser("outbox", help="the notifications, oldest first")
    listing.add_argument("--need", type=positive, metavar="ID", help="only this need's")
    listing.add_argument("--unsent", action="store_true",
                         help="only those not delivered: pending, failed, undeliverable")  # fmt: skip
    listing.add_argument("--limit", type=positive, help="at most this many")
    listing.add_argument("--json", action="store_true", help=JSON_LINES)
    listing.set_defaults(run=outbox_command)
    send = sub.add_parser("send", help="deliver the notifications due, once, as the worker does")
    send.set_defaults(run=send_command)
    retry = sub.add_parser("retry", help="send a need's failed notifications again, now: as "
                           "POST /v1/needs/{id}/notifications/retry")  # fmt: skip
    retry.add_argument("need", type=positive, metavar="NEED_ID")
    retry.add_argument("--json", action="store_true", help=JSON_DOCUMENT)
    retry.set_defaults(run=retry_command)
    metrics = sub.add_parser("metrics", help="loops closed and time to notify")
    metrics.add_argument("--json", action="store_true", help=JSON_DOCUMENT)
    metrics.set_defaults(run=metrics_command)
    backoffs = sub.add_parser(
        "backoffs", help="where deliveries are held back: the SMTP server, URLs, webhooks"
    )
    backoffs.add_argument("--json", action="store_true", help=JSON_LINES)
    backoffs.set_defaults(run=backoffs_command)
    digest = commands.add_parser("digest", help="the digest: send it to BOUCLE_DIGEST_RECIPIENTS")
    digest_commands = digest.add_subparsers(dest="digest_command", required=True)
    send_digest = digest_commands.add_parser(
        "send", help="write the period's digest to the outbox for each recipient, once a period"
    )
    send_digest.add_argument("--period", choices=("day", "week", "month"), default="week")
    send_digest.add_argument("--as-of", type=as_of_moment, default=None, metavar="DATE",
                             help="the period's end: a day or ISO 8601 (default: now)")  # fmt: skip
    send_digest.add_argument(
        "--source", metavar="SOURCE", help="the source both NPS and CSAT count"
    )
    send_digest.add_argument(
        "--nps-source",
        metavar="SOURCE",
        help="the source NPS counts, over --source (default: nps_survey)",
    )
    send_digest.add_argument("--csat-source", metavar="SOURCE",
                             help="the source CSAT counts, over --source (app_store for store "
                                  "ratings; default: csat_survey)")  # fmt: skip
    send_digest.add_argument("--json", action="store_true", help=JSON_DOCUMENT)
    send_digest.set_defaults(run=digest_send_command)
