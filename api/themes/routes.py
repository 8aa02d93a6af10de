"""/v1/themes: the tree, one theme, trends, emerging themes, edits, refits; /v1/jobs."""

from datetime import UTC, datetime, timedelta
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request, Response, status
from fastapi.responses import StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.downloads import EXCEL, TEXT, attachment
from api.errors import may_answer
from api.feedback.routes import filters_from_query
from api.jobs import JobOut, get_job
from api.needs.impact import Window, segment_window
from api.params import IdPath, MomentTo, reader_languages
from api.search.schemas import Filters
from api.search.service import segment_matching_nothing
from api.security import actor, require
from api.storage.loop_tables import ThemeAlert
from api.storage.tables import Theme
from api.themes import service
from api.themes.alerts import alert_test, check_alerts, list_alerts
from api.themes.emerging import EmergingTest, emerging_report, window_texts
from api.themes.emerging import UnthemedGrowth as Growth
from api.themes.emerging_notes import nothing_emerging
from api.themes.files import THEME_COLUMNS, themes_csv
from api.themes.impact import theme_impact
from api.themes.jobs import start_refit
from api.themes.ranking import theme_ranking
from api.themes.removal import delete_theme
from api.themes.schemas import (
    AlertCheck,
    EmergingList,
    EmergingTheme,
    LooseTheme,
    RefitRequest,
    ThemeAlertList,
    ThemeAlertOut,
    ThemeDetail,
    ThemeEdit,
    ThemeMerge,
    ThemeRanking,
    ThemeSeed,
    ThemeTree,
    ThemeTrends,
    UnthemedGrowth,
    WindowQuote,
)
from api.themes.trends import Period, theme_trends
from api.workspace import Workspace

router = APIRouter(tags=["themes"])


def workspace(request: Request) -> Workspace:
    return request.app.state.workspace


FORMAT = (
    "csv: a file, one row per theme (a parent before its themes), its parent's id and name, "
    f"size, accounts, ARR, sentiment mix and trend: {', '.join(THEME_COLUMNS)}."
)


@router.get("/v1/themes", response_model=ThemeTree, dependencies=[require("read")],
            responses={200: {"content": {"text/csv": TEXT}}})  # fmt: skip
def get_theme_tree(
    request: Request,
    languages: tuple[str, ...] = Depends(reader_languages),
    format: Literal["json", "csv"] = Query("json", description=FORMAT),
    excel: bool = EXCEL,
) -> ThemeTree | StreamingResponse:
    """Parents and their themes with size, accounts, ARR, sentiment and an 8-week trend; names
    in the reader's language where a theme mixing languages has one."""
    ws = workspace(request)
    items, unthemed = service.theme_tree(ws.db, languages, ws.settings.timezone)
    if format == "csv":
        return attachment(request, iter([themes_csv(items, excel)]), "csv", "themes")
    return ThemeTree(items=items, unthemed=unthemed)


@router.get("/v1/themes/ranking", responses=may_answer(404), response_model=ThemeRanking,
            dependencies=[require("read")])  # fmt: skip
def get_theme_ranking(
    request: Request,
    level: Literal["theme", "parent"] = Query(
        "theme", description="Rank themes, or the tree's top: parents and top-level themes."
    ),
    limit: int = Query(20, ge=1, le=500),
    filters: Filters = Depends(filters_from_query),
    languages: tuple[str, ...] = Depends(reader_languages),
) -> ThemeRanking:
    """Themes ranked by their insights among those matching the filters of GET /v1/feedback
    (read on each insight, as the insights export reads them), with their share: the themes
    behind detractors are `?source=nps_survey&score_max=6`, behind promoters `score_min=9`."""
    return theme_ranking(workspace(request).db, filters, level, limit, languages)


@router.get("/v1/themes/emerging", response_model=EmergingList, dependencies=[require("read")])
def get_emerging_themes(
    request: Request,
    window_days: int = Query(7, ge=1, le=90),
    baseline_days: int = Query(56, ge=7, le=730),
    min_count: int = Query(5, ge=1, le=1_000_000),
    alpha: float = Query(0.01, gt=0, lt=1),
    as_of: MomentTo | None = Query(
        None,
        description="End of the window (a day: all of it, in BOUCLE_TIMEZONE; no zone: UTC); "
        "now by default.",
    ),
    languages: tuple[str, ...] = Depends(reader_languages),
) -> EmergingList:
    """Themes whose recent rate is significantly above their own baseline, and new themes."""
    ws = workspace(request)
    test = EmergingTest(window_days, baseline_days, min_count, alpha)
    moment = as_of or datetime.now(UTC)
    with ws.db.session() as session:
        found, growth = emerging_report(session, moment, test)
        wanted = {e.theme_id for e in found} | set(growth.loose if growth else ())
        themes = {t.id: t for t in service.active(session) if t.id in wanted}
        # the found themes' own summaries only: the whole tree's took seconds at scale
        tree_items = service.summaries(
            session, list(themes.values()), languages, ws.settings.timezone
        )
        items = [
            EmergingTheme(
                theme=tree_items[e.theme_id],
                recent=e.recent,
                baseline=e.baseline,
                expected=e.expected,
                ratio=e.ratio,
                p_value=e.p_value,
                new=e.new,
                quotes=said_in_window(session, e.theme_id, moment, window_days),
            )  # fmt: skip
            for e in found
            if e.theme_id in themes
        ]
        unthemed = unthemed_out(session, growth, tree_items) if growth else None
        note = None if items or unthemed else nothing_emerging(session, moment, test)
    return EmergingList(
        as_of=moment, window_days=window_days, baseline_days=baseline_days, items=items,
        unthemed=unthemed, note=note,
        test=f"one-sided Poisson, alpha {alpha}, at least {min_count} insights in the window",
    )  # fmt: skip


def said_in_window(session: Session, theme_id: int, moment: datetime,
                   window_days: int) -> list[WindowQuote]:  # fmt: skip
    """The window's 3 distinct texts nearest the theme, each with how many insights say it."""
    said = dict(window_texts(session, theme_id, moment, window_days)[:3])
    quotes = service.quotes_of(session, list(said))
    return [WindowQuote(**quote.model_dump(), said=said[quote.insight_id]) for quote in quotes]


def unthemed_out(session: Session, growth: Growth, summaries: dict) -> UnthemedGrowth:
    """The growth with its loose themes' names (in the reader's language) and 3 quotes."""
    loose = [LooseTheme(id=t, name=summaries[t].name, recent=n)
             for t, n in sorted(growth.loose.items(), key=lambda kv: -kv[1]) if t in summaries]  # fmt: skip
    return UnthemedGrowth(
        recent=growth.recent, baseline=growth.baseline, expected=growth.expected,
        ratio=growth.ratio, p_value=growth.p_value, in_no_theme=growth.in_no_theme, loose=loose,
        quotes=service.quotes_of(session, growth.insight_ids[:3]),
    )  # fmt: skip


AlertStatus = Literal["pending", "sent", "failed", "undeliverable", "not_sent"]


@router.get("/v1/themes/alerts", response_model=ThemeAlertList, dependencies=[require("read")])
def list_theme_alerts(
    request: Request,
    alert_status: AlertStatus | None = Query(None, alias="status"),
    limit: int = Query(50, ge=1, le=500),
) -> ThemeAlertList:
    """Alerts of themes that started emerging, newest first, with their delivery status. The
    worker runs the test every BOUCLE_THEME_ALERT_INTERVAL_S when BOUCLE_THEME_ALERT_WEBHOOK_URL
    is set, and posts each alert there (signed, with an Idempotency-Key). With no such URL, an
    alert waits `pending`, or is `not_sent` once the webhooks registered for theme.emerging took
    it (`last_error` says so)."""
    ws = workspace(request)
    with ws.db.session() as session:
        items = [ThemeAlertOut.model_validate(row, from_attributes=True)
                 for row in list_alerts(session, alert_status, limit)]  # fmt: skip
    return ThemeAlertList(webhook=bool(ws.settings.theme_alert_webhook_url), items=items)


@router.post("/v1/themes/alerts/check", response_model=ThemeAlertList,
             dependencies=[require("admin")])  # fmt: skip
def check_theme_alerts(request: Request, body: AlertCheck | None = None) -> ThemeAlertList:
    """Run the emerging test now, with the alert settings; returns the alerts it created (none
    for a theme already alerted within the window). The worker delivers them."""
    ws = workspace(request)
    moment = (body.as_of if body else None) or datetime.now(UTC)
    new = check_alerts(ws.db, moment, alert_test(ws.settings))
    with ws.db.session() as session:
        rows = session.scalars(select(ThemeAlert).where(ThemeAlert.id.in_(new))).all()
        items = [ThemeAlertOut.model_validate(row, from_attributes=True) for row in rows]
    return ThemeAlertList(webhook=bool(ws.settings.theme_alert_webhook_url), items=items)


@router.get("/v1/themes/{theme_id}", name="get_theme", response_model=ThemeDetail,
            dependencies=[require("read")])  # fmt: skip
def detail(
    theme_id: IdPath,
    request: Request,
    languages: tuple[str, ...] = Depends(reader_languages),
    accounts_limit: int = Query(10, ge=1, le=1_000, description="Accounts in top_accounts."),
) -> ThemeDetail:
    """Keywords, quotes, accounts and ARR touched, by segment and language, sentiment, intents,
    lineage."""
    return service.theme_detail(workspace(request), theme_id, languages, accounts_limit)


@router.get("/v1/themes/{theme_id}/trends", response_model=ThemeTrends,
            dependencies=[require("read")])  # fmt: skip
def get_theme_trends(
    theme_id: IdPath,
    request: Request,
    period: Period = Query(
        "week", description="day, week (from Monday), month or quarter, in BOUCLE_TIMEZONE (UTC)"
    ),
) -> ThemeTrends:
    """Per period: volume, unique accounts, ARR touched, sentiment mix, top intents (a parent:
    its themes' together)."""
    ws = workspace(request)
    zone = ws.settings.timezone
    with ws.db.session() as session:
        theme = service.get_theme(session, theme_id)
        if theme.level == "parent":  # its insights are its themes' (it answered no points)
            children = [t.id for t in service.active(session) if t.parent_id == theme_id]
            points = theme_trends(session, children, period, key=theme_id, zone=zone)[theme_id]
        else:
            points = theme_trends(session, [theme_id], period, zone=zone)[theme_id]
    return ThemeTrends(theme_id=theme_id, period=period, points=points)


@router.get("/v1/themes/{theme_id}/impact", dependencies=[require("read")])
def get_theme_impact(
    theme_id: IdPath,
    request: Request,
    window_days: int | None = Query(None, ge=1, le=36_500, description="All if omitted."),
    segment: str | None = Query(None),
    growth_days: int = Query(30, ge=1, le=3_650),
) -> dict:
    """A theme's reach, like a need's: insights, accounts, contacts, ARR (each account once),
    by segment, plan and source, tone, urgency, first and last seen, growth, quotes."""
    ws = workspace(request)
    until = datetime.now(UTC)
    since = until - timedelta(days=window_days) if window_days else None
    window = Window(since=since, until=until, segment=segment, growth_days=growth_days)
    with ws.db.session() as session:
        theme = service.get_theme(session, theme_id)
        window = segment_window(session, window)
        members = [theme_id]
        if theme.level == "parent":
            members = list(session.scalars(select(Theme.id).where(Theme.parent_id == theme_id)))
        warnings = segment_matching_nothing(session, segment)
        return {
            "theme_id": theme_id,
            **theme_impact(session, members, window),
            "warnings": warnings,
        }


@router.patch("/v1/themes/{theme_id}", responses=may_answer(409), response_model=ThemeDetail,
              dependencies=[require("admin")])  # fmt: skip
def update_theme(theme_id: IdPath, body: ThemeEdit, request: Request) -> ThemeDetail:
    """Rename (kept by refits), describe, or move under a parent."""
    ws = workspace(request)
    service.edit_theme(ws, theme_id, body, actor(request))
    return service.theme_detail(ws, theme_id)


@router.delete("/v1/themes/{theme_id}", name="delete_theme", responses=may_answer(404, 409),
               response_model=ThemeDetail, dependencies=[require("admin")])  # fmt: skip
def delete(theme_id: IdPath, request: Request) -> ThemeDetail:
    """Delete a seeded theme (one made by mistake): it is retired, its insights go to the
    nearest remaining theme or to none, its lineage says where. A theme discovery found is a
    409: a refit would find it again; merge it instead."""
    ws = workspace(request)
    delete_theme(ws, theme_id, actor(request))
    return service.theme_detail(ws, theme_id)


@router.post("/v1/themes/merge", name="merge_themes", responses=may_answer(404, 409),
             response_model=ThemeDetail, dependencies=[require("admin")])  # fmt: skip
def merge(body: ThemeMerge, request: Request) -> ThemeDetail:
    ws = workspace(request)
    service.merge_themes(ws, body, actor(request))
    return service.theme_detail(ws, body.into)


@router.post("/v1/themes/seed", name="seed_theme", responses=may_answer(404, 409),
             response_model=ThemeDetail, status_code=status.HTTP_201_CREATED,
             dependencies=[require("admin")])  # fmt: skip
def seed(body: ThemeSeed, request: Request) -> ThemeDetail:
    """A theme from a name, a description and example sentences: it collects the matching
    insights at once, and assignment and refits keep it."""
    ws = workspace(request)
    return service.theme_detail(ws, service.seed_theme(ws, body, actor(request)))


JOB_LOCATION = {"Location": {"description": "The job's URL (GET it for its progress)",
                              "schema": {"type": "string"}}}  # fmt: skip
# a refit asked for while one runs answers that one (200), not a second job
REFIT_ANSWERS = {
    202: {"description": "Refit started", "headers": JOB_LOCATION},
    200: {"model": JobOut, "description": "A refit was already running: that job",
          "headers": JOB_LOCATION},
}  # fmt: skip


@router.post("/v1/themes/refit", response_model=JobOut, status_code=status.HTTP_202_ACCEPTED,
             dependencies=[require("admin")], responses=REFIT_ANSWERS)  # fmt: skip
def refit_themes(request: Request, response: Response, body: RefitRequest | None = None) -> JobOut:
    """Start a refit in the background (or return the one already running); `{"cold": true}`
    discovers the themes from scratch."""
    ws = workspace(request)
    job_id, started = start_refit(ws, body.cold if body else False)
    response.headers["Location"] = f"/v1/jobs/{job_id}"
    if not started:
        response.status_code = status.HTTP_200_OK
    return get_job(ws, job_id)


@router.get("/v1/jobs/{job_id}", name="get_job", response_model=JobOut,
            dependencies=[require("read")])  # fmt: skip
def job(job_id: IdPath, request: Request) -> JobOut:
    return get_job(workspace(request), job_id)
