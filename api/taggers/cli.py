"""`boucle taggers apply NAME [--since DATE]`: a live tagger tags the items stored before it;
`list`, `show NAME` and `rollback NAME VERSION`: read from the disk, no model loaded."""

import argparse
import json
import sys

from api.wording import plural


def apply_command(args: argparse.Namespace) -> int:
    from pydantic import TypeAdapter, ValidationError

    from api.cli import open_taggers
    from api.params import MomentFrom
    from api.settings import get_settings
    from api.taggers.apply import apply_tagger
    from api.taggers.store import TaggerNotFound, TaggerStore
    from api.workspace import open_existing_database

    try:  # read as the filters read a date: a day, or ISO 8601 (no zone: BOUCLE_TIMEZONE)
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
                              progress=lambda n: print(f"{plural(n, 'item')} tagged", file=sys.stderr))  # fmt: skip
    except TaggerNotFound as error:  # deleted while it ran
        print(f"boucle taggers apply: {error}", file=sys.stderr)
        return 1
    finally:
        database.close()
    print(f"{plural(tagged, 'item')} tagged by {args.name} (version {version})")
    return 0


def store():
    from api.settings import get_settings
    from api.taggers.store import TaggerStore

    return TaggerStore(get_settings().data_dir / "taggers")


def info(name: str) -> dict:
    from api.settings import get_settings
    from api.taggers.service import tagger_info

    return tagger_info(store(), name, get_settings().message_vector)


def figures(metrics: dict) -> str:
    """A version's cross-validated figures in a line: macro-F1, and where a threshold or an
    unknown label is in play the answers as served (a high threshold sends in-scope text to
    unknown: macro-F1 alone does not show it)."""
    said = f"macro-F1 {metrics['macro_f1']:.3f}"
    if "in_scope_accuracy" in metrics:
        said += f", in-scope accuracy {metrics['in_scope_accuracy']:.3f}"
        if metrics.get("out_of_scope_recall") is not None:
            said += f", out-of-scope recall {metrics['out_of_scope_recall']:.3f}"
        said += f" at threshold {metrics['threshold']}"
    return said


def list_command(args: argparse.Namespace) -> int:
    from api.terminal import shown

    names = store().names()
    for name in names:
        tagger = info(name)
        versions = ", ".join(map(str, tagger["versions"]))
        print(shown(f"{name}  v{tagger['version']} (versions {versions})  {len(tagger['labels'])} "
                    f"labels: {', '.join(tagger['labels'])}  {figures(tagger['metrics'])}"
                    + ("  (warning: see boucle taggers show)" if tagger["warning"] else "")))  # fmt: skip
    if not names:
        print("no taggers: train one with boucle taggers train NAME FILE.csv", file=sys.stderr)
    return 0


def show_command(args: argparse.Namespace) -> int:
    """What GET /v1/taggers/{name} answers, as JSON."""
    from api.taggers.schemas import TaggerInfo
    from api.taggers.store import TaggerNotFound
    from api.terminal import json_line

    try:
        shown = TaggerInfo.model_validate(info(args.name)).model_dump(mode="json")
    except TaggerNotFound as error:
        print(f"boucle taggers show: {error}", file=sys.stderr)
        return 2
    print(json_line(json.dumps(shown, indent=2, ensure_ascii=False)))
    return 0


def rollback_command(args: argparse.Namespace) -> int:
    from api.taggers.store import TaggerNotFound

    try:
        store().make_live(args.name, args.version)
    except TaggerNotFound as error:  # no such tagger, or no such version of it
        print(f"boucle taggers rollback: {error}", file=sys.stderr)
        return 2
    versions = ", ".join(map(str, store().versions(args.name)))
    print(f"{args.name}: version {args.version} is live (versions {versions}); a running server "
          "serves it within BOUCLE_TAGGERS_RELOAD_S")  # fmt: skip
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

    listed = taggers_commands.add_parser(
        "list", help="every tagger: live version, labels, macro-F1 (and in-scope figures)"
    )
    listed.set_defaults(run=list_command)
    show = taggers_commands.add_parser(
        "show", help="NAME's labels, counts, metrics, versions (JSON)"
    )
    show.add_argument("name")
    show.set_defaults(run=show_command, tagger_name=True)
    rollback = taggers_commands.add_parser(
        "rollback", help="serve saved VERSION of NAME again (see `versions` in show)"
    )
    rollback.add_argument("name")
    rollback.add_argument("version", type=positive)
    rollback.set_defaults(run=rollback_command, tagger_name=True)
