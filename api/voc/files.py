"""NPS and CSAT reports as CSV files, written as the exports write theirs (api/search/export.py:
CRLF, and in the `excel` style a BOM, ";" and decimal commas). One row per period, then one per
segment (the whole window), then the overall figures; "all" stands for every period or segment.
`partial` says whether a period's row holds only part of it (the range cuts it, or it is still
running): empty on the segment and overall rows, which cover the range."""

import io
from collections.abc import Iterator

from api.search.cells import inert
from api.search.export import csv_writer, excel_cells
from api.voc.schemas import CsatReport, CsatStats, NpsReport, NpsStats

EVERY = "all"
NPS_COLUMNS = (
    "period", "segment", "answers", "promoters", "passives", "detractors", "nps", "partial",
)  # fmt: skip
CSAT_COLUMNS = (
    "period", "segment", "answers", "average", "score_1", "score_2", "score_3", "score_4",
    "score_5", "satisfied", "satisfied_share", "partial",
)  # fmt: skip


def breakdown(
    report: NpsReport | CsatReport,
) -> Iterator[tuple[str, str, NpsStats | CsatStats, str]]:
    """(period, segment, figures, partial): each period's, each segment's, then the overall."""
    for period in report.periods:
        yield period.period_start.isoformat(), EVERY, period, str(period.partial).lower()
    for segment in report.segments:
        yield EVERY, segment.segment, segment, ""
    yield EVERY, EVERY, report.overall, ""


def nps_csv(report: NpsReport, excel: bool = False) -> str:
    rows = (
        [period, segment, s.responses, s.promoters, s.passives, s.detractors, s.nps, partial]
        for period, segment, s, partial in breakdown(report)
    )
    return as_csv(NPS_COLUMNS, rows, excel)


def csat_csv(report: CsatReport, excel: bool = False) -> str:
    rows = (
        [period, segment, s.responses, s.average,
         *(s.distribution[str(score)] for score in range(1, 6)), s.satisfied, s.satisfied_share,
         partial]
        for period, segment, s, partial in breakdown(report)
    )  # fmt: skip
    return as_csv(CSAT_COLUMNS, rows, excel)


def as_csv(header: tuple[str, ...], rows: Iterator[list], excel: bool) -> str:
    """A short table (a row a period): written at once. A cell is a date, a segment (text a
    CRM wrote: a formula start is escaped, as the exports escape it) or a number."""
    buffer = io.StringIO()
    writer = csv_writer(buffer, excel)
    writer.writerow(header)
    for cells in rows:
        cells[1] = inert(cells[1])
        writer.writerow(excel_cells(cells) if excel else cells)
    return buffer.getvalue()
