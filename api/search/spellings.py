"""Values stored in several spellings ("Zendesk" once, "zendesk" 157 times) are one value, as
ingest and the filters read them (source_key: casefold); each is named as most rows spell it."""

from collections.abc import Callable

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from api.storage.tables import source_key


def named_by_most_used(
    session: Session, column, key: Callable[[str], str] = source_key
) -> dict[str, int]:
    """Each value of `column` once, whatever its case (the spellings one `key` reads as one),
    named by its most used spelling (ties: the first in code-point order), with the rows holding
    it in any spelling. One pass along the column's index (feedback.source:
    tests/test_sources.py reads the plans)."""
    spellings: dict[str, list[tuple[int, str]]] = {}
    for spelt, count in session.execute(spellings_counted(column)):
        if spelt:
            spellings.setdefault(key(spelt), []).append((count, spelt))
    return {
        min(group, key=lambda counted: (-counted[0], counted[1]))[1]: sum(n for n, _ in group)
        for group in spellings.values()
    }


def spellings_counted(column) -> Select:
    """Each spelling of `column`'s values with its rows."""
    return select(column, func.count()).where(column.is_not(None)).group_by(column)
