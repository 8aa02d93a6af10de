"""Thanks for something done: "Merci d'avoir corrigé le bug si vite !", "Thanks for fixing the
export bug so quickly!", "Danke für die schnelle Behebung". A sentence embedding of them sits
beside the bug they name: the intent head may read the French one as a bug report. These rules
find thanks followed by a past deed that helped (fixed, answered, added, restored); the intent
stage then reads the span as praise.

Not a deed: a request ("Merci de corriger le bug", "Thanks in advance for fixing this":
analyzer/politeness.py), thanks in reproach ("Thanks for nothing": analyzer/negation.py), thanks
for a harm ("Merci d'avoir tout cassé": no verb of harm is listed), and thanks beside another
matter: a contrast or question ("thanks for fixing it, but..."), an urgent or costly incident
("...the site is down again"), a problem in another clause ("thanks for adding dark mode, the app
crashes now"), or a span longer than a denial may be (negation.MAX_WORDS)."""

import re

from analyzer.negation import MAX_WORDS, contrasts, fold, reports_a_problem
from analyzer.settled_failures import says_resolved
from analyzer.urgency_cues import matched_cues

_THANKS = (
    r"\b(?:(?:many |muchas |mille |vielen )?(?:thanks?|thank you|thx|merci|danke|dank|gracias"
    r"|grazie|obrigad[oa])(?: (?:so much|very much|a lot|again|beaucoup|bien|encore|infiniment"
    r"|sehr|schon|vielmals|mille|mil))?)[ ,]+"
)
# The deed, written on folded text (lower case, no accents), per language.
_DEED = (
    # "for fixing", "for the quick fix", "for your fast reply", "for adding dark mode"
    r"for (?:(?:the|your|this|that|such an?) )?(?:(?:quick|fast|prompt|speedy|swift) )?"
    r"(?:fix(?:es|ing)?|solving|resolving|repairing|restoring|sorting|adding|implementing"
    r"|answering|responding|replying|listening|getting back|bringing back|taking care"
    r"|response|reply|answer|resolution|solution)\b",
    # "d'avoir corrigé", "de m'avoir répondu", "pour avoir si vite réglé", "pour la correction"
    r"(?:d'|de (?:m'|nous |l'|les )|pour (?:m'|nous |l')?)avoir (?:\w+ )?(?:corrige|repare|resolu"
    r"|regle|repondu|aide|ajoute|ecoute|retabli|remis|ameliore|pris en compte|debloque)",
    r"pour (?:la|le|votre|ta|cette|ce) (?:\w+ )?(?:correction|correctif|reparation|resolution"
    r"|reponse|reactivite|solution)\b",
    # "für die schnelle Behebung", ", dass ihr das so schnell behoben habt"
    r"fur (?:die|das|den|eure|ihre|deine) (?:\w+ )?(?:behebung|korrektur|losung|reparatur|antwort"
    r"|ruckmeldung)\b",
    r"dass (?:ihr|sie|du) (?:\w+ ){0,4}(?:behoben|gelost|repariert|korrigiert|hinzugefugt)\b",
    # "por arreglarlo", "per aver risolto", "por ter corrigido", "pela solução rápida"
    r"por (?:haber |ter )?(?:\w+ )?(?:arregl|soluciona|corregi|corrigi|resol|conserta|anadi"
    r"|adiciona|respond)\w*",
    r"per (?:aver|avere) (?:\w+ )?(?:risolto|corretto|sistemato|aggiunto|risposto|riparato)\b",
    r"(?:por|per|pela|pelo) (?:la |el |su |tu |l')?(?:\w+ )?(?:solucion|correccion|arreglo"
    r"|respuesta|correzione|soluzione|risposta|correcao|solucao|resposta)\b",
)
_THANKS_FOR_A_DEED = re.compile(_THANKS + "(?:" + "|".join(_DEED) + ")")
# "Thanks for fixing nothing", "Gracias por no responder": thanks in reproach that name a deed.
_UNDONE = re.compile(r"\b(?:nothing|rien|nichts|nada|niente|not|no|non|nao|nicht|kein\w*)\b|n't\b")
# Thanks said beside a fix told in another clause: "5.2.1 fixed the crash, thanks!", "Merci, ça
# remarche après la mise à jour".
_THANKS_WORD = re.compile(r"\b(?:thanks?|thank you|thx|merci|danke|gracias|grazie|obrigad[oa])\b")
_CLAUSE = re.compile(r"[^,;:.!?]+")
# The clause that thanks ends at the first of these: any other clause is another matter.
_CLAUSE_END = re.compile(r"[,;:.!?]|\b(?:and|et|und|y|e)\b")


def thanks_for_a_deed(text: str) -> bool:
    """Whether the text thanks for something done and says nothing else that matters."""
    folded = fold(text)
    if len(folded.split()) > MAX_WORDS or contrasts(folded) or _UNDONE.search(folded):
        return False
    if matched_cues(text):
        return False
    thanks = _THANKS_FOR_A_DEED.search(folded)
    if thanks is None:
        return _thanks_beside_a_fix(text.lower())
    end = _CLAUSE_END.search(folded, thanks.end())
    rest = folded[: thanks.start()] + " " + (folded[end.start() :] if end else "")
    return not reports_a_problem(rest)


def _thanks_beside_a_fix(lowered: str) -> bool:
    """Whether the text thanks and tells a fix in a clause of its own, and names no other
    problem: "5.2.1 fixed the crash, thanks!", "Merci, ça remarche après la mise à jour"."""
    if _THANKS_WORD.search(fold(lowered)) is None:
        return False
    fixed = [c for c in _CLAUSE.finditer(lowered) if says_resolved(c.group())]
    rest = lowered
    for clause in reversed(fixed):
        rest = rest[: clause.start()] + " " + rest[clause.end() :]
    return bool(fixed) and not reports_a_problem(fold(rest))
