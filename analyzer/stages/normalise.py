"""Normalise: HTML markup and entities, Unicode NFC, invisible and control characters,
whitespace, quoted replies and signatures."""

import html
import re
import unicodedata

from analyzer.analysis import Analysis
from analyzer.config import AnalyzerConfig
from analyzer.resources import Resources

# Zero-width and bidirectional controls (an override can make stored text display reversed).
# The zero-width joiner stays between two emoji, where it builds one (👨‍👩‍👧).
_EMOJI = "\U0001f000-\U0001faff\u2600-\u27bf"
_INVISIBLE = re.compile(
    rf"[\u200b\u200c\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\u00ad]"
    rf"|(?<![{_EMOJI}\ufe0f])\u200d|\u200d(?![{_EMOJI}])"
)
_ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")
_LINE_BREAKS = re.compile(r"[\x0b\x0c\x85\u2028\u2029]")
# Control characters (NUL, bell, escape, C1 codes) from broken exports: never words.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Lines from which the rest of an e-mail is a quoted reply or a signature, not the customer's words.
_CUT_FROM = re.compile(
    r"^(?:"
    r"On .{4,200}wrote:\s*$"
    r"|Le .{4,200}a écrit\s?:\s*$"
    r"|-{2,}\s*Original Message\s*-{2,}"
    r"|-{2,}\s*Message d'origine\s*-{2,}"
    r"|From: .+$"
    r"|De : .+$"
    r"|--\s*$"
    r"|Sent from my .+$"
    r"|Envoyé de mon .+$"
    r"|Get Outlook for .+$"
    r")",
    re.MULTILINE | re.IGNORECASE,
)
_QUOTED_LINE = re.compile(r"^\s*>.*$\n?", re.MULTILINE)

# Help desks and e-mail exports often send HTML bodies. Markup goes only from a text that looks like
# HTML (a closing tag, <br> or <p>), so "the <div> tag breaks the layout" keeps its words.
_LOOKS_HTML = re.compile(r"</[a-z][a-z0-9]*\s*>|<br\s*/?>|<p[\s>]", re.IGNORECASE)
_HTML_HIDDEN = re.compile(r"<(style|script|head|title)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_HTML_BREAK = re.compile(
    r"<(?:br|hr|/?p|/?div|/?li|/?tr|/?h[1-6]|/?blockquote|/?table|/?ul|/?ol)\b[^<>]*>", re.I
)
_HTML_INLINE = re.compile(
    r"</?(?:a|b|i|u|em|strong|span|font|small|big|sup|sub|code|mark)\b[^<>]*>", re.I
)
_HTML_OTHER = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>", re.I)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});", re.IGNORECASE)


def strip_html(text: str) -> str:
    if _LOOKS_HTML.search(text):
        text = _HTML_HIDDEN.sub(" ", text)
        text = _HTML_BREAK.sub("\n", text)
        text = _HTML_INLINE.sub("", text)
        text = _HTML_OTHER.sub(" ", text)
    return html.unescape(text) if _ENTITY.search(text) else text


def has_content(text: str) -> bool:
    """Whether anything is left to read once markup, invisible and control characters and
    whitespace are gone (a text of zero-width spaces or `<div><br></div>` is empty)."""
    return bool(_CONTROL.sub("", _INVISIBLE.sub("", strip_html(text))).strip())


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", strip_html(text))
    text = _CONTROL.sub("", _LINE_BREAKS.sub("\n", _INVISIBLE.sub("", text)))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ODD_SPACES.sub(" ", text)
    cut = _CUT_FROM.search(text)
    if cut and cut.start() > 0:  # never cut a message down to nothing
        text = text[: cut.start()]
    text = _QUOTED_LINE.sub("", text)
    text = re.sub(r" {2,}", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


class NormaliseStage:
    name = "normalise"

    def __init__(self, config: AnalyzerConfig, resources: Resources) -> None:
        pass

    def __call__(self, batch: list[Analysis]) -> None:
        for analysis in batch:
            analysis.text = normalise(analysis.text) or analysis.text.strip()
