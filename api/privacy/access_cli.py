"""`boucle privacy export --contact ID | --email ADDR`: everything stored about one person, as
one JSON document (right of access); `boucle audit`: read the audit trail."""

import argparse
import json
import sys


def export_command(args: argparse.Namespace) -> int:
    from api.errors import NotFound
    from api.privacy.remote import RemoteRefusal

    try:
        document = remote_document(args) if args.url else local_document(args)
    except (NotFound, RemoteRefusal) as error:
        print(f"boucle privacy export: {error}", file=sys.stderr)
        return 1
    text = json.dumps(document, ensure_ascii=False, indent=2)
    if args.output:
        from api.ops.backup import private_file

        with private_file(args.output) as handle:  # readable by you alone: it is personal data
            handle.write(text + "\n")
    else:  # the same JSON, nothing raw for the terminal to act on
        from api.terminal import json_line

        print(json_line(text))
    return 0


def local_document(args: argparse.Namespace) -> dict:
    from api.privacy.access import export_contact, export_email
    from api.settings import get_settings
    from api.workspace import open_existing_database

    database = open_existing_database(get_settings())
    try:
        with database.session() as session:
            if args.contact is not None:
                return export_contact(session, args.contact, actor="cli")
            return export_email(session, args.email, actor="cli")
    finally:
        database.close()


def remote_document(args: argparse.Namespace) -> dict:
    """GET /v1/contacts/{id}/export, or POST /v1/access-exports (the address in the body)."""
    from urllib.parse import quote

    from api.privacy.remote import call

    if args.contact is not None:
        return call(args, "GET", f"/v1/contacts/{quote(args.contact, safe='')}/export").json()
    return call(args, "POST", "/v1/access-exports", json={"email": args.email}).json()


def audit_command(args: argparse.Namespace) -> int:
    from api.audit import audit_csv, audit_events
    from api.params import workspace_moment
    from api.settings import get_settings
    from api.workspace import open_existing_database

    bounds = []
    for name, value, end in (("--since", args.since, False), ("--until", args.until, True)):
        try:
            moment = workspace_moment(value, end_of_day=end) if value else None
        except ValueError:  # a number: not read as Unix time
            moment = None
        if value and not hasattr(moment, "tzinfo"):
            print(f"boucle audit: {name} {value!r} is no date: give a day (2026-11-01) or an "
                  "ISO 8601 time", file=sys.stderr)  # fmt: skip
            return 2
        bounds.append(moment)
    if args.url:
        return remote_audit(args)
    database = open_existing_database(get_settings())
    try:
        with database.session() as session:
            events, _ = audit_events(session, *bounds, args.action, args.actor, args.limit)
            if args.format == "csv":
                sys.stdout.write("".join(audit_csv(events)))
                return 0
            for event in events:
                print(json.dumps({"id": event.id, "at": event.at.isoformat(), "actor": event.actor,
                                  "action": event.action, "entity": event.entity,
                                  "entity_id": event.entity_id, "detail": event.detail}))  # fmt: skip
    finally:
        database.close()
    return 0


PAGE = 1_000  # the most events GET /v1/audit answers at once


def remote_audit(args: argparse.Namespace) -> int:
    """GET /v1/audit, page after page until --limit events: the same lines (or CSV) as here;
    --since and --until go as given (the server reads a day in its zone)."""
    from api.privacy.remote import RemoteRefusal, call

    query = {"since": args.since, "until": args.until, "action": args.action,
             "actor": args.actor, "format": "csv" if args.format == "csv" else "json"}  # fmt: skip
    left, cursor, header = args.limit, None, True
    try:
        while left > 0:
            params = {**{k: v for k, v in query.items() if v}, "limit": min(left, PAGE)}
            if cursor is not None:
                params["cursor"] = cursor
            answer = call(args, "GET", "/v1/audit", params=params)
            if args.format == "csv":
                lines = answer.text.splitlines(keepends=True)
                sys.stdout.write("".join(lines if header else lines[1:]))
                header, cursor, count = False, answer.headers.get("X-Next-Cursor"), len(lines) - 1
            else:
                page = answer.json()
                for event in page["items"]:
                    print(json.dumps(event))
                cursor, count = page["next_cursor"], len(page["items"])
            left -= count
            if not cursor:
                break
    except RemoteRefusal as error:
        print(f"boucle audit: {error}", file=sys.stderr)
        return 1
    return 0


def register(commands) -> None:
    from api.privacy.remote import add_remote_options

    privacy = commands.add_parser("privacy", help="a person's data (right of access)")
    privacy_commands = privacy.add_subparsers(dest="privacy_command", required=True)
    export = privacy_commands.add_parser(
        "export", help="everything stored about one person, as one JSON document",
        description="The contact, its account, every item they wrote (text as stored, metadata, "
        "insights with tags and need links, follow-up actions), notifications and survey sends. "
        "With --email: every contact with the address, and items whose metadata holds it.",
    )  # fmt: skip
    who = export.add_mutually_exclusive_group(required=True)
    who.add_argument("--contact", metavar="ID", help="a contact's id")
    who.add_argument("--email", metavar="ADDR", help="an e-mail address (any case)")
    export.add_argument("--output", "-o", metavar="FILE", help="write it here (mode 0600), "
                        "not to the terminal")  # fmt: skip
    add_remote_options(export)
    export.set_defaults(run=export_command)
    audit = commands.add_parser("audit", help="read the audit trail, newest first")
    audit.add_argument("--since", metavar="DATE", help="a day (BOUCLE_TIMEZONE) or ISO 8601 time")
    audit.add_argument("--until", metavar="DATE", help="the same; a day counts whole")
    audit.add_argument(
        "--action", action="append", help="erase, expire, export, backup, key.create, key.revoke, …"
    )
    audit.add_argument("--actor", action="append", help="a key's name, cli or retention")
    audit.add_argument("--limit", type=int, default=100, help="the newest N events (100)")
    audit.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    add_remote_options(audit)
    audit.set_defaults(run=audit_command)
