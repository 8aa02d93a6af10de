"""A report period as a reader sees it: its label, and whether the report's range cuts it. The
first month of "the last 90 days" holds only its last weeks: shown as "Sep 2026" its NPS read
as the whole month's (−36.8 against −30.0), so it says "Sep 2026 (from 8 Sep)" and `partial`."""

from datetime import UTC, date, datetime, timedelta

from api.themes.trends import Period, next_period
from api.timezone import in_zone

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def period_name(start: date, period: Period) -> str:
    """ "8 Sep 2026", "week of 7 Sep 2026", "Sep 2026", "Q3 2026": written the same in any
    locale, as the CSV files and the API give dates."""
    month = f"{MONTHS[start.month - 1]} {start.year}"
    if period == "month":
        return month
    if period == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    day = f"{start.day} {month}"
    return f"week of {day}" if period == "week" else day


def day_and_month(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"


def marked_period(
    start: date, period: Period, first: datetime | None, last: datetime | None, zone: str
) -> dict:
    """`period_start`, `label` and `partial` of the period starting on `start`, for a range from
    `first` to `last` (either open): cut when the range starts after its first day or ends
    before its last, in `zone` (BOUCLE_TIMEZONE, the days the range was typed in). An open end
    (or one still to come) is now: the period still running is partial until it ends ("Dec 2026
    (to 7 Dec)" on 7 Dec, read as the whole month's otherwise), on its last day too: today's
    row of `day` is "7 Dec 2026 (so far)"."""
    end = next_period(start, period) - timedelta(days=1)
    now = datetime.now(UTC)
    upto = last if last is not None and last < now else now
    cut_from = in_zone(first, zone).date() if first else None
    cut_to = in_zone(upto, zone).date()
    cut_from = cut_from if cut_from and cut_from > start else None
    running = upto is now and cut_to == end  # its last day has not ended: a day is cut by hours
    cut_to = cut_to if cut_to and cut_to < end else None
    label = period_name(start, period)
    if cut_from and cut_to:
        label += f" ({day_and_month(cut_from)} to {day_and_month(cut_to)})"
    elif cut_from:
        label += f" (from {day_and_month(cut_from)}{', so far' if running else ''})"
    elif cut_to:
        label += f" (to {day_and_month(cut_to)})"
    elif running:
        label += " (so far)"
    return {"period_start": start, "label": label, "partial": bool(cut_from or cut_to or running)}
