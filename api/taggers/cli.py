"""`boucle taggers apply NAME [--since DATE]`: a live tagger tags the items stored before it."""

import argparse
import sys


def apply_command(args: argparse.Namespace) -> int:
    from pydantic import TypeAdapter, ValidationError

    from api.cli import open_taggers
    from api.params import MomentFrom
    from api.settings import get_settings
    from api.taggers.apply import apply_tagger
    from api.taggers.store import TaggerNotFound, TaggerStore
    from api.workspace import open_existing_database

    try:  # read as the filters read a date: a day, or ISO 8601 (no zone: UTC)
        since = TypeAdapter(MomentFrom | None).validate_python(args.since)
    except ValidationError as error:
        message = error.errors()[0]["msg"].removeprefix("Value error, ")
        print(f"boucle taggers apply: --since: {message}", file=sys.stderr)
        return 2
    try:  # before the models load
        version = TaggerStore(get_settings().data_dir / "taggers").live_version(args.name)
    except TaggerNotFound as error:
        print(f"boucle taggers apply: {error}", file=sys.stderr)
        return 1
    database = open_existing_database(get_settings())
    try:
        tagged = apply_tagger(database, open_taggers(), args.name, since, args.batch,
                              progress=lambda n: print(f"{n} items tagged", file=sys.stderr))  # fmt: skip
    finally:
        database.close()
    print(f"{tagged} items tagged by {args.name} (version {version})")
    return 0


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return int(text)


def register(taggers_commands) -> None:
    apply = taggers_commands.add_parser(
        "apply", help="tag the stored items with live tagger NAME (those stored before it)"
    )
    apply.add_argument("name")
    apply.add_argument("--since", metavar="DATE", help="only items created from this day or time")
    apply.add_argument("--batch", type=positive, default=256, help="items tagged per commit")
    apply.set_defaults(run=apply_command, tagger_name=True)
