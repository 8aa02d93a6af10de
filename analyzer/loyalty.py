"""Saying why the writer stays a customer: "Your support team is the reason we stay", "C'est la
raison pour laquelle nous restons", "That's what keeps us with you". Praise, but its embedding
sits beside churn talk ("stay", "rester"), and the sentiment head read it as negative (-0.60).
The negation stage reads such a span as thanks are read (analyzer/gratitude.py): praise.

Not praise: the only reason left ("the only reason we stay is the contract"), a denial ("not the
reason we stay", "ce n'est pas pour ça qu'on reste"), a contrast or a question ("…, but for how
long?"), a problem named beside it, a span longer than a denial may be (negation.MAX_WORDS).

A promise to stay reads the same (QA #2): "Nous ne manquerons pas de renouveler notre
abonnement" (an affirmation through a denial: the churn head read it 0.98, the sentiment head
negative), "We will definitely renew", "We'll renew", "On renouvelle sans hésiter". Not a
promise: one under a condition ("we'll renew if they fix it", "sauf si"), a denial elsewhere
("I doubt we'll renew": a denial left after the promise's own words are taken out), a question.
A promise asks for nothing either: the feature request the intent head heard in "Nous ne
manquerons pas de renouveler" (0.87) goes (the insight's `promises` flag).

Buying more is no leaving either (`plans_to_upgrade`): "We'd upgrade to the Business plan for
this." (churn_risk 0.41: "plan" and "switch"-like words sit beside leaving in the embedding), "On
passerait au plan Business pour ça." Not praise, only no churn risk; not one denied ("we won't
upgrade"), nor a move down ("passer au plan gratuit", "downgrade")."""

import re

from analyzer.denials import denied
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
# "ne manquerons pas de renouveler" holds its own denial: taken out before _NOT_SO reads the rest.
_WILL_STAY = re.compile(
    r"\b(?:ne |n')manquer(?:ons|a|ai|ont|ait|ions) pas (?:de |d')(?:le |la |l')?(?:renouvel\w*"
    r"|recondu\w*|rester|prolonger|continuer)"
    r"|\b(?:we|i)(?:'ll| will| shall) (?:definitely |certainly |surely |happily |gladly |absolutely"
    r" |of course |for sure )?(?:renew|be renewing|keep renewing|stay with you|remain a customer)\b"
    r"|\b(?:on|nous|je) (?:renouvel\w*|recondui\w*|rest\w*)(?: \w+){0,3}? sans (?:hesiter"
    r"|hesitation|aucune hesitation|la moindre hesitation)\b"
)
# A move up to a higher plan of ours: "upgrade to the Business plan", "we'd upgrade our seats",
# "passer au plan supérieur", "monter en gamme".
_UPGRADES = re.compile(
    r"\bupgrad(?:e|es|ed|ing)\b(?! (?:broke|breaks|failed|fails|crashed|crashes))"
    r"|\b(?:pass\w*|mont\w*|souscri\w*|prendr\w*) (?:au|a l'|a un|a une|a la|le|la|l') ?(?:plan"
    r"|forfait|offre|abonnement|formule|edition|licence|version) (?:\w+ )?(?:superieur\w*|business"
    r"|pro|premium|entreprise|enterprise|team|plus|max|avance\w*)\b|\bmont\w* en gamme\b"
)
_CONDITION = re.compile(
    r"\?|\b(?:if|unless|once|provided|as long as|si|sauf|a condition|tant que|des que|lorsque"
    r"|quand|when|doubt|unsure|maybe|perhaps|might|hope|wonder|doute|peut-etre|esper\w*)\b"
    r"|\bs'(?:il|ils)\b"
)
_NOT_SO = re.compile(
    r"\bonly reason\b|\bseule raison\b|\bnot\b|n't\b|\bne |\bn'|\bpas\b|\bno longer\b"
)


def says_why_we_stay(text: str) -> bool:
    """Whether the span says what keeps the writer a customer, and nothing against it."""
    folded = fold(text).replace("\u2019", "'")
    if len(folded.split()) > MAX_WORDS:
        return False
    found = _WHY_WE_STAY.search(folded)
    if found is None:
        return promises_to_stay(folded)
    if contrasts(folded) or _NOT_SO.search(folded):
        return False
    return not reports_a_problem(folded[: found.start()] + " " + folded[found.end() :])


def promises_to_stay(text: str) -> bool:
    """Whether the span promises to renew or stay, unconditionally and without a denial
    or a problem outside the promise's own words."""
    folded = fold(text).replace("\u2019", "'")
    found = _WILL_STAY.search(folded)
    if found is None or contrasts(folded) or _CONDITION.search(folded):
        return False
    rest = folded[: found.start()] + " " + folded[found.end() :]
    return _NOT_SO.search(rest) is None and not reports_a_problem(rest)


def plans_to_upgrade(text: str) -> bool:
    """Whether the span tells of buying more of the product (a higher plan, more seats), not
    denied: no churn risk, whatever "plan" made the churn head hear."""
    folded = fold(text).replace("\u2019", "'")
    return any(not denied(folded[: found.start()]) for found in _UPGRADES.finditer(folded))
