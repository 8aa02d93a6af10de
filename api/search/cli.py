"""`boucle export`: the stored insights that match the search filters (`--messages`: the stored
messages, as GET /v1/feedback/export), as CSV or JSON lines. It reads SQL only (no models, no
vector store), so it runs beside a serving `boucle serve`."""

import argparse
import sys

# The filters a user may repeat on the command line (a list means any of its values).
LIST_FILTERS = ("source", "language", "sentiment", "intent", "urgency", "account", "segment")
# the options whose names differ from the filters' fields
OPTIONS = {"created_from": "from", "created_to": "to", "score_min": "score-min",
           "score_max": "score-max"}  # fmt: skip


def export_command(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from api.errors import problem
    from api.feedback.export import write_messages
    from api.search.export import excel_zone, write_stored
    from api.search.schemas import Filters
    from api.search.service import commas_matching_nothing
    from api.settings import get_settings
    from api.workspace import open_existing_database

    chosen = {name: getattr(args, name) for name in (*LIST_FILTERS, "need", "theme", "unthemed")}
    try:
        filters = Filters(created_from=args.created_from, created_to=args.created_to,
                          score_min=args.score_min, score_max=args.score_max,
                          **{name: value for name, value in chosen.items() if value})  # fmt: skip
    except ValidationError as error:
        for found in map(problem, error.errors()):
            flag = OPTIONS.get(found["field"], found["field"])
            where = "" if found["field"] == "body" else f"--{flag}: "
            print(f"boucle export: {where}{found['message']}", file=sys.stderr)
        return 2
    if args.status and not args.messages:
        print("boucle export: --status is for --messages (insights are all analysed)",
              file=sys.stderr)  # fmt: skip
        return 2
    settings = get_settings()
    database = open_existing_database(settings)
    excel = excel_zone(args.excel, settings.timezone)
    if args.messages:
        chunks = write_messages(database, filters, args.format, args.status, None, args.contact,
                                excel)  # fmt: skip
    else:
        chunks = write_stored(database, filters, args.format, args.contact, excel)
    try:
        with database.session() as session:
            unmatched = commas_matching_nothing(session, filters)
        for name, value in unmatched:
            several = " ".join(f"--{name} {part.strip()!r}" for part in value.split(","))
            print(f"boucle export: --{name}: {value!r} matches no {name}; for several, repeat "
                  f"the option: {several}", file=sys.stderr)  # fmt: skip
        if unmatched:
            return 2
        for chunk in chunks:
            args.output.write(chunk)
    finally:
        database.close()
    args.output.flush()
    return 0


def register(commands) -> None:
    export = commands.add_parser(
        "export", help="stored insights (or messages) matching the filters, as CSV or JSON lines"
    )
    export.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    export.add_argument("--excel", action="store_true",
                        help="CSV for Excel in French: UTF-8 BOM, ';' between cells, decimal "
                        "commas, times in BOUCLE_TIMEZONE")  # fmt: skip
    export.add_argument("--messages", action="store_true",
                        help="one row per message (score-only answers included; sentiment, "
                        "intent and urgency filters read the whole message)")  # fmt: skip
    export.add_argument("--status", choices=["pending", "analysed"], help="with --messages")
    export.add_argument("--contact", action="append", metavar="ID", help="repeat for several")
    export.add_argument("-o", "--output", type=argparse.FileType("w", encoding="utf-8"),
                        default=sys.stdout, help="default: standard output")  # fmt: skip
    for name in LIST_FILTERS:
        export.add_argument(f"--{name}", action="append", metavar="VALUE",
                            help="repeat for any of several values (source, language and the "
                                 "labels also read a comma list)")  # fmt: skip
    for name in ("need", "theme"):  # ids checked by the filters: "3,4" reads as two
        export.add_argument(f"--{name}", action="append", metavar="ID",
                            help="repeat, or a comma list, for any of several")  # fmt: skip
    export.add_argument("--unthemed", action="store_true", help="only insights in no theme")
    # read by the filters as the API reads them: a day, or ISO 8601 (no zone: BOUCLE_TIMEZONE)
    export.add_argument("--from", dest="created_from", metavar="DATE")
    export.add_argument("--to", dest="created_to", metavar="DATE", help="a day counts whole")
    # read by the filters too, so that "six" or a min above the max is said as the API says it
    export.add_argument("--score-min", metavar="SCORE", help="messages scored at least this")
    export.add_argument("--score-max", metavar="SCORE",
                        help="messages scored at most this (6: NPS detractors)")  # fmt: skip
    export.set_defaults(run=export_command)
