"""A contrast that only scopes a failure stays one insight: "small ones are fine but the full
project export dies", "les petits fichiers marchent bien mais l'export complet plante", "Die
kleinen Exporte gehen, aber der große Export stürzt ab". The clause before the "but" says a part
works ("are fine", "marche bien", "gehen", "van bien", "vanno bene"), with no comma before the
"but" to set it apart, and the failure after it is the news: cut at "but", "but the full project
export dies." read `other` and low urgency on its own (issue #2). "The new dashboard is great,
but the app crashes" still splits: praise is no statement that a part works, and a comma sets it
apart. German, Spanish and Italian put a comma before "aber", "pero", "ma" by rule: there it sets
nothing apart."""

import re

from analyzer.negation import fold, reports_a_problem, says_no_problem
from analyzer.politeness import praises
from analyzer.works import says_it_works

# The contrast words that scope: not "also", "aussi", "although", "whereas". (Italian "ma" is no
# clause break of the segment stage, and French "ma" is "my": it scopes only after an Italian
# statement that a part works.)
_SCOPING = re.compile(r"(?:but|mais|aber|pero|però|mas|ma)\b", re.IGNORECASE)
_CONTRAST = re.compile(r"\b" + _SCOPING.pattern, re.IGNORECASE)
# German, Spanish, Italian: their grammar's comma before the word, and their own words for a part
# that works (analyzer/works.py reads English and French).
_COMMA_BY_RULE = frozenset(("aber", "pero", "però", "ma"))
# Written on folded text (analyzer.negation.fold). A verb that says a part runs, with how
# ("laufen problemlos", "van bien", "se suben bien", "vanno bene"), or alone at the clause's end
# ("Die kleinen Exporte gehen", "i piccoli funzionano"); not "läuft langsam", "si blocca".
_ALONE = r"funktionier\w*|geht|gehen|lauft|laufen|klappt|klappen|funcionan?|funziona(?:no)?"
_RUNS = rf"{_ALONE}|van?|andan?|marchan?|esta|estan|vanno|se \w+|si \w+"
_HOW = (
    r"gut|einwandfrei|problemlos|reibungslos|tadellos|ohne probleme|wie erwartet|bien"
    r"|perfectamente|correctamente|sin problemas|bene|benissimo|perfettamente|correttamente"
    r"|senza problemi"
)
_A_PART_RUNS = re.compile(
    rf"\b(?:{_RUNS})(?: (?:es|alles|auch|noch|immer|todo|muy|tutto|molto))* (?:{_HOW})\b"
    rf"|\b(?:{_ALONE})(?: (?:es|alles|auch|noch|immer))*$"
    r"|\b(?:ist|sind|e|sono) (?:ok|okay|in ordnung|a posto)$"
)
MAX_WORDS = 8  # as analyzer/works.py: a longer clause says more than that a part works
# The verb's denial may follow it in German ("gehen nicht"): none in the clause at all.
_A_DENIAL = re.compile(r"\b(?:nicht|kein\w*|nie|no|non|nunca|nada|niente|mai|nulla)\b")
# The clause before the contrast starts after the last colon, semicolon or dash of the span:
# "CSV exports stopped working for us: small ones are fine".
_CLAUSE_START = re.compile(r".*[:;–—]\s*", re.DOTALL)


def scopes_a_failure(before: str, contrast: str) -> bool:
    """Whether the contrast word at the start of `contrast` only scopes what `before` (the span up
    to it, not ending in a comma but before "aber", "pero", "ma") says works: "…: small ones are
    fine " + "but the full … dies"."""
    word = _SCOPING.match(contrast)
    if word is None:
        return False
    before = before.rstrip()
    if before.endswith(";"):
        return False
    opening = _CLAUSE_START.match(before)
    clause = before[opening.end() :] if opening else before
    if word.group().lower() in _COMMA_BY_RULE and says_a_part_runs(fold(clause.rstrip(" ,"))):
        return True
    if before.endswith(","):
        return False
    # a part that works ("are fine", "marche bien"), not a problem denied ("Aucun souci
    # d'installation mais …", "Pas mal mais …": the public sets' app reviews, whose "mais" turns
    # to a wish or a complaint of its own)
    return says_no_problem(clause) and bool(says_it_works(fold(clause)))


def says_a_part_runs(folded: str) -> bool:
    """Whether the short folded clause says in German, Spanish or Italian that a part works
    ("Die kleinen Exporte gehen", "van bien"), denying nothing and praising nothing."""
    if len(folded.split()) > MAX_WORDS or _A_DENIAL.search(folded):
        return False
    return not (praises(folded) or reports_a_problem(folded)) and bool(_A_PART_RUNS.search(folded))


def after_a_part_that_works(text: str) -> str | None:
    """What follows the first contrast in `text` that scopes a part said to work ("the full
    export dies" of "small ones are fine but the full export dies"), or None."""
    for contrast in _CONTRAST.finditer(text):
        if scopes_a_failure(text[: contrast.start()], text[contrast.start() :]):
            return text[contrast.end() :]
    return None
