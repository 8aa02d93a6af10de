"""Segments spelt in several cases are one ("SMB" and "smb": every filter reads them in any
case): each is named, wherever figures are grouped by segment (GET /v1/segments, impact, VoC),
as most of its accounts spell it; on a tie, the spelling last in sort order ("smb" over "SMB")."""

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.storage.tables import Account


def segment_key(segment: str) -> str:
    """What makes two spellings one segment."""
    return segment.casefold()


def named_as_most_spell_it(spellings: Counter) -> str:
    return max(spellings.items(), key=lambda kv: (kv[1], kv[0]))[0]


def stored_segments(session: Session) -> list[tuple[str, int]]:
    """(segment, accounts) for each segment stored on accounts, by its name."""
    spelt = (
        select(Account.segment, func.count())
        .where(Account.segment.is_not(None), Account.segment != "")
        .group_by(Account.segment)
    )
    return named_segments(tuple(row) for row in session.execute(spelt))


def named_segments(counts: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """(spelling, count) pairs folded into one per segment, under the name most of them use."""
    folded: dict[str, Counter] = {}
    for spelling, count in counts:
        folded.setdefault(segment_key(spelling), Counter())[spelling] += count
    return [(named_as_most_spell_it(c), c.total()) for c in folded.values()]


def segment_names(session: Session) -> dict[str, str]:
    """segment_key -> the segment's name, for every segment stored on accounts."""
    return {segment_key(name): name for name, _ in stored_segments(session)}
