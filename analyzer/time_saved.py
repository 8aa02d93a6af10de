"""Time a feature saved, told as a fact: "Bulk edit saved me an hour", "The new filters save us
hours every week", "L'édition en masse m'a fait gagner une heure", "La edición masiva me ahorró
una hora", "Die Massenbearbeitung hat mir eine Stunde gespart". Praise said outright
(analyzer/acclaim.py): the heads read the English one `other` and neutral, the German one
negative.

Not praise: time it would save, a wish (analyzer/feature_needs.py: "would save me an hour", "me
ferait gagner"), a condition or a hope ("if it saved time"), a denial ("didn't save me any
time"), a question, with its mark or without ("how many saved days of vacation time do i
have"), or time lost ("it used to save me hours"). Only time counts: "saved my file an hour
ago" stores a file."""

import re
from functools import lru_cache

from analyzer.denials import denied
from analyzer.negation import MAX_WORDS, contrasts, fold, reports_a_problem

_AMOUNT = (
    r"(?:(?:an?|one|two|three|\d+|several|many|countless|a few|a lot of|lots of|so much|tons of"
    r"|hours of|a ton of|plenty of|loads of|so many|real|precious|valuable|une|deux|trois"
    r"|plusieurs|des|du|un|beaucoup de|enormement de|pas mal de|tellement de|una|dos|tres|varias"
    r"|muchas|mucho|eine|zwei|drei|viel|viele|jede|un'|molto|tanto|uma|muito|varias) )*"
)
_TIME = (
    r"(?:hours?|minutes?|days?|time|weeks?|heures?|jours?|temps|semaines?|horas?|minutos?|tiempo"
    r"|dias?|stunden?|zeit|tage?|wochen?|ore|ora|tempo|giorni|giornate)\b"
)
# Written on folded text (lower case, no accents).
_SAVED = re.compile(
    # "saved me an hour", "saves us so much time", "save me hours every week"
    r"\b(?:saves?|saved) (?:me |us |my team |our team |the team |everyone |them )?"
    + _AMOUNT + _TIME
    # "m'a fait gagner une heure", "nous fait gagner un temps fou"
    + r"|\b(?:m'a|nous a|m'ont|nous ont|me fait|nous fait|me font|nous font|fait|font)"
    r" (?:deja )?gagner " + _AMOUNT + r"(?:\w+ )?" + _TIME
    # "me ahorró una hora", "nos ahorra mucho tiempo"
    + r"|\b(?:me|nos) (?:ahorra|ahorro|ahorran|ahorraron|ha ahorrado|han ahorrado) "
    + _AMOUNT + _TIME
    # "spart mir jede Woche eine Stunde", "hat uns viel Zeit gespart"
    + r"|\b(?:spart|sparen|sparte|sparten) (?:mir|uns) (?:\w+ ){0,3}?" + _AMOUNT + _TIME
    + r"|\b(?:hat|haben) (?:mir|uns) (?:\w+ ){0,3}?" + _AMOUNT + _TIME + r" (?:\w+ )?gespart\b"
    # "mi ha fatto risparmiare un'ora", "me poupou uma hora"
    + r"|\b(?:mi|ci) (?:ha|hanno|fa|fanno) (?:fatto )?risparmiare (?:un')?" + _AMOUNT + _TIME
    + r"|\b(?:me|nos) (?:poupa|poupou|poupam|pouparam|economiza|economizou) " + _AMOUNT + _TIME
)  # fmt: skip
# A wish, a condition, a hope or a look back: not time saved now.
_NOT_TOLD = re.compile(
    r"\b(?:would|could|should|will|might|may|if|wish|hope|used to|supposed to|would've|'d|to|want"
    r"|wants|need|needs|trying"
    r"|ferait|feraient|pourrait|si|ahorraria|wurde|wurden|konnte|wenn|falls|farebbe|se"
    r"|pouparia|economizaria)\b|'ll\b"
)

# A question without its mark: "how many saved days of vacation time do i have" (CLINC150).
_ASKS = re.compile(
    r"^\W*(?:how|what|when|where|why|which|who|do|does|did|is|are|can|could|comment|combien"
    r"|pourquoi|est-ce|cuanto|cuantos|como|wie|wieviel|wann|warum)\b"
)


@lru_cache(maxsize=256)
def says_time_saved(text: str) -> bool:
    """Whether a short span tells, as a fact, that something saved the writer time, and says
    nothing against it (a contrast, a problem)."""
    folded = fold(text).replace("’", "'")
    if "?" in folded or _ASKS.match(folded) or len(folded.split()) > MAX_WORDS:
        return False
    saved = _SAVED.search(folded)
    if saved is None:
        return False
    before = folded[: saved.start()]
    if denied(before) or _NOT_TOLD.search(before) or contrasts(folded):
        return False
    return not reports_a_problem(folded[: saved.start()] + " " + folded[saved.end() :])
