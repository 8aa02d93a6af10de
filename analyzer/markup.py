"""Whether a text has anything to read once markup and invisible characters are gone, and the
markup stripping the normalise stage starts with: plain regular expressions, so that the API's
schemas check a text's content without importing the analyzer's name lists (seconds)."""

import functools
import html
import re

# Zero-width and bidirectional controls (an override can make stored text display reversed).
# The zero-width joiner stays between two emoji, where it builds one (👨‍👩‍👧).
_EMOJI = "\U0001f000-\U0001faff\u2600-\u27bf"
INVISIBLE = re.compile(
    rf"[\u200b\u200c\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\u00ad]"
    rf"|(?<![{_EMOJI}\ufe0f])\u200d|\u200d(?![{_EMOJI}])"
)
# Control characters (NUL, bell, escape, C1 codes) from broken exports: never words.
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")

# Help desks and e-mail exports often send HTML bodies. Markup goes only from a text that looks like
# HTML (a closing tag, <br> or <p>), so "the <div> tag breaks the layout" keeps its words.
_LOOKS_HTML = re.compile(r"</[a-z][a-z0-9]*\s*>|<br\s*/?>|<p[\s>]", re.IGNORECASE)
# What a browser does not show: a comment, or a style, script, head or title element, opener to
# closer. Found by a scan (_without_hidden), not by one lazy regex: that retried the rest of the
# text from every unclosed "<!--" (20,000 characters of them took 2.7 s).
_HIDDEN_OPENER = re.compile(r"<(?:(style|script|head|title)\b|!--)", re.I)
_HTML_BREAK = re.compile(
    r"<(?:br|hr|/?p|/?div|/?li|/?tr|/?h[1-6]|/?blockquote|/?table|/?ul|/?ol)\b[^<>]*>", re.I
)
_HTML_INLINE = re.compile(
    r"</?(?:a|b|i|u|em|strong|span|font|small|big|sup|sub|code|mark)\b[^<>]*>", re.I
)
_HTML_OTHER = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>", re.I)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});", re.IGNORECASE)


def looks_html(text: str) -> bool:
    """Whether the normalise stage reads `text` as HTML and strips its markup (one linear scan)."""
    return _LOOKS_HTML.search(text) is not None


@functools.lru_cache(maxsize=16)
def _closer(element: str) -> re.Pattern[str]:
    return re.compile(rf"</{re.escape(element)}\s*>", re.I)


def _hidden_end(text: str, opener: re.Match[str]) -> int | None:
    """Where the comment or element that `opener` opens ends; None if it is never closed."""
    if opener.group(1) is None:
        end = text.find("-->", opener.end())
        return None if end < 0 else end + 3
    closer = _closer(opener.group(1)).search(text, opener.end())
    return None if closer is None else closer.end()


def _without_hidden(text: str) -> str:
    """`text` with each comment and style, script, head and title element replaced by a space,
    in one pass: an opener never closed stays as it is, and once one kind has no closer left,
    its later openers are not searched again (that made hostile markup quadratic)."""
    parts: list[str] = []
    kept_from = search_from = 0
    unclosed: set[str] = set()
    while (opener := _HIDDEN_OPENER.search(text, search_from)) is not None:
        kind = (opener.group(1) or "!--").lower()
        end = None if kind in unclosed else _hidden_end(text, opener)
        if end is None:
            unclosed.add(kind)
            search_from = opener.start() + 1
            continue
        parts += (text[kept_from : opener.start()], " ")
        kept_from = search_from = end
    return "".join(parts) + text[kept_from:] if parts else text


def strip_html(text: str) -> str:
    if _LOOKS_HTML.search(text):
        text = _without_hidden(text)
        text = _HTML_BREAK.sub("\n", text)
        text = _HTML_INLINE.sub("", text)
        text = _HTML_OTHER.sub(" ", text)
    return html.unescape(text) if _ENTITY.search(text) else text


def has_content(text: str) -> bool:
    """Whether anything is left to read once markup, invisible and control characters and
    whitespace are gone (a text of zero-width spaces or `<div><br></div>` is empty)."""
    return bool(CONTROL.sub("", INVISIBLE.sub("", strip_html(text))).strip())
