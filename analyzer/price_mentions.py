"""Whether a span names money: a price, a cost, paying, a bill, a discount ("too expensive",
"on paie trop", "der Preis", "$40 a seat"). A churn threat that names none ("We are cancelling our
subscription at the end of the month, too many outages.") is about leaving, not pricing: the
intent head heard pricing in "subscription" alone (issue #2), while the subscription, plan or
licence the writer ends is what churn cues name (analyzer/churn.py)."""

import re

from analyzer.negation import fold

# Written on folded text (analyzer.negation.fold: lower case, no accents). Not "subscription",
# "plan", "abonnement", "licence": what is cancelled, not what it costs.
_MONEY = re.compile(
    r"[$€£¥]|\b\d+ ?(?:usd|eur|euros?|dollars?|bucks)\b"
    r"|\b(?:pric\w*|pricey|costs?|costly|costing|expensive|cheap\w*|afford\w*|pay|pays|paying|paid"
    r"|payments?|fees?|bill(?:s|ed|ing)?|charg(?:e|es|ed|ing)|invoic\w*|budget\w*|money|discount\w*"
    r"|refund\w*|overpriced|per (?:seat|user|month|year))\b"
    r"|\b(?:prix|tarif\w*|chere?s?|pai(?:e|es|ent)|pay(?:e|er|ons|ez|ent|es)\w*|cout\w*|factur\w*|argent|remise|rembours\w*"
    r"|preis\w*|teuer\w*|kosten\w*|bezahl\w*|rechnung\w*|geld|precios?|car[oa]s?|pag(?:ar|o|amos|ando|are|amento|uei)\w*"
    r"|prezz\w*|cost[oi]|soldi|preco\w*|dinheiro|dinero)\b"
)


def names_money(text: str) -> bool:
    """Whether the text names a price, a cost, paying or a bill (see the module's doc)."""
    return _MONEY.search(fold(text)) is not None
