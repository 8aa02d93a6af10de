"""Failures that need no action: said fixed ("the crash on export is fixed", "la panne est
résolue", "login works again") or only feared ("If the API ever went down we'd be stuck", "Si
jamais les paiements échouaient…", "in case of an outage"). The urgency cues read a text with these
parts blanked out, so that a word like "crash" or "down" in them raises nothing.

A fear blanks its sentence (its main clause is a conditional too: "we'd be stuck", "on serait
bloqués"); a fix blanks only its clause ("The login bug is fixed, but exports still fail"). Both
stop at "but" / "mais": what follows is told as it is."""

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
# "a été réglé", "remarche", "fonctionne à nouveau".
RESOLVED = re.compile(
    r"\b(?:is|are|was|were|been|got|'s|’s) (?:now |finally |all |already )?"
    r"(?:fixed|resolved|solved|sorted)\b|"
    r"\b(?:works?|working) (?:again|fine now)\b|\b(?:is|are) back (?:up|online|to normal)\b|"
    r"\bcame back\b|\bback to normal\b|"
    r"\b(?:est|sont|a été|ont été|c'est) (?:enfin |maintenant |bien |déjà )?"
    r"(?:corrigée?s?|résolue?s?|réglée?s?|réparée?s?|rétablie?s?)\b|"
    r"\bremarchen?t?\b|\bfonctionnen?t? (?:à nouveau|de nouveau)\b|"
    # a deed: "5.2.1 fixed the crash", "you sorted it out"; a clause of one word: "Corrigé, merci"
    r"\b(?:fixed|repaired|resolved|solved|sorted out) (?:the|my|our|this|that|it|these|those)\b|"
    r"(?:^|[,:;.!]\s*)(?:fixed|resolved|solved|corrigée?s?|réglée?s?|résolue?s?|réparée?s?)\b|"
    # a request handled, and how fast: "my ticket was handled within the hour", "traité dans
    # l'heure" (its "within the hour" is how fast it was done, no deadline)
    r"\b(?:was|were|been|got) (?:(?!not\b|never\b)\w+ )?(?:handled|answered|processed|dealt with|taken care of)"
    r" (?:\w+ ){0,2}?(?:(?:in|within) (?:an?|the|one|\d+|\w+) (?:hours?|minutes?|days?)\b|quickly"
    r"|promptly|right away|immediately|the same day)|\b(?:a été|ont été|est|sont) (?:(?!pas\b|jamais\b)\w+ )?"
    r"(?:traitée?s?|prises? en charge|pris en charge|répondu) (?:\w+ ){0,2}?(?:dans l'heure|en (?:\d+"
    r"|\w+) (?:minutes?|heures?)|rapidement|immédiatement|dans la journée|le jour même)"
)
# "hasn't been fixed", "still not resolved", "pas encore réglé": the failure goes on.
_DENIED_BEFORE = re.compile(r"(?:\bnot|n't|\bnever|\bno|\bpas|\bjamais|\bplus)\b[^,]{0,12}$")
# "if they fixed the crash", "j'espère que c'est réglé": a fix wished for, not told.
_UNREAL_BEFORE = re.compile(r"\b(?:if|wish|hope|until|unless|espère|si|jusqu'à ce)\b[^,]{0,30}$")
# "it was resolved and now it's down again": a relapse is told as it is.
_RELAPSE = re.compile(r"\bstill\b|\btoujours\b|\bencore\b|(?<!works )(?<!working )\bagain\b")


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


def without_settled_failures(lowered: str) -> str:
    """`lowered` with its feared and fixed parts blanked (same length, so offsets still hold)."""
    if not (HYPOTHETICAL.search(lowered) or RESOLVED.search(lowered)):
        return lowered  # most texts: two searches, no split
    return _SENTENCE.sub(
        lambda s: _blank(s) if is_hypothetical(s.group()) else _unresolved(s), lowered
    )
