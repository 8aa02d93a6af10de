"""What every route shares: ids (positive 63-bit integers, as both databases store them),
language codes, dates that are not in the future, and the refusal of unknown query parameters."""

import json
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from typing import Annotated

from fastapi import Header, Path, Query, Request
from fastapi._compat import field_annotation_is_sequence
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import AfterValidator, AwareDatetime, BeforeValidator, Field
from starlette.convertors import PathConvertor, register_url_convertor

from api.timezone import zone as time_zone

MAX_ID = 2**63 - 1

IdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="A stored id.")]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]

# Query filters read as text (a comma list "3,4" splits; "six" is told in the filter's own words,
# by Filters) and documented as what they take, so that a generated client sends numbers.
IDS_SCHEMA = {"anyOf": [{"type": "array", "items": {"type": "integer", "minimum": 1,
                                                     "maximum": MAX_ID}}, {"type": "null"}]}  # fmt: skip
SCORE_SCHEMA = {"anyOf": [{"type": "number", "minimum": -100, "maximum": 100}, {"type": "null"}]}


# Accounts and contacts are named by the caller's own ids (see api/accounts/schemas.py ID).
KeyPath = Annotated[
    str,
    Path(
        min_length=1,
        max_length=200,
        pattern=r"^\S(.*\S)?$",
        description="Your id; it may hold '/' (a CRM path: acme/emea), as is or as %2F.",
    ),
]


class KeyConvertor(PathConvertor):
    """`{account_id:key}`: the rest of the path, slashes included, as ids may hold them (an
    import takes "acme/emea"). %2F needs no care: servers decode it before routing."""

    regex = ".+"


class KeyButHealthConvertor(KeyConvertor):
    """`{account_id:key_but_health}`: a key not ending in /health, for GET /v1/accounts/{id},
    which would otherwise hide GET /v1/accounts/{id}/health (routed after it)."""

    regex = r"(?!.*/health$).+"


class KeyButExportConvertor(KeyConvertor):
    """`{contact_id:key_but_export}`: a key not ending in /export, for GET /v1/contacts/{id},
    which would otherwise hide GET /v1/contacts/{id}/export (the right of access)."""

    regex = r"(?!.*/export$).+"


register_url_convertor("key", KeyConvertor())
register_url_convertor("key_but_health", KeyButHealthConvertor())
register_url_convertor("key_but_export", KeyButExportConvertor())


def not_a_sub_route(kind: str, sub_route: str):
    """A validator refusing an id that ends in `/<sub_route>`: a slash in an id is fine
    (acme/emea), but GET /v1/{kind}s/acme%2F<sub_route> is routed, decoded, as that sub-route of
    "acme" (servers and proxies decode %2F before routing), so such an id could be stored and
    never read back. Refused where ids are made: a 422, a rejected import row."""

    def check(value: str | None) -> str | None:
        if value is not None and value.endswith(f"/{sub_route}"):
            owner = value.removesuffix(f"/{sub_route}")
            raise ValueError(
                f"{kind} id {value!r} ends in '/{sub_route}', which the API reads as "
                f"GET /v1/{kind}s/{owner}/{sub_route}: give it an id that does not end in "
                f"'/{sub_route}' (e.g. {owner + '-' + sub_route!r})"
            )
        return value

    return check


def not_one_of(name: str, given: str, known: Sequence[str]) -> str:
    """What a value outside a closed list is told, filters and options alike: "'angry' is not a
    sentiment; use one of negative, neutral, positive"."""
    article = "an" if name[0] in "aeiou" else "a"
    return f"{given!r} is not {article} {name}; use one of {', '.join(known)}"


def one_of(name: str, known: Sequence[str]) -> AfterValidator:
    """A query parameter's closed list, refused in not_one_of's words (a Literal or a pattern
    answered "String should match pattern '^(pending|analysed)$'"). Put it, and the Query with
    the values as an enum for the schema, inside the parameter's Annotated: beside a
    `= Query(...)` default it is not run."""

    def check(value: str | None) -> str | None:
        if value is not None and value not in known:
            raise ValueError(not_one_of(name, value, known))
        return value

    return AfterValidator(check)


# Ids of accounts and contacts, as they may be created (PUT/PATCH paths, bodies, imports).
AccountKey = Annotated[str, AfterValidator(not_a_sub_route("account", "health"))]
ContactKey = Annotated[str, AfterValidator(not_a_sub_route("contact", "export"))]
AccountKeyPath = Annotated[KeyPath, AfterValidator(not_a_sub_route("account", "health"))]
ContactKeyPath = Annotated[KeyPath, AfterValidator(not_a_sub_route("contact", "export"))]


def integer_id_as_text(value: object) -> object:
    """Your id as a string, from an integer too: help desks number their tickets (Zendesk,
    Freshdesk), 9003 is the id "9003". A bool or a float is refused: true is no id, and 9003.0
    or 1e3 would not read back as sent. A `mode="before"` validator."""
    if isinstance(value, bool | float):
        raise ValueError(
            f"{json.dumps(value)} is not an id: send the item's id as a string or an integer"
        )
    return str(value) if isinstance(value, int) else value


def text_or_integer(schema: dict) -> None:
    """The schema of a string field that takes an integer too (`integer_id_as_text`)."""
    text = {"type": schema.pop("type")}
    for bound in ("minLength", "maxLength"):
        if bound in schema:
            text[bound] = schema.pop(bound)
    schema["anyOf"] = [text, {"type": "integer"}]


# ISO 639-1, the two-letter codes a caller may give for a language: the analyzer detects en, fr,
# de, es, it, pt and keeps any other given code as it is; a typo ("xx") would be stored for good.
ISO_639_1 = frozenset((
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh",
    "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da",
    "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr",
    "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz",
    "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj",
    "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln",
    "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb",
    "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi",
    "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk",
    "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti",
    "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo",
    "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
))  # fmt: skip


def iso_639_1(code: str) -> str:
    """The ISO 639-1 code, also from what tools send for it: "FR", "fr-CA", "fr_FR" -> "fr"."""
    language = code.strip().lower().replace("_", "-").split("-")[0]
    if language not in ISO_639_1:
        raise ValueError(f"{code!r} is not an ISO 639-1 language code: use e.g. en, fr, de")
    return language


LanguageCode = Annotated[str, AfterValidator(iso_639_1)]

UNDETERMINED = "und"  # ISO 639-2's "undetermined": what Boucle answers for a language not found


def undetermined_is_unknown(code: object) -> object:
    """ "und" given for a text's language is "not known": detected, as null is. Boucle answers
    it and its filters take it, so a client sending back what it read must not be refused."""
    if isinstance(code, str) and code.strip().lower() == UNDETERMINED:
        return None
    return code


# "2024-03-05 14:22:10 +0100" (Zendesk's exports) and "... UTC": ISO 8601 but for the space
# before the zone, which neither pydantic nor datetime.fromisoformat reads.
_SPACED_ZONE = re.compile(r"^(.*\d)\s+(Z|UTC|GMT|[+-]\d{2}:?\d{2})$", re.IGNORECASE)


_NUMBER = re.compile(r"\s*[+-]?\d+(\.\d*)?\s*")
NOT_A_NUMBER = "use an ISO 8601 date-time (e.g. 2026-03-01T10:00:00Z), not a number"
# a filter takes a day too (filter_moment)
NOT_A_NUMBER_FILTER = (
    "use a day (e.g. 2026-03-01) or an ISO 8601 date-time (e.g. 2026-03-01T10:00:00Z), not a number"
)


def is_number(value) -> bool:
    """A number, or a string of digits: what pydantic reads as Unix time for a date."""
    return isinstance(value, int | float) or (
        isinstance(value, str) and bool(_NUMBER.fullmatch(value))
    )


def no_number(value):
    """pydantic reads a number, or a string of digits, as Unix time: milliseconds, or a day typed
    20260301, became a wrong date without a word. The API promises ISO 8601 (README): refused."""
    if is_number(value):
        raise ValueError(NOT_A_NUMBER)
    return value


# A date and time a client writes: ISO 8601 with its zone, never a number.
IsoMoment = Annotated[AwareDatetime, BeforeValidator(no_number)]


def joined_zone(value):
    """A time written with a space before its zone, as ISO 8601; anything else as it is."""
    if isinstance(value, str) and (spaced := _SPACED_ZONE.match(value.strip())):
        zone = spaced[2].upper()
        return f"{spaced[1]}{'+00:00' if zone in ('Z', 'UTC', 'GMT') else zone}"
    return value


# What exports write instead of a code: the language's name in English or in itself, and the
# names of the analyzer's languages in each other ("Französisch", "anglais").
LANGUAGE_NAMES = {
    "en": ("english", "anglais", "englisch", "inglés", "ingles", "inglese", "inglês"),
    "fr": ("french", "français", "francais", "französisch", "francés", "frances", "francese",
           "francês"),
    "de": ("german", "deutsch", "allemand", "alemán", "aleman", "tedesco", "alemão"),
    "es": ("spanish", "español", "espanol", "espagnol", "spanisch", "spagnolo", "espanhol",
           "castellano"),
    "it": ("italian", "italiano", "italien", "italienisch"),
    "pt": ("portuguese", "português", "portugues", "portugais", "portugiesisch", "portugués",
           "portoghese"),
    "nl": ("dutch", "nederlands", "néerlandais", "niederländisch"),
    "pl": ("polish", "polski"),
    "sv": ("swedish", "svenska"),
    "da": ("danish", "dansk"),
    "no": ("norwegian", "norsk"),
    "fi": ("finnish", "suomi"),
    "cs": ("czech", "čeština"),
    "ru": ("russian", "русский"),
    "tr": ("turkish", "türkçe"),
    "ja": ("japanese", "日本語"),
    "zh": ("chinese", "中文"),
    "ko": ("korean", "한국어"),
    "ar": ("arabic", "العربية"),
}  # fmt: skip
_BY_NAME = {name: code for code, names in LANGUAGE_NAMES.items() for name in names}


def language_code(value: str | None) -> str | None:
    """A language column's value as an ISO 639-1 code, leniently: "fr", "fr-CA", "FR_fr",
    "French" and "Français" are fr. None when it names no known language ("fil", "Klingon"):
    the analyzer then detects it, rather than a whole row being refused for its hint."""
    if not value or not value.strip():
        return None
    text = value.strip().lower()
    if text in _BY_NAME:
        return _BY_NAME[text]
    code = text.replace("_", "-").split("-")[0]
    return code if len(code) == 2 and code in ISO_639_1 else None


NAMED_LANGUAGE_FORMS = (
    'an ISO 639-1 code ("de"), a locale ("de-AT", "de_DE") or the language\'s name in English or '
    'in itself ("German", "Deutsch")'
)


def code_or_name(value: str) -> str:
    """A language as the contacts import reads it (language_code: "fr", "fr-CA", "Français"),
    refused when it names none: a contact, a message to store or one to tag takes what a file
    takes, through one parser."""
    code = language_code(value)
    if code is None:
        raise ValueError(f"{value!r} names no language: use {NAMED_LANGUAGE_FORMS}")
    return code


# A contact's preferred language, or a text's: an ISO 639-1 code, a locale or the language's name.
NamedLanguage = Annotated[str, AfterValidator(code_or_name)]

# A text's language as a caller gives it: as a contact's (NamedLanguage), or null / "und" to
# have it detected.
TextLanguage = Annotated[NamedLanguage | None, BeforeValidator(undetermined_is_unknown)]


def text_language(value: str) -> str | None:
    """A text's language as TextLanguage reads it, for the readers with no schema (`boucle tag`'s
    lines): None for "und" (detected), else the code; a ValueError says what to write."""
    code = undetermined_is_unknown(value)
    return None if code is None else code_or_name(str(code))


TEXT_LANGUAGE = (
    'ISO 639-1 (also "fr-CA", "fr_FR") or the language\'s name ("French", "Français"); null, left '
    'out or "und" (unknown, as Boucle answers a language it cannot tell): detected.'
)


def reader_languages(
    lang: Annotated[
        LanguageCode | None,
        Query(description="Language to read labels in (ISO 639-1); default: Accept-Language."),
    ] = None,
    accept_language: Annotated[str | None, Header()] = None,
) -> tuple[str, ...]:
    """The reader's languages, preferred first: `lang` alone, else Accept-Language's ISO 639-1
    codes by preference ("de-DE,fr-CA;q=0.9,en;q=0.5" -> de, fr, en), else none."""
    if lang:
        return (lang,)
    ranked = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        code = tag.split("-")[0].strip().lower()
        if code in ISO_639_1 and quality > 0:
            ranked.append((-quality, position, code))
    return tuple(dict.fromkeys(code for _, _, code in sorted(ranked)))


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


_PLUS_AS_SPACE = re.compile(r"^(\d{4}-\d{2}-\d{2}T[\d:.]+) (\d{2}:?\d{2})$")


def filter_moment(value, end_of_day: bool = False, zone: str = "UTC"):
    """What people type in a date filter: a day ("2026-11-01": from its first instant, or to its
    last) or a time without a zone ("2026-11-01T09:00") in `zone`, the workspace's, as its
    periods are; other values go to pydantic as they are. The bound keeps the zone's offset, so
    that an answer echoing it shows what was meant (2026-11-01T09:00:00+01:00). A number is
    refused as ingest refuses it: pydantic read "2026" as Unix time (1970), a filter that kept
    everything, or nothing, without a word."""
    if is_number(value):
        raise ValueError(NOT_A_NUMBER_FILTER)
    if isinstance(value, str) and _DAY.fullmatch(value.strip()):
        day = date.fromisoformat(value.strip())
        return datetime.combine(day, time.max if end_of_day else time.min, time_zone(zone))
    if isinstance(value, str):
        # "…T09:00:00+01:00" typed in a URL without %2B arrives as "…T09:00:00 01:00"
        value = _PLUS_AS_SPACE.sub(r"\1+\2", value.strip())
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value  # pydantic says what is wrong with it
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=time_zone(zone))
    return value


def workspace_moment(value, end_of_day: bool = False):
    """filter_moment in BOUCLE_TIMEZONE: the zone the API, the CLI and the page bucket in."""
    from api.settings import get_settings

    return filter_moment(value, end_of_day, get_settings().timezone)


# Query parameters that bound a period: a day (the "to" side: all of it) or a time without a zone
# in BOUCLE_TIMEZONE, or a time with its zone.
MomentFrom = Annotated[AwareDatetime, BeforeValidator(workspace_moment)]
MomentTo = Annotated[AwareDatetime, BeforeValidator(partial(workspace_moment, end_of_day=True))]


def not_after_today(value: datetime) -> datetime:
    """The moment a report of what happened is for (a health score's `as_of`): a later one
    scored what little the past leaves in it (urgent needs as they stand now) as a health."""
    if value > datetime.now(UTC) + timedelta(days=1):  # a day's slack: "today" ends tonight
        raise ValueError(f"{value.isoformat()} is in the future: give a past moment, or leave "
                         "it out for now")  # fmt: skip
    return value


# MomentTo that is not in the future (today, given as a day, ends tonight: it is let in)
PastMomentTo = Annotated[MomentTo, AfterValidator(not_after_today)]

_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_JSON_DEPTH = 8
MAX_JSON_CHARS = 32_000


def no_surrogates(text: str) -> str:
    """Python's JSON parser lets a lone UTF-16 surrogate ("\\ud800") through; stored, it could
    never be written out again (every page that holds it would fail)."""
    if _SURROGATE.search(text):
        raise ValueError("holds a lone UTF-16 surrogate (\\ud800-\\udfff): send valid Unicode")
    return text


def plain_json(value: dict) -> dict:
    """Free-form JSON the caller attaches (metadata, attributes): valid Unicode, at most
    MAX_JSON_DEPTH levels and MAX_JSON_CHARS characters, so that it can always be given back."""

    def walk(node, depth: int) -> None:
        if depth > MAX_JSON_DEPTH:
            raise ValueError(f"is nested more than {MAX_JSON_DEPTH} levels deep: flatten it")
        if isinstance(node, str):
            no_surrogates(node)
        elif isinstance(node, dict):
            for key, item in node.items():
                no_surrogates(str(key))
                walk(item, depth + 1)
        elif isinstance(node, list):
            for item in node:
                walk(item, depth + 1)

    walk(value, 1)
    if len(json.dumps(value, ensure_ascii=False, default=str)) > MAX_JSON_CHARS:
        raise ValueError(f"is over {MAX_JSON_CHARS:,} characters as JSON: keep the essentials")
    return value


EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)


def not_in_the_future(value: datetime | None) -> datetime | None:
    """A day of slack for clocks; later dates are typos that would skew trends for years."""
    if value is not None and value > datetime.now(UTC) + timedelta(days=1):
        raise ValueError(f"{value.isoformat()} is in the future: give when it happened")
    if value is not None and value.tzinfo is not None and value < EARLIEST:  # year 1: a default
        raise ValueError(f"{value.isoformat()} is before 1970: give when it happened")
    return value


# route id -> the query parameters it reads, and those of them that take one value
_QUERY_NAMES: dict[int, tuple[frozenset[str], frozenset[str]]] = {}


def query_names(dependant: Dependant, single: bool = False) -> set[str]:
    """The query parameters a route reads, its dependencies' included (filters_from_query);
    `single`: only those that take one value (a list parameter takes it repeated)."""
    names = {
        param.alias
        for param in dependant.query_params
        if not single or not field_annotation_is_sequence(param.field_info.annotation)
    }
    for sub in dependant.dependencies:
        names |= query_names(sub, single)
    return names


def known_query(request: Request) -> None:
    """A misspelt parameter (?langauge=fr) would be ignored and the answer look right: say so.
    Names starting with "_" pass (cache-busters)."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not request.query_params:
        return
    if (names := _QUERY_NAMES.get(id(route))) is None:
        names = _QUERY_NAMES[id(route)] = (
            frozenset(query_names(route.dependant)),
            frozenset(query_names(route.dependant, single=True)),
        )
    known, single = names
    unknown = [name for name in request.query_params if name not in known and name[:1] != "_"]
    if unknown:
        allowed = ", ".join(sorted(known)) or "none"
        raise RequestValidationError(
            [{"loc": ("query", name), "type": "value_error",
              "msg": f"unknown query parameter; this route takes: {allowed}"}
             for name in dict.fromkeys(unknown)]
        )  # fmt: skip
    # ?status=open&status=planned kept the last one and answered as if that was all asked
    repeated = [n for n in single if len(request.query_params.getlist(n)) > 1]
    if repeated:
        raise RequestValidationError(
            [{"loc": ("query", name), "type": "value_error",
              "msg": "given more than once; this parameter takes one value"}
             for name in sorted(repeated)]
        )  # fmt: skip
