"""`boucle webhooks add URL --event E [--event E] | list | remove ID`: the same functions as
/v1/webhooks, on the workspace's database."""

import argparse
import sys

from api.wording import plural


def open_database():
    from api.settings import get_settings
    from api.workspace import open_existing_database

    return open_existing_database(get_settings())


# WebhookIn's fields as this command's arguments name them, for its error messages.
ARGUMENTS = {
    "events": "--event",
    "secret": "--secret",
    "description": "--description",
}


def add_command(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from api.errors import Conflict, problem, summary
    from api.webhooks.schemas import WebhookIn
    from api.webhooks.service import add_webhook

    try:
        wanted = WebhookIn(url=args.url, events=args.event, secret=args.secret,
                           description=args.description)  # fmt: skip
        created = add_webhook(open_database(), wanted, actor="cli",
                              removal="boucle webhooks remove {id}")  # fmt: skip
    except ValidationError as error:  # in the API's words, the fields named as arguments
        said = [problem(e) for e in error.errors()]
        for found in said:
            found["field"] = ARGUMENTS.get(found["field"], found["field"])
        print(f"boucle webhooks add: {summary(said)}", file=sys.stderr)
        return 2
    except Conflict as error:
        print(f"boucle webhooks add: {error}", file=sys.stderr)
        return 2
    from api.terminal import json_line

    print(json_line(created.model_dump_json()))
    print(f"webhook {created.id}: its secret is shown once, store it now", file=sys.stderr)
    return 0


def list_command(args: argparse.Namespace) -> int:
    from api.terminal import print_json
    from api.webhooks.service import list_webhooks

    for webhook in list_webhooks(open_database()):
        print_json(webhook)  # "…1234", not "\u20261234", as the other list commands print
    return 0


def remove_command(args: argparse.Namespace) -> int:
    from api.errors import NotFound
    from api.webhooks.service import remove_webhook

    try:
        remove_webhook(open_database(), args.id, actor="cli")
    except NotFound as error:
        print(f"boucle webhooks remove: {error}", file=sys.stderr)
        return 2
    print(f"webhook {args.id} removed; its deliveries not yet sent are dropped")
    return 0


def retry_command(args: argparse.Namespace) -> int:
    from api.errors import NotFound
    from api.webhooks.service import retry_webhook

    try:
        retried = retry_webhook(open_database(), args.id)
    except NotFound as error:
        print(f"boucle webhooks retry: {error}", file=sys.stderr)
        return 2
    print(f"webhook {args.id}: {plural(retried, 'failed delivery', 'failed deliveries')} "
          "queued again")  # fmt: skip
    return 0


def register(commands) -> None:
    from api.webhooks.event_names import EVENTS  # not events: it loads analyzer code

    webhooks = commands.add_parser("webhooks", help="register, list and remove webhooks")
    sub = webhooks.add_subparsers(dest="webhooks_command", required=True)
    add = sub.add_parser("add", help="register a webhook; its secret is printed once")
    add.add_argument("url")
    add.add_argument("--event", action="append", required=True,
                     help=f"an event to receive (repeat for more): {', '.join(EVENTS)}")  # fmt: skip
    add.add_argument("--secret", help="signs each body (16+ characters); default: one is made")
    add.add_argument("--description")
    add.set_defaults(run=add_command)
    sub.add_parser("list", help="the webhooks, one JSON line each").set_defaults(run=list_command)
    remove = sub.add_parser("remove", help="remove a webhook by id")
    remove.add_argument("id", type=int)
    remove.set_defaults(run=remove_command)
    retry = sub.add_parser("retry", help="send a webhook's failed deliveries again")
    retry.add_argument("id", type=int)
    retry.set_defaults(run=retry_command)
