"""The metadata filter: items whose metadata (columns kept with `boucle import --keep`, a
ticket's `metadata`) holds each given key with exactly the given value, both text
(`{"app_version": "5.2.0"}` in search, `?meta=app_version:5.2.0` in GET lists). Read in SQL on
both stores; search narrows its vector search to the items SQL finds, so vectors stored before
this filter existed need no new payload."""

import re

from sqlalchemy import ColumnElement, String, and_, cast

from api.storage.tables import Feedback

MAX_PAIRS = 10
# Keys as exports name columns ("app_version", "App Version", "source.os"); no quote or
# backslash, that a JSON path would have to escape.
KEY = re.compile(r"^[^\"\\\x00-\x1f]{1,100}$")
EXAMPLE = "app_version:5.2.0"


def checked_metadata(pairs: dict[str, str]) -> dict[str, str]:
    """The pairs, or a ValueError saying what to fix."""
    if not pairs:
        raise ValueError("give at least one key and value, or leave the filter out")
    if len(pairs) > MAX_PAIRS:
        raise ValueError(f"at most {MAX_PAIRS} keys")
    for key, value in pairs.items():
        if not KEY.match(key) or not key.strip():
            raise ValueError(f"{key!r} is not a metadata key: 1 to 100 characters, no quote, "
                             "backslash or control character")  # fmt: skip
        if not value.strip() or len(value) > 1000:
            raise ValueError(f"{key}: give a value of 1 to 1000 characters")
    return pairs


def pairs_from_query(values: list[str]) -> dict[str, str]:
    """?meta=app_version:5.2.0&meta=platform:ios as {"app_version": "5.2.0", ...}."""
    pairs: dict[str, str] = {}
    for given in values:
        key, colon, value = given.partition(":")
        if not colon or not key.strip() or not value.strip():
            raise ValueError(f"{given!r}: write key:value, e.g. {EXAMPLE}")
        if key.strip() in pairs:
            raise ValueError(f"{key.strip()!r} given twice: one value per key")
        pairs[key.strip()] = value.strip()
    return pairs


def metadata_matches(pairs: dict[str, str]) -> ColumnElement[bool]:
    """Each key holding its value, as text: a number stored by a JSON import (5) matches "5"."""
    return and_(*[cast(Feedback.meta[key].as_string(), String) == value
                  for key, value in pairs.items()])  # fmt: skip
