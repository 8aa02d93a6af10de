"""Saying why the writer stays a customer: "Your support team is the reason we stay", "C'est la
raison pour laquelle nous restons", "That's what keeps us with you". Praise, but its embedding
sits beside churn talk ("stay", "rester"), and the sentiment head read it as negative (-0.60).
The negation stage reads such a span as thanks are read (analyzer/gratitude.py): praise.

Not praise: the only reason left ("the only reason we stay is the contract"), a denial ("not the
reason we stay", "ce n'est pas pour ça qu'on reste"), a contrast or a question ("…, but for how
long?"), a problem named beside it, a span longer than a denial may be (negation.MAX_WORDS)."""

import re

from analyzer.negation import MAX_WORDS, contrasts, fold, reports_a_problem

# Written on folded text (lower case, no accents).
_STAY_EN = (
    r"(?:stay|stayed|remain|remained|renew|renewed|keep renewing|are still here|re still here)"
)
_STAY_FR = r"(?:rest\w*|sommes toujours la|renouvel\w*)"
# Staying with us, not somewhere ("the reason why we stay South in the winter"): the clause ends,
# or says with whom.
_WITH_US = (
    r"(?=\s*(?:$|[.,;!)]|with (?:you|them|\w+ because)|loyal|a customer|customers|subscribed|here"
    r"|on board|chez vous|avec vous|client|fidele|abonne))"
)
_WHY_WE_STAY = re.compile(
    r"\b(?:reasons? (?:why |that )?|why )(?:we|i)(?:'ve| have)? (?:still )?"
    + _STAY_EN
    + _WITH_US
    + r"|(?<!to )\bkeeps? (?:us|me) (?:here|loyal|coming back|with you|on board"
    r"|as (?:a )?customers?)\b"
    r"|\braisons? pour laquelle (?:nous|on|je) (?:\w+ )?"
    + _STAY_FR
    + _WITH_US
    + r"|\bpour (?:ca|cela) (?:que|qu')(?: ?nous| ?on| ?je)? "
    + _STAY_FR
    + _WITH_US
)
_NOT_SO = re.compile(
    r"\bonly reason\b|\bseule raison\b|\bnot\b|n't\b|\bne |\bn'|\bpas\b|\bno longer\b"
)


def says_why_we_stay(text: str) -> bool:
    """Whether the span says what keeps the writer a customer, and nothing against it."""
    folded = fold(text)
    if len(folded.split()) > MAX_WORDS:
        return False
    found = _WHY_WE_STAY.search(folded)
    if found is None or contrasts(folded) or _NOT_SO.search(folded):
        return False
    return not reports_a_problem(folded[: found.start()] + " " + folded[found.end() :])
