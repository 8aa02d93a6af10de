"""The time zone that periods are bucketed in (BOUCLE_TIMEZONE, an IANA name): a day, week,
month or quarter starts at its local midnight, so a Paris team's feedback of 23:30 on 31 March
counts in March, not in April as it does in UTC."""

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# The SQLite function, registered on each connection, that reads a stored UTC time in a zone:
# SQLite knows no zones (PostgreSQL's timezone() does this itself).
LOCAL_TIME_SQL = "boucle_local_time"
# The header of search answers naming this zone (api/headers.py): a client in another zone sends
# days as typed and prints dates in the server's.
ZONE_HEADER = "X-Boucle-Timezone"


@lru_cache
def zone(name: str) -> ZoneInfo:
    """The zone named `name`; ValueError saying what to write when there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"{name!r} is not an IANA time zone name: write one such as Europe/Paris, "
            "America/New_York or UTC"
        ) from None


def in_zone(moment: datetime, name: str) -> datetime:
    """`moment` in the zone (a naive one is UTC, as the stores keep it)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(zone(name))


def local_time(stored: str | None, name: str) -> str | None:
    """LOCAL_TIME_SQL: SQLite's UTC text ("2026-03-31 22:30:00.000000") as the zone's local
    time, in the form SQLite's date() and strftime() read. Called once a row: the offset is
    looked up once an hour of UTC (12 µs a row became 1.6)."""
    if stored is None:
        return None
    offset = _hour_offset(stored[:13], name)
    if offset is None:  # the offset changes within that hour
        return str(
            in_zone(datetime.fromisoformat(stored), name).replace(tzinfo=None, microsecond=0)
        )
    return str(datetime.fromisoformat(stored[:19]) + offset)


@lru_cache(maxsize=1 << 16)
def _hour_offset(hour: str, name: str) -> timedelta | None:
    """The zone's offset from UTC all through the hour starting at `hour` ("2026-03-31 22"),
    or None when it changes within it (Lord Howe's half-hour shift, at 15:30 UTC)."""
    start = datetime.fromisoformat(hour + ":00").replace(tzinfo=UTC)
    first = start.astimezone(zone(name)).utcoffset()
    last = (start + timedelta(minutes=59, seconds=59)).astimezone(zone(name)).utcoffset()
    return first if first == last else None
