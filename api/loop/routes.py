"""Closing the loop: a need's notifications, templates, loop metrics, the digest."""

from typing import Literal

from fastapi import APIRouter, Depends, Query, Request, params
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.errors import may_answer
from api.loop import service
from api.loop.backoffs import backoff_states
from api.loop.digest import VocSources, as_markdown, digest
from api.loop.digest_schemas import Digest, DigestPeriod
from api.loop.digest_send import DigestSent, send_digest
from api.loop.preview import preview_recipients
from api.loop.retries import retry_need
from api.loop.schemas import BackoffList, NotificationList, RecipientsOut, RetryOut
from api.loop.templates import check_fields, check_subject
from api.params import IdPath, MomentTo, iso_639_1
from api.ready import sql_workspace
from api.security import actor, require
from api.voc.schemas import NAME

router = APIRouter(tags=["loop"])
# Routes that read or write the database alone: they answer while the models load (api/ready.py)
sql_router = APIRouter(tags=["loop"])


class TemplateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    subject: str = Field(..., min_length=1, max_length=300)
    body: str = Field(..., min_length=1, max_length=20_000)

    @field_validator("subject", "body")
    @classmethod
    def fillable(cls, text: str) -> str:
        check_fields(text)  # here, so the error names the field that holds the bad placeholder
        return text

    @field_validator("subject")
    @classmethod
    def one_line(cls, subject: str) -> str:
        check_subject(subject)
        return subject


class TemplateOut(TemplateIn):
    kind: str
    language: str
    default: bool


@sql_router.get("/v1/needs/{need_id}/notifications", response_model=NotificationList,
            dependencies=[require("read")])  # fmt: skip
def list_notifications(need_id: IdPath, request: Request) -> NotificationList:
    """Who is told about this need, and whether it reached them; `counts`: the messages of the
    need's decision (delivered, waiting, left out) and those of another one told before."""
    with sql_workspace(request).db.session() as session:
        return service.need_notifications(session, need_id)


@router.get("/v1/needs/{need_id}/recipients", response_model=RecipientsOut,
            dependencies=[require("read")])  # fmt: skip
def list_recipients(
    need_id: IdPath,
    request: Request,
    kind: Literal["shipped", "declined"] | None = Query(
        None, description="The decision to preview; default: the need's, else shipped."
    ),
) -> dict:
    """Whom shipping (or declining) this need would tell, one row per person, and who would be
    left out and why; read-only, from the same function that writes the outbox."""
    ws = request.app.state.workspace
    with ws.db.session() as session:
        return preview_recipients(session, need_id, kind, ws.settings.notify_channel)


class TemplateList(BaseModel):
    items: list[TemplateOut]  # by kind, then language (templates.KINDS, LANGUAGES)


@sql_router.get("/v1/templates", response_model=TemplateList, dependencies=[require("read")])
def list_templates(request: Request) -> dict:
    """Every message there is, per kind and language (en, fr, de, es, it, pt), as it would be
    sent now: `default` is false where the team stored its own."""
    with sql_workspace(request).db.session() as session:
        return {"items": service.list_templates(session)}


def template_language(value: str) -> str:
    """ "FR", "fr-CA", "fr_FR" name the French template, as a language given with feedback does."""
    try:
        return iso_639_1(value)
    except ValueError:
        return value  # not a language: the 404 lists the templates there are


@sql_router.get("/v1/templates/{kind}/{language}", response_model=TemplateOut,
            dependencies=[require("read")])  # fmt: skip
def get_template(kind: str, language: str, request: Request) -> dict:
    language = template_language(language)
    with sql_workspace(request).db.session() as session:
        return service.get_template(session, kind, language)


@sql_router.put("/v1/templates/{kind}/{language}", response_model=TemplateOut,
            dependencies=[require("admin")])  # fmt: skip
def put_template(kind: str, language: str, body: TemplateIn, request: Request) -> dict:
    """Replace the message: `subject` and `body` both, as PUT replaces. Fields: {contact_name},
    {need_title} (its title in this language if it has one), {need_description}, {quote},
    {account_name}."""
    language = template_language(language)
    with sql_workspace(request).db.session() as session:
        return service.put_template(session, kind, language, body.subject, body.body,
                                    actor(request))  # fmt: skip


@sql_router.delete("/v1/templates/{kind}/{language}", response_model=TemplateOut,
               dependencies=[require("admin")])  # fmt: skip
def reset_template(kind: str, language: str, request: Request) -> dict:
    """Back to the default message; answers the default."""
    language = template_language(language)
    with sql_workspace(request).db.session() as session:
        return service.reset_template(session, kind, language, actor(request))


@router.post("/v1/needs/{need_id}/notifications/retry", response_model=RetryOut,
             dependencies=[require("admin")])  # fmt: skip
def retry_notifications(need_id: IdPath, request: Request) -> RetryOut:
    """Send again the notifications that failed (the channel was down past every try) and those
    undeliverable whose contact has a usable address now; `not_retried` names the others and
    why (no address yet, an example address: demo or test data, never sent). The channel's
    back-off ends: they go at the next tick."""
    ws = request.app.state.workspace
    with ws.db.session() as session:
        service.notifications_of(session, need_id)  # 404 for an unknown need
        return retry_need(session, ws.settings, need_id)


@sql_router.get("/v1/loop/metrics", dependencies=[require("read")])
def get_loop_metrics(request: Request) -> dict:
    """Share of shipped / declined needs whose requesters were all told; time to tell them."""
    with sql_workspace(request).db.session() as session:
        return service.loop_metrics(session)


@router.get("/v1/loop/backoffs", response_model=BackoffList, dependencies=[require("admin")])
def get_backoffs(request: Request) -> BackoffList:
    """Where deliveries are held back: the SMTP server, the notification or theme alert URL and
    the registered webhooks whose last tries failed, with until when nothing is sent there."""
    ws = request.app.state.workspace
    return BackoffList(items=backoff_states(ws.db, ws.settings))


AS_OF = Query(None, description="ISO 8601 (UTC if no zone) or a day (its end, in BOUCLE_TIMEZONE).")


def source_query(counts: str) -> params.Query:
    return Query(None, max_length=100, pattern=NAME, description=counts)


def voc_sources(
    source: str | None = source_query(
        "The source both NPS and CSAT count, as /v1/voc/nps and /v1/voc/csat's `source`; "
        "`nps_source` and `csat_source` each set their own over it."),
    nps_source: str | None = source_query("The source NPS counts; by default nps_survey."),
    csat_source: str | None = source_query(
        "The source CSAT counts (app_store for store ratings); by default csat_survey."),
) -> VocSources:  # fmt: skip
    return VocSources.asked(source, nps_source, csat_source)


SOURCES = Depends(voc_sources)


@router.get("/v1/digest", dependencies=[require("read")], response_model=Digest,
            responses={200: {"content": {"text/markdown": {"schema": {"type": "string"}}}}})  # fmt: skip
def get_digest(
    request: Request,
    period: DigestPeriod = Query("week"),
    format: Literal["json", "markdown"] = Query("json"),
    as_of: MomentTo | None = AS_OF,
    sources: VocSources = SOURCES,
):
    """Top needs by RICE, emerging themes, NPS and CSAT, and loops closed, as JSON or Markdown."""
    result = digest(request.app.state.workspace, period, as_of, sources=sources)
    if format == "markdown":
        return PlainTextResponse(as_markdown(result), media_type="text/markdown")
    return result


@router.post("/v1/digest/send", response_model=DigestSent, dependencies=[require("admin")],
             responses=may_answer(409))  # fmt: skip
def post_digest_send(
    request: Request, period: DigestPeriod = Query("week"), as_of: MomentTo | None = AS_OF,
    sources: VocSources = SOURCES,
) -> DigestSent:  # fmt: skip
    """Send the digest (as GET /v1/digest's Markdown) to every address of
    BOUCLE_DIGEST_RECIPIENTS: written to the notification outbox, delivered by the worker
    through BOUCLE_NOTIFY_CHANNEL as the loop's notifications are. Once per period (the day, ISO
    week or month of `as_of`, or now, in BOUCLE_TIMEZONE): sent again, it writes nothing new and
    names the addresses under `already`. 409 when no recipient is set."""
    return send_digest(request.app.state.workspace, period, as_of, sources)
