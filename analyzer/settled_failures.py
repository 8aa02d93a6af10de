"""Failures that need no action: said fixed ("the crash on export is fixed", "la panne est
résolue", "login works again") or only feared ("If the API ever went down we'd be stuck", "Si
jamais les paiements échouaient…", "in case of an outage"). The urgency cues read a text with these
parts blanked out, so that a word like "crash" or "down" in them raises nothing.

A fear blanks its sentence (its main clause is a conditional too: "we'd be stuck", "on serait
bloqués"); a fix blanks only its clause ("The login bug is fixed, but exports still fail"). Both
stop at "but" / "mais": what follows is told as it is. A follow-up that tells the fix after
the failure ("…error 500. Update: fixed now, thanks!", "Mise à jour : c'est réparé", "Nachtrag:
funktioniert wieder", "Ya está solucionado") settles everything before it too (`settled_until`)."""

import re

# A sentence, cut at a contrast: "It was fixed last week but now the site is down" is two.
_SENTENCE = re.compile(
    r"(?:(?!\b(?:but|however|though|mais|pourtant|cependant|sauf que|par contre)\b)[^.!?;])+"
)
_CLAUSE = re.compile(r"[^,:]+")

# "if it ever", "what if", "in case of", "si jamais", "si un jour", "au cas où", "en cas de",
# "s'il" / "si" with an imperfect ("si les paiements échouaient"; not "même si ça marchait hier"):
# a fear, not a report. A bare "if" is not one: "If I open the app it crashes every time" reports
# a crash.
HYPOTHETICAL = re.compile(
    r"\bif\b[^.!?]{0,40}?\bever\b|\bwhat if\b|\bin case\b|\bin the event (?:of|that)\b|"
    r"\bsi jamais\b|\bsi un jour\b|\bau cas où\b|\ben cas d[e'u]|\bet si\b|"
    r"(?<!même )(?<!comme )\b(?:si|s'ils?)\b[^.!?,]{0,50}?\b\w+(?:ait|aient)\b"
)
# Told fixed or back: "is fixed", "has been resolved", "works again", "came back", "est corrigé",
# "a été réglé", "remarche", "fonctionne à nouveau", "ist behoben", "funktioniert wieder", "ya está
# solucionado", "ya funciona", "è stato risolto", "ora funziona", "já está resolvido".
RESOLVED = re.compile(
    r"\b(?:is|are|was|were|been|got|'s|’s) (?:now |finally |all |already )?"
    r"(?:fixed|resolved|solved|sorted)\b|"
    r"\b(?:works?|working) (?:again|fine now)\b|\b(?:is|are) back (?:up|online|to normal)\b|"
    r"\bcame back\b|\bback to normal\b|"
    r"\b(?:est|sont|a été|ont été|c'est) (?:enfin |maintenant |bien |déjà )?"
    r"(?:corrigée?s?|résolue?s?|réglée?s?|réparée?s?|rétablie?s?)\b|"
    r"\bremarchen?t?\b|\bfonctionnen?t? (?:à nouveau|de nouveau)\b|"
    # German: "funktioniert wieder" (not "… wieder nicht", a relapse), "ist inzwischen behoben"
    r"\b(?:funktionier\w*|geht|gehen|läuft|laufen|klappt) (?:jetzt |nun |inzwischen |endlich |alles )?"
    r"wieder\b(?! nicht)|\b(?:ist|sind|wurde|wurden|hat sich|haben sich) (?:jetzt |nun |inzwischen |"
    r"mittlerweile |endlich |bereits |schon )?(?:behoben|gelöst|repariert|korrigiert|erledigt)\b|"
    # Spanish: "ya está solucionado", "se arregló", "ya funciona" (not "ya no funciona")
    r"\b(?:ya )?(?:está|están|quedó|quedaron|ha sido|han sido|fue|fueron) (?:ya )?(?:solucionad|"
    r"arreglad|resuelt|reparad|corregid)[oa]s?\b|\b(?:ya )?se (?:ha |han )?(?:solucion|arregl|"
    r"resolv)(?:ó|aron|ado)\b|\bya funcionan?\b|\b(?:vuelve|volvió) a funcionar\b|"
    r"\bfuncionan? de nuevo\b|"
    # Italian and Portuguese: "è stato risolto", "ora funziona", "já está resolvido"
    r"\b(?:è|sono) (?:stat[oaie] )?(?:ora |adesso |già )?(?:risolt|sistemat|corrett|riparat)[oaie]\b|"
    r"\b(?:ora|adesso) funzionan?o?\b|\bfunzionan?o? di nuovo\b|\b(?:è tornato|ha ripreso) a "
    r"funzionare\b|\b(?:já )?(?:está|estão|foi|foram) (?:já )?(?:resolvid|corrigid|consertad)[oa]s?\b|"
    r"\bjá funcionam?\b|\bvoltou a funcionar\b|\bfuncionam? de novo\b|"
    # European and Brazilian progressive: "já está a funcionar", "já está funcionando"
    r"\bjá (?:está|estão) (?:a funcionar|funcionando)\b|"
    # a deed: "5.2.1 fixed the crash", "you sorted it out"; a clause of one word: "Corrigé, merci"
    r"\b(?:fixed|repaired|resolved|solved|sorted out) (?:the|my|our|this|that|it|these|those)\b|"
    r"(?:^\s*|[,:;.!]\s*)(?:fixed|resolved|solved|corrigée?s?|réglée?s?|résolue?s?|réparée?s?|"
    r"behoben|gelöst|solucionad[oa]|arreglad[oa]|risolto)\b|"
    # a request handled, and how fast: "my ticket was handled within the hour", "traité dans
    # l'heure" (its "within the hour" is how fast it was done, no deadline)
    r"\b(?:was|were|been|got) (?:(?!not\b|never\b)\w+ )?(?:handled|answered|processed|dealt with|taken care of)"
    r" (?:\w+ ){0,2}?(?:(?:in|within) (?:an?|the|one|\d+|\w+) (?:hours?|minutes?|days?)\b|quickly"
    r"|promptly|right away|immediately|the same day)|\b(?:a été|ont été|est|sont) (?:(?!pas\b|jamais\b)\w+ )?"
    r"(?:traitée?s?|prises? en charge|pris en charge|répondu) (?:\w+ ){0,2}?(?:dans l'heure|en (?:\d+"
    r"|\w+) (?:minutes?|heures?)|rapidement|immédiatement|dans la journée|le jour même)"
)
# "hasn't been fixed", "still not resolved", "pas encore réglé", "rien n'est corrigé": the failure
# goes on.
_DENIED_BEFORE = re.compile(
    r"(?:\bnot|n't|\bnever|\bno|\bpas|\bjamais|\bplus|\bnicht|\bnie|\bnunca|\bnon|\bnão|\brien)\b"
    r"[^,]{0,12}$"
)
# "if they fixed the crash", "j'espère que c'est réglé": a fix wished for, not told.
_UNREAL_BEFORE = re.compile(
    r"\b(?:if|wish|hope|until|unless|espère|si|jusqu'à ce|wenn|falls|hoffe|sobald|cuando|espero|"
    r"ojalá|spero|quando)\b[^,]{0,30}$"
)
# "it was resolved and now it's down again": a relapse is told as it is.
_RELAPSE = re.compile(
    r"\bstill\b|\btoujours\b|\bencore\b|(?<!works )(?<!working )\bagain\b|\bimmer noch\b|"
    r"\bnoch immer\b|\bschon wieder\b|\berneut\b|\btodavía\b|\baún\b|\bsigue\b|\botra vez\b|"
    r"\bancora\b|\bainda\b"
)


# A follow-up's mark: "Update:", "Edit -", "Mise à jour :", "Nachtrag:", "Actualización:".
_UPDATE_MARK = (
    r"(?:update|edit|edited|later|mise à jour|màj|maj|édit|nachtrag|aktualisierung|actualización|"
    r"actualizacion|aggiornamento|atualização)\s*\d*\s*[:\-–—]?\s*"
)
# What a fix told as a follow-up names: nothing ("Fixed now", "Ça remarche"), a pronoun ("it's
# fixed", "c'est réparé", "es funktioniert wieder") or the problem itself ("the issue is resolved",
# "das Problem ist behoben"). A fix of something named ("The import bug is fixed though") settles
# only its own clause.
_BACK_REFERENCE = (
    r"(?:(?:and|so|now|et|und|y|e|ahora|jetzt|ora)\s+)?(?:(?:it|this|that|everything|all|c'|ça|"
    r"cela|tout|es|das|alles|todo|esto|eso|tutto|tudo|isso|(?:the|this|that|my|our|le|ce|mon|notre|"
    r"das|der|mein|unser|el|este|mi|il|questo|o|este) (?:issue|problem|bug|error|problème|souci|"
    r"fehler|problema|error|errore|erro)s?)\s*)?"
)
_FOLLOW_UP_BEFORE = re.compile(r"^\s*(?:" + _UPDATE_MARK + r")?" + _BACK_REFERENCE + r"$")
_MARKED = re.compile(r"^\s*" + _UPDATE_MARK + r"(?:[^\s,]+\s+){0,4}$")


def is_hypothetical(sentence: str) -> bool:
    """Whether a lower-cased sentence fears a failure rather than reports one."""
    return HYPOTHETICAL.search(sentence) is not None


def says_resolved(clause: str) -> bool:
    """Whether a lower-cased clause says its failure is fixed, not that it is not fixed yet."""
    if _RELAPSE.search(clause):
        return False
    return any(_told_done(clause[: found.start()]) for found in RESOLVED.finditer(clause))


def _told_done(before: str) -> bool:
    """Whether the words before a fix tell it done: not denied, wished or supposed."""
    return not _DENIED_BEFORE.search(before) and not _UNREAL_BEFORE.search(before)


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _unresolved(sentence: re.Match[str]) -> str:
    return _CLAUSE.sub(
        lambda c: _blank(c) if says_resolved(c.group()) else c.group(), sentence.group()
    )


def settled_until(lowered: str) -> int:
    """Where the last follow-up that tells the failure fixed ends in a lower-cased text ("…error
    500. Update: fixed now, thanks!"), or 0: what comes before it is settled. A fix asked about
    ("¿Ya está solucionado?") or taken back in its sentence ("It was fixed in 5.2 but it's back")
    settles nothing."""
    if not RESOLVED.search(lowered):
        return 0
    end = 0
    for sentence in _SENTENCE.finditer(lowered):
        after = lowered[sentence.end() : sentence.end() + 1]
        if after not in ("", ".", "!", ";") or "¿" in sentence.group():
            continue  # a question, or a contrast follows
        for clause in _CLAUSE.finditer(sentence.group()):
            if _tells_a_follow_up_fix(sentence.group()[: clause.start()], clause.group()):
                end = sentence.start() + clause.end()
    return end


def _tells_a_follow_up_fix(before: str, clause: str) -> bool:
    """Whether `clause`, after `before` in its sentence, tells the earlier failure fixed."""
    if _RELAPSE.search(clause):
        return False
    return any(
        _told_done(clause[: found.start()])
        and not found.group().startswith("came back")  # a person: "came back home to …"
        and (
            _FOLLOW_UP_BEFORE.match(before + clause[: found.start()]) is not None
            or _MARKED.match(before + clause[: found.start()]) is not None
        )
        for found in RESOLVED.finditer(clause)
    )


def without_settled_failures(lowered: str) -> str:
    """`lowered` with its feared and fixed parts blanked (same length, so offsets still hold),
    and all that a follow-up fix settles."""
    if not (HYPOTHETICAL.search(lowered) or RESOLVED.search(lowered)):
        return lowered  # most texts: two searches, no split
    settled = settled_until(lowered)
    lowered = " " * settled + lowered[settled:]
    return _SENTENCE.sub(
        lambda s: _blank(s) if is_hypothetical(s.group()) else _unresolved(s), lowered
    )
