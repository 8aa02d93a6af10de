"""CSV cells as both exports (insights and messages) write them: one escaping policy, dates in
the API's form (the Excel style: the workspace zone's wall clock), intents in a fixed order,
custom taggers' labels, metadata as compact JSON."""

import json
import re
from datetime import datetime

from analyzer import INTENT_LABELS
from api.timezone import in_zone

# A spreadsheet runs a cell that starts with one of these as a formula; customers write the text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# An identifier that is only a signed number ("-42", "+3361234") is read as that number, not
# run: it is written as it is, so it still joins with the source's ids.
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
_INTENT_ORDER = {label: n for n, label in enumerate(INTENT_LABELS)}


def inert(value, identifier: bool = False):
    """A spreadsheet cell that cannot run: text starting like a formula gets a leading "'"
    (an identifier that is a plain number is left as it is)."""
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return value
    if identifier and _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def escape_cells(cells: list, text_cells: tuple[int, ...], id_cells: tuple[int, ...]) -> list:
    """`cells` with inert() applied in place to the cells that can hold text."""
    for i in text_cells:  # inert(), inlined: it runs on most cells of every row
        value = cells[i]
        if value and value.startswith(FORMULA_START):
            cells[i] = "'" + value
    for i in id_cells:
        value = cells[i]
        if value and value.startswith(FORMULA_START):
            cells[i] = inert(value, identifier=True)
    return cells


def utc_text(moment: datetime | None) -> str | None:
    """As the API's JSON writes a stored (UTC) time: 2026-11-02T10:00:00Z."""
    return None if moment is None else moment.isoformat().replace("+00:00", "Z")


def local_text(moment: datetime | None, zone: str) -> str | None:
    """A stored time as the Excel style writes it: the wall clock in `zone` (BOUCLE_TIMEZONE),
    "2026-11-05 00:00:00", which a spreadsheet reads as a date and time; the header names the
    zone (zone_header)."""
    return None if moment is None else in_zone(moment, zone).strftime("%Y-%m-%d %H:%M:%S")


def zone_header(columns, times: tuple[str, ...], zone: str) -> list[str]:
    """The header with the zone after each time column's name: "created_at (Europe/Paris)"."""
    return [f"{name} ({zone})" if name in times else name for name in columns]


def intents_cell(labels) -> str:
    """Intent labels joined by ";" in the intent head's order (bug_report, feature_request, …),
    not by score, so one set of intents is always one cell."""
    labels = list(labels)
    if len(labels) < 2:  # most insights: nothing to order
        return labels[0] if labels else ""
    return ";".join(sorted(labels, key=lambda label: (_INTENT_ORDER.get(label, 99), label)))


def metadata_cell(metadata: dict | str | None) -> str:
    """An item's metadata as compact JSON text (empty when it has none); `metadata` may be the
    stored JSON text."""
    if isinstance(metadata, str):
        metadata = json.loads(metadata) if metadata not in ("{}", "null") else None
    if not metadata:
        return ""
    return json.dumps(metadata, ensure_ascii=False, separators=(",", ":"))


def number(value: float | None) -> float | None:
    """As the record's float fields print it: a whole number stored as an integer reads 5.0."""
    return None if value is None else float(value)


def score_cell(value: float | None) -> float | int | None:
    """A survey score or an amount as people write it: NPS 7 is "7", not "7.0", an ARR 178600
    is "178600"; a CSAT 4.5 stays 4.5."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def tags_cell(tags: dict | None) -> str:
    """Custom taggers' labels, "tagger=label;…", a multi-label tagger's every label joined by
    "|" ("topics=login|billing;queues=billing"); scores are in the JSON lines. Tagger names
    hold none of "=;|"; a label's own "\\", ";" and "|" get a "\\" before them."""
    return ";".join(
        f"{name}=" + "|".join(map(_escaped, tag.get("labels") or [tag["label"]]))
        for name, tag in sorted((tags or {}).items())
    )


def _escaped(label: str) -> str:
    return label.replace("\\", "\\\\").replace(";", "\\;").replace("|", "\\|")
