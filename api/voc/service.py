"""What the voice-of-the-customer reports share: which feedback answers a survey, whose account an
item belongs to, and grouping by period and segment. Periods are bucketed in Python (dates in BOUCLE_TIMEZONE, UTC by
default) so that the same code runs on SQLite and PostgreSQL."""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Generic, Protocol, TypeVar

from sqlalchemy import ColumnElement, Row, and_, func, or_, select
from sqlalchemy.orm import Session

from api.accounts.segments import named_as_most_spell_it, segment_key
from api.search.schemas import Filters
from api.search.service import values_matching_nothing
from api.storage.tables import Account, Contact, Feedback, source_key
from api.themes.trends import Period, period_start

NPS = "nps"
CSAT = "csat"
UNKNOWN_SEGMENT = "unknown"
CHUNK = 500  # ids per IN (...): well within SQLite's and PostgreSQL's parameter limits


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Window:
    """A report's window, both ends included, and its length in whole days."""

    start: datetime
    end: datetime

    @property
    def days(self) -> int:
        return round((self.end - self.start) / timedelta(days=1))

    def out(self) -> dict:
        return {"start": self.start, "end": self.end, "days": self.days}


def previous_window(start: datetime | None, end: datetime | None, today: datetime) -> Window | None:
    """The window of the same length that ends just before `start`: what "vs the previous 30
    days" compares with (1 to 30 November: 2 to 31 October). An open end counts to the end of
    `today` (UTC), as a day typed in "to" does, so that the answer does not change by the
    second. None without a start (the whole history has nothing before it), or one so early
    that the window before it would begin before year 1."""
    if start is None:
        return None
    end = end or datetime.combine(today.astimezone(UTC).date(), time.max, UTC)
    try:
        last = start - timedelta(microseconds=1)  # both ends included: no answer counts twice
        return Window(last - (end - start), last)
    except OverflowError:  # it would begin before year 1: nothing is stored that early
        return None


def change(now: float | None, before: float | None, digits: int) -> float | None:
    """now − before, rounded; None when either is unknown (no answer in a window)."""
    return None if now is None or before is None else round(now - before, digits)


def survey_source(survey: str) -> str:
    """The source a survey's answers arrive with unless told otherwise: nps_survey, csat_survey."""
    return f"{survey}_survey"


def account_of_feedback() -> ColumnElement:
    """An item's account: its own, else its contact's (survey tools often name only the contact).
    Needs Contact outer-joined on Feedback.contact_id."""
    return func.coalesce(Feedback.account_id, Contact.account_id)


def of_accounts(account_ids: Sequence[str]) -> ColumnElement:
    """Items of these accounts (their own, or their contact's), said so that the database can
    use its indexes: the COALESCE alone read every item, for one account's health too."""
    return and_(
        or_(
            Feedback.account_id.in_(account_ids),
            Feedback.contact_id.in_(select(Contact.id).where(Contact.account_id.in_(account_ids))),
        ),
        account_of_feedback().in_(account_ids),
    )


def in_survey(survey: str, source: str) -> ColumnElement:
    # A `survey` key in the metadata lets any source carry answers (one form tool for every survey).
    return or_(
        Feedback.source_key == source_key(source), Feedback.meta["survey"].as_string() == survey
    )


def is_survey_item(source: str, meta: dict | None) -> bool:
    """Survey answers, whatever the survey: not tickets, for ticket volumes."""
    return source_key(source).endswith("_survey") or bool((meta or {}).get("survey"))


@dataclass(frozen=True)
class Answer:
    feedback_id: int
    created_at: datetime
    contact_id: str | None
    account_id: str | None
    score: float | None


def survey_answers(
    session: Session,
    survey: str,
    source: str,
    created_from: datetime | None = None,
    created_to: datetime | None = None,
    account_ids: Sequence[str] | None = None,
) -> list[Answer]:
    """Answers to one survey, oldest first, each with its (effective) account."""
    account = account_of_feedback()
    query = (
        select(
            Feedback.id,
            Feedback.created_at,
            Feedback.contact_id,
            account.label("account"),
            Feedback.score,
        )  # fmt: skip
        .outerjoin(Contact, Contact.id == Feedback.contact_id)
        .where(in_survey(survey, source))
        .order_by(Feedback.created_at, Feedback.id)
    )
    if created_from is not None:
        query = query.where(Feedback.created_at >= created_from)
    if created_to is not None:
        query = query.where(Feedback.created_at <= created_to)
    if account_ids is not None:
        query = query.where(of_accounts(account_ids))
    return [Answer(*row) for row in session.execute(query)]


def accounts_by_id(session: Session, ids: Iterable[str | None]) -> dict[str, Row]:
    """The accounts' id, name, segment and ARR (plain rows: no ORM objects, for thousands)."""
    wanted = sorted({i for i in ids if i})
    found: dict[str, Row] = {}
    columns = (Account.id, Account.name, Account.segment, Account.arr)
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        found.update(
            {row.id: row for row in session.execute(select(*columns).where(Account.id.in_(chunk)))}
        )
    return found


def segment_of(accounts: dict[str, Row], account_id: str | None) -> str:
    account = accounts.get(account_id) if account_id else None
    return (account.segment if account else None) or UNKNOWN_SEGMENT


def wanted_segment(segment: str, segments: Sequence[str] | None) -> bool:
    """Whatever the case and what separates the words, as search and needs filter: CRM exports
    write "Enterprise" and "enterprise", "Mid-Market" and "Mid market"."""
    return not segments or segment_key(segment) in {segment_key(wanted) for wanted in segments}


def segments_matching_nothing(session: Session, segments: Sequence[str] | None) -> list[str]:
    """The warning for each ?segment= value no account has, worded as search and the impact
    endpoints word it: a typo answers zeros, but not silently. "unknown" (no account, or no
    segment on it) is a VoC segment whatever is stored; a blank value (?segment=) narrows to no
    account either, and has no spelling to warn about."""
    named = [s for s in segments or () if s.strip() and s.casefold() != UNKNOWN_SEGMENT]
    return values_matching_nothing(session, Filters(segment=named)) if named else []


def source_matching_nothing(session: Session, survey: str, source: str, answers: int) -> list[str]:
    """The warning for a source named for a survey's answers that no feedback has ("nps_survy")
    when the report found no answer: a typo's zeros, said (`boucle voc nps --source` too). The
    survey's own source (nps_survey) is not warned about: before the first answer, or with
    answers known by their metadata, its zeros are no mistake."""
    if answers or source_key(source) == source_key(survey_source(survey)):
        return []
    return values_matching_nothing(session, Filters(source=[source]))


def share(part: int | float, whole: int | float, digits: int = 4) -> float | None:
    return None if not whole else round(part / whole, digits)


class Tally(Protocol):
    def add(self, value) -> None: ...


T = TypeVar("T", bound=Tally)


@dataclass
class Grouped(Generic[T]):
    overall: T
    periods: dict[date, T]  # by the period's first day, oldest first
    segments: dict[str, T]  # by segment name, sorted


def group(
    rows: Iterable[tuple[datetime, str, object]],
    period: Period,
    new: Callable[[], T],
    zone: str = "UTC",
    names: dict[str, str] | None = None,
) -> Grouped[T]:
    """One tally overall, one per period with data (periods starting in `zone`) and one per
    segment with data. Segments differing only in case are one, named by `names`
    (api/accounts/segments.py: as most of its accounts spell it), else as most rows do: one
    "SMB" answer relabelled the whole "smb" bucket."""
    overall = new()
    periods: dict[date, T] = defaultdict(new)
    segments: dict[str, T] = defaultdict(new)
    spellings: dict[str, Counter] = defaultdict(Counter)
    for moment, segment, value in rows:
        overall.add(value)
        periods[period_start(moment, period, zone)].add(value)
        folded = segment_key(segment)
        spellings[folded][segment] += 1
        segments[folded].add(value)
    names = names or {}
    named = {names.get(folded) or named_as_most_spell_it(spellings[folded]): tally
             for folded, tally in segments.items()}  # fmt: skip
    return Grouped(overall, dict(sorted(periods.items())), dict(sorted(named.items())))
