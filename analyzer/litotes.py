"""Praise told by denying a letdown: "Does not disappoint.", "Never lets me down.", "I can't live
without this app anymore", "Ne déçoit pas.", "Je ne peux plus m'en passer". The heads hear the
letdown's word ("disappoint", "déçoit", "down", "can't") and read a complaint: "Ne déçoit pas."
was negative, complaint 0.99. The acclaim rule (analyzer/acclaim.py) reads such a span as praise.

Not praise: beside a contrast, a look back or a question ("Never disappointed until the last
update", "doesn't disappoint?"), with a problem named outside the denial, or a wish ("I can't
live without dark mode, please add it"); nor a need that is missing ("can't work without the
export": only living or doing without the product itself is praise)."""

import re

from analyzer.negation import MAX_WORDS, contrasts, fold, reports_a_problem_beside

# Written on folded text (lower case, no accents).
_THE_PRODUCT = (
    r"(?:it|this|that|them|you|(?:this|the|your|that) (?:\w+ )?(?:app|application|tool|product"
    r"|software|service|platform|feature))"
)
_LITOTES = re.compile(
    # "does not disappoint", "never disappoints", "has never disappointed", "never been disappointed"
    r"\b(?:does not|doesn'?t|did not|didn'?t|do not|don'?t|will not|won'?t|has not|hasn'?t"
    r"|have not|haven'?t|never)(?: once| ever| yet)? (?:been )?disappoint(?:s|ed)?\b"
    # "never lets me down", "hasn't let us down once"
    r"|\b(?:never|does not|doesn'?t|did not|didn'?t|has not|hasn'?t|have not|haven'?t|has never"
    r"|have never)(?: once| ever| yet)? let(?:s)? (?:me|us) down\b"
    # "I can't live without this app", "couldn't do without it"
    r"|\b(?:can'?t|cannot|could ?n'?t|could not) (?:imagine )?(?:live|living|do|doing) without "
    + _THE_PRODUCT
    + r"\b"
    # "ne déçoit pas", "ne m'a jamais déçu", "jamais déçu", "pas déçue du tout"
    + r"|\bne (?:me |nous )?(?:decoit|decoivent|decevra) (?:pas|jamais)\b"
    r"|\b(?:ne |n')(?:m'|nous )?(?:a|ont|ai|avons) (?:jamais|pas) (?:ete )?decue?s?\b"
    r"|\bjamais (?:ete )?decue?s?\b"
    r"|\b(?:ne (?:suis|sommes|sont)|n'est) pas decue?s?\b"
    # "ne me laisse jamais tomber", "ne m'a jamais lâché"
    r"|\bne (?:me|nous) (?:laisse|lache)(?:nt)? jamais(?: tomber)?\b"
    r"|\bne (?:m'|nous )(?:a|ont) jamais (?:laisse tomber|lache)\b"
    # "je ne peux plus m'en passer", "on ne pourrait pas s'en passer", "impossible de s'en passer"
    r"|\b(?:ne |n')?(?:peux|peut|pouvons|pourrais|pourrait|pourrions|saurais|saurait) (?:plus|pas)"
    r" (?:\w+ )?(?:m'en|s'en|nous en) passer\b"
    r"|\bimpossible de (?:m'en|s'en|nous en) passer\b"
)
# A wish or request beside it: "I can't live without dark mode, please add it".
_WISH = re.compile(r"\b(?:please|pls|add|wish|would|hope|need|merci de|svp|ajout\w*|j'aimerais)\b")
# Every cue holds one of these: most texts hold none and are let go at once.
_KEYWORDS = ("disappoint", "down", "without", "déç", "dec", "tomber", "lâch", "lach", "passer")


def praises_by_denial(text: str) -> bool:
    """Whether the span praises by denying a letdown ("Does not disappoint.", "Je ne peux plus
    m'en passer") and says nothing against it."""
    if not any(word in text.lower() for word in _KEYWORDS):
        return False
    folded = fold(text)
    found = list(_LITOTES.finditer(folded))
    said_plainly = len(folded.split()) <= MAX_WORDS and not (
        contrasts(folded) or _WISH.search(folded)
    )
    return bool(found) and said_plainly and not reports_a_problem_beside(folded, found)
