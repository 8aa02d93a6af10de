"""Pleas for a fix: "Merci de corriger au plus vite, j'en ai besoin pour le travail.", "Please fix
this ASAP, we rely on it every day.", "Pouvez-vous régler ça rapidement svp", "We need it asap."
The heads learnt from reviews, where a short polite text ("merci", "please") is mostly praise, and
read such tickets as positive praise. A plea to fix something is a bug report the writer needs
fixed; a need said with its haste, or urgency said alone ("Das ist sehr dringend!":
analyzer/urgency_words.py), is a request: neither is praise nor positive. The intent stage
drops the praise (a plea to fix gets bug_report, unless the head hears a feature request in it),
the sentiment stage caps a positive reading at neutral, its score at 0.

Not a plea: thanks for a fix ("Thanks for fixing it so quickly!", "Merci d'avoir corrigé si vite":
the fix is done, no request form), a fix told ("they fixed it asap"), a denied need ("we don't
need it asap") or a span that also praises ("Great support, please fix the sync":
analyzer.politeness.praises)."""

import re

from analyzer.denials import denied
from analyzer.negation import fold
from analyzer.politeness import praises
from analyzer.urgency_cues import USER_CONTENT_EN, USER_CONTENT_FR, matched_cues
from analyzer.urgency_words import KEYWORDS as URGENT_KEYWORDS
from analyzer.urgency_words import says_it_is_urgent

FIX = "fix"  # a plea to fix something: a bug report
NEED = "need"  # a need said with its haste, or beside a plea to fix: a request

# Written on folded text (analyzer.negation.fold: lower case, no accents). Not "restore" /
# "rétablir": a first measurement read "Kindly restore to previous version" and "restore my factory
# settings" as bug reports.
_FIX_EN = r"(?:fix|resolve|solve|correct|repair|sort out|address)"
_FIX_FR = r"(?:corriger|regler|resoudre|reparer|debloquer|arranger)"
_FIX_DE = r"(?:beheben|reparieren|korrigieren|fixen|losen)"
_PLEAS_TO_FIX = (
    # "please fix", "can you fix this", "could you please resolve", "we need you to fix"; not
    # "please correct me if I'm wrong"
    r"\b(?:please|pls|plz|kindly|(?:can|could|would|will) (?:you|u)|(?:you|u) (?:need|have) to"
    rf"|need (?:you|u) to)(?: please| pls| just| quickly| urgently| asap)? {_FIX_EN}\b(?! me\b)",
    # "Fix this asap please": a clause that opens with the verb and names what to fix
    rf"(?:^|[.!?;:,]\s*)(?:just )?{_FIX_EN} (?:this|it|that|these|those|the|my|our|asap|please"
    r"|pls|now)\b",
    # "we need this fixed", "it needs fixing", "need a quick fix", "get it sorted"
    r"\bneeds? (?:(?:this|it|that|them|(?:the|our|my) \w+) )?(?:fixed|fixing|resolved|sorted"
    r"|repaired|corrected)\b|\bneeds? an? (?:urgent |quick )?fix\b",
    r"\b(?:get|have) (?:this|it|that|them) (?:fixed|sorted|resolved|repaired)\b",
    # "merci de corriger", "pouvez-vous régler ça", "il faut corriger", "corrigez svp"
    r"\bmerci (?:d'avance |par avance )?de (?:bien vouloir )?"
    rf"(?:(?:me|nous|le|la|les) |l')?{_FIX_FR}",
    r"\b(?:pouvez|pourriez|pourrais|peux|pourrait)[- ](?:vous|tu|on)"
    r"(?: svp| stp| s'il vous plait| s'il te plait| bien| rapidement| vite)*"
    rf" (?:(?:le|la|les|me|nous) |l')?{_FIX_FR}",
    rf"\bil (?:faut|faudrait|faudra) (?:(?:le|la|les) |l')?{_FIX_FR}",
    r"\b(?:corrigez|reglez|resolvez|reparez|debloquez)\b",
    r"\bbesoin (?:d'une? (?:correction|correctif|solution)"
    r"|que (?:ce|ca|cela) soit (?:corrige|regle|repare|resolu))",
    # German, Spanish, Italian, Portuguese: "Bitte beheben Sie das", "Könnten Sie das reparieren",
    # "Por favor, arréglenlo", "Per favore risolvete", "Por favor, corrijam isso"
    rf"\bbitte (?:\w+ ){{0,3}}{_FIX_DE}\b|\b(?:konnen|konnten|wurden) (?:sie|ihr|du) (?:\w+ ){{0,4}}"
    rf"{_FIX_DE}\b|(?:^|[.!?;:,]\s*){_FIX_DE} sie\b",
    r"\bpor favor,? (?:\w+ ){0,2}(?:arregl|solucion|corrij|correg|repar|resuelv|consert|resolv"
    r"|arrum)\w*|\b(?:pueden|podrian|puede|podria|podem|poderiam|pode|poderia) (?:\w+ ){0,2}"
    r"(?:arreglar|solucionar|corregir|reparar|resolver|corrigir|consertar|arrumar)\w*"
    r"|\b(?:arreglen|solucionen|corrijan|reparen|resuelvan|corrijam|consertem|resolvam|arrumem)\w*",
    r"\bper (?:favore|cortesia),? (?:\w+ ){0,2}(?:risolv|sistem|corregg|ripar)\w*"
    r"|\b(?:potete|potreste|puoi|potresti|puo|potrebbe) (?:\w+ ){0,2}(?:risolvere|sistemare"
    r"|correggere|riparare)\w*|\b(?:risolvete|sistemate|correggete|riparate)\w*",
)
_PLEA_TO_FIX = re.compile("|".join(f"(?:{pattern})" for pattern in _PLEAS_TO_FIX))
# A need: "we need it", "j'en ai besoin".
# "wir brauchen es", "lo necesitamos", "ne abbiamo bisogno", "precisamos disso"
_NEED = re.compile(
    r"\bneeds?\b|\bbesoin\b|\bbrauch(?:e|en|t)\b|\bnecesit\w*|\bbisogno\b"
    r"|\bprecis(?:o|a|amos|am)\b|\bnecessit\w*"
)
# A need for the writer's own content is a plea to get it back: "Need my data!", "J'ai besoin de
# mes photos". Folded: USER_CONTENT_FR loses its accents.
_NEED_MINE = re.compile(
    # the writer's need, not "Why do you need my contacts?"
    rf"(?:^|[.!?,;]\s*|\b(?:i|we) (?:really |just |still )?)needs? (?:all )?(?:my|our) (?:\w+ )?"
    rf"{USER_CONTENT_EN}\b"
    rf"|\bbesoin de (?:toutes )?(?:mes|nos) (?:\w+ )?{fold(USER_CONTENT_FR)}"
)
# A reliance is the reason for a plea beside it ("We depend on it."); alone it pleads for nothing:
# "It relies on internet for everything, so ... should load fast" (a first measurement).
_RELIANCE = re.compile(
    r"\b(?:rely|relies|depend|depends|count) on\b|\b(?:depend|dependons)\b"
    r"|\bcompt(?:e|ons|ent) sur\b|\bangewiesen\b|\b(?:dependemos|dipendiamo|contamos con)\b"
)
# Haste the urgency cues ("asap", "au plus vite", "by tomorrow": analyzer/urgency_cues.py) do
# not count as a deadline: "Pouvez-vous régler ça rapidement svp".
_HASTE = re.compile(
    r"\b(?:quickly|fast|soon|rapidement|vite|schnell|bald|rapido|pronto|presto|rapidamente)\b"
)

# Every plea above holds one of these: most texts hold none and are let go at once.
_KEYWORDS = ("fix", "resol", "résol", "solv", "correct", "repair", "sort", "address", "corrig",
             "regl", "régl", "resou", "résou", "repar", "répar", "debloq", "débloq", "arrang",
             "need", "rely", "relies", "depend", "count on", "besoin", "dépend", "compt", "behe",
             "reparier", "korrigier", "fixen", "lösen", "losen", "arregl", "soluci", "corrij",
             "correg", "resuel", "consert", "arrum", "risolv", "sistem", "ripar", "brauch",
             "necesit", "bisogno", "precis", "necessit", "angewiesen", "dependemos", "dipendiamo",
             "contamos")  # fmt: skip


def pleads(text: str, beside_a_plea: bool = False) -> str | None:
    """FIX when the text pleads for a fix, NEED when it says a need with its haste (or, with
    `beside_a_plea`, any need or reliance: the reason for the plea beside it), else None; never
    a text that praises."""
    lowered = text.lower()
    if not any(word in lowered for word in _KEYWORDS + URGENT_KEYWORDS):
        return None
    folded = fold(text)
    if praises(folded):
        return None
    if _PLEA_TO_FIX.search(folded):
        return FIX
    if beside_a_plea and stated(_RELIANCE, folded):
        return NEED
    if stated(_NEED_MINE, folded) or says_it_is_urgent(folded):
        return NEED
    if stated(_NEED, folded) and (
        beside_a_plea or _HASTE.search(folded) or "deadline" in matched_cues(text)
    ):
        return NEED
    return None


def stated(cues: re.Pattern[str], folded: str) -> bool:
    """Whether a cue is in the folded text and not denied ("we don't need it")."""
    return any(not denied(folded[: cue.start()]) for cue in cues.finditer(folded))
