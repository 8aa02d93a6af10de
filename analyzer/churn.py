"""Spans that say the writer is leaving: "On va changer d'outil", "On envisage de partir chez
Zendesk", "We will cancel our subscription". The intent head, hearing "changer" or "Zendesk" in a
calm sentence, may read them as praise or nothing; the urgency stage already hears the threat.
The words are the urgency stage's "churn" cues (analyzer/urgency_cues.py), in every language it
knows; a span whose cue is denied just before it ("I'd never switch tools", "On ne va pas
changer d'outil", "Je n'envisage pas de partir chez eux") threatens nothing."""

import re

from analyzer.urgency_cues import COMPILED

_CHURN = COMPILED["churn"][1]
# A denial among the (at most) three words before the cue, in the same clause. Three: "I'd never
# switch", "we will not be switching", "je n'envisage pas de partir"; not "if it isn't fixed we
# will cancel", which is a threat.
_DENIED_BEFORE = re.compile(
    r"(?:\b(?:never|not|no|jamais|pas|ne|n'|nie|nicht|keine?n?|nunca|nao|não|non)\b|n't\b)"
    r"\S*(?:\s+\S+){0,2}\s*$"
)


def threatens_to_leave(text: str) -> bool:
    """Whether the text holds a churn cue ("cancel my subscription", "changer d'outil",
    "kündigen") that it does not deny."""
    lowered = text.lower().replace("\u2019", "'")
    for cue in _CHURN.finditer(lowered):
        clause = re.split(r"[,.;:!?()]", lowered[: cue.start()])[-1]
        if not _DENIED_BEFORE.search(clause):
            return True
    return False
