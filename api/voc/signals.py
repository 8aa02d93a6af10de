"""The account-health signals as the database counts them: one row per account and survey score
comes back, not one per item (reading the items into Python took ~1 s at 100,000 items).

The 180 days before as_of are read once, grouped by account, survey and score, with the
sentiment and ticket counts of the last 30 days and the 60 before as conditional sums; accounts
without feedback in that window are checked for older feedback only when they have any."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Text, and_, case, cast, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import custom_op

from api.storage.tables import Contact, Feedback, FeedbackAction, Insight, Need, NeedLink
from api.voc.nps import CsatTally, NpsTally, valid_csat, valid_nps
from api.voc.schemas import ChurnItem
from api.voc.service import (
    CHUNK,
    CSAT,
    NPS,
    account_of_feedback,
    in_survey,
    is_survey_item,
    of_accounts,
)  # fmt: skip
from api.voc.sources import CSAT_SOURCE, NPS_SOURCE
from api.wording import one_line

SURVEY_DAYS, RECENT_DAYS, PREVIOUS_DAYS = 180, 30, 60
SENTIMENT = {"positive": 1, "neutral": 0, "negative": -1}
# A sentiment score nearer 0 than this is a tie, counted neutral in health whatever its label:
# the head could not tell positive from negative (a message read negative at -0.009 counted a
# full -1). A tie only, on purpose: the sentiment rules (a failure, a grievance, a plea) set the
# label without moving the score, so plain complaints score near 0 too ("Terrible experience,
# nothing works and support never answers." -0.045, "on regarde d'autres outils" -0.12); a
# margin of 0.1 counted them neutral and took an account whose one ticket is that complaint off
# the at-risk list, and the score itself as the tone (a complaint at -0.39 weighing 0.39) took a
# churning demo account (acc-039) off it. 2 of the demo's 391 negative messages are ties.
TONE_MARGIN = 0.02
URGENT = ("high", "critical")
EXCERPT_WIDTH = 80  # characters of what a churn item says, in its reason
CLOSED = ("shipped", "declined")


@dataclass
class Signals:
    nps: NpsTally = field(default_factory=NpsTally)
    csat: CsatTally = field(default_factory=CsatTally)
    recent_tone: int = 0  # sum of +1/0/-1 (tone_of_feedback) over the last 30 days
    recent_toned: int = 0  # items with a sentiment in those days
    previous_tone: int = 0  # the same over the 60 days before
    previous_toned: int = 0
    recent_items: int = 0  # every item of the last 30 days, survey answers too
    recent_tickets: int = 0
    previous_tickets: int = 0
    urgent_needs: dict[int, str] = field(default_factory=dict)  # need id -> title
    # items of the last 90 days with a high or critical insight that no need tracks and nobody
    # followed up: id -> excerpt
    untracked_urgent: dict[int, str] = field(default_factory=dict)
    has_feedback: bool = False
    churn_threats: int = 0  # items of the last 90 days tagged churn_risk
    churn_items: list[int] = field(default_factory=list)  # their ids
    churn_quotes: list[ChurnItem] = field(default_factory=list)  # the same, readable, scored


@dataclass(frozen=True)
class Window:
    as_of: datetime

    @property
    def survey_from(self) -> datetime:
        return self.as_of - timedelta(days=SURVEY_DAYS)

    @property
    def recent_from(self) -> datetime:
        return self.as_of - timedelta(days=RECENT_DAYS)

    @property
    def previous_from(self) -> datetime:
        return self.recent_from - timedelta(days=PREVIOUS_DAYS)


def load_signals(
    session: Session, as_of: datetime, account_ids: Sequence[str] | None = None
) -> dict[str, Signals]:
    """Every signal of the given accounts (all accounts when None)."""
    signals: dict[str, Signals] = defaultdict(Signals)
    window = Window(as_of)
    account = account_of_feedback()
    scope = account.is_not(None) if account_ids is None else of_accounts(account_ids)
    doubtful = False
    for row in session.execute(_window_counts(session, window, scope)):
        own = signals[row.account]
        own.has_feedback = True
        own.recent_tone += row.recent_tone or 0
        own.recent_toned += row.recent_toned
        own.previous_tone += row.previous_tone or 0
        own.previous_toned += row.previous_toned
        own.recent_items += row.recent_items
        own.recent_tickets += row.recent_tickets
        own.previous_tickets += row.previous_tickets
        own.churn_threats += row.churn
        doubtful |= row.doubtful > 0
        for answered, valid, tally in ((row.nps, valid_nps, own.nps),
                                       (row.csat, valid_csat, own.csat)):  # fmt: skip
            if answered and valid(row.answer):
                for _ in range(row.items):
                    tally.add(row.answer)
    if doubtful:
        _doubtful_tickets(session, window, scope, signals)
    _churn_items(session, window, [a for a, own in signals.items() if own.churn_threats], signals)
    for account_id in _older_feedback(session, window, account_ids, set(signals)):
        signals[account_id].has_feedback = True

    needs = (
        select(account, Need.id, Need.title)
        .select_from(NeedLink)
        .join(Insight, Insight.id == NeedLink.insight_id)
        .join(Feedback, Feedback.id == Insight.feedback_id)
        .outerjoin(Contact, Contact.id == Feedback.contact_id)
        .join(Need, Need.id == NeedLink.need_id)
        .where(
            Insight.urgency_level.in_(URGENT),
            Need.status.not_in(CLOSED),
            Need.merged_into_id.is_(None),
        )
        .where(scope)
        .distinct()
    )
    for account_id, need_id, title in session.execute(needs):
        signals[account_id].urgent_needs[need_id] = title
    for account_id, feedback_id, text in session.execute(_untracked_urgent(window, scope)):
        signals[account_id].untracked_urgent.setdefault(feedback_id, one_line(text, EXCERPT_WIDTH))
    return dict(signals)


def _untracked_urgent(window: Window, scope: ColumnElement):
    """Items of the last 90 days with a high or critical insight, none of whose insights a need
    links and that nobody has followed up (no action on the item at or before as_of, as the
    follow-up report counts them): an urgent problem nobody has put in the backlog nor answered
    is as open as an open need. Their urgent insights, first position first (load_signals keeps
    one per item)."""
    tracked = (
        select(NeedLink.need_id)
        .join(Insight, Insight.id == NeedLink.insight_id)
        .where(Insight.feedback_id == Feedback.id)
        .exists()
    )
    # a call or reply recorded later did not exist yet as of then: a past report stays stable
    followed_up = (
        select(FeedbackAction.id)
        .where(FeedbackAction.feedback_id == Feedback.id, FeedbackAction.at <= window.as_of)
        .exists()
    )
    return (
        select(account_of_feedback(), Feedback.id, Insight.text)
        .select_from(Insight)
        .join(Feedback, Feedback.id == Insight.feedback_id)
        .outerjoin(Contact, Contact.id == Feedback.contact_id)
        .where(Insight.urgency_level.in_(URGENT), ~tracked, ~followed_up)
        .where(Feedback.created_at >= window.previous_from, Feedback.created_at <= window.as_of)
        .where(scope)
        .order_by(Feedback.id, Insight.position)
    )


def _window_counts(session: Session, window: Window, scope: ColumnElement):
    """Per (account, survey answered, score) over the 180 days: the items, the sentiment sums
    and counts, the items of the last 30 days and the tickets of those and the 60 before, and the items a `survey`
    key in their metadata may make survey answers (`doubtful`: Python reads those)."""
    created = _created_at(session, window)
    recent = created >= window.recent_from
    previous = and_(created >= window.previous_from, ~recent)
    toned = Feedback.sentiment_label.in_(SENTIMENT)
    tone = tone_of_feedback()
    keyed = Feedback.meta["survey"].as_string().is_not(None)  # a null key: no sign either
    plain = ~_survey_source(session)
    ticket, doubtful = and_(plain, ~keyed), and_(plain, keyed)
    nps, csat = in_survey(NPS, NPS_SOURCE), in_survey(CSAT, CSAT_SOURCE)
    churned = Feedback.intent_labels.contains(",churn_risk,")
    count = lambda condition: func.count(case((condition, 1)))  # noqa: E731
    # grouped by label: PostgreSQL does not match a CASE with parameters to its own copy
    return (
        select(
            account_of_feedback().label("account"),
            case((nps, 1), else_=0).label("nps"),
            case((csat, 1), else_=0).label("csat"),
            case((or_(nps, csat), Feedback.score)).label("answer"),
            func.count().label("items"),
            func.sum(case((and_(recent, toned), tone), else_=0)).label("recent_tone"),
            count(and_(recent, toned)).label("recent_toned"),
            func.sum(case((and_(previous, toned), tone), else_=0)).label("previous_tone"),
            count(and_(previous, toned)).label("previous_toned"),
            count(recent).label("recent_items"),
            count(and_(recent, ticket)).label("recent_tickets"),
            count(and_(previous, ticket)).label("previous_tickets"),
            count(and_(or_(recent, previous), doubtful)).label("doubtful"),
            count(and_(or_(recent, previous), churned)).label("churn"),
        )
        .outerjoin(Contact, Contact.id == Feedback.contact_id)
        .where(created >= window.survey_from, created <= window.as_of, scope)
        .group_by("account", "nps", "csat", "answer")
    )


def tone_of_feedback() -> ColumnElement:
    """An item's tone: -1 negative, +1 positive, 0 neutral, and 0 too for a tie: a sentiment
    score (p(positive) − p(negative)) within TONE_MARGIN of 0, whatever the label says. An item
    without a score (none stored) keeps its label."""
    score = Feedback.sentiment_score
    return case(
        (
            and_(Feedback.sentiment_label == "negative", func.coalesce(score, -1) <= -TONE_MARGIN),
            -1,
        ),
        (and_(Feedback.sentiment_label == "positive", func.coalesce(score, 1) >= TONE_MARGIN), 1),
        else_=0,
    )


def _created_at(session: Session, window: Window) -> ColumnElement:
    """Feedback.created_at as the window query reads it. SQLite keeps no statistics that tell a
    window of half the items from one of a tenth: past a quarter of the table, reading the table
    in order (`+created_at` keeps it off the index) costs a third of looking each row up from
    the index (49 against 133 ms of CPU for 50,000 of 100,000 items)."""
    column = Feedback.__table__.c.created_at
    if session.bind.dialect.name != "sqlite":
        return column
    in_window = select(func.count()).where(
        column >= window.survey_from, column <= window.as_of
    )  # read from the index alone
    table = select(func.max(Feedback.id))  # one index seek; about the number of items
    if 4 * session.scalar(in_window) <= (session.scalar(table) or 0):
        return column
    return UnaryExpression(column, operator=custom_op("+"), type_=column.type)


def _churn_items(session: Session, window: Window, account_ids: list[str], signals: dict) -> None:
    """The items counted as churn threats, as a reader recognises them: their id, source,
    external id and what they say (their churn_risk insight, else the message)."""
    for start in range(0, len(account_ids), CHUNK):
        rows = (
            select(
                account_of_feedback(),
                Feedback.id,
                Feedback.source,
                Feedback.external_id,
                Feedback.text,
                Feedback.intents,
                Feedback.created_at,
            )  # fmt: skip
            .outerjoin(Contact, Contact.id == Feedback.contact_id)
            .where(Feedback.intent_labels.contains(",churn_risk,"))
            .where(Feedback.created_at >= window.previous_from, Feedback.created_at <= window.as_of)
            .where(of_accounts(account_ids[start : start + CHUNK]))
            .order_by(Feedback.id)
        )
        found = session.execute(rows).all()
        said = _churn_sentences(session, [row.id for row in found])
        for account_id, feedback_id, source, external_id, text, intents, created in found:
            own = signals[account_id]
            own.churn_items.append(feedback_id)
            excerpt = one_line(said.get(feedback_id, text), EXCERPT_WIDTH)
            own.churn_quotes.append(ChurnItem(feedback_id=feedback_id, source=source,
                                              external_id=external_id, excerpt=excerpt,
                                              score=churn_score(intents),
                                              created_at=created))  # fmt: skip


def churn_score(intents: list) -> float:
    """The item's churn_risk score as it was tagged ([{"label", "score"}, ...]); 0 if absent."""
    return next((float(i["score"]) for i in intents or () if i.get("label") == "churn_risk"), 0.0)


def _churn_sentences(session: Session, feedback_ids: list[int]) -> dict[int, str]:
    """Each item's first insight tagged churn_risk (the sentence that says it): its JSON intents
    hold no other string but the keys and labels, so the quoted label is that label."""
    rows = (
        select(Insight.feedback_id, Insight.text)
        .where(Insight.feedback_id.in_(feedback_ids))
        .where(cast(Insight.intents, Text).contains('"churn_risk"', autoescape=True))
        .order_by(Insight.feedback_id, Insight.position.desc())
    )
    return {key: value for key, value in session.execute(rows)}  # the first position, written last


def _doubtful_tickets(session: Session, window: Window, scope, signals: dict) -> None:
    """Items of the last 90 days with a `survey` key in their metadata: tickets unless the key
    says they answer a survey (is_survey_item reads its truthiness)."""
    rows = (
        select(account_of_feedback(), Feedback.created_at, Feedback.source, Feedback.meta)
        .outerjoin(Contact, Contact.id == Feedback.contact_id)
        .where(Feedback.created_at >= window.previous_from, Feedback.created_at <= window.as_of)
        .where(scope, ~_survey_source(session), Feedback.meta["survey"].as_string().is_not(None))
    )
    for account_id, created, source, meta in session.execute(rows):
        if not is_survey_item(source, meta):
            own = signals[account_id]
            own.recent_tickets += created >= window.recent_from
            own.previous_tickets += created < window.recent_from


def _older_feedback(
    session: Session, window: Window, account_ids: Sequence[str] | None, known: set[str]
) -> set[str]:
    """Accounts with feedback only before the 180 days (it still counts as feedback). Every
    account with feedback is listed from the indexes first; the rows of the few not known
    already are read then, not every item's."""
    if account_ids is None:  # each DISTINCT walks an index, not the rows
        direct = select(Feedback.account_id).where(Feedback.account_id.is_not(None)).distinct()
        through_contact = (
            select(Contact.account_id)
            .join(Feedback, Feedback.contact_id == Contact.id)
            .where(Feedback.account_id.is_(None), Contact.account_id.is_not(None))
            .distinct()
        )
        account_ids = [*session.scalars(direct), *session.scalars(through_contact)]
    unknown = sorted(set(account_ids) - known)
    found: set[str] = set()
    for start in range(0, len(unknown), CHUNK):
        older = (
            select(account_of_feedback())
            .outerjoin(Contact, Contact.id == Feedback.contact_id)
            .where(Feedback.created_at < window.survey_from)
            .where(of_accounts(unknown[start : start + CHUNK]))
            .distinct()
        )
        found.update(session.scalars(older))
    return found


def _survey_source(session: Session) -> ColumnElement:
    """A source ending "_survey" whatever its case, read from its key as is_survey_item reads it
    (SQLite's LIKE ignores ASCII case alone, its GLOB none)."""
    if session.bind.dialect.name == "sqlite":
        return Feedback.source_key.bool_op("GLOB")("*_survey")
    return Feedback.source_key.like("%\\_survey", escape="\\")
