"""A deadline with stakes: a named day ("by Friday", "d'ici lundi", "bis Freitag", "para el
viernes") in the sentence of a condition the writer sets ("If it isn't fixed by Monday …",
"…, otherwise our audit fails", "sinon", "sonst", "si no"). The urgency stage reads it as a
deadline; the churn cues read "we'll look at other options" under it as a threat to leave.
Written on lower-cased text (accents kept)."""

import re

_DAYS = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi"
    r"|vendredi|samedi|dimanche|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag"
    r"|lunes|martes|miércoles|jueves|viernes|sábado|domingo)"
)
# A day named as the deadline, not a day told ("on Friday it crashed", "seit Montag").
_DATED = re.compile(
    r"\b(?:by|before|until) (?:next |this )?(?:" + _DAYS + r"|tomorrow|the end of (?:the )?"
    r"(?:week|month)|end of (?:the )?(?:week|month))\b"
    r"|\b(?:d'ici|avant|pour) (?:" + _DAYS + r"|demain|la fin de (?:la )?(?:semaine|mois))\b"
    r"|\bbis (?:zum |nächsten |kommenden )?(?:" + _DAYS + r"|morgen|ende der woche"
    r"|ende des monats|monatsende)\b"
    r"|\b(?:para el|antes del|hasta el) (?:" + _DAYS + r")\b"
    r"|\b(?:para|antes de) (?:mañana|fin de mes|final de (?:la )?semana|el fin de semana)\b"
)
# What happens if it is missed: "otherwise", "or else", "unless", or an "if" the writer denies
# ("if it isn't fixed", "si ce n'est pas réglé", "wenn das nicht behoben ist", "si no está").
_STAKES = re.compile(
    r"\b(?:otherwise|or else|unless|sinon|autrement|sonst|andernfalls|ansonsten|de lo contrario"
    r"|de otro modo|si no)\b"
    r"|\bif\b[^.!?]{0,30}?(?:n't\b|\bnot\b)"
    r"|\bsi\b[^.!?]{0,30}?\b(?:pas|plus)\b"
    r"|\b(?:wenn|falls)\b[^.!?]{0,40}?\bnicht\b"
)
_SENTENCE_END = re.compile(r"[.!?\n]+")


def sets_a_deadline_with_stakes(lowered: str) -> bool:
    """Whether one sentence of the lower-cased text names a day as its deadline and what
    happens if it is missed."""
    return any(
        _DATED.search(sentence) and _STAKES.search(sentence)
        for sentence in _SENTENCE_END.split(lowered)
    )


def sentence_around(lowered: str, position: int) -> str:
    """The sentence of `lowered` that holds `position`."""
    start = max((m.end() for m in _SENTENCE_END.finditer(lowered, 0, position)), default=0)
    end = _SENTENCE_END.search(lowered, position)
    return lowered[start : end.start() if end else len(lowered)]
