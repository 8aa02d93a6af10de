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


def denied(before: str) -> bool:
    """Whether the text just before a cue denies it: "I'd never", "on ne va pas"."""
    clause = re.split(r"[,.;:!?()]", before.lower())[-1]
    return _DENIED_BEFORE.search(clause) is not None
