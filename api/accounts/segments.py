"""Segments spelt in several ways are one ("SMB" and "smb"; "Mid-Market", "mid market" and
"MID_MARKET": every filter reads them whatever their case and the spaces, hyphens or underscores
between their words): each is named, wherever figures are grouped by segment (GET /v1/segments,
impact, RICE's reach, VoC, a theme's breakdown), as most of its accounts spell it; on a tie, the
spelling last in sort order ("smb" over "SMB")."""

import re
from collections import Counter
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.storage.tables import Account

# What may stand between a segment's words: spaces, hyphens (and Unicode's dashes), underscores.
_BETWEEN_WORDS = re.compile(r"[\s\-\u2010-\u2015_]+")


def segment_key(segment: str) -> str:
    """What makes two spellings one segment: "Mid-Market", "mid market", " MID_MARKET" are
    "mid market" (casefolded, as sources are: "ß" is "ss")."""
    return _BETWEEN_WORDS.sub(" ", segment.casefold()).strip()


def same_segments(values: Iterable[str], spellings: Iterable[str]) -> list[str]:
    """`values` and each of `spellings` that is one of their segments, sorted: what a filter
    compares the stored spellings with (exactly: the same on SQLite and PostgreSQL)."""
    values = list(values)
    keys = {segment_key(value) for value in values}
    return sorted({*values, *(spelt for spelt in spellings if segment_key(spelt) in keys)})


def spelt_as_stored(session: Session, values: Iterable[str]) -> list[str]:
    """`values` with every spelling stored on accounts of the same segments."""
    stored = session.scalars(select(Account.segment).where(Account.segment.is_not(None)).distinct())
    return same_segments(values, stored)


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
