"""Columns a backup made before them lacks, computed at restore from the row as the migration
that added them computed them for stored rows. A column default that reads the row being
inserted (feedback.source_key) is no use there: a bulk insert gives it no row to read."""

from collections.abc import Callable

from sqlalchemy import Table

from api.storage.tables import Feedback, source_key


class SourceKeys:
    """feedback.source_key of rows backed up before schema 0014: source_key(source); a later
    case-twin (the same external id under another spelling of its source, two items then) gets
    "<key>#<id>", which nothing matches, as migration 0014 keyed the stored twins."""

    def __init__(self) -> None:
        self.seen: set[tuple[str, str]] = set()

    def __call__(self, row: dict) -> str:
        key = source_key(row["source"])
        if (key, row["external_id"]) in self.seen:
            return f"{key}#{row['id']}"
        self.seen.add((key, row["external_id"]))
        return key


def derived_columns(table: Table) -> dict[str, Callable[[dict], object]]:
    """The columns of `table` computed from the rest of the row when a backup lacks them (one
    computer per restored table: it may remember the rows it saw)."""
    if table is Feedback.__table__:
        return {"source_key": SourceKeys()}
    return {}
