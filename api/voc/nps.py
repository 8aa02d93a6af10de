"""NPS and CSAT from survey answers (the feedback `score`): overall, per period, per segment.

NPS = % promoters (9–10) − % detractors (0–6) of the answers, from −100 to 100; 7–8 are passives.
CSAT is the mean of 1–5 answers; 4 and 5 are satisfied. Ingest refuses scores outside a survey's
scale or not whole (api/voc/scales.py); any stored before are not counted (reported as
`ignored`) rather than guessed at."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from api.accounts.segments import segment_names
from api.themes.trends import Period
from api.voc.periods import marked_period
from api.voc.scales import SCALES
from api.voc.schemas import (
    CsatPeriod,
    CsatPrevious,
    CsatReport,
    CsatSegment,
    CsatStats,
    NpsPeriod,
    NpsPrevious,
    NpsReport,
    NpsSegment,
    NpsStats,
    too_few,
)
from api.voc.service import (
    CSAT,
    NPS,
    accounts_by_id,
    change,
    group,
    now,
    previous_window,
    segment_of,
    segments_matching_nothing,
    share,
    source_matching_nothing,
    survey_answers,
    wanted_segment,
)


def valid_nps(score: float | None) -> bool:
    """On the scale and whole: a 7.5 stored before ingest refused it is `ignored`, not a passive."""
    return (score is not None and SCALES["nps"][0] <= score <= SCALES["nps"][1]
            and float(score).is_integer())  # fmt: skip


def valid_csat(score: float | None) -> bool:
    """On the scale and whole: a 3.5 stored before ingest refused it is `ignored`, not put in
    a bucket that the average would disagree with."""
    return (score is not None and SCALES["csat"][0] <= score <= SCALES["csat"][1]
            and float(score).is_integer())  # fmt: skip


def is_detractor(score: float | None) -> bool:
    return valid_nps(score) and score <= 6


@dataclass
class NpsTally:
    promoters: int = 0
    passives: int = 0
    detractors: int = 0

    def add(self, score: float) -> None:
        if score >= 9:
            self.promoters += 1
        elif score <= 6:
            self.detractors += 1
        else:  # 7 and 8, and anything between 6 and 9 a tool may send
            self.passives += 1

    @property
    def responses(self) -> int:
        return self.promoters + self.passives + self.detractors

    @property
    def nps(self) -> float | None:
        n = self.responses
        return None if not n else 100 * (self.promoters - self.detractors) / n

    def out(self) -> dict:
        nps = self.nps
        return {
            "responses": self.responses,
            "promoters": self.promoters,
            "passives": self.passives,
            "detractors": self.detractors,
            "nps": None if nps is None else round(nps, 1),
            "few_answers": too_few(self.responses),
        }


@dataclass
class CsatTally:
    total: float = 0.0
    satisfied: int = 0
    distribution: list[int] = field(default_factory=lambda: [0] * 5)

    def add(self, score: float) -> None:
        self.total += score
        bucket = int(score)  # a whole 1 to 5: valid_csat
        self.distribution[bucket - 1] += 1
        self.satisfied += bucket >= 4  # the 4s and 5s

    @property
    def responses(self) -> int:
        return sum(self.distribution)

    @property
    def average(self) -> float | None:
        return None if not self.responses else self.total / self.responses

    def out(self) -> dict:
        average = self.average
        return {
            "responses": self.responses,
            "average": None if average is None else round(average, 2),
            "distribution": {str(i + 1): n for i, n in enumerate(self.distribution)},
            "satisfied": self.satisfied,
            "satisfied_share": share(self.satisfied, self.responses),
        }


def scored_rows(
    session: Session,
    survey: str,
    source: str,
    valid: Callable[[float | None], bool],
    segments: Sequence[str] | None,
    created_from: datetime | None,
    created_to: datetime | None,
) -> tuple[list[tuple[datetime, str, float]], int]:
    """(created_at, segment, score) of the valid answers in the wanted segments, and how many
    answers in those segments were ignored."""
    answers = survey_answers(session, survey, source, created_from, created_to)
    accounts = accounts_by_id(session, (a.account_id for a in answers))
    rows, ignored = [], 0
    for answer in answers:
        segment = segment_of(accounts, answer.account_id)
        if not wanted_segment(segment, segments):
            continue
        if valid(answer.score):
            rows.append((answer.created_at, segment, answer.score))
        else:
            ignored += 1
    return rows, ignored


def nps_report(
    session: Session,
    source: str,
    period: Period,
    segments: Sequence[str] | None,
    created_from: datetime | None,
    created_to: datetime | None,
    zone: str,  # BOUCLE_TIMEZONE, that the API and the CLI both pass: no default to forget
) -> NpsReport:
    rows, ignored = scored_rows(session, NPS, source, valid_nps, segments, created_from, created_to)
    grouped = group(rows, period, NpsTally, zone, segment_names(session))
    window, then = previous_window(created_from, created_to, now()), None
    if window:
        before, _ = scored_rows(session, NPS, source, valid_nps, segments, window.start, window.end)
        then = group(before, period, NpsTally, zone).overall
    return NpsReport(
        survey=NPS,
        source=source,
        period=period,
        created_from=created_from,
        created_to=created_to,
        overall=NpsStats(**grouped.overall.out()),
        periods=[
            NpsPeriod(**marked_period(d, period, created_from, created_to, zone), **t.out())
            for d, t in grouped.periods.items()
        ],
        segments=[NpsSegment(segment=s, **t.out()) for s, t in grouped.segments.items()],
        ignored=ignored,
        previous=NpsPrevious(**window.out(), overall=then.out()) if window else None,
        change=change(grouped.overall.nps, then.nps, 1) if window else None,
        warnings=source_matching_nothing(session, NPS, source, grouped.overall.responses + ignored)
        + segments_matching_nothing(session, segments),
    )


def csat_report(
    session: Session,
    source: str,
    period: Period,
    segments: Sequence[str] | None,
    created_from: datetime | None,
    created_to: datetime | None,
    zone: str,  # BOUCLE_TIMEZONE, that the API and the CLI both pass: no default to forget
) -> CsatReport:
    rows, ignored = scored_rows(
        session, CSAT, source, valid_csat, segments, created_from, created_to
    )
    grouped = group(rows, period, CsatTally, zone, segment_names(session))
    window, then = previous_window(created_from, created_to, now()), None
    if window:
        before, _ = scored_rows(session, CSAT, source, valid_csat, segments, window.start,
                                window.end)  # fmt: skip
        then = group(before, period, CsatTally, zone).overall
    return CsatReport(
        survey=CSAT,
        source=source,
        period=period,
        created_from=created_from,
        created_to=created_to,
        overall=CsatStats(**grouped.overall.out()),
        periods=[
            CsatPeriod(**marked_period(d, period, created_from, created_to, zone), **t.out())
            for d, t in grouped.periods.items()
        ],
        segments=[CsatSegment(segment=s, **t.out()) for s, t in grouped.segments.items()],
        ignored=ignored,
        previous=CsatPrevious(**window.out(), overall=then.out()) if window else None,
        change=change(grouped.overall.average, then.average, 2) if window else None,
        warnings=source_matching_nothing(session, CSAT, source, grouped.overall.responses + ignored)
        + segments_matching_nothing(session, segments),
    )
