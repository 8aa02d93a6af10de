"""Survey sends, response rates and non-respondents.

A send is answered when the same contact answers that survey (feedback from source
`<survey>_survey`, e.g. nps_survey, or with a `survey` key in its metadata) within `window_days`
after it. An answer belongs to the contact's latest send before it, so that one answer never
counts for two sends. An answer after the window is a late one: NPS counts it (it is an
answer), the rate does not (it measures answers within the window) but says it apart
(`answered_late`), and non-respondents never lists its author as silent: a CS lead would chase
a detractor who replied.

The rate counts only sends whose window has closed at `as_of`, answered or not: rate =
responses / (sends − awaiting), where `awaiting` is every send still inside its window. Counting
an open window's early answers while leaving its silent sends out read a month in progress as
"4 of 4 answered" = 100 % with 6 sends still open; the quick answerers are not a fair sample of
everyone sent to. The early answers are not hidden: `answered_so_far` says how many of the
awaiting sends are answered already, and they join `responses` when their window closes."""

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from api.accounts.segments import segment_names
from api.accounts.service import (
    contacts_not_stored,
    ensure_accounts,
    ensure_contacts,
    same_person,
)
from api.storage.tables import Contact, SurveySend
from api.themes.trends import Period
from api.voc.periods import marked_period
from api.voc.schemas import (
    NonRespondent,
    NonRespondentList,
    RatePeriod,
    RatePrevious,
    RateSegment,
    RateStats,
    ResponseRateReport,
    SendIn,
    SendResult,
)
from api.voc.service import (
    CHUNK,
    Grouped,
    accounts_by_id,
    change,
    group,
    previous_window,
    segment_of,
    segments_matching_nothing,
    share,
    source_matching_nothing,
    survey_answers,
    wanted_segment,
)
from api.workspace import Workspace


def sends_to_nobody(session: Session, sends: Sequence[SendIn]) -> list[tuple[int, str]]:
    """(index, contact_id) of each send naming a contact nobody stored and giving no address
    to make one from: a mistyped id ("nobody-here") became an empty contact whose send went
    unanswered for ever, lowering the response rate. A survey tool knows its respondents by
    address (a new address is a new contact, as in ingestion) or by the CRM ids imported."""
    nobody = contacts_not_stored(session, [s.contact_id for s in sends])
    return [(n, s.contact_id) for n, s in enumerate(sends) if s.contact_id in nobody]


def record_sends(ws: Workspace, sends: Sequence[SendIn]) -> list[SendResult]:
    """Store new sends; one already stored (same survey + contact + sent_at, or same survey +
    external_id, also twice in one batch) is answered as a duplicate with the stored id."""
    # The lock keeps bare accounts and contacts from being created twice alongside ingestion.
    with ws.write_lock, ws.db.session() as session:
        accounts = ensure_accounts(session, [s.account_id for s in sends if s.account_id])
        known = same_person(session, [s.contact_id for s in sends])  # a CRM contact's address
        sends = [s.model_copy(update={"contact_id": known.get(s.contact_id, s.contact_id),
                                      "account_id": accounts.get(s.account_id, s.account_id)})
                 for s in sends]  # fmt: skip
        ensure_contacts(session, [s.contact_id for s in sends])
        created = insert_sends(session, sends)
        ids = stored_ids(session, sends)
    results, seen = [], set()
    for send, send_id in zip(sends, ids, strict=True):
        status = "created" if send_id in created and send_id not in seen else "duplicate"
        seen.add(send_id)
        results.append(SendResult(id=send_id, survey=send.survey, contact_id=send.contact_id,
                                  external_id=send.external_id, status=status))  # fmt: skip
    return results


def insert_sends(session: Session, sends: Sequence[SendIn]) -> set[int]:
    """INSERT ... ON CONFLICT DO NOTHING (on either unique key): concurrent senders store once."""
    rows = [
        {
            "survey": s.survey,
            "contact_id": s.contact_id,
            "account_id": s.account_id,
            "sent_at": s.sent_at.astimezone(UTC),
            "external_id": s.external_id,
            "created_at": datetime.now(UTC),
        }
        for s in sends
    ]
    dialect = postgresql if session.bind.dialect.name == "postgresql" else sqlite
    table = SurveySend.__table__
    statement = dialect.insert(table).on_conflict_do_nothing().returning(table.c.id)
    created: set[int] = set()
    for start in range(0, len(rows), 200):  # one statement per chunk keeps SQLite's limits
        created |= set(session.execute(statement, rows[start : start + 200]).scalars())
    return created


def stored_ids(session: Session, sends: Sequence[SendIn]) -> list[int]:
    """The stored id of each send: by its external id when that is stored, else by its key (a
    send whose external id is new but whose key is stored was not inserted)."""
    by_external: dict[tuple[str, str], int] = {}
    by_key: dict[tuple[str, str, datetime], int] = {}
    externals = sorted({s.external_id for s in sends if s.external_id})
    contacts = sorted({s.contact_id for s in sends})
    surveys = sorted({s.survey for s in sends})
    for start in range(0, len(externals), CHUNK):
        query = select(SurveySend.id, SurveySend.survey, SurveySend.external_id).where(
            SurveySend.survey.in_(surveys),
            SurveySend.external_id.in_(externals[start : start + CHUNK]),
        )
        by_external.update({(survey, ext): i for i, survey, ext in session.execute(query)})
    for start in range(0, len(contacts), CHUNK):
        query = select(
            SurveySend.id, SurveySend.survey, SurveySend.contact_id, SurveySend.sent_at
        ).where(
            SurveySend.survey.in_(surveys),
            SurveySend.contact_id.in_(contacts[start : start + CHUNK]),
        )
        by_key.update({(s, c, at): i for i, s, c, at in session.execute(query)})
    ids = []
    for send in sends:
        found = by_external.get((send.survey, send.external_id)) if send.external_id else None
        ids.append(found or by_key[(send.survey, send.contact_id, send.sent_at.astimezone(UTC))])
    return ids


@dataclass
class Send:
    id: int
    contact_id: str
    account_id: str | None
    sent_at: datetime
    answered_at: datetime | None = None
    answered_late_at: datetime | None = None  # its first answer after the window, if none in it

    def state(self, window: timedelta, as_of: datetime) -> str:
        """responded / unanswered once the window has closed (answered_late: answered after
        it); while it is open, awaiting, or answered_so_far when the answer came early (not yet
        counted: see the module's doc)."""
        if self.sent_at + window > as_of:
            return "awaiting" if self.answered_at is None else "answered_so_far"
        if self.answered_at is None:
            return "unanswered" if self.answered_late_at is None else "answered_late"
        return "responded"

    @property
    def answered(self) -> bool:
        """Its contact answered it, in its window or after."""
        return self.answered_at is not None or self.answered_late_at is not None


def answered_sends(
    session: Session,
    survey: str,
    source: str,
    window: timedelta,
    as_of: datetime,
    sent_from: datetime | None = None,
) -> list[Send]:
    """Sends up to as_of (from sent_from), each with the time of its answer if it has one.
    Earlier sends cannot take an answer from these (an answer goes to the latest send before
    it), so they need not be read."""
    account = func.coalesce(SurveySend.account_id, Contact.account_id)
    query = (
        select(SurveySend.id, SurveySend.contact_id, account, SurveySend.sent_at)
        .join(Contact, Contact.id == SurveySend.contact_id)
        .where(SurveySend.survey == survey, SurveySend.sent_at <= as_of)
        .order_by(SurveySend.sent_at, SurveySend.id)
    )
    if sent_from is not None:
        query = query.where(SurveySend.sent_at >= sent_from)
    sends = [Send(*row) for row in session.execute(query)]
    if not sends:
        return []
    by_contact: dict[str, list[Send]] = defaultdict(list)
    for send in sends:  # in sent_at order, so each contact's list is sorted
        by_contact[send.contact_id].append(send)
    for answer in survey_answers(session, survey, source, sends[0].sent_at, as_of):
        own = by_contact.get(answer.contact_id or "")
        if not own:
            continue
        index = bisect_right(own, answer.created_at, key=lambda s: s.sent_at) - 1
        if index < 0:
            continue
        send = own[index]
        if answer.created_at - send.sent_at <= window:
            send.answered_at = send.answered_at or answer.created_at
        else:  # answers come in time order: a late one is after any in the window
            send.answered_late_at = send.answered_late_at or answer.created_at
    return sends


@dataclass
class RateTally:
    sends: int = 0
    responses: int = 0
    awaiting: int = 0  # every send whose window is open, answered or not
    answered_so_far: int = 0
    answered_late: int = 0  # answered after the window: not in the rate, said apart

    def add(self, state: str) -> None:
        self.sends += 1
        self.responses += state == "responded"
        self.awaiting += state in ("awaiting", "answered_so_far")
        self.answered_so_far += state == "answered_so_far"
        self.answered_late += state == "answered_late"

    @property
    def answers(self) -> int:
        """Every answer matched to a send, counted in the rate yet or not."""
        return self.responses + self.answered_so_far + self.answered_late

    @property
    def rate(self) -> float | None:
        return share(self.responses, self.sends - self.awaiting)

    def out(self) -> dict:
        return {
            "sends": self.sends,
            "responses": self.responses,
            "awaiting": self.awaiting,
            "answered_so_far": self.answered_so_far,
            "answered_late": self.answered_late,
            "counted": self.sends - self.awaiting,
            "rate": self.rate,
        }


def rate_groups(
    session: Session,
    survey: str,
    source: str,
    period: Period,
    window: timedelta,
    as_of: datetime,
    segments: Sequence[str] | None,
    sent_from: datetime | None,
    sent_to: datetime | None,
    zone: str,
) -> Grouped[RateTally]:
    sends = answered_sends(session, survey, source, window, as_of, sent_from)
    accounts = accounts_by_id(session, (s.account_id for s in sends))
    rows = []
    for send in sends:
        segment = segment_of(accounts, send.account_id)
        if (sent_to is None or send.sent_at <= sent_to) and wanted_segment(segment, segments):
            rows.append((send.sent_at, segment, send.state(window, as_of)))
    return group(rows, period, RateTally, zone, segment_names(session))


def response_rate(
    session: Session,
    survey: str,
    source: str,
    period: Period,
    window_days: int,
    as_of: datetime,
    segments: Sequence[str] | None = None,
    sent_from: datetime | None = None,
    sent_to: datetime | None = None,
    zone: str = "UTC",
) -> ResponseRateReport:
    window = timedelta(days=window_days)
    grouped = rate_groups(session, survey, source, period, window, as_of, segments, sent_from,
                          sent_to, zone)  # fmt: skip
    before = previous_window(sent_from, sent_to, as_of)
    then = rate_groups(session, survey, source, period, window, as_of, segments, before.start,
                       before.end, zone).overall if before else None  # fmt: skip
    return ResponseRateReport(
        survey=survey,
        source=source,
        window_days=window_days,
        period=period,
        as_of=as_of,
        overall=RateStats(**grouped.overall.out()),
        periods=[
            RatePeriod(**marked_period(d, period, sent_from, sent_to, zone), **t.out())
            for d, t in grouped.periods.items()
        ],
        segments=[RateSegment(segment=s, **t.out()) for s, t in grouped.segments.items()],
        previous=RatePrevious(**before.out(), overall=then.out()) if before else None,
        change=change(grouped.overall.rate, then.rate, 4) if before else None,
        # the survey's name first: with no send, where answers come from is beside the point
        warnings=(
            unknown_survey(session, survey)
            or source_matching_nothing(session, survey, source, grouped.overall.answers)
        )
        + segments_matching_nothing(session, segments),
    )


def unknown_survey(session: Session, survey: str) -> list[str]:
    """A warning when `survey` has no send stored: a mistyped name, or sends never recorded,
    read as a survey nobody answered (every figure 0), without a word. Said with the surveys
    that have sends, or that none has any yet (the zeros alone did not say which it was)."""
    known = sorted(session.scalars(select(SurveySend.survey).distinct()))
    if survey in known:
        return []
    if not known:
        return [f"no send of survey {survey!r} is stored (no survey has sends yet): record its "
                "sends first (POST /v1/surveys/sends); the rate counts answers to them"]  # fmt: skip
    return [f"no send of survey {survey!r} is stored (surveys with sends: {', '.join(known)}): "
            "check the name, or record its sends first (POST /v1/surveys/sends)"]  # fmt: skip


def unanswered_lately(sends: list[Send]) -> list[Send]:
    """The sends after the last answered one, in its window or after (sends in sent_at
    order)."""
    answered = [n for n, send in enumerate(sends) if send.answered]
    return sends[answered[-1] + 1 :] if answered else sends


def non_respondents(
    session: Session,
    survey: str,
    source: str,
    window_days: int,
    as_of: datetime,
    since: datetime | None = None,
    segments: Sequence[str] | None = None,
    limit: int = 100,
) -> NonRespondentList:
    """Contacts whose latest send (since `since`, else ever) is unanswered, most recently sent
    first, each with the sends left unanswered since their last answer. A contact who answered
    once is not thereby done with: a recurring survey's "all sends, answered none" listed nobody
    once everyone had answered one round. Those whose latest send was answered after its window
    are no non-respondents: they are listed apart (`answered_late`), with when they answered."""
    window = timedelta(days=window_days)
    by_contact: dict[str, list[Send]] = defaultdict(list)
    for send in answered_sends(session, survey, source, window, as_of, since):
        by_contact[send.contact_id].append(send)
    silent = {c: s for c, sends in by_contact.items() if (s := unanswered_lately(sends))}
    late = {c: [sends[-1]] for c, sends in by_contact.items()
            if sends[-1].answered_at is None and sends[-1].answered_late_at is not None}  # fmt: skip
    contacts: dict[str, Contact] = {}
    ids = sorted({*silent, *late})
    for start in range(0, len(ids), CHUNK):
        rows = session.scalars(select(Contact).where(Contact.id.in_(ids[start : start + CHUNK])))
        contacts.update({row.id: row for row in rows})
    accounts = accounts_by_id(session, (s[-1].account_id for s in [*silent.values(),
                                                                   *late.values()]))  # fmt: skip

    def listed(group: dict[str, list[Send]]) -> list[NonRespondent]:
        items = []
        for contact_id, sends in group.items():
            last = sends[-1]
            segment = segment_of(accounts, last.account_id)
            if not wanted_segment(segment, segments):
                continue
            contact, account = contacts.get(contact_id), accounts.get(last.account_id or "")
            items.append(
                NonRespondent(
                    contact_id=contact_id,
                    email=contact.email if contact else None,
                    name=contact.name if contact else None,
                    account_id=last.account_id,
                    account_name=account.name if account else None,
                    segment=segment,
                    sends=0 if last.answered else len(sends),
                    last_sent_at=last.sent_at,
                    awaiting=last.state(window, as_of) == "awaiting",
                    answered_late_at=last.answered_late_at,
                )
            )
        return sorted(items, key=lambda item: (-item.last_sent_at.timestamp(), item.contact_id))

    items = listed(silent)
    return NonRespondentList(survey=survey, since=since, as_of=as_of, window_days=window_days,
                             total=len(items), items=items[:limit],
                             answered_late=listed(late)[:limit],
                             warnings=unknown_survey(session, survey)
                             + segments_matching_nothing(session, segments))  # fmt: skip
