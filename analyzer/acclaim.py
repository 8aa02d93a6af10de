"""Praise said outright that the heads read as a complaint: a word of high praise ("Servizio
impeccabile, sempre puntuali", "Flawless service", "Service impeccable") or help that solved the
writer's problems ("Il supporto risolve ogni problema in pochi minuti", "Support solves every
issue within minutes", "Le support règle tous nos soucis"). Italian praise above read negative
(-0.42 to -0.78) and as a complaint: the word "problema" of a solved problem weighs more than
"impeccabile", a word the heads rarely saw. The sentiment stage reads such a span as thanks for
a deed are read (a negative reading mirrored) and the intent stage moves the complaint or bug
report it heard to praise.

Not praise said outright: a word of praise denied, hoped for or still to do ("not flawless", "if
they solved my issue", "needs to be fixed"), beside a contrast, a question, a regret or a look
back ("peccato", "solo que", "was working flawless") or a problem named outside what was solved,
a debt ("outstanding balance"), or in a span longer than a denial may be (negation.MAX_WORDS).

Time a feature saved ("Bulk edit saved me an hour", read `other`, neutral) is praise said outright
too (analyzer/time_saved.py); the sentiment stage reads it positive.

A letdown denied ("Does not disappoint.", "Never lets me down.", "Je ne peux plus m'en passer":
analyzer/litotes.py) is praise said outright too.

Better than the writer's old provider ("Bien mieux que notre ancien prestataire", read negative
and a complaint) is praise said outright too."""

import re

from analyzer.denials import denied
from analyzer.litotes import praises_by_denial
from analyzer.negation import MAX_WORDS, contrasts, fold, reports_a_problem_beside
from analyzer.praised_fixes import praises_a_fix
from analyzer.time_saved import says_time_saved

# Written on folded text (lower case, no accents). Words the heads saw little of, or that the
# reviews they learnt from also use in complaints ("top", "super", "great" are left to them).
_HIGH_PRAISE = (
    r"\b(?:impeccab\w+|flawless|exceptional|superb|eccezional[ei]|eccellent[ei]|excepcional(?:es)?"
    r"|impecables?|hervorragend\w*|ausgezeichnet\w*|tadellos\w*|bravissim[oaie]|consigliatissim[oaie]"
    r"|splendid[oaie]|meraviglios[oaie]|irreprochables?|excelentes?"
    # not what is owed or open: "outstanding balance", "outstanding medical debt"
    r"|outstanding(?!(?: \w+)? (?:balances?|debts?|monies|money|principal|amounts?|invoices?"
    r"|payments?|loans?|issues?|bugs?|tickets?|requests?|orders?|charges?|items?|questions?"
    r"|fees?|bills?)))\b"
)
# Help that solved something: "solves every issue", "hanno risolto il mio problema", "règle tous
# nos soucis", "haben jedes Problem gelöst", "resuelven todo", "resolveram o meu problema".
_SOLVED = (
    r"\b(?:solves|solved|resolves|resolved|fixes|fixed|sorts out|sorted out|risolv(?:e|ono)"
    r"|(?:ha|hanno|avete) (?:\w+ )?(?:risolto|sistemato|corretto)|regle(?:nt)?|resout|resolvent"
    r"|(?:a|ont) (?:\w+ )?(?:regle|resolu|corrige)|losen|(?:hat|haben) (?:\w+ ){0,3}"
    r"(?:gelost|behoben)|resuelven?|(?:ha|han) (?:resuelto|solucionado)|resolvem?|resolveu"
    r"|resolveram)"
    r" (?:(?:always|toujours|sempre|immer|siempre) )?(?:every|all|any|my|our|each|mon|ma|mes"
    r"|notre|nos|tous|toutes|tout|chaque|ogni|tutti|tutte|tutto|il|i problemi|jedes|jeden|alle|unser\w*"
    r"|mein\w*|todo|todos|cada|tudo|o|os|meu|meus|nuestros?|mis?)\b(?: \w+){0,2}"
)
# Better than what the writer had: "Much better than our previous provider", "Bien mieux que
# notre ancien prestataire" (read negative, a complaint: the old provider's name weighs). Not
# better than a rival named ("better than yours" is the writer's old tool praised).
_BETTER_THAN_BEFORE = (
    r"\b(?:better|mieux|meilleure?s?) (?:than|que|qu') ?(?:our |my |the |notre |nos |mon |ma |mes |l'"
    r"|le |la |les )?(?:old|previous|former|last|ancien\w*|precedent\w*|ex)[ -](?:\w+ )?(?:provider"
    r"|vendor|tool|solution|software|app|supplier|system|platform|crm|prestataire|fournisseur|outil"
    r"|logiciel|systeme|plateforme|application|appli|editeur)s?\b"
)
# Encouragement to go on as they are: "Continuez comme ça !", "Keep up the good work" (QA: beside
# "la raison pour laquelle on reste", the whole text read negative -0.09 though no span did).
_KEEP_IT_UP = (
    r"\b(?:continuez|continue) comme (?:ca|cela)\b|\bkeep (?:up the (?:good|great) work|it up)\b"
    r"|\bweiter so\b|\bmachen sie weiter so\b|\bsigan? asi\b|\bcontinuate cosi\b"
)
_ACCLAIM = re.compile(_HIGH_PRAISE + "|" + _SOLVED + "|" + _BETTER_THAN_BEFORE + "|" + _KEEP_IT_UP)
# A doubt or a wish before the praise: "if they solved", "j'espère que", "sarebbe".
_UNREAL = re.compile(
    r"\b(?:if|wish|hope|would|should|could|please|si|se|wenn|ojala|espere?|sarebbe|serait)\b"
)
# Right before the verb, a passive or a modal: "needs to be fixed", "kindly resolve my issue"
# (Portuguese "resolve" is English's imperative).
_NOT_DONE = re.compile(
    r"\b(?:to|be|been|being|get|gets|got|kindly|please|pls|can|could|will|would|must|should|may"
    r"|might|need|needs)\s+$"
)
# A regret, a reservation or a look back: "peccato", "solo que", "was working great".
_REGRET = re.compile(
    r"\b(?:peccato|dommage|shame|pity|schade|lastima|pena|wish|solo (?:que|che)|sauf que"
    r"|nur dass|so que|used to|(?:was|were) (?:\w+ )?working|worked|au debut|a l'epoque)\b"
)
# Every cue holds one of these: most texts hold none and are let go at once.
_KEYWORDS = ("impecc", "flawless", "exceptional", "outstanding", "superb", "eccezional",
             "eccellent", "excepcional", "impecab", "hervorragend", "ausgezeichnet", "tadellos",
             "bravissim", "consigliatissim", "splendid", "meraviglios", "irreprochable", "irréprochable",
             "excelent", "solve", "fixe", "sort", "risol", "sistemat", "corrett", "règl", "régl", "regl",
             "résou", "resou", "résol", "resol", "corrig", "lösen", "losen",
             "behoben", "resuel", "soluciona", "better", "mieux", "meilleur", "continu",
             "keep", "weiter", "sigue", "siga", "sigan")  # fmt: skip


def acclaims(text: str) -> bool:
    """Whether the span praises outright (a word of high praise, or help that solved the
    writer's problems, or a fix told with praise: analyzer/praised_fixes.py, or time a feature
    saved: analyzer/time_saved.py) and says nothing against it."""
    if praises_a_fix(text) or says_time_saved(text):
        return True
    if praises_by_denial(text):  # "Does not disappoint.", "Je ne peux plus m'en passer"
        return True
    lowered = text.lower()
    if not any(word in lowered for word in _KEYWORDS):
        return False
    folded = fold(text)
    if len(folded.split()) > MAX_WORDS or contrasts(folded) or _REGRET.search(folded):
        return False
    found = [m for m in _ACCLAIM.finditer(folded) if _told(folded[: m.start()], m.end(), folded)]
    if not found:
        return False
    return not reports_a_problem_beside(folded, found)


def _told(before: str, end: int, folded: str) -> bool:
    """Whether the praise is said as it is: not denied ("never solved my issue", "not
    flawless"), hoped for ("if they solved it") or still to do ("needs to be fixed")."""
    return not (
        denied(before) or denied(folded[:end]) or _UNREAL.search(before) or _NOT_DONE.search(before)
    )
