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

# Field -> candidate columns, first present wins, in the English and French that CRM exports
# use ("ID compte", "Prénom", "Langue"). "Annual Revenue" is left out on purpose: in a CRM it is
# the customer company's revenue, not what it pays you.
PEOPLE_COLUMNS: dict[str, dict[str, list[str]]] = {
    "accounts": {
        "id": ["id", "account_id", "external_id", "account_number", "id_compte", "identifiant",
               "identifiant_compte", "numéro_de_compte", "numero_de_compte"],
        "name": ["name", "account_name", "company", "company_name", "organization", "nom",
                 "nom_du_compte", "nom_compte", "raison_sociale", "société", "societe",
                 "entreprise"],
        "arr": ["arr", "annual_recurring_revenue", "arr_usd", "arr_eur"],
        "segment": ["segment", "tier", "customer_segment"],
        "plan": ["plan", "product_plan", "subscription_plan", "offre", "forfait"],
    },
    "contacts": {
        # the e-mail last: a contact keyed by its address, when the file has no id column
        "id": ["id", "contact_id", "external_id", "id_contact", "identifiant",
               "identifiant_contact", "email"],
        "account_id": ["account_id", "account", "organization_id", "company_id", "id_compte",
                       "identifiant_compte", "compte", "company", "société", "societe",
                       "entreprise"],
        "email": ["email", "e_mail", "email_address", "adresse_email", "courriel"],
        "name": ["name", "full_name", "contact_name", "nom_complet"],
        # CRM exports split the name; joined when there is no whole-name column ("Nom" alone
        # is then the name)
        "first_name": ["first_name", "firstname", "given_name", "prénom", "prenom"],
        "last_name": ["last_name", "lastname", "surname", "family_name", "nom", "nom_de_famille"],
        # values as the survey import reads them: "fr", "Français", "Anglais", "English"
        "language": ["language", "preferred_language", "lang", "locale", "langue"],
        # consent to closing-the-loop notifications: yes/no, true/false, 1/0, oui/non
        "notifications": ["notifications", "notify", "notifications_enabled"],
        # the other way round, as CRMs export it ("Email Opt Out", "Unsubscribed")
        "opted_out": ["opted_out", "opt_out", "email_opt_out", "has_opted_out_of_email",
                      "unsubscribed", "do_not_contact", "désabonné", "desabonne", "désinscrit",
                      "desinscrit"],
    },
}  # fmt: skip
_YES = {"true", "yes", "y", "1", "oui", "o", "x", "vrai"}
_NO = {"false", "no", "n", "0", "non", "faux"}
MODELS: dict[str, type[BaseModel]] = {"accounts": AccountIn, "contacts": ContactIn}

_NO_AMOUNT = re.compile(r"^\s*(?:n/?a|-+|none|null|unknown|tbd|inconnu|nc|n\.c\.)?\s*$", re.I)
# The currency around an amount: a symbol ("$", "CA$", "€") or a common ISO code ("EUR", "chf").
# Codes are listed, not any three letters, so that "Red 31m" is not read as 31m of "RED".
_CODES = ("USD", "EUR", "GBP", "CHF", "CAD", "AUD", "NZD", "JPY", "CNY", "INR", "BRL", "MXN",
          "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "ZAR", "SGD", "HKD", "KRW", "ILS", "TRY")  # fmt: skip
_MONEY = rf"(?:[A-Z]{{0,2}}\$|[€£¥₹₩₪₽₺]|{'|'.join(_CODES)}|euros?|dollars?)"
# A whole cell: currency, sign, digits with their marks, a scale word ("12.5k", "1.2M", "2 Mio",
# "1,5 Md€", "3bn"), currency; nothing else, so text around a number is refused, not guessed.
_AMOUNT = re.compile(
    rf"^\s*(?P<sign>-)?\s*(?:{_MONEY}\s*)?(?P<minus>-)?\s*(?P<number>\d(?:[\d.,'\s]*\d)?)\s*"
    rf"(?P<scale>k|m|mm|mn|mio|md|mrd|bn)?\s*(?:{_MONEY})?\s*$",
    re.IGNORECASE,
)
_FACTORS = {"k": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "mio": 1e6, "md": 1e9, "mrd": 1e9, "bn": 1e9}


def parse_amount(value: str) -> float | None:
    """An amount as exports write it: the last of "," and "." is the decimal mark when both
    appear; one alone is a thousands mark when it repeats or has exactly three digits after it
    ("12,500" is 12500, "12,5" is 12.5); "12.5k", "€1.2M", "2 Mio €" scale it. None for a cell
    that says there is no amount ("N/A", "-"): the row is kept without one. A cell with other
    words around its number ("Red 31m evil") is refused, saying how to write it."""
    if _NO_AMOUNT.match(value):
        return None
    whole = _AMOUNT.match(value)
    try:
        number = float(decimal_text(whole["number"])) if whole else None
    except ValueError:  # marks no export writes: "12.500,5.3"
        number = None
    if whole is None or number is None:
        raise ValueError(
            f"{value!r} is not an amount: write the amount alone, e.g. 31m, $31M, "
            "31 000 000 €, 31,5k (or N/A for none)"
        )
    sign = -1 if whole["sign"] or whole["minus"] else 1
    return round(sign * number * _FACTORS.get((whole["scale"] or "").lower(), 1), 2)


def decimal_text(number: str) -> str:
    """ "12 500,00" -> "12500.00": spaces and apostrophes group digits; of "," and ".", the
    last is the decimal mark when both appear, one alone is a thousands mark when it repeats
    or has exactly three digits after it."""
    text = re.sub(r"[\s']", "", number)
    marks = [m for m in (",", ".") if m in text]
    if len(marks) == 2:
        decimal = max(marks, key=text.rindex)
        return text.replace("," if decimal == "." else ".", "").replace(decimal, ".")
    if not marks:
        return text
    mark = marks[0]
    whole, _, tail = text.rpartition(mark)
    thousands = text.count(mark) > 1 or len(tail) == 3
    return text.replace(mark, "") if thousands else f"{whole}.{tail}"


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
    if kind == "contacts":
        check_unread_ids(path, chosen, given, columns)
    return chosen


# Words of a header that names an id, or the account a contact belongs to.
_ID_WORDS = {"id", "ids", "identifiant", "identifier", "ident", "ref", "reference", "référence",
             "uuid", "guid"}  # fmt: skip
_NUMBER_WORDS = {"number", "numéro", "numero", "num", "no", "nr", "n°"}
_ACCOUNT_WORDS = {"account", "compte", "company", "société", "societe", "organisation",
                  "organization", "org", "entreprise", "customer", "client"}  # fmt: skip
_FILLER = {"de", "du", "la", "le", "of", "the", "name", "nom", "crm"}


def header_words(column: str) -> set[str]:
    """A header's words, lower case: "ID compte", "AccountId", "n°_client" -> id compte, ..."""
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", str(column))
    return set(re.findall(r"n°|[^\W_]+", spaced.lower()))


def names_an_id(column: str) -> bool:
    words = header_words(column)
    return bool(words & _ID_WORDS) or bool(words & _NUMBER_WORDS and words & _ACCOUNT_WORDS)


def names_an_account(column: str) -> bool:
    """Only account words ("Compte client", "Customer ID"), not "Company size"."""
    words = header_words(column)
    known = _ACCOUNT_WORDS | _ID_WORDS | _NUMBER_WORDS | _FILLER
    return bool(words & _ACCOUNT_WORDS) and words <= known


def check_unread_ids(path: Path, chosen: dict[str, str], given: set[str],
                     columns: list[str]) -> None:  # fmt: skip
    """A contacts file with an id or account column under a name the importer does not know
    stops, as an accounts file without an id does: read as an attribute, it would key each
    contact by its e-mail and leave its account empty, and the next import, mapped right, would
    make every person twice."""
    unread = [c for c in columns if c not in chosen.values()]
    keyed_by_email = "id" not in given and chosen["id"] == chosen.get("email")
    ids = [c for c in unread if names_an_id(c)] if keyed_by_email else []
    no_account = "account_id" not in given and "account_id" not in chosen
    accounts = [c for c in unread if names_an_account(c)] if no_account else []
    if not ids and not accounts:
        return
    listed = ", ".join(map(repr, dict.fromkeys(ids + accounts)))
    ways = []
    if ids:
        ways.append(f"--map id=COLUMN for the contact's id (or --map id={chosen['id']!r} to key "
                    "contacts by their e-mail)")  # fmt: skip
    if accounts:
        ways.append("--map account_id=COLUMN for the contact's account")
    raise ImportError_(
        f"{path}: {listed} look like an id or account column the importer does not read; name "
        f"{'; '.join(ways)}"
    )


def parse_flag(name: str, value: str) -> bool:
    """A yes/no cell, in English or French; another value is refused, naming the column."""
    word = value.strip().casefold()
    if word in _YES or word in _NO:
        return word in _YES
    raise ValueError(f"{name}: {value!r} is neither yes nor no: write true/false, yes/no or 1/0")


def person_record(row: dict, chosen: dict[str, str]) -> dict:
    values = {name: row[column] for name, column in chosen.items()
              if row.get(column) not in (None, "")}  # fmt: skip
    used = set(chosen.values())
    extra = {k: v for k, v in row.items() if k not in used and v not in (None, "")}
    parts = [str(values.pop(n)).strip() for n in ("first_name", "last_name") if n in values]
    if parts and "name" not in values:
        values["name"] = " ".join(part for part in parts if part)
    if "arr" in values:
        try:
            values["arr"] = parse_amount(str(values["arr"]))
        except ValueError as error:
            raise ValueError(f"arr: {error}") from None
        if values["arr"] is None:
            del values["arr"]
    # a file opts people out, never back in: a CRM's "no" must not undo a person's own
    # unsubscribe (opting in again is a PATCH with an admin key)
    refused = [name for name, no in (("notifications", False), ("opted_out", True))
               if name in values and parse_flag(name, str(values.pop(name))) is no]  # fmt: skip
    if refused:
        values["notifications"] = False
    if "language" in values:  # a name is read ("French"); an unknown one is not kept
        values["language"] = language_code(str(values["language"]))
    return {**values, "attributes": extra}


def people_rows(
    path: Path, kind: str, report: Report, overrides: dict[str, str] | None = None
) -> list[tuple[str, AccountIn | ContactIn]]:
    """("line N", account or contact), validated; rejected rows go to `report`."""
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
                people.append((where, model.model_validate(without_nul(record))))
            except ValidationError as error:
                report.rejected.append(f"{where}: {validation_message(error)}")
            except ValueError as error:
                report.rejected.append(f"{where}: {error}")
    if not report.read:
        raise ImportError_(f"{path}: no rows")
    return people
