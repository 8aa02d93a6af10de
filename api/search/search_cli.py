"""`boucle search QUERY` and `boucle similar INSIGHT_ID` (or `--feedback-id`, or
`--feedback-source` with `--feedback-external-id`): POST /v1/search and the similar routes on
the command line, the same service ranking the same hits, printed one a line (score, insight
id, date, source, account, text) or as JSON lines."""

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from api.privacy.remote import add_remote_options
from api.search.cli_filters import (
    BAD_FILTER,
    add_filter_options,
    checked_in_store,
    filters_of,
    print_warnings,
)

if TYPE_CHECKING:  # loaded when a command runs, not to build the parser
    from api.search.remote_cli import RemoteHits
    from api.search.schemas import Filters, SearchResponse
    from api.search.seeds import Seed
    from api.workspace import Workspace


def search_command(args: argparse.Namespace) -> int:
    if not args.query.strip():
        print("boucle search: QUERY: give some words to search for", file=sys.stderr)
        return 2
    if args.url:
        from api.search.remote_cli import remote_search

        return ranked_remotely("search", args, remote_search)
    from api.feedback.cli import free_settings, open_cli_workspace

    free_settings(search_instead())  # before the search's modules and models load (seconds)
    from api.search.service import search

    return ranked("search", args, lambda: open_cli_workspace(existing=True),
                  lambda ws, filters: search(ws, args.query, args.limit, filters,
                                             not args.repeats, args.offset,
                                             args.min_score))  # fmt: skip


def search_instead(command: str = "search") -> str:
    """How to search while a server holds the store: through it."""
    from api.vectors.edge import served_url

    return f"{command} through it: `boucle {command} ... --url {served_url() or 'URL'}`"


def ranked_remotely(
    command: str,
    args: argparse.Namespace,
    hits: Callable[[argparse.Namespace, "Filters"], "RemoteHits"],
) -> int:
    """The page the server at --url finds, printed as one found here (dates in the server's
    zone); its refusal said."""
    from api.privacy.remote import RemoteRefusal

    filters = filters_of(args, command)
    if filters is None:
        return BAD_FILTER
    try:
        page, zone = hits(args, filters)
    except RemoteRefusal as error:
        print(f"boucle {command}: {error}", file=sys.stderr)
        return 1
    return print_hits(command, page, args.json, zone)


def similar_command(args: argparse.Namespace) -> int:
    from api.feedback.cli import free_settings
    from api.search.seeds import NoInsight
    from api.search.service import similar
    from api.workspace import open_sql_workspace

    if problem := seed_problem(args):
        print(f"boucle similar: {problem}", file=sys.stderr)
        return 2
    if args.url:
        from api.search.remote_cli import remote_similar

        return ranked_remotely("similar", args, remote_similar)
    try:
        # the stored vectors: no model loads
        opened = lambda: open_sql_workspace(free_settings(search_instead("similar")), vectors=True)  # noqa: E731
        return ranked("similar", args, opened,
                      lambda ws, filters: similar(ws, seed_of(ws, args), args.limit, filters,
                                                  not args.repeats, args.offset,
                                                  args.min_score, polarity=args.polarity))  # fmt: skip
    except NoInsight as error:  # a message not analysed yet, or a score with no text
        print(f"boucle similar: {error}", file=sys.stderr)
        return 1


def seed_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with what `boucle similar` starts from: one insight or one message."""
    by_key = args.feedback_source is not None or args.feedback_external_id is not None
    given = [args.insight_id is not None, args.feedback_id is not None, by_key]
    if given.count(True) != 1:
        return ("give one of INSIGHT_ID, --feedback-id ID, or --feedback-source SOURCE with "
                "--feedback-external-id EXTERNAL_ID")  # fmt: skip
    if by_key and None in (args.feedback_source, args.feedback_external_id):
        return "give --feedback-source and --feedback-external-id together"
    return None


def seed_of(ws: "Workspace", args: argparse.Namespace) -> "Seed":
    from api.search.seeds import feedback_by_id, feedback_by_key, feedback_seed, insight_seed

    with ws.db.session() as session:
        if args.insight_id is not None:
            return insight_seed(session, args.insight_id)
        if args.feedback_id is not None:
            return feedback_seed(session, feedback_by_id(session, args.feedback_id))
        found = feedback_by_key(session, args.feedback_source, args.feedback_external_id)
        return feedback_seed(session, found)


def ranked(
    command: str,
    args: argparse.Namespace,
    opened: Callable[[], "Workspace"],
    hits: Callable[["Workspace", "Filters"], "SearchResponse"],
) -> int:
    """The filters checked (exit BAD_FILTER, before the workspace opens where it can), then
    the page `hits` finds, printed."""
    filters = filters_of(args, command)
    if filters is None:
        return BAD_FILTER
    ws = opened()
    try:
        with ws.db.session() as session:
            if not checked_in_store(session, filters, command):
                return BAD_FILTER
        page = hits(ws, filters)
    finally:
        ws.close()
    return print_hits(command, page, args.json, ws.settings.timezone)


def print_hits(command: str, page: "SearchResponse", as_json: bool, zone: str) -> int:
    """One hit a line: score, insight id (what `boucle similar` starts from), the message's day
    in `zone` (the workspace's, whose days the date filters read), source, account, text."""
    from api.terminal import json_line, shown
    from api.timezone import in_zone

    print_warnings(command, page.warnings)
    if page.next_offset is not None:  # as the API's next_offset: where the next page starts
        print(f"boucle {command}: more hits: --offset {page.next_offset}", file=sys.stderr)
    for hit in page.items:
        if as_json:
            print(json_line(hit.model_dump_json()))
            continue
        account = hit.account.name or hit.account.id if hit.account else "-"
        repeats = f" (+{hit.same_text} same)" if hit.same_text else ""
        text = " ".join(hit.text.split())  # one hit, one line
        day = f"{in_zone(hit.feedback.created_at, zone):%Y-%m-%d}"
        print(shown(f"{hit.score:.3f}  {hit.insight_id}  {day}  {hit.feedback.source}  "
                    f"{account}  {text}{repeats}"))  # fmt: skip
    return 0


def hit_count(text: str) -> int:
    from api.search.schemas import FILE_LIMIT

    count = int(text)
    if not 1 <= count <= FILE_LIMIT:
        raise argparse.ArgumentTypeError(f"from 1 to {FILE_LIMIT:,}")
    return count


def hit_offset(text: str) -> int:
    from api.search.schemas import MAX_OFFSET

    offset = int(text)
    if not 0 <= offset <= MAX_OFFSET:
        raise argparse.ArgumentTypeError(f"from 0 to {MAX_OFFSET:,}")
    return offset


def lowest_score(text: str) -> float:
    score = float(text)
    if not -1 <= score <= 1:
        raise argparse.ArgumentTypeError("from -1 to 1")
    return score


def add_hit_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--limit", type=hit_count, default=10, metavar="N",
                        help="hits to print, best first (default 10)")  # fmt: skip
    parser.add_argument("--offset", type=hit_offset, default=0, metavar="N",
                        help="hits to skip: the 'more hits: --offset N' a page ends with "
                        "(the API's offset)")  # fmt: skip
    parser.add_argument("--min-score", type=lowest_score, metavar="SCORE",
                        help="leave out hits scoring under this, -1 to 1 (unrelated text "
                        "scores about 0.2 or less; the API's min_score)")  # fmt: skip
    parser.add_argument("--repeats", action="store_true",
                        help="every insight, repeats of a text included (default: folded "
                        "into one hit, '(+N same)')")  # fmt: skip
    parser.add_argument("--json", action="store_true", help="JSON lines, as the API's hits")
    add_remote_options(parser, scope="read")
    add_filter_options(parser)


def register(commands) -> None:
    found = commands.add_parser(
        "search", help="insights closest in meaning to a query (POST /v1/search)",
        description="Ranked hits: score, insight id (`boucle similar ID` starts from it), "
        "date (in BOUCLE_TIMEZONE; with --url, the server's, which reads --from and --to too), "
        "source, account, text. Exit status 2 for a bad filter; a value that matches nothing "
        "stored is a warning on standard error.",
    )  # fmt: skip
    found.add_argument("query", metavar="QUERY", help="any language")
    add_hit_options(found)
    found.set_defaults(run=search_command)
    alike = commands.add_parser(
        "similar", help="insights closest in meaning to one, or to a message's "
        "(GET /v1/insights/{id}/similar, GET /v1/feedback/{id}/similar)",
        description="Start from one insight, or from a message (its id, or its source and "
        "external_id): its insights, and insights saying their very words, are not hits. "
        "Exit status 1 for a seed not stored or a message with no insight, 2 for a bad "
        "option or filter.",
    )  # fmt: skip
    alike.add_argument("insight_id", type=int, nargs="?", metavar="INSIGHT_ID")
    alike.add_argument("--feedback-id", type=int, metavar="ID", help="start from this message")
    alike.add_argument("--feedback-source", metavar="SOURCE",
                       help="with --feedback-external-id: the message from your tool (any case; "
                       "--source filters the hits)")  # fmt: skip
    alike.add_argument("--feedback-external-id", metavar="EXTERNAL_ID")
    alike.add_argument("--no-polarity", dest="polarity", action="store_false",
                       help="rank by meaning alone, the plain cosine order (default: hits "
                       "clearly saying the opposite of the seed rank lower; the API's "
                       "polarity=false)")  # fmt: skip
    add_hit_options(alike)
    alike.set_defaults(run=similar_command)
