"""`boucle themes refit` and `boucle themes list`."""

import argparse
import json
import sys

from api.wording import plural


def refit_command(args: argparse.Namespace) -> int:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from api.feedback.cli import open_cli_workspace
    from api.themes.refit import refit

    ws = open_cli_workspace(existing=True, instead=refit_instead())
    columns = (TextColumn("[bold]refit"), BarColumn(), TextColumn("{task.fields[message]}"),
               TimeElapsedColumn())  # fmt: skip
    with Progress(*columns, disable=args.quiet) as bar:
        task = bar.add_task("refit", total=1.0, message="")
        result = refit(
            ws, lambda share, message: bar.update(task, completed=share, message=message), args.cold
        )
    ws.close()
    print(json.dumps(result))
    return 0


def refit_instead() -> str:
    """How to refit while a server holds the store: through its API, as a background job."""
    from api.vectors.edge import server_named

    return (
        f"refit through it: POST /v1/themes/refit at {server_named()} "
        '({"cold": true} to start over)'
    )


def list_command(args: argparse.Namespace) -> int:
    """Reads SQL only (no models, no vector store): it runs beside a serving `boucle serve`."""
    from api.settings import get_settings
    from api.terminal import shown
    from api.themes.service import theme_tree
    from api.workspace import open_existing_database

    settings = get_settings()
    database = open_existing_database(settings)
    try:
        items, unthemed = theme_tree(database, (args.lang,) if args.lang else (), settings.timezone)
    finally:
        database.close()
    if args.csv:
        from api.themes.files import themes_csv

        sys.stdout.write(themes_csv(items))
        return 0
    for parent in items:
        print(f"{parent.id:>5}  {shown(parent.name)}  ({parent.size})")
        for child in parent.children:
            print(
                f"{child.id:>9}  {shown(child.name)}  "
                f"({child.size}, {plural(child.accounts, 'account')})"
            )
    print(f"unthemed insights: {unthemed}")
    return 0


def reader_code(value: str) -> str:
    from api.params import iso_639_1

    try:
        return iso_639_1(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def register(commands) -> None:
    themes = commands.add_parser("themes", help="theme discovery and the theme tree")
    sub = themes.add_subparsers(dest="themes_command", required=True)
    refit = sub.add_parser("refit", help="discover themes over the stored insights (stable ids)")
    refit.add_argument("--quiet", action="store_true", help="no progress bar")
    refit.add_argument("--cold", action="store_true",
                       help="start the themes over: discover from scratch and regroup parents "
                       "(themes that are the same keep their id; those a person named or seeded "
                       "are kept)")  # fmt: skip
    refit.set_defaults(run=refit_command)
    listing = sub.add_parser("list", help="print the theme tree with sizes")
    listing.add_argument(
        "--lang", type=reader_code, help="names in this language where a theme has one (e.g. fr)"
    )
    listing.add_argument("--csv", action="store_true",
                         help="one CSV row per theme, as GET /v1/themes?format=csv writes it")  # fmt: skip
    listing.set_defaults(run=list_command)
