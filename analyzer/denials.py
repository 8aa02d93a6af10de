"""Whether the words just before a cue deny it ("I'd never switch", "on ne va pas partir"): read
by the churn cues and by the rules that look for a statement not denied (grievances,
requirements, "it works", failures). Its own module: analyzer.negation reads "it works", which
reads this, and analyzer.churn reads negation."""

import re

# A denial among the (at most) three words before the cue, in the same clause. Three: "I'd never
# switch", "we will not be switching", "je n'envisage pas de partir"; not "if it isn't fixed we
# will cancel", which is a threat. "Without switching tools" threatens nothing either.
_DENIED_BEFORE = re.compile(
    # (Italian "ne ha bisogno" is "needs it": no denial)
    r"(?:\b(?:never|not|no|without|jamais|pas|ne(?! (?:ha|hanno|abbiamo|ho|avete|hai)\b)|n'|sans"
    r"|nie|nicht|keine?n?|ohne|nunca|nao|não"
    r"|non|sin|senza|sem)\b|n't\b)\S*(?:\s+\S+){0,2}\s*$"
)
_DENIAL = r"(?:\b(?:never|not|no|jamais|ne|n'|nicht|keine?n?|nunca|nao|não|non)\b|n't\b)"
# A denial inside an "if" clause, then what the writer does: "si no lo solucionan cancelaremos",
# "se não resolverem vamos cancelar", "if you don't fix it we'll cancel". The words after the
# denial must hold more than the cue's auxiliaries and subject: "si no vamos a cancelar" and "if
# we're not going to cancel" are conditions on the cue itself, still denials.
_CONDITION = re.compile(
    r"\b(?:if|si|se|wenn|falls|caso)\s+(?:\S+\s+){0,3}?\S*?" + _DENIAL + r"\S*(?P<rest>.*)$"
)
_AUXILIARIES = re.compile(
    r"(?:\s+(?:we|we'll|i|i'll|will|'ll|are|going|to|gonna|would|be|not|pas|vamos|voy|vas|va"
    r"|van|vais|a|vou|vai|vão|vao|nós|nos|nous|on|allons|vont|je|j'|wir|werden|ich|werde|noi))*\s*$"
)


def only_a_condition(before: str) -> bool:
    """Whether the denial just before a cue belongs to an "if" clause ("si no lo solucionan"),
    the condition of the threat, not a denial of it."""
    clause = re.split(r"[,.;:!?()]", before.lower())[-1]
    condition = _CONDITION.search(clause)
    if condition is None or re.search(_DENIAL, condition["rest"]):
        return False  # a second denial is the threat's own: "if it fails we will never cancel"
    return _AUXILIARIES.sub("", condition["rest"]).strip() != ""


def denied(before: str) -> bool:
    """Whether the text just before a cue denies it: "I'd never", "on ne va pas"."""
    clause = re.split(r"[,.;:!?()]", before.lower())[-1]
    return _DENIED_BEFORE.search(clause) is not None
