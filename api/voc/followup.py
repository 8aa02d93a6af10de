"""Follow-up actions on feedback, and how fast unhappy customers hear back.

Who needs a follow-up: NPS detractors (an NPS answer scored 0–6) and feedback whose sentiment is
negative. The follow-up time of an item is from its `created_at` to its first action (any kind,
or only the kinds asked for) recorded at or before `as_of`; later actions do not exist yet as far
as the report is concerned, which keeps a report for a past date stable."""

import statistics
from collections.abc import Sequence
from datetime import UTC, datetime

from fastapi.exceptions import RequestValidationError
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from analyzer.quotes import clip
from api.audit import record
from api.errors import NotFound
from api.feedback.listing import where_feedback
from api.redacted_text import redacted_text
from api.search.schemas import Filters
from api.storage.tables import Contact, Feedback, FeedbackAction, source_key
from api.voc.nps import is_detractor
from api.voc.schemas import ActionIn, ActionOut, FollowUpReport, WaitingItem
from api.voc.service import (
    NPS,
    account_of_feedback,
    accounts_by_id,
    in_survey,
    now,
    segment_of,
    share,
    wanted_segment,
)
from api.workspace import Workspace

SNIPPET = 300  # characters of the feedback shown, about: a quotation is not left open


def action_out(row: FeedbackAction) -> ActionOut:
    return ActionOut(id=row.id, feedback_id=row.feedback_id, kind=row.kind, at=row.at,
                     by=row.actor, note=row.note, created_at=row.created_at)  # fmt: skip


def feedback_created_at(session: Session, feedback_id: int) -> datetime:
    created = session.scalar(select(Feedback.created_at).where(Feedback.id == feedback_id))
    if created is None:
        raise NotFound(f"no feedback with id {feedback_id}")
    return created


def add_action(ws: Workspace, feedback_id: int, body: ActionIn, actor: str) -> ActionOut:
    with ws.db.session() as session:
        created = feedback_created_at(session, feedback_id)
        at = (body.at or now()).astimezone(UTC)
        if at < created:  # a negative follow-up time would flatter every median
            raise RequestValidationError([{  # a bad value, not a clash with what is stored
                "type": "value_error", "loc": ("body", "at"),
                "msg": f"{at.isoformat()} is before the feedback was created "
                       f"({created.isoformat()}): give the time the action was taken",
            }])  # fmt: skip
        # `by` names the team member ("anna", "Anna Martin": kept); an address or a phone
        # number typed there is redacted as the note is
        by = redacted_text(body.by, ws.settings, names=False)
        row = FeedbackAction(feedback_id=feedback_id, kind=body.kind, at=at, actor=by,
                             note=redacted_text(body.note, ws.settings))  # fmt: skip
        session.add(row)
        session.flush()
        record(session, actor, "feedback.action", "feedback", feedback_id,
               {"action_id": row.id, "kind": body.kind, "by": by})  # fmt: skip
        return action_out(row)


def list_actions(ws: Workspace, feedback_id: int) -> list[ActionOut]:
    with ws.db.session() as session:
        feedback_created_at(session, feedback_id)
        query = (
            select(FeedbackAction)
            .where(FeedbackAction.feedback_id == feedback_id)
            .order_by(FeedbackAction.at, FeedbackAction.id)
        )
        return [action_out(row) for row in session.scalars(query)]


def hours(start: datetime, end: datetime) -> float:
    return max(0.0, (end - start).total_seconds() / 3600)


def follow_up(
    session: Session,
    target_hours: float,
    as_of: datetime,
    nps_source: str,
    created_from: datetime | None = None,
    created_to: datetime | None = None,
    kinds: Sequence[str] | None = None,
    limit: int = 10,
    filters: Filters | None = None,
    segments: Sequence[str] | None = None,
) -> FollowUpReport:
    """`filters`: the items also match these (source, ... as on GET /v1/feedback). `segments`:
    as the other VoC reports read them, the segment of the item's account or its contact's,
    `unknown` for none (where_feedback's segment knows no `unknown`, nor a contact's account)."""
    first = select(FeedbackAction.feedback_id, func.min(FeedbackAction.at).label("first_at")).where(
        FeedbackAction.at <= as_of
    )
    if kinds:
        first = first.where(FeedbackAction.kind.in_(kinds))
    first = first.group_by(FeedbackAction.feedback_id).subquery()
    detractor = and_(in_survey(NPS, nps_source), Feedback.score >= 0, Feedback.score <= 6)
    end = min(as_of, created_to) if created_to else as_of
    # the figures need two dates an item: text and metadata are read for the oldest waiting
    # only (reading them for 80,000 items took a second)
    query = (
        select(
            Feedback.id,
            Feedback.created_at,
            first.c.first_at,
            account_of_feedback().label("account"),
        )  # fmt: skip
        .outerjoin(first, first.c.feedback_id == Feedback.id)
        .outerjoin(Contact, Contact.id == Feedback.contact_id)
        .where(or_(detractor, Feedback.sentiment_label == "negative"), Feedback.created_at <= end)
        .order_by(Feedback.created_at, Feedback.id)
    )
    if created_from is not None:
        query = query.where(Feedback.created_at >= created_from)
    if filters is not None:
        query = where_feedback(query, filters)
    rows = session.execute(query).all()
    if segments:
        accounts = accounts_by_id(session, (row.account for row in rows))
        rows = [row for row in rows if wanted_segment(segment_of(accounts, row.account), segments)]

    handled_hours, waiting = [], []
    for row in rows:
        if row.first_at is not None:
            handled_hours.append(hours(row.created_at, row.first_at))
        else:
            waiting.append(row)
    overdue = sum(hours(row.created_at, as_of) > target_hours for row in waiting)
    within = sum(h <= target_hours for h in handled_hours)
    oldest = waiting_rows(session, [row.id for row in waiting[:limit]])
    accounts = accounts_by_id(session, (row.account for row in oldest))
    return FollowUpReport(
        target_hours=target_hours,
        as_of=as_of,
        created_from=created_from,
        created_to=created_to,
        total=len(rows),
        handled=len(handled_hours),
        waiting=len(waiting),
        overdue=overdue,
        median_hours=round(statistics.median(handled_hours), 2) if handled_hours else None,
        within_target=within,
        within_target_share=share(within, len(handled_hours) + overdue),
        oldest_waiting=[waiting_item(row, as_of, nps_source, accounts) for row in oldest],
    )


def waiting_rows(session: Session, ids: list[int]) -> list:
    """What the oldest waiting items show, in the order of `ids`."""
    query = (
        select(
            Feedback.id,
            Feedback.source,
            Feedback.created_at,
            Feedback.score,
            Feedback.sentiment_label,
            Feedback.text,
            Feedback.meta,
            account_of_feedback().label("account"),
        )  # fmt: skip
        .outerjoin(Contact, Contact.id == Feedback.contact_id)
        .where(Feedback.id.in_(ids))
    )
    by_id = {row.id: row for row in session.execute(query)} if ids else {}
    return [by_id[i] for i in ids]


def waiting_item(row, as_of: datetime, nps_source: str, accounts: dict) -> WaitingItem:
    answers_nps = (
        source_key(row.source) == source_key(nps_source) or (row.meta or {}).get("survey") == NPS
    )
    reasons = [
        *(["detractor"] if answers_nps and is_detractor(row.score) else []),
        *(["negative"] if row.sentiment_label == "negative" else []),
    ]
    account = accounts.get(row.account) if row.account else None
    return WaitingItem(
        feedback_id=row.id,
        source=row.source,
        created_at=row.created_at,
        waiting_hours=round(hours(row.created_at, as_of), 2),
        reasons=reasons,
        score=row.score,
        sentiment=row.sentiment_label,
        account_id=row.account,
        account_name=account.name if account else None,
        text=clip(row.text, SNIPPET) if row.text else None,
    )
