"""The internal digest: top needs by RICE, emerging themes, loops closed in the period."""

from datetime import datetime

from sqlalchemy import select

from api.loop.recipients import address
from api.loop.service import period_bounds
from api.priorities.service import priorities
from api.storage.loop_tables import Notification
from api.storage.tables import Need, Theme
from api.themes.emerging import EmergingTest, emerging
from api.workspace import Workspace


def digest(ws: Workspace, period: str, as_of: datetime | None = None, top: int = 5) -> dict:
    since, until = period_bounds(period, as_of)
    ranked = priorities(ws, ws.settings.rice_window_days, None, ws.settings.rice_reach,
                        as_of=until)[:top]  # fmt: skip
    window = {"day": 1, "week": 7, "month": 30}[period]
    with ws.db.session() as session:
        rising = emerging(session, until, EmergingTest(window_days=window))
        names = {t.id: t.name for t in session.scalars(
            select(Theme).where(Theme.id.in_([e.theme_id for e in rising])))}  # fmt: skip
        sent = session.execute(
            select(Need.id, Need.title, Need.status, Notification.email, Notification.contact_id)
            .join(Notification, Notification.need_id == Need.id)
            .where(Notification.sent_at >= since, Notification.sent_at <= until)
        ).all()
    closures: dict[int, dict] = {}
    told: dict[int, set[str]] = {}  # people, not rows: one address under several contact ids
    for need_id, title, status, email, contact_id in sent:
        closures.setdefault(need_id, {"need_id": need_id, "title": title, "status": status})
        told.setdefault(need_id, set()).add(address(email) or f"contact:{contact_id}")
    for need_id, entry in closures.items():
        entry["notified"] = len(told[need_id])
    return {
        "period": period, "since": since, "until": until,
        "top_needs": [{k: item[k] for k in ("rank", "need_id", "title", "score", "accounts",
                                            "arr", "insights")} for item in ranked],
        "emerging_themes": [{"theme_id": e.theme_id, "name": names.get(e.theme_id, "?"),
                             "recent": e.recent, "baseline": e.baseline, "new": e.new,
                             "p_value": e.p_value} for e in rising],
        "loop_closures": list(closures.values()),
    }  # fmt: skip


def need_line(n: dict) -> str:
    score = n["score"] if n["score"] is not None else "n/a (effort not set)"
    return f"{n['rank']}. **{n['title']}**: RICE {score}, {n['accounts']} accounts, ARR {n['arr']:,.0f}"


def theme_line(t: dict, period: str) -> str:
    since = "new theme" if t["new"] else f"baseline {t['baseline']}"
    return f"- **{t['name']}**: {t['recent']} insights this {period} ({since})"


def as_markdown(d: dict) -> str:
    lines = [f"# Boucle digest: {d['period']} to {d['until']:%Y-%m-%d}", "", "## Top needs (RICE)"]
    lines += [need_line(n) for n in d["top_needs"]] or ["(none)"]
    lines += ["", "## Emerging themes"]
    lines += [theme_line(t, d["period"]) for t in d["emerging_themes"]] or ["(none)"]
    lines += ["", "## Loops closed"]
    lines += [f"- {c['title']} ({c['status']}): {c['notified']} customers told"
              for c in d["loop_closures"]] or ["(none)"]  # fmt: skip
    return "\n".join(lines) + "\n"
