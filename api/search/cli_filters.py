"""The search filters as command-line options (`boucle export`, `boucle search`, `boucle
similar`): registered once, read by the API's Filters, every problem said with the options'
names and exit status 2 (BAD_FILTER), before anything is written."""

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI loads these when a command runs, not to build its parser
    from sqlalchemy.orm import Session

    from api.search.schemas import Filters

BAD_FILTER = 2  # every bad filter: a bad value, a theme or need not stored, an unmatched comma list
# The filters a user may repeat on the command line (a list means any of its values).
LIST_FILTERS = ("source", "language", "sentiment", "intent", "urgency", "account", "segment")
# the options whose names differ from the filters' fields
OPTIONS = {"created_from": "from", "created_to": "to", "score_min": "score-min",
           "score_max": "score-max", "metadata": "meta"}  # fmt: skip
# The API's words for what to send, as they read on a command line.
CLI_WORDS = (
    # api.search.schemas.SEVERAL, written out: that module loads pydantic and the analyzer
    (
        "repeat the parameter for several values, or give a JSON list",
        "repeat the option for several values",
    ),
    ("leave the filter out", "leave the option out"),
    ("give theme or unthemed", "give --theme or --unthemed"),
    *((field, f"--{flag}") for field, flag in OPTIONS.items()),
)


def in_cli_words(message: str) -> str:
    for api, cli in CLI_WORDS:
        message = message.replace(api, cli)
    return message


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    for name in LIST_FILTERS:
        parser.add_argument(f"--{name}", action="append", metavar="VALUE",
                            help="repeat for any of several values (source, language and the "
                                 "labels also read a comma list)")  # fmt: skip
    for name in ("need", "theme"):  # ids checked by the filters: "3,4" reads as two
        parser.add_argument(f"--{name}", action="append", metavar="ID",
                            help="repeat, or a comma list, for any of several")  # fmt: skip
    parser.add_argument("--unthemed", action="store_true", help="only insights in no theme")
    # read by the filters as the API reads them: a day, or ISO 8601 (no zone: BOUCLE_TIMEZONE)
    parser.add_argument("--from", dest="created_from", metavar="DATE")
    parser.add_argument("--to", dest="created_to", metavar="DATE", help="a day counts whole")
    # read by the filters too, so that "six" or a min above the max is said as the API says it
    parser.add_argument("--score-min", metavar="SCORE", help="messages scored at least this")
    parser.add_argument("--score-max", metavar="SCORE",
                        help="messages scored at most this (6: NPS detractors)")  # fmt: skip
    parser.add_argument("--meta", action="append", metavar="KEY:VALUE",
                        help="messages whose metadata holds this value (app_version:5.2.0); "
                             "repeat for several keys, all held")  # fmt: skip
    parser.add_argument("--tag", action="append", metavar="TAGGER:LABEL",
                        help="messages a custom tagger tagged so (queues:billing); repeat for "
                             "any of several")  # fmt: skip


def filters_of(args: argparse.Namespace, command: str) -> "Filters | None":
    """The options as Filters; None once what is wrong was printed (exit BAD_FILTER)."""
    from pydantic import ValidationError

    from api.errors import problem
    from api.search.metadata import pairs_from_query
    from api.search.schemas import Filters
    from api.terminal import shown

    chosen = {name: getattr(args, name)
              for name in (*LIST_FILTERS, "need", "theme", "unthemed", "tag")}  # fmt: skip
    try:
        chosen["metadata"] = pairs_from_query(args.meta) if args.meta else None
    except ValueError as error:
        print(shown(f"boucle {command}: --meta: {error}"), file=sys.stderr)
        return None
    try:
        return Filters.from_text(created_from=args.created_from, created_to=args.created_to,
                                 score_min=args.score_min, score_max=args.score_max,
                                 **{name: value for name, value in chosen.items() if value})  # fmt: skip
    except ValidationError as error:
        for found in map(problem, error.errors()):
            flag = OPTIONS.get(found["field"], found["field"])
            where = "" if found["field"] == "body" else f"--{flag}: "
            said = f"boucle {command}: {where}{in_cli_words(found['message'])}"
            print(shown(said), file=sys.stderr)
        return None


def stored_filters_problems(session: "Session", filters: "Filters") -> list[str]:
    """What the store refuses in the filters, in the options' words: a theme or need not stored
    (the API's 404), an account or segment comma list that matches nothing (its 422)."""
    from api.errors import NotFound
    from api.search.service import commas_matching_nothing, stored_ids_only

    problems = []
    try:
        stored_ids_only(session, filters)
    except NotFound as error:
        problems.append(str(error))
    for name, value in commas_matching_nothing(session, filters):
        several = " ".join(f"--{name} {part.strip()!r}" for part in value.split(","))
        problems.append(f"--{name}: {value!r} matches no {name}; for several, repeat the "
                        f"option: {several}")  # fmt: skip
    return problems


def checked_in_store(session: "Session", filters: "Filters", command: str) -> bool:
    """True when the store takes the filters; else False, each problem printed."""
    from api.terminal import shown

    problems = stored_filters_problems(session, filters)
    for line in problems:
        print(shown(f"boucle {command}: {line}"), file=sys.stderr)
    return not problems


def print_warnings(command: str, warnings: list[str]) -> None:
    """A filter value that matches nothing stored (a typo of a source): its empty result is an
    answer (exit 0), said on standard error (the stored values it lists spelt out: shown)."""
    from api.terminal import shown

    for warning in warnings:
        print(shown(f"boucle {command}: warning: {warning}"), file=sys.stderr)
