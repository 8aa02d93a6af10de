"""Redaction rules for European local formats (analyzer/stages/redact.py runs them with its number
rules, before phone numbers): national identity and personal tax numbers (Spanish DNI/NIE,
Italian codice fiscale, German Steuer-ID and Personalausweis, Portuguese NIF and Cartão de
Cidadão, Brazilian CPF: `[ID]`), German social security numbers and UK National Insurance
numbers (`[SSN]`), German phone numbers
written "089/1234567", street addresses written street first ("Calle Mayor 10, 28013 Madrid",
"Via Roma 12", "Rua Augusta 100, 1100-053 Lisboa"), dates of birth and card expiries cued in
German, Spanish, Italian and Portuguese. A company's VAT number (VAT, TVA, USt-IdNr, P.IVA, CIF,
NIPC) is no person's and is kept."""

import re
from collections.abc import Callable

from analyzer.keywords import Shaped
from analyzer.letters import LOWER, UPPER

# (kind, pattern, replacement or None to keep the match, keywords: as redact.py's rules)
LocalRule = tuple[
    str,
    re.Pattern[str] | Shaped,
    Callable[[re.Match[str]], str | None],
    tuple[tuple[str, ...], ...],
]

# Spanish DNI (8 digits) and NIE (X, Y or Z and 7 digits), then a check letter: the number mod 23.
DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
# The number rules below open with a character class, then look behind it ("(?<!\w.)"): a pattern
# opening with a class is tried only where such a character is, one opening with \b everywhere.
DNI = re.compile(r"[XYZxyz\d](?<![\w-].)(?:(?<=\D)[ -]?\d{7}|(?<=\d)\d{7})[ -]?[A-Za-z](?![\w-])")


def dni_valid(text: str) -> bool:
    number = re.sub(r"[ -]", "", text).upper()
    prefix = "XYZ".find(number[0])  # a NIE's letter reads as a digit: X 0, Y 1, Z 2
    digits = f"{prefix}{number[1:-1]}" if prefix >= 0 else number[:-1]
    return DNI_LETTERS[int(digits) % 23] == number[-1]


def _dni(match: re.Match[str]) -> str | None:
    return "[ID]" if dni_valid(match.group()) else None


# Italian codice fiscale: surname and name letters, year, month letter, day, town, check letter
# (digits may be replaced by letters L-V for homonyms). Its shape alone tells it.
_CF_DIGIT = "[0-9LMNPQRSTUVlmnpqrstuv]"
CODICE_FISCALE = re.compile(
    rf"\b[A-Za-z]{{6}}(?=[A-Za-z]{{0,2}}\d){_CF_DIGIT}{{2}}[ABCDEHLMPRSTabcdehlmprst]"
    rf"{_CF_DIGIT}{{2}}[A-Za-z]{_CF_DIGIT}{{3}}[A-Za-z]\b"
)
# Brazilian CPF as it is written, and a Portuguese Cartão de Cidadão (8 digits, a check digit,
# two letters, a check digit): shapes nothing else has.
CPF = re.compile(r"(?<![\w.])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\w-])")
CARTAO_CIDADAO = re.compile(r"\d(?<!\w.)\d{7}[ -]?\d[ -]?[A-Z]{2}\d\b")

# Any other identity or personal tax number after its word: "Steuer-ID: 12 345 678 901", "O meu
# NIF é 123456789", "Personalausweis L01X00T47". Without the word, 9-11 digits are as likely a
# phone or an order number.
_ID_WORDS = (
    r"steuer-?id|steuer-?identifikationsnummer|(?:steuerliche )?identifikationsnummer|"
    # a company's VAT number after "USt-IdNr" is kept ("USt-IdNr DE123456789"), a person's IdNr not
    r"(?<!ust-)(?<!ust\.-)(?<!ust)idnr|"
    r"steuernummer|personalausweis(?:nummer)?|ausweis(?:nummer)?|dni|nie|nif|cpf|"
    r"contribuinte|cart[ãa]o de cidad[ãa]o|documento (?:nacional )?de identidad|"
    r"codice fiscale|carta d['’]identit[àa]|num[ée]ro fiscal|carte d['’]identit[ée]|cni|"
    r"tax id|national id|id card|identity card"
)
_ID_NUMBER_WORD = r"(?:\s*(?:nr\.?|no\.?|nummer|n[úu]mero|numero|num[ée]ro|n\.?[º°]|#))?"
_ID_VERB = r"(?:\s*[:=#]\s*|\s+(?:is|es|ist|è|é|est|lautet|era)\s+|\s+)"
# Groups of digits, of a capital alone ("J", "Z"), or of letters with a digit ("ZZ1", "L01X00T47").
_ID_GROUP = r"(?:\d+|[A-Z]|[A-Za-z]*\d[A-Za-z0-9]*)"
CUED_ID = re.compile(
    rf"(\b(?:{_ID_WORDS})\b{_ID_NUMBER_WORD}{_ID_VERB})"
    rf"((?-i:{_ID_GROUP}(?:[ ./-]{_ID_GROUP}){{0,5}}))(?![\w-])",
    re.IGNORECASE,
)
_ID_KEYWORDS = (
    "steuer", "identifikation", "idnr", "ausweis", "dni", "nie", "nif", "cpf",
    "contribuinte", "cidad", "identidad", "codice fiscale", "identit", "fiscal", "tax id",
    "national id", "id card",
)  # fmt: skip


def _cued_id(match: re.Match[str]) -> str | None:
    # An identity number holds 5 digits or more: "DNI 2 veces" is no number.
    if sum(char.isdigit() for char in match.group(2)) < 5:
        return None
    return match.group(1) + "[ID]"


# A UK National Insurance number after its word: two letters, three pairs of digits, a letter A-D
# ("National Insurance QQ 12 34 56 C", "NI number AB123456C"). Any two letters: HMRC's own
# examples use QQ, which no real number has.
NATIONAL_INSURANCE = re.compile(
    r"(\b(?:national insurance(?:\s+(?:number|no\.?))?|ni\s+(?:number|no\.?)|nino)"
    r"\s*(?:[:#=]\s*|is\s+)?)([A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D])\b",
    re.IGNORECASE,
)

# German social security number: area, birth date, the surname's initial, serial and check digit.
SOZIALVERSICHERUNG = re.compile(r"\d(?<!\w.)\d ?\d{6} ?[A-Z] ?\d{3}\b")
_SV_WORDS = re.compile(
    r"sozialversicherung|rentenversicherung|versicherungsnummer|sv-?nr|sv-?nummer|rv-?nummer",
    re.IGNORECASE,
)


def sozialversicherung_valid(text: str) -> bool:
    """The last digit is the sum of the cross sums of the other digits (the letter as its two
    digits in the alphabet) weighted 2,1,2,5,7,1,2,1,2,1,2,1, mod 10."""
    number = text.replace(" ", "")
    digits = number[:8] + f"{ord(number[8]) - 64:02d}" + number[9:11]
    weights = (2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1)
    total = sum(sum(divmod(int(d) * w, 10)) for d, w in zip(digits, weights, strict=True))
    return total % 10 == int(number[11])


def _sozialversicherung(match: re.Match[str]) -> str | None:
    before = match.string[max(0, match.start() - 40) : match.start()]
    return "[SSN]" if _SV_WORDS.search(before) or sozialversicherung_valid(match.group()) else None


# German phone numbers written with a slash after the area code: "089/1234567", "0171 / 2345678".
SLASHED_PHONE = re.compile(
    r"[+0](?<![\w/.].)(?:(?<=\+)\d{2}[ ]?(?:\(0\)[ ]?)?\d{2,5}|(?<=0)\d{2,5})"
    # the subscriber's number whole, or in pairs ("030 / 12 34 56 78")
    r"[ ]?/[ ]?(?:\d{3,9}(?:-\d{1,6})?|\d{2,4}(?:[ -]\d{2,4}){1,4})(?![\w/]|\.\d)"
)


def _slashed_phone(match: re.Match[str]) -> str | None:
    digits = sum(char.isdigit() for char in match.group())
    return "[PHONE]" if 8 <= digits <= 15 else None


# Street addresses written street first, as in Spain, Italy and Portugal: the street's type, its
# name (capitalised words and particles), its number, then a postal code and city or the end of
# the clause ("Via Zapier 2 steps" is no address).
_STREET_TYPES = (
    r"Calle|C/|Avenida|Avda\.|Av\.|Paseo|Plaza|Pza\.|Carrer|Camino|Carretera|Ronda|Rambla|"
    r"Travesía|Via|Viale|Piazza|P\.zza|Corso|Largo|Vicolo|Strada|Lungomare|Rua|Travessa|Praça|"
    r"Estrada|Alameda|Calçada|Beco"
)
_STREET_PARTICLE = r"(?:de|del|de la|de los|de las|della|delle|dei|degli|di|do|da|dos|das|d['’])"
_CAP_WORD = rf"{UPPER}{LOWER}*(?:['’-]{UPPER}?{LOWER}+)*\.?"
# A king's or a pope's numeral in a street's name ("Corso Vittorio Emanuele II 45").
_ROMAN = r"[IVX]+(?![\w'’-])"
_STREET_NAME = (
    rf"(?:\s+{_STREET_PARTICLE})*\s+{_CAP_WORD}"
    rf"(?:(?:\s+{_STREET_PARTICLE})*\s+(?:{_CAP_WORD}|{_ROMAN})){{0,3}}"
)
# A Spanish floor and door after the number ("Calle de Alcalá 45, 3º B", "2ª izda."): the
# postal code and city after them were left, half the address.
_FLOOR_DOOR = r"(?:,?\s+\d{1,2}\s?[º°ª](?:\s?(?:[A-Z]|izda|izq|dcha|der|centro)\b\.?)?)?"
_HOUSE_NUMBER = r",?\s+(?:n\.?\s?[º°o]\.?\s?)?\d{1,4}[A-Za-z]?(?:\s?[-/]\s?\d{1,4})?" + _FLOOR_DOOR
# Spain and Italy: 5 digits; Portugal: 4-3 ("1100-053 Lisboa").
_POSTAL_CITY = rf",?\s+(?:\d{{5}}|\d{{4}}-\d{{3}})\s+{UPPER}{LOWER}+(?:[ -]{UPPER}{LOWER}+){{0,2}}"
# (or a preposition: "Via Roma 12 a Milano", "Rua Augusta 100 em Lisboa")
_CLAUSE_END = r"(?=\s*(?:[,.;:!?)\n]|$)|\s+(?:a|in|en|em|na|no|di|de|y|e)\s)"
_STREET_KEYWORDS = (
    "calle", "c/", "avenida", "avda", "av.", "paseo", "plaza", "pza", "carrer", "camino",
    "carretera", "ronda", "rambla", "traves", "via", "piazza", "p.zza", "corso", "largo", "vicolo",
    "strada", "lungomare", "rua", "praça", "alameda", "calçada", "beco",
)  # fmt: skip
STREET_FIRST_ADDRESS = re.compile(
    rf"\b(?:{_STREET_TYPES}){_STREET_NAME}{_HOUSE_NUMBER}(?:{_POSTAL_CITY}|{_CLAUSE_END})"
)
# In lower case ("vivo en calle Mayor 10") the street's type is as often a common word ("via"):
# only with a postal code and city after it.
STREET_FIRST_ADDRESS_ANY_CASE = re.compile(
    rf"\b(?i:{_STREET_TYPES}){_STREET_NAME}{_HOUSE_NUMBER}{_POSTAL_CITY}"
)

# Dates of birth after their words in German, Spanish, Italian and Portuguese ("nato il",
# "geb.", "nacido el", "nascida em"); the words stay, the date goes.
_LOCAL_MONTHS = (
    r"(?:januar|jänner|februar|märz|april|mai|juni|juli|august|september|oktober|november|"
    r"dezember|enero|febrero|marzo|abril|mayo|junio|julio|agosto|sep?tiembre|octubre|noviembre|"
    r"diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|novembre|dicembre|"
    r"janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|dezembro)"
)
LOCAL_DATE_OF_BIRTH = re.compile(
    r"(\b(?:nat[oa] (?:a \w+ )?il|data di nascita|geb\.(?: am)?|geboren (?:am|den)|"
    r"geburtsdatum|nac[ií]d[oa] el|nac[ií] el|nascid[oa] (?:a|em|no dia)|nasci (?:a|em|no dia)|"
    r"data de nascimento)\s*(?:[:=]\s*)?)"
    r"(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|"
    rf"\d{{1,2}}[º°.]?\s+(?:de\s+)?{_LOCAL_MONTHS}\s+(?:de\s+)?\d{{4}})",
    re.IGNORECASE,
)
_BIRTH_KEYWORDS = ("nat", "nasc", "geb", "nac", "geburt")
# German also puts the date before its word: "Ich bin am 15.04.1985 geboren", "wurde am 3. Mai
# 1980 geboren"; the words stay, the date goes.
DATE_BEFORE_GEBOREN = re.compile(
    r"(\b(?:am|den)\s+)"
    rf"(\d{{1,2}}\.\d{{1,2}}\.\d{{2,4}}|\d{{1,2}}\.?\s+{_LOCAL_MONTHS}\s+\d{{4}})"
    r"(\s+geboren\b)",
    re.IGNORECASE,
)


def _date_before_its_word(match: re.Match[str]) -> str:
    return match.group(1) + "[DATE_OF_BIRTH]" + match.group(3)


# A card's expiry after its word in Spanish, Italian and Portuguese, near a card only ("el
# contrato vence 12/27" is a contract's date); "gültig bis" is redact.py's.
LOCAL_CARD_EXPIRY = re.compile(
    r"(\b(?:scad(?:enza|\.)?|caduca|caducidad|vence|vencimiento|validade|v[áa]lid[ao] (?:hasta|até)"
    r")\s*(?:[:=]\s*|(?:el|il|em|a)\s+)?)((?:0?[1-9]|1[0-2])\s*[/-]\s*(?:20)?\d{2})\b",
    re.IGNORECASE,
)
_NEAR_A_CARD = re.compile(r"\[CARD\]|\b(?:tarjeta|carta|cart[ãa]o|visa|mastercard)\b", re.I)


def _local_card_expiry(match: re.Match[str]) -> str | None:
    before = match.string[max(0, match.start() - 60) : match.start()]
    return match.group(1) + "[CARD]" if _NEAR_A_CARD.search(before) else None


def _cue_kept(label: str) -> Callable[[re.Match[str]], str]:
    return lambda match: match.group(1) + label


def _fixed(label: str) -> Callable[[re.Match[str]], str]:
    return lambda match: label


# In this order: addresses before the numbers they hold; identity numbers before phone numbers,
# which their digits look like ("12345678-Z" was "[PHONE]-Z").
LOCAL_RULES: tuple[LocalRule, ...] = (
    ("address", STREET_FIRST_ADDRESS, _fixed("[ADDRESS]"), (_STREET_KEYWORDS,)),
    ("address", STREET_FIRST_ADDRESS_ANY_CASE, _fixed("[ADDRESS]"), (_STREET_KEYWORDS,)),
    ("date_of_birth", LOCAL_DATE_OF_BIRTH, _cue_kept("[DATE_OF_BIRTH]"), (_BIRTH_KEYWORDS,)),
    ("date_of_birth", DATE_BEFORE_GEBOREN, _date_before_its_word, (("geboren",),)),
    ("id", Shaped(CODICE_FISCALE, r"[A-Za-z]\d"), _fixed("[ID]"), ()),
    ("id", CPF, _fixed("[ID]"), (("-",),)),
    ("id", CARTAO_CIDADAO, _fixed("[ID]"), ()),
    ("ssn", Shaped(SOZIALVERSICHERUNG, r"\d{6} ?[A-Z]"), _sozialversicherung, ()),
    ("ssn", NATIONAL_INSURANCE, _cue_kept("[SSN]"), (("insurance", "ni ", "nino"),)),
    ("id", CUED_ID, _cued_id, (_ID_KEYWORDS,)),
    ("id", Shaped(DNI, r"\d{7}"), _dni, ()),
    ("card", LOCAL_CARD_EXPIRY, _local_card_expiry,
     (("scad", "caduc", "vence", "vencim", "validade", "lid"),)),
    ("phone", SLASHED_PHONE, _slashed_phone, (("/",),)),
)  # fmt: skip
