"""`boucle export`: the stored insights that match the search filters (`--messages`: the stored
messages, as GET /v1/feedback/export), as CSV or JSON lines. It reads SQL only (no models, no
vector store), so it runs beside a serving `boucle serve`."""

import argparse
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from api.search.cli_filters import (
    BAD_FILTER,
    add_filter_options,
    checked_in_store,
    filters_of,
    print_warnings,
)


def export_command(args: argparse.Namespace) -> int:
    from api.feedback.export import write_messages
    from api.feedback.listing import contacts_matching_nothing
    from api.search.export import excel_zone, write_stored
    from api.search.service import values_matching_nothing
    from api.settings import get_settings
    from api.workspace import open_existing_database

    filters = filters_of(args, "export")
    if filters is None:
        return BAD_FILTER
    if args.status and not args.messages:
        print("boucle export: --status is for --messages (insights are all analysed)",
              file=sys.stderr)  # fmt: skip
        return 2
    if args.excel and args.format != "csv":
        print("boucle export: --excel is for --format csv", file=sys.stderr)
        return 2
    if args.output not in (None, "-") and not Path(args.output).parent.is_dir():
        print(f"boucle export: -o: no folder {str(Path(args.output).parent)!r}", file=sys.stderr)
        return 2
    settings = get_settings()
    database = open_existing_database(settings)
    excel = excel_zone(args.excel, settings.timezone)
    try:
        with database.session() as session:
            if not checked_in_store(session, filters, "export"):
                return BAD_FILTER
            print_warnings("export", [*values_matching_nothing(session, filters),
                                      *contacts_matching_nothing(session, args.contact)])  # fmt: skip
        if args.messages:
            chunks = write_messages(database, filters, args.format, args.status, None,
                                    args.contact, excel)  # fmt: skip
        else:
            chunks = write_stored(database, filters, args.format, args.contact, excel)
        write_out(args.output, chunks, args.format == "jsonl")
    finally:
        database.close()
    return 0


def write_out(path: str | None, chunks: Iterable[str], as_json: bool = False) -> None:
    """The chunks on standard output, or in a file beside `path` renamed to it once whole: a run
    that fails (a bad filter, a store gone) leaves a report already there as it was. JSON lines
    on standard output (a terminal, maybe) have nothing raw for it to act on (json_line)."""
    from api.terminal import json_line

    if path in (None, "-"):
        for chunk in chunks:
            sys.stdout.write(json_line(chunk) if as_json else chunk)
        sys.stdout.flush()
        return
    target = Path(path)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=target.parent,
                                     prefix=f".{target.name}.", suffix=".part",
                                     delete=False) as part:  # fmt: skip
        try:
            for chunk in chunks:
                part.write(chunk)
        except BaseException:
            os.unlink(part.name)
            raise
    # A new file stays private (0600, the temporary file's mode), as backups and access exports
    # are: it holds customers' words. A replaced file keeps the mode its owner gave it.
    if target.exists():
        os.chmod(part.name, target.stat().st_mode & 0o7777)
    os.replace(part.name, target)


EXPORT_FORMATS = ("csv", "jsonl")


def export_format(value: str) -> str:
    """--format read as the API reads ?format: "xlsx", what an analyst tries first, is pointed
    to --excel (api/errors.format_message), not answered argparse's "invalid choice"."""
    if value not in EXPORT_FORMATS:
        raise argparse.ArgumentTypeError(
            f"{value!r}: give csv or jsonl; for Excel, --excel (a CSV file Excel opens)"
        )
    return value


def register(commands) -> None:
    from api.search.search_cli import register as register_search

    register_search(commands)
    export = commands.add_parser(
        "export",
        help="stored insights (or messages) matching the filters, as CSV or JSON lines",
        description="Exit status 2 for any bad filter (a bad value, a theme or need not "
        "stored, an account or segment comma list that matches nothing), before anything is "
        "written; a value that matches nothing stored (a source typo) is a warning on standard "
        "error, and an empty export.",
    )
    export.add_argument("--format", type=export_format, default="csv", metavar="{csv,jsonl}")
    export.add_argument("--excel", action="store_true",
                        help="CSV for Excel in French: UTF-8 BOM, ';' between cells, decimal "
                        "commas, times in BOUCLE_TIMEZONE")  # fmt: skip
    export.add_argument("--messages", action="store_true",
                        help="one row per message (score-only answers included; sentiment, "
                        "intent and urgency filters read the whole message)")  # fmt: skip
    export.add_argument("--status", choices=["pending", "analysed"], help="with --messages")
    export.add_argument("--contact", action="append", metavar="ID",
                        help="an id or an e-mail address; repeat for several")  # fmt: skip
    export.add_argument("-o", "--output", metavar="FILE",
                        help="default: standard output; written whole or not at all (a run "
                        "that fails leaves FILE as it was)")  # fmt: skip
    add_filter_options(export)
    export.set_defaults(run=export_command)
