"""A purchase told as context: "Je viens de m'acheter une montre Garmin", "I just bought a Fenix
7", "Ich habe mir eine Garmin-Uhr gekauft", "Acabo de comprar un reloj Garmin". What the writer
uses, before they say what they think of it; the heads heard praise in it (0.66, positive). The
sentiment stage reads such a span as neutral and the intent stage takes its praise and complaint
away, as for how long one has been a customer (analyzer/tenure.py).

Only a span that says nothing else: no second clause ("… and love it", "… mais elle ne se
synchronise pas"), no question, no praise and no problem word; the heads read those."""

import re

from analyzer.negation import contrasts, fold, reports_a_problem
from analyzer.politeness import praises

# Written on folded text (lower case, no accents). The verb of buying, its subject first.
_BOUGHT = re.compile(
    r"^\W*(?:"
    r"(?:i|we)(?:'ve| have)? (?:just |recently |finally |only just )?(?:bought|purchased)"
    r"|je viens d(?:e m'|e me |'|e nous )(?:acheter|offrir|procurer)"
    r"|(?:on vient|nous venons) d(?:e nous |')(?:acheter|offrir|procurer)"
    r"|(?:j'ai|nous avons|on a) (?:enfin |recemment )?achete|je me suis (?:enfin )?(?:achete|offert)"
    r"|(?:ich|wir) (?:habe|haben)(?: mir| uns)?(?: gerade| eben| kurzlich| neulich)?"
    r"|(?:acabo|acabamos) de comprar(?:me|nos)?|(?:he|hemos) comprado|me compre|compre"
    r"|(?:ho|abbiamo) (?:appena )?(?:comprato|acquistato)|mi sono (?:appena )?comprat[oa]"
    r"|(?:acabei|acabamos) de comprar|comprei|compramos"
    r")(?P<what>(?:\s+[\w'-]+){1,7})\W*$"
)
# A German purchase ends with its participle: "Ich habe mir eine Garmin-Uhr gekauft".
_GERMAN_PARTICIPLE = re.compile(r"\b(?:gekauft|zugelegt|bestellt)$")
_GERMAN_OPENING = re.compile(r"^\W*(?:ich|wir) (?:habe|haben)\b")
# Buying "your product", "it" or "this" argues as a paying customer ("I have bought your product.
# Don't force me to view stuff I don't want.", a feature request): not told as context.
_YOURS = re.compile(
    r"^\s*(?:your|yours|it|this|that|votre|vos|le votre|ca|cela|ihr|ihre|ihren|es|su|sus|vuestr[oa]s?"
    r"|eso|esto|il vostro|la vostra|questo|o seu|a sua|isso|isto)\b"
)
# A second clause or a reason says more than the purchase.
_SAYS_MORE = re.compile(
    r"\b(?:and|but|which|that|because|so|et|mais|qui|que|car|parce|donc|und|aber|weil"
    r"|y|pero|que|porque|e|ma|che|perche|mas|porque|since|depuis|seit|desde|da)\b"
)


def tells_a_purchase(text: str) -> bool:
    """Whether the span only says the writer bought something."""
    folded = fold(text).strip()
    found = _BOUGHT.match(folded)
    if found is None or "?" in folded:
        return False
    what = found["what"].strip()
    if _GERMAN_OPENING.match(folded) and not _GERMAN_PARTICIPLE.search(what):
        return False  # "Ich habe …" without a participle of buying tells no purchase
    return not (
        _YOURS.match(what)
        or _SAYS_MORE.search(what)
        or contrasts(folded)
        or praises(folded)
        or reports_a_problem(folded)
    )
