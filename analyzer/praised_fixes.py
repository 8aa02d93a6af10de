"""A fix or a handled request told with praise: "Le bug de l'export a été corrigé, super
travail.", "Support très réactif, mon ticket a été traité dans l'heure.", "Bravo à l'équipe
support, elle a réglé mon problème en dix minutes.", "Bug fixed in a day, great job". The heads
hear the bug or the ticket and read them negative (-0.40 to -0.76) and as bug reports; the
negation stage marks them as praise said outright (analyzer/acclaim.py).

Both must be said: the deed done (told fixed, solved, handled or answered, not denied, hoped for
or still to do; or named with how soon it came: "a fix the same day") and a word of praise
("super", "bravo", "réactif", "responsive", "quick") or thanks outside it. Not one: a span that contrasts, asks or relapses ("fixed, but...", "still", "encore"), names
another problem outside the deed's clause ("fixed the export, the import crashes now", "corrigé
et l'import plante"), or is longer than a denial may be (negation.MAX_WORDS)."""

import re

from analyzer.denials import denied
from analyzer.negation import MAX_WORDS, contrasts, fold, reports_a_problem
from analyzer.politeness import praises
from analyzer.settled_failures import says_resolved

# Written on lower-cased text (accents kept, as analyzer/settled_failures.py's RESOLVED): a deed
# done that RESOLVED does not tell, a request handled ("my ticket was handled", "a été traité")
# or help that solved ("elle a réglé mon problème", "ha risolto", "wurde behoben").
_DONE = re.compile(
    r"\b(?:was|were|been|got|is|are) (?:\w+ )?(?:handled|answered|processed|dealt with"
    r"|taken care of)\b"
    r"|\b(?:a été|ont été|est|sont) (?:\w+ )?(?:traitée?s?|prise? en charge|prises en charge)\b"
    r"|\b(?:a|ont|avez|as|m'a|nous a|m'ont|nous ont) (?:\w+ )?(?:réglé|résolu|corrigé|réparé"
    r"|traité|débloqué|répondu)\b"
    r"|\b(?:ha|han) (?:\w+ )?(?:resuelto|solucionado|arreglado)\b|\b(?:ha sido|fue|fueron)"
    r" (?:resuelt|solucionad|arreglad)[oa]s?\b"
    r"|\b(?:ha|hanno) (?:\w+ )?(?:risolto|sistemato|corretto)\b|\b(?:è|sono) stat[oaie]"
    r" (?:risolt|sistemat|corrett)[oaie]\b"
    r"|\b(?:resolveu|resolveram|corrigiu|corrigiram)\b|\bfo(?:i|ram) (?:resolvid|corrigid)[oa]s?\b"
    r"|\b(?:hat|haben|wurde|wurden) (?:\w+ ){0,3}(?:behoben|gelöst|bearbeitet)\b"
    # the problem named, then done, as notes put it: "problème réglé en dix minutes" (QA:
    # `other`, where "problem solved in ten minutes" read praise)
    r"|\b(?:problems?|issues?|bugs?|tickets?|problèmes?|soucis|souci|demandes?)"
    r" (?:solved|fixed|resolved|sorted|réglée?s?|résolue?s?|corrigée?s?|traitée?s?)\b"
)
# The deed as a noun with how soon it came: "a fix the same day", "an answer within the hour",
# "un correctif le jour même", "une réponse dans l'heure". Hoped for, asked or still to come
# when its clause says so ("A fix the same day would be nice", "we need an answer within the
# hour").
_DEED_SOON = re.compile(
    r"\b(?:a|an|the) (?:\w+ )?(?:fix|workaround|patch|solution|answer|reply|response)"
    r"(?: \w+){0,2}? (?:the same day|same day|within (?:the |an |a |one )?(?:hour|day)"
    r"|in (?:an|a|one) (?:hour|day))\b"
    r"|\b(?:un|une|le|la) (?:\w+ )?(?:correctif|solution|correction|réponse|contournement)"
    r"(?: \w+){0,2}? (?:le jour même|le même jour|dans l'heure|dans la journée"
    r"|en (?:une|1) (?:heure|journée))"
)
_HOPED = re.compile(
    r"'d\b|\b(?:would|could|should|need|needs|hope|wish|want|please|if|can|expect|serait|faudrait"
    r"|besoin|espère|espere|souhait\w*|voudrions|voulons|si|pourriez|pouvez)\b"
)
# Praise of service the heads' reviews rarely said of support ("réactif", "responsive"), beside
# analyzer/politeness.py's words ("super", "bravo", "great"). Written on folded text.
_SERVICE_PRAISE = re.compile(
    r"\b(?:reacti(?:f|fs|ve|ves)|responsive|efficaces?|efficient|helpful|rapides?|rapidement"
    r"|quick(?:ly)?|fast|prompt(?:ly)?|speedy|swift(?:ly)?|chapeau|nickel|reactiv[oa]s?"
    r"|rapid[oa]s?|rapidamente|eficaz|efficient[ei]|schnell|zugig"
    # thanks for the deed told: "a fix the same day, thank you", "corrigé dans l'heure, merci"
    r"|thanks?|thank you|merci|danke|gracias|grazie|obrigad[oa])\b"
)
_AGAIN = re.compile(r"\b(?:encore|again|à nouveau|de nouveau|wieder|otra vez|di nuovo|de novo)\b")
# A clause: the deed's clause is left out when looking for another problem.
_CLAUSE = re.compile(r"[^,;:.!?]+?(?=[,;:.!?]|\b(?:and|et|und|y|e)\b|$)")
# Every deed above, and RESOLVED, holds one of these: most spans hold none and are let go at once.
KEYWORDS = ("fix", "solv", "sort", "handl", "answer", "process", "dealt", "taken care", "trait",
            "charge", "régl", "regl", "résol", "resol", "corrig", "répar", "repar", "rétabli",
            "débloqu", "répondu", "remarch", "fonctionne", "back", "work", "resuel", "soluciona",
            "arregl", "risolt", "sistemat", "corrett", "behoben", "gelöst", "bearbeitet",
            "patch", "solution", "correcti", "réponse", "reply", "response")  # fmt: skip


def praises_a_fix(text: str) -> bool:
    """Whether the span tells a fix or a handled request and praises it, and says nothing else
    of a problem."""
    lowered = text.lower().replace("\u2019", "'")
    if not any(word in lowered for word in KEYWORDS):
        return False
    folded = fold(text)
    if len(folded.split()) > MAX_WORDS or contrasts(folded):
        return False
    clauses = list(_CLAUSE.finditer(lowered))
    done = [clause for clause in clauses if _tells_done(clause.group())]
    if not done:
        return False
    rest = lowered
    for clause in reversed(done):
        rest = rest[: clause.start()] + " " + rest[clause.end() :]
    rest = fold(rest)
    # the praise may sit in the deed's clause ("fixed super fast"), the problem may not
    return (praises(folded) or _SERVICE_PRAISE.search(folded) is not None) and not (
        reports_a_problem(rest)
    )


def _tells_done(clause: str) -> bool:
    """Whether the lower-cased clause tells its fix or request done, not denied or to do."""
    if says_resolved(clause):
        return True
    if _AGAIN.search(clause):  # "a encore été traité": a relapse, told as it is
        return False
    if _DEED_SOON.search(clause) and not _HOPED.search(clause):
        return True
    return any(
        not denied(clause[: deed.start()]) and not denied(clause[: deed.end()])
        for deed in _DONE.finditer(clause)
    )
