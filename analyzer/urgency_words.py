"""Spans that only say something is urgent: "Das ist sehr dringend!", "Esto es muy urgente.",
"C'est très urgent, merci de nous rappeler.". The heads, trained on reviews where a short calm
sentence is mostly praise, read such short non-English spans as positive praise. Urgency asks for
haste, as a need said with its haste does (analyzer/pleas.py reads both as a NEED plea): no
praise, and at most neutral.

Not urgency said alone: a denied one ("not urgent", "pas urgent", "nicht dringend", "no es
urgente"), or one beside a question ("¿Cuándo estará arreglado? ¡Es urgente!" asks: the intent
stage reads it as its question mark says, and a plea would stop that)."""

import re

from analyzer.denials import denied

# Written on folded text (analyzer.negation.fold: lower case, no accents).
_URGENT = re.compile(
    # adjectives only: "numéro d'urgence", "en caso de urgencia" name no haste
    r"\b(?:urgent|urgente|urgentes|urgenti|urgentissim[oa]|dringend|eilig)\b"
)
# Every cue above holds one of these: most texts hold none and are let go at once.
KEYWORDS = ("urgen", "dringend", "eilig")


def says_it_is_urgent(folded: str) -> bool:
    """Whether the folded text (analyzer.negation.fold) says something is urgent, not denied,
    and asks nothing."""
    if "?" in folded:
        return False
    return any(not denied(folded[: cue.start()]) for cue in _URGENT.finditer(folded))
