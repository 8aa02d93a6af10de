"""`boucle forget`: erase a feedback item, a contact, an account or an e-mail address on request,
here on the store or through a running server's API (--url)."""

import argparse
import json
import sys
from datetime import datetime
from urllib.parse import quote

WHAT = {
    "feedback": "stored items, by Boucle's ids (several at once: all of them, or none)",
    "item": "a stored item, by its source and your external id (two arguments)",
    "contact": "a contact and every item they wrote",
    "account": "an account, its contacts and every item of either",
    "email": "every contact with this address and their items, and items of no contact whose "
    "metadata holds it (another person's item holding it is masked)",
    "before": "every item written before DATE (a day in BOUCLE_TIMEZONE, or an ISO 8601 time), "
    "as retention does: not remembered",
}


# A dry run (no --yes) that counted what would go succeeded: 0, as a found target's; errors
# (a missing target: 1, a bad argument: 2) are what a script tells apart
DRY_RUN = 0

# How many targets each kind takes (None: one or more)
TARGETS = {"item": 2, "feedback": None}
WANTED = {"item": "SOURCE EXTERNAL_ID", "feedback": "ID [ID ...]"}


def forget_command(args: argparse.Namespace) -> int:
    count = TARGETS.get(args.kind, 1)
    if count is not None and len(args.target) != count:
        wanted = WANTED.get(args.kind, args.kind.upper())
        print(f"boucle forget {args.kind}: give {wanted}", file=sys.stderr)
        return 2
    if args.kind == "feedback" and not all(target.isdigit() for target in args.target):
        print("boucle forget feedback: give Boucle's numeric ids (or `forget item SOURCE ID`)",
              file=sys.stderr)  # fmt: skip
        return 2
    if args.kind == "before":
        return forget_before_command(args)
    if not args.yes:
        try:  # through the server: its erasure's dry run, counted there
            found = (f"On {args.url}: {what_would_go_there(args)}" if args.url
                     else f"Here: {what_would_go(args.kind, args.target)}")  # fmt: skip
        except LookupError as error:
            print(f"boucle forget: {error}", file=sys.stderr)
            return 1
        print(f"boucle forget {args.kind} erases {WHAT[args.kind]}, for good (needs and themes "
              f"stay). {found}. Run it again with --yes to do it.", file=sys.stderr)  # fmt: skip
        return DRY_RUN
    try:
        erasure = remote_forget(args) if args.url else local_forget(args)
    except LookupError as error:
        print(f"boucle forget: {error}", file=sys.stderr)
        return 1
    print(json.dumps({**erasure, "dry_run": False}))  # the keys the API's erasure answers
    return 0


def forget_before_command(args: argparse.Namespace) -> int:
    """A one-off purge by age (BOUCLE_RETENTION_DAYS does it every hour): dry-run without
    --yes, on the store here only (stop `boucle serve`, or set the retention and let its worker)."""
    from api.params import workspace_moment

    try:
        cutoff = workspace_moment(args.target[0])
    except ValueError:  # a number: not read as Unix time
        cutoff = None
    if not isinstance(cutoff, datetime):
        print(f"boucle forget before: {args.target[0]!r} is no date: give a day (2025-01-31) "
              "or an ISO 8601 time", file=sys.stderr)  # fmt: skip
        return 2
    from api.privacy.retention import future_cutoff

    if problem := future_cutoff(cutoff):  # every item, today's too: a typo in the year
        print(f"boucle forget before: {problem}", file=sys.stderr)
        return 2
    if args.url:
        return remote_forget_before(args, cutoff)
    if not args.yes:
        items = count_before_here(cutoff)
        print(f"boucle forget before erases {WHAT['before']}, for good (needs and themes stay). "
              f"Here: {items} item{'s' * (items != 1)} written before {cutoff.isoformat()}. "
              "Run it again with --yes to do it.", file=sys.stderr)  # fmt: skip
        return DRY_RUN
    from api.feedback.cli import open_cli_workspace
    from api.privacy.retention import erase_before
    from api.vectors.edge import StoreBusy

    try:
        ws = open_cli_workspace(existing=True, instead=forget_instead())
    except StoreBusy as error:
        print(f"boucle forget before: {error}", file=sys.stderr)
        return 1
    try:
        erasure = erase_before(ws, cutoff, actor="cli", wait=True)
    finally:
        ws.close()
    print(json.dumps({**erasure.model_dump(), "dry_run": False}))
    return 0


def remote_forget_before(args: argparse.Namespace, cutoff: datetime) -> int:
    """POST /v1/erasures/before: the date as given (the server reads a day in its zone);
    without --yes, its dry run counts."""
    from api.privacy.remote import RemoteRefusal, call

    body = {"before": args.target[0], "dry_run": not args.yes}
    try:
        answer = call(args, "POST", "/v1/erasures/before", json=body).json()
    except RemoteRefusal as error:
        print(f"boucle forget before: {error}", file=sys.stderr)
        return 1
    if not args.yes:
        items = answer["feedback"]
        print(f"boucle forget before erases {WHAT['before']}, for good (needs and themes stay). "
              f"On {args.url}: {items} item{'s' * (items != 1)} written before "
              f"{answer['before']}. Run it again with --yes to do it.", file=sys.stderr)  # fmt: skip
        return DRY_RUN
    print(json.dumps({k: v for k, v in answer.items() if k != "before"}))
    return 0


def count_before_here(cutoff: datetime) -> int:
    from api.privacy.retention import count_before
    from api.settings import get_settings
    from api.workspace import open_existing_database

    database = open_existing_database(get_settings())
    try:
        with database.session() as session:
            return count_before(session, cutoff)
    finally:
        database.close()


def what_would_go(kind: str, target: list[str]) -> str:
    """What an erasure would take, counted in SQL without touching anything (no models)."""
    from sqlalchemy import func, or_, select

    from api.privacy.dry_masks import would_mask
    from api.privacy.service import contacts_with_email, items_naming
    from api.settings import get_settings
    from api.storage.tables import Account, Contact, Feedback, source_key
    from api.workspace import open_existing_database

    database, masked = open_existing_database(get_settings()), 0
    try:
        with database.session() as session:
            if kind in ("feedback", "item"):
                where = Feedback.id.in_(map(int, target)) if kind == "feedback" else (
                    (Feedback.source_key == source_key(target[0]))
                    & (Feedback.external_id == target[1])
                )  # fmt: skip
                items, contacts = session.scalar(select(func.count()).where(where)), 0
            else:
                if kind == "email":
                    people = contacts_with_email(session, target[0])
                    # another contact's item holding it is masked, not erased (forget_email)
                    extra = items_naming(session, target[0], Feedback.contact_id.is_(None))
                else:
                    column = Contact.id if kind == "contact" else Contact.account_id
                    people = list(session.scalars(select(Contact.id).where(column == target[0])))
                    extra = []
                    if kind == "account" and session.get(Account, target[0]) is None:
                        raise LookupError(f"no account with id {target[0]!r}")  # as --yes
                mine = Feedback.contact_id.in_(people) | Feedback.id.in_(extra)
                if kind == "account":
                    mine = or_(mine, Feedback.account_id == target[0])
                erased = set(session.scalars(select(Feedback.id).where(mine)))
                items, contacts = len(erased), len(people)
                if kind == "contact" and not contacts:
                    raise LookupError(f"no contact with id {target[0]!r}")
        if kind in ("contact", "account", "email"):  # their names in what stays
            with database.sessions() as session:
                email = target[0] if kind == "email" else None
                account = target[0] if kind == "account" else None
                masked = would_mask(session, people, erased, email, account)
    finally:
        database.close()
    return erasure_said(items, contacts, masked)


# The counts of an Erasure that are texts masked in what stays, not rows erased
MASKED = ("needs_renamed", "notifications_masked", "audit_masked", "themes_masked", "texts_masked")


def what_would_go_there(args: argparse.Namespace) -> str:
    """What the server at --url would erase: the erasure's own request with dry_run."""
    counted = remote_forget(args, dry_run=True)
    return erasure_said(counted["feedback"], counted["contacts"],
                        sum(counted[name] for name in MASKED))  # fmt: skip


def erasure_said(items: int, contacts: int, masked: int) -> str:
    said = f"{items} item{'s' * (items != 1)}, {contacts} contact{'s' * (contacts != 1)}"
    if masked:
        said += (f"; {masked} other stored text{'s' * (masked != 1)} masked (other people's "
                 "messages, needs, notifications, the trail)")  # fmt: skip
    return said


def forget_instead() -> str:
    """How to erase while a server holds the store: through its API."""
    from api.vectors.edge import served_url

    return f"erase through it: `boucle forget ... --url {served_url() or 'URL'}`"


def local_forget(args: argparse.Namespace) -> dict:
    from api.feedback.cli import open_cli_workspace

    ws = open_cli_workspace(existing=True, instead=forget_instead())
    # imported once the stores answered: their refusal is said without these modules (seconds)
    from api.privacy import service
    from api.privacy.purge import want_purge

    try:
        kind, target = args.kind, args.target
        if kind == "item":  # found and erased in one transaction, as the API's route does
            found, erasure = service.forget_item(ws, target[0], target[1])
            kind, target = "feedback", [str(found)]
        else:
            if kind == "feedback":  # "0601" is 601, as the API reads it
                target = [str(int(value)) for value in target]
            erasure = {
                "feedback": lambda: service.forget_feedback_items(ws, [int(t) for t in target]),
                "contact": lambda: service.forget_contact(ws, target[0]),
                "account": lambda: service.forget_account(ws, target[0]),
                "email": lambda: service.forget_email(ws, target[0]),
            }[kind]()  # NotFound is a LookupError: said as such by forget_command
        service.audit_erasure(ws, kind, " ".join(dict.fromkeys(target)), erasure, actor="cli")
        if erasure.insights:  # their vectors leave the disk too (the store is ours now)
            want_purge(ws, wait=True)
        return erasure.model_dump()
    finally:
        ws.close()


def remote_forget(args: argparse.Namespace, dry_run: bool = False) -> dict:
    """`dry_run`: the same request, answered with what it would erase (nothing changes)."""
    from api.privacy.remote import call

    kind, target = args.kind, args.target
    dry = {"dry_run": True} if dry_run else {}
    params = {"dry_run": "true"} if dry_run else {}
    if kind == "item":  # one request: found and erased in the server's one transaction
        params |= {"source": target[0], "external_id": target[1]}
        return call(args, "DELETE", "/v1/feedback", params=params).json()
    if kind == "email":
        return call(args, "POST", "/v1/erasures", json={"email": target[0], **dry}).json()
    if kind == "feedback" and len(target) > 1:  # one request: all of them, or none
        ids = [int(t) for t in target]
        return call(args, "POST", "/v1/erasures", json={"feedback_ids": ids, **dry}).json()
    plural = {"feedback": "feedback", "contact": "contacts", "account": "accounts"}[kind]
    return call(args, "DELETE", f"/v1/{plural}/{quote(target[0], safe='')}", params=params).json()


def register(commands) -> None:
    from api.privacy.remote import add_remote_options

    forget = commands.add_parser(
        "forget",
        help="erase an item, a contact, an account or an e-mail address on request",
        description="Erase on request (a customer's right to be forgotten). "
        + "; ".join(f"{kind}: {what}" for kind, what in WHAT.items())
        + ". Items erased are remembered as digests of source + external id, so a re-run "
        "import does not bring them back.",
    )
    forget.add_argument("kind", choices=list(WHAT))
    forget.add_argument("target", nargs="+", metavar="ID",
                        help="feedback: one or more ids; item: SOURCE EXTERNAL_ID; the others: "
                        "one id, address or date")  # fmt: skip
    forget.add_argument("--yes", action="store_true", help="do it (there is no undo)")
    add_remote_options(forget)
    forget.set_defaults(run=forget_command)
