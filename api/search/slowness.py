"""A short query that says something is slow: "slow export", "export lent", "langsamer Export",
"exportación lenta". The head reads such a bare pair flat (the grievance rule wants a sentence:
"the export is slow"), so "slow export" ranked "Les petits exports passent sans souci." first.
A word alone ("slow", "lent") names what is searched for, as a failure word alone does."""

import re

from analyzer.denials import denied
from analyzer.negation import fold

# Folded text (lower case, no accents). Not "slow motion", "slow cooker" or "slow down" (an ask),
# as the grievance rule reads them; "lent" and "lento" in any gender and number; the nouns too.
_SLOW = re.compile(
    r"\b(?:slow(?:er)?|sluggish)\b(?! (?:motion|cooker|down))"
    r"|\b(?:lente?s?|lenteurs?)\b"
    r"|\blangsam(?:e|er|es|en|em)?\b"
    r"|\b(?:lent[oa]s?|lentitud|lentidao|lentezza)\b"
)
WORDS = 2  # "slow export": a word alone names a topic
_WORD = re.compile(r"[^\W\d_]+")


def says_slow(query: str) -> bool:
    """Whether the query (two words or more) says that something is slow, not denied ("not
    slow", "pas lent", "nicht langsam")."""
    if len(_WORD.findall(query)) < WORDS:
        return False
    folded = fold(query)
    return any(not denied(folded[: cue.start()]) for cue in _SLOW.finditer(folded))
