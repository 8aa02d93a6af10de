"""/v1/voc: NPS, CSAT, response rates, follow-up times, accounts at risk; survey sends,
follow-up actions on feedback and the health of one account."""

from datetime import UTC, datetime
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse

from api.downloads import EXCEL, TEXT, WARNING_HEADERS, attachment, with_warnings
from api.feedback.routes import NO_COMMAS, SEVERAL, checked_filters
from api.params import IdPath, KeyPath, MomentFrom, MomentTo, PastMomentTo
from api.ready import require_ready, sql_workspace
from api.search.service import as_stored, values_matching_nothing
from api.security import actor, require
from api.themes.trends import Period
from api.voc import files, followup, health, nps, surveys
from api.voc.schemas import (
    NAME,
    AccountHealth,
    ActionIn,
    ActionList,
    ActionOut,
    AtRiskList,
    CsatReport,
    FollowUpReport,
    NonRespondentList,
    NpsReport,
    ResponseRateReport,
    SendBatch,
    SendResponse,
)
from api.voc.service import NPS, now, segments_matching_nothing, survey_source
from api.voc.sources import CSAT_SOURCE, NPS_SOURCE
from api.workspace import Workspace

router = APIRouter(tags=["voice of the customer"])

PERIOD = Query(
    "month",
    description="Bucket by day, week (from Monday), month or quarter, in BOUCLE_TIMEZONE (UTC).",
)
SEGMENT = Query(None, description="Account segments to keep; 'unknown' is no account or segment.")
AS_OF = Query(
    None,
    description="The moment the report is for: ISO 8601 (UTC if no zone) or a day (its end, in "
    "BOUCLE_TIMEZONE); now.",
)
SURVEY = Query(NPS, min_length=1, max_length=100, pattern=NAME)
WINDOW = Query(14, ge=1, le=365, description="Days after a send in which an answer counts.")


FORMAT = (
    "csv: a file, one row per period, then per segment, then overall (`all` in the period or "
    "segment column: every one)."
)
CSV_RESPONSE = {200: {"content": {"text/csv": TEXT}, "headers": WARNING_HEADERS}}


def as_file(request: Request, report, write, name: str, excel: bool = False) -> StreamingResponse:
    """The report as a CSV file, its warnings (a segment no account has) as headers."""
    file = attachment(request, iter([write(report, excel)]), "csv", name)
    return with_warnings(file, report.warnings)


def workspace(request: Request) -> Workspace:
    """The routes here use SQL only: they answer while the models load (api/ready.py)."""
    return sql_workspace(request)


# Sends take the ingestion's write lock (accounts and contacts created once), which the whole
# workspace holds: they wait for the models.
WRITE = [require("ingest"), Depends(require_ready)]


def moment(as_of: datetime | None) -> datetime:
    return (as_of or now()).astimezone(UTC)


def in_order(
    first: datetime | None, last: datetime | None, first_name: str, last_name: str
) -> None:
    """A window that ends before it starts: 422 naming the field, as for any bad value."""
    if first and last and first > last:
        message = f"{first_name} is after {last_name}: swap them"
        raise RequestValidationError(
            [{"type": "value_error", "loc": ("query", first_name), "msg": message}]
        )


def refuse_sends_to_nobody(ws: Workspace, body: SendBatch) -> None:
    """A 422 naming each send's contact_id that no contact has and that is no address: a
    mistyped id made an empty contact that never answers (the whole batch is refused, as any
    422 is)."""
    with ws.db.session() as session:
        nobody = surveys.sends_to_nobody(session, body.sends)
    if nobody:
        raise RequestValidationError([
            {"type": "value_error", "loc": ("body", "sends", n, "contact_id"),
             "msg": f"no contact has the id {contact_id!r}: store the contact first (PUT "
                    "/v1/contacts/{id}, boucle import --kind contacts), or send their e-mail "
                    "address as contact_id"}
            for n, contact_id in nobody
        ])  # fmt: skip


@router.post("/v1/surveys/sends", response_model=SendResponse, dependencies=WRITE,
             summary="Record 1 to 1,000 survey sends")  # fmt: skip
def create_survey_sends(body: SendBatch, request: Request) -> SendResponse:
    """Sends are the denominator of response rates. Sending one again (same survey, contact and
    sent_at, or same survey and external_id) stores it once and answers `duplicate`. A
    `contact_id` is a stored contact's id, or an e-mail address (the contact holding it, else a
    new one); any other id is a 422 naming it."""
    ws = request.app.state.workspace
    refuse_sends_to_nobody(ws, body)
    results = surveys.record_sends(ws, body.sends)
    if not request.state.scopes & {"read", "admin"}:  # the holder's id confirmed an address
        results = [r.model_copy(update={"contact_id": sent.contact_id})
                   for r, sent in zip(results, body.sends, strict=True)]  # fmt: skip
    return SendResponse(items=results)


@router.get("/v1/voc/nps", response_model=NpsReport, dependencies=[require("read")],
            responses=CSV_RESPONSE)  # fmt: skip
def get_nps(
    request: Request,
    period: Period = PERIOD,
    segment: list[str] | None = SEGMENT,
    created_from: MomentFrom | None = Query(None),
    created_to: MomentTo | None = Query(None),
    source: str = Query(
        NPS_SOURCE,
        max_length=100,
        pattern=NAME,
        description="Also counted: any item whose metadata says survey: nps.",
    ),
    format: Literal["json", "csv"] = Query("json", description=FORMAT),
    excel: bool = EXCEL,
) -> NpsReport | StreamingResponse:
    """NPS = % promoters (9–10) − % detractors (0–6), overall, per period and per segment."""
    in_order(created_from, created_to, "created_from", "created_to")
    ws = workspace(request)
    with ws.db.session() as session:
        report = nps.nps_report(session, source, period, segment, created_from, created_to,
                                ws.settings.timezone)  # fmt: skip
    return as_file(request, report, files.nps_csv, "nps", excel) if format == "csv" else report


@router.get("/v1/voc/csat", response_model=CsatReport, dependencies=[require("read")],
            responses=CSV_RESPONSE)  # fmt: skip
def get_csat(
    request: Request,
    period: Period = PERIOD,
    segment: list[str] | None = SEGMENT,
    created_from: MomentFrom | None = Query(None),
    created_to: MomentTo | None = Query(None),
    source: str = Query(
        CSAT_SOURCE,
        max_length=100,
        pattern=NAME,
        description="Also counted: any item whose metadata says survey: csat.",
    ),
    format: Literal["json", "csv"] = Query("json", description=FORMAT),
    excel: bool = EXCEL,
) -> CsatReport | StreamingResponse:
    """CSAT: mean of 1–5 answers, their distribution and the share satisfied (4–5)."""
    in_order(created_from, created_to, "created_from", "created_to")
    ws = workspace(request)
    with ws.db.session() as session:
        report = nps.csat_report(session, source, period, segment, created_from, created_to,
                                 ws.settings.timezone)  # fmt: skip
    return as_file(request, report, files.csat_csv, "csat", excel) if format == "csv" else report


@router.get("/v1/voc/response-rate", response_model=ResponseRateReport,
            dependencies=[require("read")])  # fmt: skip
def get_response_rate(
    request: Request,
    survey: str = SURVEY,
    period: Period = PERIOD,
    segment: list[str] | None = SEGMENT,
    window_days: int = WINDOW,
    sent_from: MomentFrom | None = Query(None),
    sent_to: MomentTo | None = Query(None),
    as_of: MomentTo | None = AS_OF,
    source: str | None = Query(
        None,
        max_length=100,
        pattern=NAME,
        description="Where answers come from; <survey>_survey by default.",
    ),
) -> ResponseRateReport:
    """Sends, answered sends and the rate per send period and segment. Sends whose window is
    still open are `awaiting` and left out of the rate, answered or not (`answered_so_far`)."""
    in_order(sent_from, sent_to, "sent_from", "sent_to")
    ws = workspace(request)
    with ws.db.session() as session:
        survey = survey.lower()  # as sends store it
        return surveys.response_rate(
            session, survey, source or survey_source(survey), period, window_days,
            moment(as_of), segment, sent_from, sent_to, ws.settings.timezone,
        )  # fmt: skip


@router.get("/v1/voc/non-respondents", response_model=NonRespondentList,
            dependencies=[require("read")])  # fmt: skip
def get_non_respondents(
    request: Request,
    survey: str = SURVEY,
    since: MomentFrom | None = Query(
        None,
        description="Only sends from then on; every send by default (a contact is listed "
        "while their latest send is unanswered, however long ago they last answered).",
    ),
    window_days: int = WINDOW,
    segment: list[str] | None = SEGMENT,
    as_of: MomentTo | None = AS_OF,
    limit: int = Query(100, ge=1, le=1000),
    source: str | None = Query(None, max_length=100, pattern=NAME),
) -> NonRespondentList:
    """Contacts whose latest send of the survey is unanswered, with `sends`: how many went
    unanswered since their last answer; `awaiting`: the latest is still inside its window."""
    with workspace(request).db.session() as session:
        survey = survey.lower()  # as sends store it
        return surveys.non_respondents(
            session, survey, source or survey_source(survey), window_days, moment(as_of),
            since, segment, limit,
        )  # fmt: skip


@router.post("/v1/feedback/{feedback_id}/actions", response_model=ActionOut,
             status_code=status.HTTP_201_CREATED, dependencies=[require("ingest")])  # fmt: skip
def create_follow_up_action(feedback_id: IdPath, body: ActionIn, request: Request) -> ActionOut:
    """Record a follow-up (reply, call, ticket, note, ...) on a feedback item."""
    return followup.add_action(workspace(request), feedback_id, body, actor(request))


@router.get("/v1/feedback/{feedback_id}/actions", response_model=ActionList,
            dependencies=[require("read")])  # fmt: skip
def list_follow_up_actions(feedback_id: IdPath, request: Request) -> ActionList:
    return ActionList(items=followup.list_actions(workspace(request), feedback_id))


@router.get("/v1/voc/follow-up", response_model=FollowUpReport, dependencies=[require("read")])
def get_follow_up(
    request: Request,
    target_hours: float = Query(48, gt=0, le=24 * 365),
    created_from: MomentFrom | None = Query(None),
    created_to: MomentTo | None = Query(None),
    as_of: MomentTo | None = AS_OF,
    kind: list[str] | None = Query(None, description="Action kinds that count; all by default."),
    limit: int = Query(10, ge=0, le=500, description="How many of the oldest waiting to list."),
    nps_source: str = Query(NPS_SOURCE, max_length=100, pattern=NAME),
    source: list[str] | None = Query(
        None, description="Only these sources (nps_survey: detractors alone). " + SEVERAL
    ),
    segment: list[str] | None = Query(
        None,
        description="Only these account segments (the item's account, else its contact's); "
        "'unknown' is no account or segment. " + NO_COMMAS,
    ),
) -> FollowUpReport:
    """For detractors (NPS 0–6) and negative feedback: median hours to the first action, the
    share handled within the target, how many still wait and the oldest of them. `source`
    narrows the items as on GET /v1/feedback, `segment` as the other VoC reports do."""
    in_order(created_from, created_to, "created_from", "created_to")
    checked_filters(request, segment=segment)  # a comma list matching nothing: a 422
    narrowed = checked_filters(request, source=source)
    with workspace(request).db.session() as session:
        report = followup.follow_up(
            session, target_hours, moment(as_of), nps_source, created_from, created_to, kind,
            limit, as_stored(session, narrowed), segment,
        )  # fmt: skip
        report.warnings = values_matching_nothing(session, narrowed) + segments_matching_nothing(
            session, segment
        )  # as GET /v1/feedback and /v1/voc/nps
        return report


@router.get("/v1/accounts/{account_id:key}/health", response_model=AccountHealth,
            dependencies=[require("read")])  # fmt: skip
def get_account_health(
    account_id: KeyPath, request: Request, as_of: PastMomentTo | None = AS_OF
) -> AccountHealth:
    """The health score (0–100) with each signal, its weight and why it is low; see `formula`."""
    with workspace(request).db.session() as session:
        return health.account_health(session, account_id, moment(as_of))


@router.get("/v1/voc/at-risk", response_model=AtRiskList, dependencies=[require("read")])
def list_at_risk_accounts(
    request: Request,
    limit: int = Query(20, ge=1, le=500),
    segment: list[str] | None = SEGMENT,
    as_of: PastMomentTo | None = AS_OF,
) -> AtRiskList:
    """Accounts with a health score, least healthy first, with their ARR and reasons."""
    with workspace(request).db.session() as session:
        return health.at_risk(session, moment(as_of), limit, segment)
