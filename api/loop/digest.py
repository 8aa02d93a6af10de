"""The internal digest: top needs by RICE, emerging themes, NPS and CSAT, loops closed in the
period."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.loop.counts import loop_closed
from api.loop.recipients import address
from api.loop.service import period_bounds
from api.money import money
from api.priorities.service import priorities
from api.storage.loop_tables import Notification
from api.storage.tables import Need, Theme
from api.themes.emerging import EmergingTest, emerging
from api.voc.nps import csat_report, nps_report
from api.voc.schemas import CsatReport, NpsReport, too_few
from api.voc.service import CHUNK
from api.voc.sources import CSAT_SOURCE, NPS_SOURCE
from api.wording import plural
from api.workspace import Workspace


@dataclass(frozen=True)
class VocSources:
    """The sources the digest's NPS and CSAT count, as /v1/voc/nps and /v1/voc/csat's `source`:
    one each, so store ratings (app_store) can be its CSAT while NPS stays nps_survey's."""

    nps: str = NPS_SOURCE
    csat: str = CSAT_SOURCE

    @classmethod
    def asked(cls, source: str | None = None, nps: str | None = None,
              csat: str | None = None) -> "VocSources":  # fmt: skip
        """`source` sets both; `nps` and `csat` each set their own, over `source`."""
        return cls(nps or source or NPS_SOURCE, csat or source or CSAT_SOURCE)


SURVEYS = VocSources()  # nps_survey and csat_survey, unless a source is asked


def survey_scores(ws: Workspace, since: datetime, until: datetime,
                  sources: VocSources = SURVEYS) -> dict:  # fmt: skip
    """NPS and CSAT of the period, their change against the period just before, and how many
    answers each of the two rests on: under FEW_ANSWERS, as on the page's VoC view, too few to
    rely on (a change from a period of 1 answer says so). Counted as GET /v1/voc/nps and
    /v1/voc/csat count them from `since` to `until`: the items of each one's source (by default
    nps_survey and csat_survey), and those whose metadata names the survey."""
    zone = ws.settings.timezone
    with ws.db.session() as session:
        nps = nps_report(session, sources.nps, "month", None, since, until, zone)
        csat = csat_report(session, sources.csat, "month", None, since, until, zone)
    return {"nps": score_of(nps, nps.overall.nps), "csat": score_of(csat, csat.overall.average)}


def score_of(report: NpsReport | CsatReport, score: float | None) -> dict:
    before = report.previous.overall.responses if report.previous else 0
    return {"score": score, "change": report.change, "responses": report.overall.responses,
            "few_answers": too_few(report.overall.responses), "previous_responses": before,
            "previous_few_answers": too_few(before), "source": report.source}  # fmt: skip


def digest(ws: Workspace, period: str, as_of: datetime | None = None, top: int = 5,
           sources: VocSources = SURVEYS) -> dict:  # fmt: skip
    since, until = period_bounds(period, as_of)
    ranked = priorities(ws, ws.settings.rice_window_days, None, ws.settings.rice_reach,
                        as_of=until)[:top]  # fmt: skip
    window = {"day": 1, "week": 7, "month": 30}[period]
    with ws.db.session() as session:
        test = EmergingTest(window_days=window)
        rising = emerging(session, until, test)
        names = {t.id: t.name for t in session.scalars(
            select(Theme).where(Theme.id.in_([e.theme_id for e in rising])))}  # fmt: skip
        sent = session.execute(
            select(Need.id, Need.title, Need.status, Notification.kind, Notification.email,
                   Notification.contact_id)
            .join(Notification, Notification.need_id == Need.id)
            .where(Notification.sent_at >= since, Notification.sent_at <= until)
            .order_by(Need.id, Notification.kind)
        ).all()  # fmt: skip
        rows_of = messages_of(session, {need_id for need_id, *_ in sent})
    # per need and decision told (its kind: a decline told before it shipped is a decline)
    closures: dict[tuple[int, str], dict] = {}
    told: dict[tuple[int, str], set[str]] = {}  # people, not rows: one address, several ids
    for need_id, title, status, kind, email, contact_id in sent:
        closures.setdefault((need_id, kind), {"need_id": need_id, "title": title, "kind": kind,
                                              "status": status})  # fmt: skip
        told.setdefault((need_id, kind), set()).add(address(email) or f"contact:{contact_id}")
    for key, entry in closures.items():
        entry["notified"] = len(told[key])
        # closed as GET /v1/loop/metrics counts it: what they were told is the decision now,
        # and nobody it tells is left untold (an undeliverable address leaves it open)
        entry["closed"] = entry["kind"] == entry["status"] and loop_closed(
            rows_of[entry["need_id"]], entry["status"]
        )
    return {
        "period": period, "since": since, "until": until, "currency": ws.settings.currency,
        "reach": ws.settings.rice_reach,
        "top_needs": [top_need(item) for item in ranked],
        "emerging_themes": [{"theme_id": e.theme_id, "name": names.get(e.theme_id, "?"),
                             "recent": e.recent, "baseline": e.baseline,
                             "baseline_days": test.baseline_days, "expected": e.expected,
                             "ratio": e.ratio, "new": e.new, "p_value": e.p_value}
                            for e in rising],
        "voc": survey_scores(ws, since, until, sources),
        "loop_closures": list(closures.values()),
    }  # fmt: skip


def messages_of(session: Session, need_ids: set[int]) -> dict[int, list[Notification]]:
    """Every message of these needs, whenever sent: whether each loop is closed."""
    rows: dict[int, list[Notification]] = defaultdict(list)
    ids = sorted(need_ids)
    for start in range(0, len(ids), CHUNK):
        query = select(Notification).where(Notification.need_id.in_(ids[start : start + CHUNK]))
        for row in session.scalars(query):
            rows[row.need_id].append(row)
    return rows


def top_need(item: dict) -> dict:
    """A ranked need as the digest lists it, with its reach in the unit it was counted in."""
    reach = item["factors"]["reach"]
    return {**{k: item[k] for k in ("rank", "need_id", "title", "score", "accounts", "arr",
                                    "insights")},
            "reach": reach["value"], "reach_unit": reach["unit"]}  # fmt: skip


def reach_words(n: dict) -> str:
    """Its accounts, and the people or feedback items its reach counted where it counted them
    (an app's anonymous reviewers: 0 accounts, 39 people; 7 customers (6 accounts, 1 person))."""
    words = plural(n["accounts"], "account")
    count, unit = int(n.get("reach") or 0), n.get("reach_unit")
    if unit == "customers":  # the accounts and the people with none, as reach counted them
        people = plural(count - n["accounts"], "person", "people")
        return f"{plural(count, 'customer')} ({words}, {people})"
    if unit == "people":
        words += f", {plural(count, 'person', 'people')}"
    elif unit == "feedback":
        words += f", {plural(count, 'feedback item')}"
    return words


def need_line(n: dict, currency: str) -> str:
    score = n["score"] if n["score"] is not None else "n/a (effort not set)"
    return (f"{n['rank']}. **{n['title']}**: RICE {score}, {reach_words(n)}, "
            f"ARR {money(n['arr'], currency)}")  # fmt: skip


def theme_line(t: dict, period: str) -> str:
    """Its count against the count expected in the period at its baseline rate (the baseline is
    several periods long: its count is no period's), as GET /v1/themes/emerging says it."""
    recent = f"- **{t['name']}**: {plural(t['recent'], 'insight')} this {period}"
    if t["new"]:
        return f"{recent} (new theme)"
    return (f"{recent}, {round(t['expected'], 2):g} expected from the {t['baseline']} of the "
            f"{t['baseline_days']} days before (×{round(t['ratio'], 1):g})")  # fmt: skip


def score_line(name: str, s: dict, period: str, unit: str = "") -> str:
    """ "- NPS 42.5 (+3.1 vs previous week), 12 answers from nps_survey"; with too few, only how
    many; a change against a period of too few answers says so."""
    counted = f" from {s['source']}" if s.get("source") else ""  # which items it counts
    answers = plural(s["responses"], "answer") + counted
    if not s["responses"]:
        return f"- {name}: no answers{counted} this {period}"
    if s["few_answers"]:
        return f"- {name}: too few answers to rely on ({answers})"
    shaky = ""
    if s["previous_few_answers"]:
        before = plural(s["previous_responses"], "answer")
        shaky = f", which had only {before}: too few to rely on"
    change = "" if s["change"] is None else f" ({s['change']:+g} vs previous {period}{shaky})"
    return f"- {name} {s['score']:g}{unit}{change}, {answers}"


def closure_line(c: dict) -> str:
    """What they were told; the need's status after, when it changed since."""
    since = "" if c["status"] == c["kind"] else f"; {c['status']} since"
    return f"- {c['title']} ({c['kind']}{since}): {plural(c['notified'], 'customer')} told"


def as_markdown(d: dict) -> str:
    lines = [f"# Boucle digest: {d['period']} to {d['until']:%Y-%m-%d}", "", "## Top needs (RICE)"]
    lines += [need_line(n, d["currency"]) for n in d["top_needs"]] or ["(none)"]
    lines += ["", "## Emerging themes"]
    lines += [theme_line(t, d["period"]) for t in d["emerging_themes"]] or ["(none)"]
    lines += ["", "## Voice of the customer",
              score_line("NPS", d["voc"]["nps"], d["period"]),
              score_line("CSAT", d["voc"]["csat"], d["period"], " / 5")]  # fmt: skip
    lines += ["", "## Loops closed"]
    lines += [closure_line(c) for c in d["loop_closures"] if c["closed"]] or ["(none)"]
    if still_open := [closure_line(c) for c in d["loop_closures"] if not c["closed"]]:
        lines += ["", "## Customers told, loop still open", *still_open]
    return "\n".join(lines) + "\n"
