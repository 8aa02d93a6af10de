"""`boucle needs list|show|priorities|ship|decline`: the backlog from a terminal, through the
functions the /v1/needs and /v1/priorities routes call. No models are loaded; only `ship` and
`decline` (without --dry-run) open the vector store, as the route keeps its status filter there."""

import argparse
from datetime import UTC, datetime

from api.priorities.reach import REACHES
from api.terminal import JSON_DOCUMENT, JSON_LINES, opened, positive
from api.wording import plural

STATUSES = ("open", "planned", "in_progress", "shipped", "declined")
SORTS = ("id", "arr", "accounts", "insights", "growth", "urgency", "last_seen")


def list_command(args: argparse.Namespace) -> int:
    from api.needs.service import list_needs
    from api.search.cli_filters import print_warnings
    from api.search.service import segment_warnings
    from api.terminal import money, one_line, print_json, print_table

    with opened() as ws:
        items = list_needs(ws, args.status, False, args.sort, 0, args.segment,
                           account=args.account)[: args.limit]  # fmt: skip
        print_warnings("needs list", segment_warnings(ws.db, args.segment))  # a typo: said
    if args.json:
        for item in items:
            print_json(item)
        return 0
    rows = [
        (n.id, n.status, n.impact["insights"], n.impact["accounts"], money(n.impact["arr"]),
         f"{n.impact['urgent_share']:.0%}", one_line(n.title))
        for n in items
    ]  # fmt: skip
    print_table(("id", "status", "insights", "accounts", "ARR", "urgent", "title"), rows,
                right=(0, 2, 3, 4, 5))  # fmt: skip
    return 0


def show_command(args: argparse.Namespace) -> int:
    from api.needs.impact import Window, impacts
    from api.needs.service import need_detail
    from api.priorities.service import OPEN, priorities
    from api.terminal import print_json

    with opened() as ws:
        need = need_detail(ws, args.id, args.evidence)  # an unknown id stops here
        with ws.db.session() as session:
            need.impact = impacts(session, [args.id], Window(until=datetime.now(UTC)))[args.id]
        days, reach = ws.settings.rice_window_days, ws.settings.rice_reach
        # an open need's rank is the one /v1/priorities gives it, among every open need
        statuses = OPEN if need.status in OPEN else (need.status,)
        ranked = priorities(ws, days, None, reach, statuses)
    rice = next((item for item in ranked if item["need_id"] == args.id), None)
    if args.json:
        print_json({**need.model_dump(mode="json"), "rice": rice, "rice_window_days": days})
    else:
        among = (
            "open needs (open, planned or in progress)"
            if statuses == OPEN
            else f"{need.status} needs"
        )
        print_need(need, rice, days, f"of {len(ranked)} {among}")
    return 0


def print_need(need, rice: dict | None, days: int, among: str) -> None:
    """The need, its figures and its RICE; `among` says which needs its rank is among."""
    from api.needs.rice_cells import FOOTNOTE, any_set_by_a_person, factor_cell, number
    from api.terminal import day, money, one_line, print_table, shown

    impact = need.impact
    merged = f", merged into {need.merged_into_id}" if need.merged_into_id else ""
    print(shown(f"need {need.id}: {need.title} [{need.status}{merged}]"))
    if need.description:
        print(f"  {shown(one_line(need.description, 200))}")
    print(f"  {plural(impact['insights'], 'insight')}, {plural(impact['accounts'], 'account')}, "
          f"{plural(impact['contacts'], 'contact')}, ARR {money(impact['arr'])}, urgent {impact['urgent_share']:.0%}; seen "
          f"{day(impact['first_seen']) or '-'} to {day(impact['last_seen']) or '-'}")  # fmt: skip
    if need.pending_suggestions:
        print(f"  {plural(need.pending_suggestions, 'suggestion')} waiting for review (latest "
              f"{day(need.pending_latest)}): not counted above until accepted")  # fmt: skip
    if rice is None:
        print("  RICE: none (a merged need is ranked as the need it was merged into)")
    else:
        factors = ", ".join(f"{name} {factor_cell(name, f)}" for name, f in rice["factors"].items())
        if rice["score"] is None:  # no effort yet: the factor says how to give one
            score = f"no score ({rice['factors']['effort']['how']})"
        else:
            score = f"score {number(rice['score'])}, rank {rice['rank']} {among}"
            if rice["factors"]["effort"].get("defaulted"):
                score += f" ({rice['factors']['effort']['how']})"
        print(f"  RICE over {days} days: {score}; {factors}")
        if any_set_by_a_person([rice["factors"]]):
            print(f"  {FOOTNOTE}")
    if impact["by_segment"]:
        print("\nimpact by segment")
        print_table(("segment", "accounts", "ARR"),
                    [(s, v["accounts"], money(v["arr"])) for s, v in impact["by_segment"].items()],
                    right=(1, 2))  # fmt: skip
    if impact["quotes"]:
        print("\ntop quotes (largest accounts first)")
        print_table(("date", "account", "quote"),
                    [(day(q["created_at"]), q["account_name"] or q["account_id"] or "",
                      one_line(q["quote"], 90)) for q in impact["quotes"]])  # fmt: skip


def priorities_command(args: argparse.Namespace) -> int:
    from api.needs.rice_cells import (
        DEFAULT_FOOTNOTE,
        FOOTNOTE,
        any_defaulted,
        any_set_by_a_person,
        factor_cell,
        number,
    )
    from api.priorities.rice import FACTORS
    from api.priorities.service import priorities
    from api.search.cli_filters import print_warnings
    from api.search.service import segment_warnings
    from api.terminal import money, one_line, print_json, print_table

    with opened() as ws:
        days = args.window_days or ws.settings.rice_window_days
        reach = args.reach or ws.settings.rice_reach
        items = priorities(ws, days, args.segment, reach)
        print_warnings("needs priorities", segment_warnings(ws.db, args.segment))
    items = items[: args.limit]
    if args.json:
        for item in items:
            print_json(item)
        return 0
    rows = [
        (i["rank"], i["need_id"], "" if i["score"] is None else number(i["score"]),
         *(factor_cell(f, i["factors"][f]) for f in FACTORS),
         i["accounts"], money(i["arr"]), one_line(i["title"]))
        for i in items
    ]  # fmt: skip
    print_table(("rank", "id", "score", *FACTORS, "accounts", "ARR", "title"), rows,
                right=range(9))  # fmt: skip
    if any_set_by_a_person(i["factors"] for i in items):
        print(FOOTNOTE)
    if any_defaulted(i["factors"] for i in items):
        print(DEFAULT_FOOTNOTE)
    return 0


def decide_command(args: argparse.Namespace) -> int:
    """Ship or decline: the route's PATCH {"status"}, whose outbox is written in the same
    transaction; --dry-run writes nothing and says who would be told, from the route's preview
    (GET /v1/needs/{id}/recipients)."""
    kind = args.kind
    if args.dry_run:
        return preview_decision(args.id, kind)
    from api.feedback.cli import free_settings
    from api.loop.outbox import skipped
    from api.loop.service import outbox
    from api.needs.schemas import NeedUpdate
    from api.needs.service import get_need, update_need

    free_settings(decide_instead(args.id, kind))  # a server holds the store: decide through it
    with opened(vectors=True) as ws:
        with ws.db.session() as session:
            before = get_need(session, args.id).status
        update_need(ws, args.id, NeedUpdate(status=kind), actor="cli")
        with ws.db.session() as session:
            queued = [r for r in outbox(session, args.id, ("pending",)) if r.kind == kind]
            opted_out = skipped(session, args.id)
    if before == kind:
        print(f"need {args.id} was already {kind}: nothing new queued")
        return 0
    print(f"need {args.id} {kind}: {plural(len(queued), 'notification')} queued (the worker sends them; "
          "`boucle loop send` sends what is due now)"
          + (f"; {opted_out} skipped: opted out of notifications" if opted_out else ""))  # fmt: skip
    return 0


def decide_instead(need_id: int, kind: str) -> str:
    """How to ship or decline while a server holds the store: its PATCH (it said to `boucle
    import --url`, which decides nothing)."""
    from api.vectors.edge import server_named

    return (
        f'decide through it: PATCH /v1/needs/{need_id} at {server_named()} ({{"status": "{kind}"}})'
    )


def preview_decision(need_id: int, kind: str) -> int:
    from api.errors import Conflict
    from api.loop.preview import preview_recipients
    from api.needs.service import get_need

    with opened() as ws, ws.db.session() as session:
        need = get_need(session, need_id)
        if need.merged_into_id is not None:  # as the real decision refuses it
            raise Conflict(f"need {need_id} was merged into {need.merged_into_id}: decide that one")
        if need.status == kind:  # as the real decision: nothing changes, nobody is told again
            print(f"need {need_id} is already {kind}: nothing would change (dry run, nothing "
                  "written)")  # fmt: skip
            return 0
        preview = preview_recipients(session, need_id, kind, ws.settings.notify_channel)
    print(f"need {need_id} would be {kind}: {preview['to_notify']} to notify, "
          f"{preview['excluded']} excluded"
          + (f", {preview['opted_out']} of them opted out of notifications"
             if preview["opted_out"] else "")
          + " (dry run, nothing written)")  # fmt: skip
    print_recipients(preview["recipients"])
    print_messages(preview["recipients"])
    return 0


def print_recipients(people: list[dict]) -> None:
    from api.terminal import money, one_line, print_table

    if people:
        rows = [(p["name"] or "", p["email"] or "(no address)",
                 p["account_name"] or p["account_id"] or "", money(p["arr"]),
                 one_line(p["excluded"] or "-", 200)) for p in people]  # fmt: skip
        print_table(("name", "email", "account", "ARR", "excluded"), rows, right=(3,))


def print_messages(people: list[dict]) -> None:
    """Each message the decision would send, as its person would read it (the preview's
    subject and body, its unsubscribe link said, not given): proofread before deciding."""
    from api.terminal import shown

    tab = "\t"  # kept: a body's tab is layout
    for p in people:
        if p["excluded"] is None:  # a person left out is sent nothing
            to = " ".join(filter(None, (p["name"], f"<{p['email']}>" if p["email"] else None)))
            print(f"\nmessage to {shown(to or 'contact ' + p['contact_id'])} ({p['language']})")
            print(f"  subject: {shown(p['subject'])}")
            lines = p["body"].strip().splitlines()  # the body's line breaks kept, as it reads
            print("\n".join(f"  | {shown(line, tab)}".rstrip() for line in lines))


def register(commands) -> None:
    needs = commands.add_parser("needs", help="the needs backlog: list, show, RICE, ship")
    sub = needs.add_subparsers(dest="needs_command", required=True)
    listing = sub.add_parser("list", help="needs with their impact (merged ones left out)")
    listing.add_argument("--status", choices=STATUSES)
    listing.add_argument("--sort", choices=SORTS, default="id", help="biggest first; default id")
    listing.add_argument("--segment", help="only needs with evidence from this account segment, "
                         "counting only that evidence")  # fmt: skip
    listing.add_argument("--account", help="only needs with evidence from this account's "
                         "feedback (its id)")  # fmt: skip
    listing.add_argument("--limit", type=positive, help="at most this many")
    listing.add_argument("--json", action="store_true", help=JSON_LINES)
    listing.set_defaults(run=list_command)

    show = sub.add_parser("show", help="one need: impact by segment, RICE, top quotes")
    show.add_argument("id", type=positive)
    show.add_argument("--evidence", type=positive, default=100,
                      help="quotes listed under evidence in --json (default 100)")  # fmt: skip
    show.add_argument("--json", action="store_true", help=JSON_DOCUMENT)
    show.set_defaults(run=show_command)

    ranked = sub.add_parser("priorities", help="open needs ranked by RICE")
    ranked.add_argument("--reach", choices=REACHES, help="default BOUCLE_RICE_REACH")
    ranked.add_argument("--window-days", type=positive, help="default BOUCLE_RICE_WINDOW_DAYS")
    ranked.add_argument("--segment", help="count only evidence from this account segment")
    ranked.add_argument("--limit", type=positive, help="the first N only")
    ranked.add_argument("--json", action="store_true", help=JSON_LINES)
    ranked.set_defaults(run=priorities_command)

    for kind, verb in (("shipped", "ship"), ("declined", "decline")):
        decide = sub.add_parser(verb, help=f"mark a need {kind} and queue its customers' "
                                "notifications, as PATCH /v1/needs/{id} does")  # fmt: skip
        decide.add_argument("id", type=positive)
        decide.add_argument("--dry-run", action="store_true",
                            help="write nothing: list who would be notified and the "
                            "message each would get")  # fmt: skip
        decide.set_defaults(run=decide_command, kind=kind)
