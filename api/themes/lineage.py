"""A theme's lineage: what happened to it (created, renamed, moved, merged, retired), with when."""

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)


def event(name: str, **detail) -> dict:
    return {"event": name, "at": now().isoformat(), **detail}
