"""Sign-off blocks: a closing line alone ("Best regards,", "Mit freundlichen Grüßen") with only a
signature below it (name, title, company, address, phone); a closing formula after the last
sentence on its line, with only such details after it ("Very annoying. Best regards, John Smith,
Acme Inc, +1 (415) 555-0134"); or, without a closing line, a person's name with such details
below it ("Jean Dupont\nSupport Manager | Acme\nTel: …"). Each line left would become an
insight (the inline one joined the last sentence's and read positive), and no rule redacts a
postal address, so the block goes before analysis."""

import re

from analyzer.accents import loose
from analyzer.headings import is_reply_subject
from analyzer.letters import LOWER, UPPER
from analyzer.names import GREETING, PERSON_NAME, SIGN_OFF, is_common_name

_SIGN_OFF_LINE = re.compile(rf"[-–—\s]*{SIGN_OFF}\s*[,!]?\s*", re.IGNORECASE)
# "Hi,", "Hallo zusammen,": a closing line right below a greeting is a thank-you, not the end.
_GREETING_LINE = re.compile(rf"\s*{GREETING}(?:\s+[^\s,!.:]+){{0,3}}\s*[,!.:]?\s*", re.IGNORECASE)
# A signature is a few short lines; a longer tail is more of the message ("PS: …").
_MAX_LINES = 6
_MAX_CHARS = 60  # a field of a signature line: "Head of Finance and Operations"
_MAX_LINE_CHARS = 120  # a line of fields: "Zoé Martin | Head of Finance … | Quasar Widgets Ltd"
# What joins a signature's fields on one line: "Anna Schmidt | Head of Finance", "Marie – Achats".
_FIELD_SEPARATOR = re.compile(r"\s+[|–—·•/-]\s+|\s*\|\s*")
_LETTERS = re.compile(r"[^\W\d_]+")
# Pronouns, verbs, negations: words of a sentence about the product, not of a name, title or
# address ("Head of IT" stays a title, "T +49 30 …" a phone line: an all-capitals word but "I" is
# no cue).
_SENTENCE_WORDS = {
    *("i", "my", "we", "it", "is", "are", "was", "were", "has", "have", "can", "does", "need"),
    *("not", "t", "still", "also", "but", "please"),  # "don't" splits into "don", "t"
    *("je", "j", "mon", "est", "sont", "pas", "ne", "n", "ça", "aussi", "mais"),
    *("ich", "mein", "wir", "die", "das", "es", "ist", "sind", "nicht", "auch", "aber"),
    *("mi", "está", "no", "pero", "también", "è", "non", "anche", "não", "é", "mas", "também"),
}
_SENTENCE_END = re.compile(r"[.?!]\s*$")
# A title's company ends in a dot without ending a sentence ("Head of Finance, Foo Inc.").
# Spanish, French and Italian forms are often dotted: "Logística Ruiz S.L.", "Roux S.A.R.L.".
_DOTTED_FORM = r"s\.?l\.?u|s\.?l|s\.?a\.?r\.?l|s\.?a\.?s|s\.?a|s\.?r\.?l|s\.?p\.?a|s\.?n\.?c|b\.?v"
_COMPANY_END = re.compile(
    rf"\b(?:inc|ltd|llc|corp|co|plc|gmbh|ag|sarl|sas|bv|oy|ab|ltda|{_DOTTED_FORM})\.\s*$",
    re.IGNORECASE,
)
# A web or e-mail address on a signature line: its parts are no words of a sentence ("es" of
# "www.ruiz.es", "it" of "bellini.it" read as a pronoun and a verb).
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+", re.IGNORECASE)
_POSTSCRIPT = re.compile(r"\s*P\.?\s?S\b", re.IGNORECASE)


def _is_signature_line(line: str) -> bool:
    line = line.strip()
    if len(line) > _MAX_LINE_CHARS:  # before any pattern: a long run of spaces made them slow
        return False
    words = _LETTERS.findall(_ADDRESS.sub(" ", line))
    return not (
        max(len(field) for field in _FIELD_SEPARATOR.split(line)) > _MAX_CHARS
        or (len(words) >= 4 and _SENTENCE_END.search(line) and not _COMPANY_END.search(line))
        or any(w.lower() in _SENTENCE_WORDS and (w == "I" or not w.isupper()) for w in words)
        or _POSTSCRIPT.match(line)
    )


def _is_signature(lines: list[str]) -> bool:
    filled = [line for line in lines if line.strip()]
    return len(filled) <= _MAX_LINES and all(_is_signature_line(line) for line in filled)


def _says_something(lines: list[str]) -> bool:
    """Whether lines above a closing say more than a greeting or a reply's subject: "Re: [Ticket
    #4711] Sync issue\nThanks!" is thanks, not the old topic signed off."""
    return any(
        line.strip()
        and not _GREETING_LINE.fullmatch(line)
        and not (k == 0 and is_reply_subject(line))
        for k, line in enumerate(lines)
    )


def cut_sign_off(text: str) -> str:
    """The text before its first closing line that has only a signature (or nothing) below it.
    A closing line with nothing but a greeting above it stays: a message is never cut down to
    nothing, and "Hi,\nThanks!\nDie App stürzt ab" thanks before it says anything."""
    lines = text.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    for i in filled[-_MAX_LINES - 1 :]:  # a signature has at most _MAX_LINES lines below it
        if (
            _SIGN_OFF_LINE.fullmatch(lines[i])
            and _says_something(lines[:i])
            and _is_signature(lines[i + 1 :])
        ):
            return "\n".join(lines[:i])
    return text


# A job title's words ("Head of Finance", "Responsable Achats") and a company's legal form at a
# line's end ("Acme Corp", "BigCorp GmbH"): details only a signature gives below a name.
_JOB_TITLE = (
    r"\b(?:head of|director|directeur|directrice|manager|responsable|chef|ceo|cto|cfo|coo|cmo|vp|"
    r"president|présidente?|founder|co-?founder|fondat(?:eur|rice)|g[ée]rante?|officer|"
    r"engineer|ingénieure?|consultante?|analyste?|accountant|comptable|assistante?|"
    r"coordinat(?:or|eur|rice)|specialist|spécialiste|achats|purchasing|procurement)\b"
)
_LEGAL_FORM = rf"\b(?:inc|ltd|llc|corp|plc|gmbh|ag|sa|sas|sarl|srl|bv|ltda|{_DOTTED_FORM})\b\.?\s*$"
_TITLED = re.compile(_JOB_TITLE, re.IGNORECASE)
_COMPANY = re.compile(_LEGAL_FORM, re.IGNORECASE)
# Details that only a signature gives below a name: a job title, a company's legal form, a phone
# number, an e-mail address or a web address, a street or a postcode and town, fields joined by
# "|". One of them must be there: "Smart Inbox\nTeam Calendar" lists features.
_DETAIL = re.compile(
    rf"{_JOB_TITLE}|{_LEGAL_FORM}"
    # a phone number opens with +, 0 or an area code in brackets, or follows its label: a
    # version ("Firmware 19.26.4.12") is digits and dots too
    r"|(?:\+|\(\d|(?<![\d.])0)\d[\d ().-]{5,}\d"
    r"|\b(?:tel|tél|phone|mobile|mob|cell|fax|portable|t|m|p)\b\.?\s*:?\s*\d[\d ().-]{5,}\d"
    r"|@[\w-]+\.|\bhttps?://|\bwww\.|\[(?:PHONE|EMAIL|URL)\]"
    r"|\b\d{1,4}(?: ?(?:bis|ter))?,? (?:rue|avenue|av\.|bd|boulevard|place|allée|chemin|impasse|"
    r"quai|route|street|st\.|road|rd\.|lane|ave)\b"
    rf"|\b\d{{4,5}} {UPPER}{LOWER}+"
    r"|\s\|\s",
    re.IGNORECASE,
)
# A line of a company's or a team's name: a few capitalised words ("Quasar Widgets", "Acme").
_NAME_WORDS = re.compile(rf"(?:(?:{UPPER}|[0-9&])[\w&'’.-]*|de|du|des|of|and|et|la|le|the)(?: |$)")
_NAME_LINE = re.compile(rf"-? ?({PERSON_NAME})\s*(?:(?:[,|–—-])\s*[^\n]*)?")  # a stripped line


def _name_of(line: str) -> str | None:
    """The person's name a signature line gives ("Zoé Martin", "Anna Schmidt | Head of
    Finance"), or None: a company ("Acme Corp") or a job title ("Sales Director") is no person."""
    match = _NAME_LINE.fullmatch(line)
    if match is None:
        return None
    name = match.group(1)
    if is_common_name(name) or _COMPANY.search(name) or _TITLED.search(name):
        return None
    return name


def _signer(lines: list[str]) -> str | None:
    """Whom a signature block (its stripped lines) signs for: the name beside or right above a
    job title, as when the company opens the block ("Quasar Widgets\nJane Doe\nHead of
    Finance"); else its first name ("Zoé Martin\nQuasar Widgets\n12 rue …")."""
    names = [_name_of(line) for line in lines]
    for i, name in enumerate(names):
        if name is None:
            continue
        beside = lines[i].split(name, 1)[1]
        below = lines[i + 1] if i + 1 < len(lines) and names[i + 1] is None else ""
        if _TITLED.search(beside) or _TITLED.search(below):
            return name
    return next((name for name in names if name is not None), None)


def _is_detail_line(line: str) -> bool:
    if not _is_signature_line(line):
        return False
    words = line.split()
    company = len(words) <= 5 and all(_NAME_WORDS.match(word + " ") for word in words)
    return company or _DETAIL.search(line) is not None


def signature_block(text: str) -> tuple[str, str | None]:
    """The text before a closing signature block without closing words (a name line, or a
    company's line above it, then title, company, phone, address or web lines, one of them a
    detail only a signature gives), and the name it signs with; the text and None when it has
    none. Never cut down to nothing."""
    lines = text.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    for i in filled[-_MAX_LINES - 1 : -1]:  # a name line and at least one line below it
        first = lines[i].strip()
        if not _is_signature_line(first) or not (_name_of(first) or _COMPANY.search(first)):
            continue
        below = [line.strip() for line in lines[i + 1 :] if line.strip()]
        if (
            _says_something(lines[:i])
            and all(_is_detail_line(line) for line in below)
            and (name := _signer([first, *below])) is not None
            # the name itself is no detail: only what follows it on its line
            and any(_DETAIL.search(line) for line in [first.split(name, 1)[-1], *below])
        ):
            return "\n".join(lines[:i]), name
    return text, None


# Closing formulas that end a letter, not thanks: "Thanks, Anna" is a sentence segmentation drops,
# and "thanks for the quick fix" says something.
_CLOSING = loose(
    r"(?:best regards|kind regards|warm regards|warmest regards|many regards|regards|best wishes|"
    r"yours sincerely|sincerely|yours truly|yours faithfully|bien cordialement|cordialement|"
    r"bien à vous|sincères salutations|meilleures salutations|salutations distinguées|"
    r"mit freundlichen gr(?:ü|ue)(?:ß|ss)en|freundliche gr(?:ü|ue)(?:ß|ss)e|"
    r"viele gr(?:ü|ue)(?:ß|ss)e|beste gr(?:ü|ue)(?:ß|ss)e|liebe gr(?:ü|ue)(?:ß|ss)e|"
    r"saludos cordiales|un cordial saludo|un saludo|atentamente|cordiali saluti|distinti saluti|"
    r"cordialmente|atenciosamente|com os melhores cumprimentos|melhores cumprimentos|cumprimentos)"
)
# After a sentence's end on the same line: "… Very annoying. Best regards, John Smith".
_INLINE_CLOSING = re.compile(rf"(?<=[.!?…])[ \t]+{_CLOSING}(?![\w'’])[ \t]*[,:!.]?", re.IGNORECASE)
_MAX_INLINE_TAIL = 200
# The longest closing formula and its spacing: with the tail, how far from the end one can start
# (searching only there keeps the cost off long texts: the whole text took 51 µs of 380).
_INLINE_REACH = _MAX_INLINE_TAIL + 60
# Every closing above holds one of these (lower case): most texts hold none and are let go at once.
_CLOSING_KEYWORDS = ("regards", "wishes", "sincerely", "yours", "cordial", "bien", "salutations",
                     "grü", "grue", "grus", "saludo", "atentamente", "saluti", "atenciosamente",
                     "cumprimentos")  # fmt: skip
_TAIL_FIELD = re.compile(r"\s*(?:[,;\n]|\s[|–—·•/-]\s|\|)\s*")


def _is_signature_field(field: str) -> bool:
    """A name, a company, a title, a phone, an e-mail or a web address: "John Smith", "Acme Inc",
    "+1 (415) 555-0134"; no sentence ("the export is still broken")."""
    words = field.split()
    named = len(words) <= 5 and all(_NAME_WORDS.match(word + " ") for word in words)
    return _is_signature_line(field) and (named or _DETAIL.search(field) is not None)


def cut_inline_sign_off(text: str) -> tuple[str, str | None]:
    """The text before a closing formula that follows a sentence on its line and has only
    signature fields (or nothing) after it, and the name it signs with; the text and None when
    it has none."""
    start = max(0, len(text) - _INLINE_REACH)
    tail_lowered = text[start:].lower()
    if not any(keyword in tail_lowered for keyword in _CLOSING_KEYWORDS):
        return text, None
    for match in _INLINE_CLOSING.finditer(text, start):
        tail = text[match.end() :].strip()
        if len(tail) > _MAX_INLINE_TAIL or not _says_something(text[: match.start()].split("\n")):
            continue
        fields = [field.strip(" .") for field in _TAIL_FIELD.split(tail) if field.strip(" .")]
        if all(_is_signature_field(field) for field in fields):
            signer = _name_of(fields[0]) if fields else None
            return text[: match.start()], signer
    return text, None


_NAME_PLACEHOLDER = re.compile(r"\[NAME\](?:\s*[,|–—-]\s*\[[A-Z_]+\])*")


def sign_off_detail_lines(text: str) -> list[tuple[int, int]]:
    """The spans of a signature's name and detail lines (title, company, phone) under a closing
    line anywhere in the text, up to a blank line: "Best regards,\\n[NAME]\\nHead of Ops, Acme\\n\\nThe
    export crashes…" signs before it speaks, and its title line was an insight read as praise
    (cut_sign_off cuts only a message's last block)."""
    if "\n" not in text:
        return []
    lines, start = [], 0
    for line in text.split("\n"):
        lines.append((start, start + len(line)))
        start += len(line) + 1
    found: list[tuple[int, int]] = []
    for i in range(len(lines) - 2):
        if not _SIGN_OFF_LINE.fullmatch(text[slice(*lines[i])]):
            continue
        name = text[slice(*lines[i + 1])].strip()
        if not (_NAME_PLACEHOLDER.fullmatch(name) or _name_of(name)):
            continue
        block = []
        for start, end in lines[i + 2 : i + 2 + _MAX_LINES]:
            line = text[start:end].strip()
            if not line:
                break
            if not _is_detail_line(line):
                block = []
                break
            block.append((start, end))
        if block:
            found.extend([lines[i + 1], *block])
    return found
