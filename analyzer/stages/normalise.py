"""Normalise: Unicode NFC, invisible characters, whitespace, quoted replies and signatures."""

import re
import unicodedata

from analyzer.analysis import Analysis
from analyzer.config import AnalyzerConfig
from analyzer.resources import Resources

_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
_ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")
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


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
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
