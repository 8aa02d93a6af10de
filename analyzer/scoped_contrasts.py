"""A contrast that only scopes a failure stays one insight: "small ones are fine but the full
project export dies", "les petits fichiers marchent bien mais l'export complet plante". The clause
before the "but" says a part works ("are fine", "marche bien"), with no comma before the "but" to set it apart, and the
failure after it is the news: cut at "but", "but the full project export dies." read `other` and
low urgency on its own (issue #2). "The new dashboard is great, but the app crashes" still splits:
praise is no statement that a part works, and a comma sets it apart."""

import re

from analyzer.negation import fold, says_no_problem
from analyzer.works import says_it_works

# The contrast words that scope: not "also", "aussi", "although", "whereas".
_SCOPING = re.compile(r"(?:but|mais|aber|pero|però|mas)\b", re.IGNORECASE)
# The clause before the contrast starts after the last colon, semicolon or dash of the span:
# "CSV exports stopped working for us: small ones are fine".
_CLAUSE_START = re.compile(r".*[:;–—]\s*", re.DOTALL)


def scopes_a_failure(before: str, contrast: str) -> bool:
    """Whether the contrast word at the start of `contrast` only scopes what `before` (the span up
    to it, not ending in a comma) says works: "…: small ones are fine " + "but the full … dies"."""
    before = before.rstrip()
    if before.endswith((",", ";")):
        return False
    if _SCOPING.match(contrast) is None:
        return False
    opening = _CLAUSE_START.match(before)
    clause = before[opening.end() :] if opening else before
    # a part that works ("are fine", "marche bien"), not a problem denied ("Aucun souci
    # d'installation mais …", "Pas mal mais …": the public sets' app reviews, whose "mais" turns
    # to a wish or a complaint of its own)
    return says_no_problem(clause) and bool(says_it_works(fold(clause)))
