"""A message without a word of its writer's own: a device's signature alone ("Sent from my
iPhone", "Envoyé de mon iPhone"), an inline image's placeholder alone ("[cid:image001.png@…]",
which normalisation keeps when it is all there is and redaction makes "[cid:[EMAIL]]"), or a
greeting over a sign-off and a name ("Hi,\n\nThanks,\nJohn": a mail sent for its attachment).
Segmentation keeps a message's only spans, so each was an insight, read as praise; the analyzer
reads nothing from such a message, as from a survey score without a comment. A sign-off or thanks
alone ("Thanks!", "Merci beaucoup") thanks: that stays."""

import re

from analyzer.boilerplate import is_boilerplate
from analyzer.names import GREETING, SIGN_OFF
from analyzer.negation import fold

_IMAGE = re.compile(r"\[(?:cid|image):[^\n]{0,300}\]", re.IGNORECASE)
# A device's line among is_boilerplate's forms: those say nothing even alone.
_DEVICE = re.compile(r"[-–—\s]*(?:sent from my|envoye (?:de|depuis) mon|get outlook for)\b")
_GREETING_LINE = re.compile(rf"{GREETING}(?:\s+[^\s,!.:]+){{0,3}}\s*[,!.:]?", re.IGNORECASE)
# "Thanks," and "Best," close a letter; "Thanks!" alone thanks.
_SIGN_OFF_LINE = re.compile(rf"{SIGN_OFF}\s*,?", re.IGNORECASE)
_NAME_LINE = re.compile(r"(?:\[NAME\]|[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2})[.,]?")


def _is_machinery(line: str) -> bool:
    return _IMAGE.fullmatch(line) is not None or (
        is_boilerplate(line) and _DEVICE.match(fold(line)) is not None
    )


def is_empty_mail(text: str) -> bool:
    """Whether the text is only an inline image or a device line (with greetings, sign-offs
    and names around it), or only a greeting over a sign-off and names. A greeting alone ("Hi
    there!", "Bonjour Monsieur Mourad") is left to the heads: the sets read it as warmth."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    kinds = [
        "machinery" if _is_machinery(line)
        else "greeting" if _GREETING_LINE.fullmatch(line)
        else "sign-off" if _SIGN_OFF_LINE.fullmatch(line)
        else "name" if _NAME_LINE.fullmatch(line)
        else None
        for line in lines
    ]  # fmt: skip
    if None in kinds:
        return False
    return "machinery" in kinds or ("greeting" in kinds and "sign-off" in kinds)
