"""`boucle import --kind accounts|contacts`: CRM exports as they are. Columns found by name
(without case, spaces or underscores) or named with --map; amounts as CRMs write them
("$12,500.00", "12 500 €", "1.250.000,00"); languages by code or name. Any other column is kept
in `attributes`."""

import re
from pathlib import Path

from pydantic import BaseModel, ValidationError

from api.accounts.schemas import AccountIn, ContactIn
from api.feedback.importer import (
    BadRow,
    ImportError_,
    Report,
    column_key,
    file_format,
    rows_of,
    text_stream,
    validation_message,
    with_overrides,
)
from api.nul import without_nul
from api.params import language_code

# Field -> candidate columns, first present wins. "Annual Revenue" is left out on purpose: in a
# CRM it is the customer company's revenue, not what it pays you.
PEOPLE_COLUMNS: dict[str, dict[str, list[str]]] = {
    "accounts": {
        "id": ["id", "account_id", "external_id", "account_number"],
        "name": ["name", "account_name", "company", "company_name", "organization"],
        "arr": ["arr", "annual_recurring_revenue", "arr_usd", "arr_eur"],
        "segment": ["segment", "tier", "customer_segment"],
        "plan": ["plan", "product_plan", "subscription_plan"],
    },
    "contacts": {
        "id": ["id", "contact_id", "external_id", "email"],
        "account_id": ["account_id", "account", "organization_id", "company_id"],
        "email": ["email", "e_mail", "email_address"],
        "name": ["name", "full_name", "contact_name"],
        # CRM exports split the name; joined when there is no whole-name column
        "first_name": ["first_name", "firstname", "given_name", "prénom", "prenom"],
        "last_name": ["last_name", "lastname", "surname", "family_name"],
        "language": ["language", "preferred_language", "lang", "locale"],
    },
}
MODELS: dict[str, type[BaseModel]] = {"accounts": AccountIn, "contacts": ContactIn}

_CURRENCY = re.compile(r"[^\d,.\-]")  # symbols, codes and spaces ("$", "EUR", "12 500")
_NO_AMOUNT = re.compile(r"^\s*(?:n/?a|-+|none|null|unknown|tbd|inconnu|nc|n\.c\.)?\s*$", re.I)
# A scale word right after the digits: "12.5k", "1.2M", "2 Mio", "1,5 Md€", "3bn"
_SCALE = re.compile(r"\d\s*(k|m|mm|mn|mio|md|mrd|bn)(?![a-zA-Z])", re.IGNORECASE)
_FACTORS = {"k": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "mio": 1e6, "md": 1e9, "mrd": 1e9, "bn": 1e9}


def parse_amount(value: str) -> float | None:
    """An amount as exports write it: the last of "," and "." is the decimal mark when both
    appear; one alone is a thousands mark when it repeats or has exactly three digits after it
    ("12,500" is 12500, "12,5" is 12.5); "12.5k", "€1.2M", "2 Mio €" scale it. None for a cell
    that says there is no amount ("N/A", "-"): the row is kept without one."""
    if _NO_AMOUNT.match(value):
        return None
    scale = _SCALE.search(value)
    factor = _FACTORS[scale.group(1).lower()] if scale else 1
    text = _CURRENCY.sub("", value[: scale.start(1)] if scale else value)
    if not re.search(r"\d", text):
        raise ValueError(f"{value!r} is not an amount")
    marks = [m for m in (",", ".") if m in text]
    if len(marks) == 2:
        decimal = max(marks, key=text.rindex)
        text = text.replace("," if decimal == "." else ".", "").replace(decimal, ".")
    elif marks:
        mark = marks[0]
        whole, _, tail = text.rpartition(mark)
        thousands = text.count(mark) > 1 or len(tail) == 3
        text = text.replace(mark, "") if thousands else f"{whole}.{tail}"
    try:
        return round(float(text) * factor, 2)
    except ValueError:
        raise ValueError(f"{value!r} is not an amount") from None


def people_mapping(kind: str, overrides: dict[str, str]) -> dict[str, list[str]]:
    return with_overrides(PEOPLE_COLUMNS[kind], overrides, list(PEOPLE_COLUMNS[kind]), kind)


def choose_columns(path: Path, kind: str, fields: dict[str, list[str]], given: set[str],
                   columns: list[str]) -> dict[str, str]:  # fmt: skip
    """Field -> the file's column, checked before any row: the id must come from somewhere,
    and a column named by hand must exist."""
    keys = {column_key(column): column for column in reversed(columns)}
    chosen = {}
    for name, candidates in fields.items():
        found = next((keys[column_key(c)] for c in candidates if column_key(c) in keys), None)
        if found is not None:
            chosen[name] = found
    listed = ", ".join(map(repr, columns))
    missing = sorted(name for name in given if name not in chosen)
    if missing:
        named = ", ".join(f"{n}={fields[n][0]}" for n in missing)
        raise ImportError_(f"{path}: --map {named}: no such column; the columns are {listed}")
    if "id" not in chosen:
        tried = " or ".join(map(repr, fields["id"]))
        raise ImportError_(
            f"{path}: no column for the {kind[:-1]} id (tried {tried}); the columns are "
            f"{listed}: name yours with --map id=COLUMN"
        )
    return chosen


def person_record(row: dict, chosen: dict[str, str]) -> dict:
    values = {name: row[column] for name, column in chosen.items()
              if row.get(column) not in (None, "")}  # fmt: skip
    used = set(chosen.values())
    extra = {k: v for k, v in row.items() if k not in used and v not in (None, "")}
    parts = [str(values.pop(n)).strip() for n in ("first_name", "last_name") if n in values]
    if parts and "name" not in values:
        values["name"] = " ".join(part for part in parts if part)
    if "arr" in values:
        values["arr"] = parse_amount(str(values["arr"]))
        if values["arr"] is None:
            del values["arr"]
    if "language" in values:  # a name is read ("French"); an unknown one is not kept
        values["language"] = language_code(str(values["language"]))
    return {**values, "attributes": extra}


def people_rows(
    path: Path, kind: str, report: Report, overrides: dict[str, str] | None = None
) -> list[AccountIn | ContactIn]:
    """Accounts or contacts, validated; rejected rows go to `report`."""
    model = MODELS[kind]
    given = set(overrides or {})
    fields = people_mapping(kind, overrides or {})
    people = []
    fmt = file_format(path)
    chosen = choose_columns(path, kind, fields, given, fmt.header) if fmt.header else None
    with text_stream(path.open("rb"), fmt) as stream:
        for where, row in rows_of(path, stream, fmt.delimiter, fmt.errors == "replace"):
            report.read += 1
            if isinstance(row, BadRow):
                report.rejected.append(f"{where}: {row.reason}")
                continue
            if chosen is None:  # JSON: each object's own keys
                chosen_here = choose_columns(path, kind, fields, given, list(row))
            try:
                record = person_record(row, chosen or chosen_here)
                people.append(model.model_validate(without_nul(record)))
            except ValidationError as error:
                report.rejected.append(f"{where}: {validation_message(error)}")
            except ValueError as error:
                report.rejected.append(f"{where}: arr: {error}")
    if not report.read:
        raise ImportError_(f"{path}: no rows")
    return people
