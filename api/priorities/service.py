"""Needs ranked by evidence-based RICE, with every factor, how it was derived, and the quotes."""

import io
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from api.needs.impact import Window, evidence, impact_of, segment_window
from api.needs.service import pending_suggestions
from api.priorities.overrides import in_force
from api.priorities.reach import Reach
from api.priorities.rice import FACTORS, Factor, rice
from api.search.cells import inert, score_cell
from api.search.export import csv_writer
from api.storage.tables import Need
from api.workspace import Workspace

OPEN = ("open", "planned", "in_progress")


def priorities(
    ws: Workspace,
    window_days: int,
    segment: str | None,
    reach: Reach,
    statuses: tuple[str, ...] = OPEN,
    as_of: datetime | None = None,
) -> list[dict]:
    """Needs ranked by RICE on the evidence of the window that ends `as_of` (now)."""
    until = as_of or datetime.now(UTC)
    window = Window(since=until - timedelta(days=window_days), until=until, segment=segment)
    with ws.db.session() as session:
        window = segment_window(session, window)
        needs = list(
            session.scalars(
                select(Need).where(Need.status.in_(statuses), Need.merged_into_id.is_(None))
            )
        )
        rows_by_need: dict[int, list] = {need.id: [] for need in needs}
        for row in evidence(session, list(rows_by_need), window):
            rows_by_need[row.need_id].append(row)
        # the window and segment the reach counts in: the backlog's figure for that segment
        waiting = pending_suggestions(session, list(rows_by_need), window)
    ranked = []
    for need in needs:
        rows = rows_by_need[need.id]
        overrides, set_aside = in_force(need.rice_overrides or {}, reach, segment,
                                        ws.settings.rice_reach)  # fmt: skip
        score, factors = rice(rows, need.effort, overrides, reach, ws.settings.rice_default_effort)
        if not rows:
            say_no_evidence(factors["reach"], window_days, segment)
        if set_aside:
            factors["reach"].how += f"; {set_aside}"
        pending = waiting.get(need.id, (0, None))[0]
        if pending and not factors["reach"].overridden:
            factors[
                "reach"
            ].how += f"; leaves out {pending} suggestion{'s' * (pending != 1)} waiting for review"
        impact = impact_of(rows, window, quotes=3)
        ranked.append({
            "need_id": need.id, "title": need.title, "status": need.status, "score": score,
            "factors": {name: vars(factors[name]) for name in FACTORS},
            "accounts": impact["accounts"], "arr": impact["arr"], "insights": impact["insights"],
            "evidence": impact["quotes"], "no_evidence": not rows, "pending_suggestions": pending,
        })  # fmt: skip
    ranked.sort(key=rank_key)
    for rank, item in enumerate(ranked, start=1):
        item["rank"] = rank
    return ranked


def say_no_evidence(reach: Factor, window_days: int, segment: str | None) -> None:
    """Why a need scores 0 and ranks last: nothing of the window (and segment) links to it."""
    scope = f" from segment '{segment}'" if segment else ""
    reach.how = (
        f"no evidence{scope} in the last {window_days} days, so ranked after every need with "
        f"evidence ({reach.how})"
    )


def rank_key(item: dict) -> tuple:
    """Needs with evidence in the window before those with none (whatever a person overrode):
    among each, scored needs first, best first (an unset effort takes the default, so every need
    is scored); then needs without a score (none but by a direct `rice` call), by ARR; then
    those that scored 0, which were ranked above the unscored ones although their evidence says
    least."""
    score = item["score"]
    group = 0 if score else 1 if score is None else 2
    return not item["insights"], group, -(score or 0), -item["arr"], item["need_id"]


def matrix(items: list[dict]) -> list[dict]:
    """Impact / effort points for the page's matrix."""
    return [
        {"need_id": i["need_id"], "title": i["title"], "impact": i["factors"]["impact"]["value"],
         "effort": i["factors"]["effort"]["value"], "reach": i["factors"]["reach"]["value"]}
        for i in items
    ]  # fmt: skip


CSV_COLUMNS = (
    "rank", "need_id", "title", "status", "score", *FACTORS,
    *(f"{f}_overridden" for f in FACTORS), "effort_defaulted", "no_evidence",
    "pending_suggestions", "accounts", "arr", "insights", "reach_unit",
)  # fmt: skip


def as_csv(items: list[dict]) -> str:
    """The ranking as the JSON has it; numbers as every export writes them (an ARR 985900, not
    985900.0)."""
    out = io.StringIO()
    writer = csv_writer(out, excel=False)  # booleans true/false, as every CSV file writes them
    writer.writerow(CSV_COLUMNS)
    for i in items:
        factors = i["factors"]
        # a title may be a customer's quote pasted in: never a formula in a spreadsheet
        writer.writerow([i["rank"], i["need_id"], inert(i["title"]), i["status"],
                         score_cell(i["score"]), *(score_cell(factors[f]["value"]) for f in FACTORS),
                         *(factors[f]["overridden"] for f in FACTORS),
                         factors["effort"]["defaulted"], i["no_evidence"], i["pending_suggestions"],
                         i["accounts"], score_cell(i["arr"]), i["insights"],
                         factors["reach"]["unit"]])  # fmt: skip
    return out.getvalue()
