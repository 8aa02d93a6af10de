"""`boucle voc nps|csat|health|at-risk`: the voice of the customer from a terminal, through the
functions the /v1/voc routes call. SQL only (no models, no vector store): it runs beside a
serving `boucle serve`."""

import argparse
import sys
from datetime import datetime
from typing import get_args

from api.terminal import JSON_DOCUMENT, JSON_LINES, positive, stored
from api.wording import plural


def moment(end_of_day: bool, past: bool = False):
    """An argparse type reading a day or an ISO 8601 time as the API's query parameters do;
    `past`: not in the future (api/params.not_after_today)."""

    def read(value: str) -> datetime:
        from pydantic import TypeAdapter, ValidationError

        from api.params import MomentFrom, MomentTo, not_after_today

        try:
            read = TypeAdapter(MomentTo if end_of_day else MomentFrom).validate_python(value)
        except ValidationError:
            raise argparse.ArgumentTypeError(
                f"{value!r}: write a day (2026-11-01) or an ISO 8601 time (2026-11-01T09:00Z)"
            ) from None
        try:
            return not_after_today(read) if past else read
        except ValueError as error:
            raise argparse.ArgumentTypeError(f"{value!r}: {error}") from None

    return read


def score_command(args: argparse.Namespace) -> int:
    """`boucle voc nps` and `boucle voc csat`: the report of GET /v1/voc/nps (csat), periods in
    BOUCLE_TIMEZONE as the API buckets them."""
    from api.search.cli_filters import print_warnings
    from api.terminal import opened, print_json, print_table
    from api.voc import nps
    from api.voc.schemas import FEW_ANSWERS

    if args.created_from and args.created_to and args.created_from > args.created_to:
        print(f"boucle voc {args.survey}: --from is after --to: swap them", file=sys.stderr)
        return 2
    build = nps.nps_report if args.survey == "nps" else nps.csat_report
    with opened() as ws, ws.db.session() as session:
        report = build(session, args.source, args.period, args.segment, args.created_from,
                       args.created_to, ws.settings.timezone)  # fmt: skip
    print_warnings(f"voc {args.survey}", report.warnings)
    if args.json:
        print_json(report)
        return 0
    print(SUMMARIES[args.survey](report.overall, report.ignored))
    if caveat := few_answers(report.overall.responses):
        print(caveat)
    if report.previous:
        print(compared(args.survey, report))
    headers = COLUMNS[args.survey]
    for title, groups in (("period", report.periods), ("segment", report.segments)):
        if groups:
            print()
            # the API's label: a month in progress reads "Dec 2026 (to 7 Dec)", not as whole
            rows = [(getattr(g, "label", None) or getattr(g, "segment", ""),
                     *CELLS[args.survey](g), THIN if too_few(g.responses) else "") for g in groups]  # fmt: skip
            print_table((title, *headers, ""), rows, right=range(1, len(headers) + 1))
            if any(too_few(g.responses) for g in groups):
                print(f"{THIN}: under {FEW_ANSWERS} answers, one more or less moves it a lot")
    return 0


THIN = "too few answers"  # a row resting on under FEW_ANSWERS answers (the API's few_answers)


def nps_summary(overall, ignored: int) -> str:
    score = "none" if overall.nps is None else overall.nps
    return (f"NPS {score} from {plural(overall.responses, 'answer')} ({plural(overall.promoters, 'promoter')}, "
            f"{plural(overall.passives, 'passive')}, {plural(overall.detractors, 'detractor')}); {ignored} "
            "ignored (no score, outside 0-10 or not whole)")  # fmt: skip


def csat_summary(overall, ignored: int) -> str:
    average = "none" if overall.average is None else overall.average
    satisfied = f" ({share})" if (share := satisfied_percent(overall.satisfied_share)) else ""
    return (
        f"CSAT {average} / 5 from {plural(overall.responses, 'answer')}, {overall.satisfied} "
        f"satisfied (4-5){satisfied}; {ignored} ignored (no score, outside 1-5 or not whole)"
    )


def satisfied_percent(share: float | None) -> str:
    return "" if share is None else f"{share:.0%}"


def compared(survey: str, report) -> str:
    """The window just before the report's own, as many days long, and the change since; a
    change from or to too few answers says so."""
    field = "nps" if survey == "nps" else "average"
    before = getattr(report.previous.overall, field)
    answers = report.previous.overall.responses
    change = "none" if report.change is None else f"{report.change:+g}"
    if report.change is not None and too_few(min(answers, report.overall.responses)):
        change += " (too few answers to compare)"
    return (f"The previous {plural(report.previous.days, 'day')}: {survey.upper()} "
            f"{'none' if before is None else before} from {plural(answers, 'answer')}"
            f"{', too few to rely on' if too_few(answers) else ''}; change {change}")  # fmt: skip


def few_answers(responses: int) -> str | None:
    """The line under a figure resting on too few answers."""
    from api.voc.schemas import FEW_ANSWERS

    if not too_few(responses):
        return None
    return (
        f"Too few answers to rely on (under {FEW_ANSWERS}): one answer more or less moves it a lot."
    )


def too_few(responses: int) -> bool:
    """As the API's `few_answers`; no answer at all is none ("from 0 answers" says it)."""
    from api.voc import schemas

    return bool(responses) and schemas.too_few(responses)


SUMMARIES = {"nps": nps_summary, "csat": csat_summary}
COLUMNS = {
    "nps": ("answers", "promoters", "passives", "detractors", "NPS"),
    "csat": ("answers", "average", "1", "2", "3", "4", "5", "satisfied"),
}
CELLS = {
    "nps": lambda g: (g.responses, g.promoters, g.passives, g.detractors, g.nps),
    "csat": lambda g: (
        g.responses,
        g.average,
        *g.distribution.values(),
        satisfied_percent(g.satisfied_share),
    ),  # fmt: skip
}


def health_command(args: argparse.Namespace) -> int:
    from api.terminal import money, print_json, print_table, shown
    from api.voc.health import AT_RISK_BELOW, account_health
    from api.voc.service import now

    with stored() as session:
        health = account_health(session, args.account, args.as_of or now())
    if args.json:
        print_json(health)
        return 0
    score = "none (no signal yet)" if health.score is None else f"{health.score} / 100"
    print(shown(f"{health.account_id} ({health.name or 'no name'}, {health.segment or 'no segment'}, "
                f"ARR {money(health.arr) or '-'}): health {score}, coverage {health.coverage}"))  # fmt: skip
    rows = [(c.name, "" if c.score is None else c.score, c.weight, c.reason or "")
            for c in health.components]  # fmt: skip
    print_table(("signal", "score", "weight", "why it is low"), rows, right=(1, 2))
    if health.reasons:  # "at risk" only under the line: a healthy score has reasons too
        at_risk = health.score is not None and health.score < AT_RISK_BELOW
        print(f"at risk (under {AT_RISK_BELOW:g}) because:" if at_risk
              else "not at risk; what pulls the score down:")  # fmt: skip
    for reason in health.reasons:
        print(shown(f"  - {reason}"))
    return 0


def at_risk_command(args: argparse.Namespace) -> int:
    from api.search.cli_filters import print_warnings
    from api.terminal import money, print_json, print_table
    from api.voc.health import at_risk
    from api.voc.service import now

    with stored() as session:
        found = at_risk(session, args.as_of or now(), args.limit, args.segment)
    print_warnings("voc at-risk", found.warnings)
    if args.json:
        for item in found.items:
            print_json(item)
        return 0
    # in ranked order: the score with few answers weighed against the workspace's (see ranked)
    rows = [(a.account_id, a.name or "", a.segment or "", money(a.arr), a.score, a.ranked_score,
             a.answers, "; ".join(a.reasons)) for a in found.items]  # fmt: skip
    print_table(("account", "name", "segment", "ARR", "score", "ranked", "answers", "reasons"),
                rows, right=(3, 4, 5, 6))  # fmt: skip
    print(f"{plural(found.at_risk, 'account')} at risk (under 50), "
          f"ARR at risk {money(found.arr_at_risk)}")  # fmt: skip
    return 0


def register(commands) -> None:
    from api.themes.periods import Period
    from api.voc.sources import CSAT_SOURCE, NPS_SOURCE  # not the service: it loads analyzer code

    voc = commands.add_parser(
        "voc", help="voice of the customer: NPS, CSAT, account health, at risk"
    )
    sub = voc.add_subparsers(dest="voc_command", required=True)
    for survey, source, what in (("nps", NPS_SOURCE, "NPS"), ("csat", CSAT_SOURCE, "CSAT")):
        scores = sub.add_parser(survey, help=f"{what} overall, per period and per segment")
        scores.add_argument("--period", choices=get_args(Period), default="month",
                            help="from midnight in BOUCLE_TIMEZONE; default month")  # fmt: skip
        scores.add_argument("--segment", action="append", metavar="SEGMENT",
                            help="repeat for several; 'unknown': no account/segment")  # fmt: skip
        scores.add_argument("--from", dest="created_from", type=moment(False), metavar="DATE",
                            help="a day starts at its midnight in BOUCLE_TIMEZONE")  # fmt: skip
        scores.add_argument("--to", dest="created_to", type=moment(True), metavar="DATE",
                            help="a day counts whole")  # fmt: skip
        scores.add_argument("--source", default=source, help=f"default {source}")
        scores.add_argument("--json", action="store_true", help=JSON_DOCUMENT)
        scores.set_defaults(run=score_command, survey=survey)

    health = sub.add_parser("health", help="one account's health score and its signals")
    health.add_argument("account", help="the account id")
    health.add_argument("--as-of", type=moment(True, past=True), metavar="DATE", help="default now")
    health.add_argument("--json", action="store_true", help=JSON_DOCUMENT)
    health.set_defaults(run=health_command)

    risky = sub.add_parser("at-risk", help="accounts least healthy first, with the reasons")
    risky.add_argument("--limit", type=positive, default=20, help="default 20")
    risky.add_argument("--segment", action="append", metavar="SEGMENT", help="repeat for several")
    risky.add_argument("--as-of", type=moment(True, past=True), metavar="DATE", help="default now")
    risky.add_argument("--json", action="store_true", help=JSON_LINES)
    risky.set_defaults(run=at_risk_command)
