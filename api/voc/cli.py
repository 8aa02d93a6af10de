"""`boucle voc nps|health|at-risk`: the voice of the customer from a terminal, through the
functions the /v1/voc routes call. SQL only (no models, no vector store): it runs beside a
serving `boucle serve`."""

import argparse
import sys
from datetime import datetime

from api.terminal import JSON_DOCUMENT, JSON_LINES, positive, stored


def moment(end_of_day: bool):
    """An argparse type reading a day or an ISO 8601 time as the API's query parameters do."""

    def read(value: str) -> datetime:
        from pydantic import TypeAdapter, ValidationError

        from api.params import MomentFrom, MomentTo

        try:
            return TypeAdapter(MomentTo if end_of_day else MomentFrom).validate_python(value)
        except ValidationError:
            raise argparse.ArgumentTypeError(
                f"{value!r}: write a day (2026-11-01) or an ISO 8601 time (2026-11-01T09:00Z)"
            ) from None

    return read


def nps_command(args: argparse.Namespace) -> int:
    from api.terminal import print_json, print_table
    from api.voc.nps import nps_report

    if args.created_from and args.created_to and args.created_from > args.created_to:
        print("boucle voc nps: --from is after --to: swap them", file=sys.stderr)
        return 2
    with stored() as session:
        report = nps_report(session, args.source, args.period, args.segment, args.created_from,
                            args.created_to)  # fmt: skip
    if args.json:
        print_json(report)
        return 0
    overall = report.overall
    score = "none" if overall.nps is None else overall.nps
    print(f"NPS {score} from {overall.responses} answers ({overall.promoters} promoters, "
          f"{overall.passives} passives, {overall.detractors} detractors); {report.ignored} "
          "ignored (no score, or outside 0-10)")  # fmt: skip
    if report.previous:
        before = report.previous.overall.nps
        print(f"The previous {report.previous.days} days: NPS "
              f"{'none' if before is None else before} from {report.previous.overall.responses} "
              f"answers; change {'none' if report.change is None else f'{report.change:+g}'}")  # fmt: skip
    headers = ("answers", "promoters", "passives", "detractors", "NPS")
    for title, groups in (("period", report.periods), ("segment", report.segments)):
        if groups:
            print()
            rows = [(getattr(g, "period_start", None) or getattr(g, "segment", ""), g.responses,
                     g.promoters, g.passives, g.detractors, g.nps) for g in groups]  # fmt: skip
            print_table((title, *headers), rows, right=range(1, 6))
    return 0


def health_command(args: argparse.Namespace) -> int:
    from api.terminal import money, print_json, print_table
    from api.voc.health import account_health
    from api.voc.service import now

    with stored() as session:
        health = account_health(session, args.account, args.as_of or now())
    if args.json:
        print_json(health)
        return 0
    score = "none (no signal yet)" if health.score is None else f"{health.score} / 100"
    print(f"{health.account_id} ({health.name or 'no name'}, {health.segment or 'no segment'}, "
          f"ARR {money(health.arr) or '-'}): health {score}, coverage {health.coverage}")  # fmt: skip
    rows = [(c.name, "" if c.score is None else c.score, c.weight, c.reason or "")
            for c in health.components]  # fmt: skip
    print_table(("signal", "score", "weight", "why it is low"), rows, right=(1, 2))
    for reason in health.reasons:
        print(f"at risk: {reason}")
    return 0


def at_risk_command(args: argparse.Namespace) -> int:
    from api.terminal import money, print_json, print_table
    from api.voc.health import at_risk
    from api.voc.service import now

    with stored() as session:
        found = at_risk(session, args.as_of or now(), args.limit, args.segment)
    if args.json:
        for item in found.items:
            print_json(item)
        return 0
    rows = [(a.account_id, a.name or "", a.segment or "", money(a.arr), a.score,
             "; ".join(a.reasons)) for a in found.items]  # fmt: skip
    print_table(("account", "name", "segment", "ARR", "score", "reasons"), rows, right=(3, 4))
    return 0


def register(commands) -> None:
    from api.voc.service import NPS_SOURCE

    voc = commands.add_parser("voc", help="voice of the customer: NPS, account health, at risk")
    sub = voc.add_subparsers(dest="voc_command", required=True)
    nps = sub.add_parser("nps", help="NPS overall, per period and per segment")
    nps.add_argument("--period", choices=("day", "week", "month"), default="month")
    nps.add_argument("--segment", action="append", metavar="SEGMENT",
                     help="repeat for several; 'unknown' is no account or segment")  # fmt: skip
    nps.add_argument("--from", dest="created_from", type=moment(False), metavar="DATE")
    nps.add_argument("--to", dest="created_to", type=moment(True), metavar="DATE",
                     help="a day counts whole")  # fmt: skip
    nps.add_argument("--source", default=NPS_SOURCE, help=f"default {NPS_SOURCE}")
    nps.add_argument("--json", action="store_true", help=JSON_DOCUMENT)
    nps.set_defaults(run=nps_command)

    health = sub.add_parser("health", help="one account's health score and its signals")
    health.add_argument("account", help="the account id")
    health.add_argument("--as-of", type=moment(True), metavar="DATE", help="default now")
    health.add_argument("--json", action="store_true", help=JSON_DOCUMENT)
    health.set_defaults(run=health_command)

    risky = sub.add_parser("at-risk", help="accounts least healthy first, with the reasons")
    risky.add_argument("--limit", type=positive, default=20, help="default 20")
    risky.add_argument("--segment", action="append", metavar="SEGMENT", help="repeat for several")
    risky.add_argument("--as-of", type=moment(True), metavar="DATE", help="default now")
    risky.add_argument("--json", action="store_true", help=JSON_LINES)
    risky.set_defaults(run=at_risk_command)
