"""Normalise: HTML markup and entities, Unicode NFC, invisible and control characters,
whitespace, quoted replies and signatures."""

import re
import unicodedata

from analyzer.analysis import Analysis
from analyzer.config import AnalyzerConfig
from analyzer.disclaimers import cut_disclaimer
from analyzer.markup import CONTROL, INVISIBLE, strip_html
from analyzer.resources import Resources
from analyzer.signatures import cut_inline_sign_off, cut_sign_off, signature_block

# Every space Python's \s knows but " ": runs of them would meet the later stages' patterns
# uncollapsed (20,000 Ogham spaces, U+1680, took the segmenter 31 s).
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t]")
_LINE_BREAKS = re.compile(r"[\x0b\x0c\x85\u2028\u2029]")
# Lines from which the rest of an e-mail is a quoted reply or a signature, not the customer's words.
# A reply header says who wrote the quoted text (`reply`); a signature delimiter or a device line
# (`mark`) only ends the message.
_ANY = r"[^\n]{0,200}"
# Gmail wraps a long header once ("… Boucle Support <\nsupport@x.io> wrote:"): each header may
# span two lines, which own_words accepts only with an e-mail address in it.
_WRAP = rf"(?:{_ANY}\n)??{_ANY}"
_DATED = r"(?=[^\n]*\d)"  # "Am", "El", "Il", "Em" open sentences too: a header starts with a date
# Outlook's header block: a sender line, then the other fields ("Sent:", "An:", "Asunto:" …).
_FIELDS = (
    r"(?:From|Sent|Date|To|Cc|Subject|De|Envoyé|À|Objet|Von|Gesendet|Datum|An|Betreff|"
    r"Enviad[oa](?: el| em)?|Fecha|Para|Asunto|Assunto|Da|Inviato|Data|A|Oggetto)"
)
# "iPhone", "Outlook per Android": a few words without punctuation, or the line is a sentence.
_DEVICE_NAME = r"[^\s.,;:!?]+(?: [^\s.,;:!?]+){0,3}"
_DEVICE = rf"{_DEVICE_NAME} *$"
_CUT_FROM = re.compile(
    r"^(?:(?P<reply>"
    rf"On {_WRAP}wrote: *$"
    rf"|Le {_WRAP}a écrit ?: *$"
    rf"|Am {_DATED}{_WRAP}schrieb{_WRAP}: *$"
    rf"|El {_DATED}{_WRAP}escribió: *$"
    rf"|Il (?:giorno )?{_DATED}{_WRAP}ha scritto: *$"
    rf"|Em {_DATED}{_WRAP}escreveu: *$"
    r"|-{2,}\s*(?:Original Message|Message d'origine|Ursprüngliche Nachricht|Mensaje original|"
    r"Messaggio originale|Mensagem original)\s*-{2,}"
    r"|From: .+$"
    r"|De : .+$"
    # Without a space before the colon (Spanish, Portuguese), and in German and Italian, only
    # where another field follows: "De: Juan" alone could be a customer's line.
    rf"|(?:De|Von|Da|Gesendet|Enviado el|Enviado|Inviato): .+$(?=\n(?: *\n)?{_FIELDS} ?: )"
    r")|(?P<mark>"
    r"--\s*$"
    r"|Sent from my .+$"
    r"|Envoyé (?:de|depuis) mon .+$"
    rf"|Enviado desde mi {_DEVICE}"
    rf"|Von meinem {_DEVICE_NAME} gesendet *$"
    rf"|Gesendet von meinem {_DEVICE}"
    rf"|Inviato da(?:l mio)? {_DEVICE}"
    rf"|Enviado do meu {_DEVICE}"
    r"|Get Outlook for .+$"
    r"))",
    re.MULTILINE | re.IGNORECASE,
)
# What follows a reply header on its own line: the rest of Outlook's fields, blank lines.
_HEADER_REST = re.compile(rf"[^\n]*(?:\n(?:{_FIELDS} ?:[^\n]*| *)(?![^\n]))*", re.IGNORECASE)
# A forward's banner: what follows (after the forwarded header's fields) is the words forwarded,
# a customer's for a ticket an agent or a colleague passed on, so only the banner and the fields
# go. (Its "From:" line, read as a reply header, cut the whole forwarded body.)
_FORWARD = re.compile(
    r"^[ >]*(?:-{2,} *)?(?:Forwarded message|Begin forwarded message:?|Message transféré|"
    r"Début du message réexpédié ?:?|Weitergeleitete Nachricht|Anfang der weitergeleiteten "
    r"Nachricht:?|Mensaje reenviado|Messaggio inoltrato|Inizio messaggio inoltrato:?|"
    r"Mensagem encaminhada|Início da mensagem reencaminhada:?)(?: *-{2,})? *$",
    re.MULTILINE | re.IGNORECASE,
)
# An e-mail client's placeholder for an inline image: Outlook's "[cid:image001.png@01D9]", Gmail's
# "[image: logo.png]" (a line of its own goes with its line break).
# Searched only in a text holding "[cid:" or "[image:": a pass over every text cost 15 µs.
_INLINE_IMAGE = re.compile(
    r"^ *\[(?:cid|image):[^\]\n]{0,300}\] *\n|\[(?:cid|image):[^\]\n]{0,300}\]", re.M | re.I
)
_QUOTED_LINE = re.compile(r"^\s*>.*$\n?", re.MULTILINE)
_QUOTE_MARK = re.compile(r"^ *> ?", re.MULTILINE)


def _before_reply(text: str) -> tuple[str, bool]:
    """The text before its first reply header, signature delimiter or device line; or, for a text
    that opens with a reply header, the reply below it, and True."""
    for match in _CUT_FROM.finditer(text):
        header = match.group()
        if header.count("\n") > 1 or ("\n" in header and "@" not in header):
            continue  # a two-line header is a wrapped Gmail one, which names an address
        if text[: match.start()].strip():
            return text[: match.start()], False
        if match.group("reply") is not None:
            rest = text[_HEADER_REST.match(text, match.end()).end() :]
            if rest.strip():
                return rest, True
    return text, False


def unwrap_forwards(text: str) -> str:
    """The text with each forward banner and the header fields under it taken out: the note
    above it (if any) and the forwarded words both stay."""
    while (banner := _FORWARD.search(text)) is not None:
        rest = _HEADER_REST.match(text, banner.end()).end()
        text = f"{text[: banner.start()].rstrip()}\n\n{text[rest:].lstrip()}".strip()
    return text


def own_words(text: str) -> str:
    """The writer's own lines, without quoted ones. Never nothing: a text that opens with a reply
    header, or has only quoted lines, is a quoted reply, and that reply is all there is to read."""
    while True:  # each turn shortens the text
        text, opened_with_header = _before_reply(text)
        if opened_with_header:
            continue
        own = _QUOTED_LINE.sub("", text)
        if own.strip():
            return own
        unquoted = _QUOTE_MARK.sub("", text)  # one level: a quote in the quote is cut as a reply
        if unquoted == text:
            return text
        text = unquoted


def normalise(text: str) -> str:
    return normalise_signed(text)[0]


def normalise_signed(text: str) -> tuple[str, str | None]:
    """The normalised text, and the name its cut signature block signed with (None if none): the
    name may be in what is kept too ("Zoé Martin from Quasar here"), where redaction masks it."""
    text = unicodedata.normalize("NFC", strip_html(text))
    text = CONTROL.sub("", _LINE_BREAKS.sub("\n", INVISIBLE.sub("", text)))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ODD_SPACES.sub(" ", text)
    if "[cid:" in text or "[image:" in text.lower():
        text = _INLINE_IMAGE.sub("", text)
    text = own_words(unwrap_forwards(cut_disclaimer(text)))
    text, signed_inline = cut_inline_sign_off(text)
    text, signed = signature_block(cut_sign_off(text))
    signed = signed or signed_inline
    text = re.sub(r" {2,}", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip(), signed


class NormaliseStage:
    name = "normalise"

    def __init__(self, config: AnalyzerConfig, resources: Resources) -> None:
        pass

    def __call__(self, batch: list[Analysis]) -> None:
        for analysis in batch:
            text, signed = normalise_signed(analysis.text)
            analysis.text = text or analysis.text.strip()
            if signed is not None:
                analysis.names.append(signed)
