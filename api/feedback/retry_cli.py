"""`boucle feedback retry [ID ...] [--all-failed]`: failed items analysed again, as
POST /v1/feedback/retry does."""

import argparse
import sys

from api.terminal import positive
from api.wording import plural


def retry_command(args: argparse.Namespace) -> int:
    from api.feedback.retries import retry_failed
    from api.settings import get_settings
    from api.workspace import open_existing_database

    if bool(args.ids) == args.all_failed:
        print("boucle feedback retry: give item ids or --all-failed, one of the two",
              file=sys.stderr)  # fmt: skip
        return 2
    database = open_existing_database(get_settings())  # SQL alone: beside a running server too
    try:
        retried = retry_failed(database, None if args.all_failed else args.ids)
    finally:
        database.close()
    print(f"{plural(retried, 'failed item')} queued for analysis: the worker "
          "(`boucle serve` or `boucle worker`) takes them at its next tick")  # fmt: skip
    return 0


def register(commands) -> None:
    feedback = commands.add_parser("feedback", help="stored feedback: retry failed analyses")
    sub = feedback.add_subparsers(dest="feedback_command", required=True)
    retry = sub.add_parser(
        "retry",
        help="give pending items whose analysis failed their tries back (the worker stops "
        "after 20): run it once the fault is fixed",
    )
    retry.add_argument("ids", nargs="*", type=positive, metavar="ID", help="items, by id")
    retry.add_argument("--all-failed", action="store_true",
                       help="every pending item that failed at least once")  # fmt: skip
    retry.set_defaults(run=retry_command)
