"""Whether a span names money: a price, a cost, paying, a bill, a discount ("too expensive",
"on paie trop", "der Preis", "$40 a seat"). A churn threat that names none ("We are cancelling our
subscription at the end of the month, too many outages.") is about leaving, not pricing: the
intent head heard pricing in "subscription" alone (issue #2), while the subscription, plan or
licence the writer ends is what churn cues name (analyzer/churn.py).

Invoices and billing named as what a feature handles ("It would be great to edit several
invoices at once") are no price talk either: the intent head heard pricing in "invoices" alone
(0.96), while the writer asks for a feature. A price beside them ("invoices are too expensive",
"if invoices were cheaper") still is, and so is a plan named beside them. Nor are invoices a
question asks how to handle ("Can we set up recurring invoices for monthly retainers?", read
pricing 0.84), nor a wish that names no price at all ("une vue de la charge de travail": a
workload, not a charge)."""

import re

from analyzer.negation import fold

# Written on folded text (analyzer.negation.fold: lower case, no accents). Not "subscription",
# "plan", "abonnement", "licence": what is cancelled, not what it costs.
_MONEY = re.compile(
    r"[$€£¥]|\b\d+ ?(?:usd|eur|euros?|dollars?|bucks)\b"
    r"|\b(?:pric\w*|pricey|costs?|costly|costing|expensive|cheap\w*|afford\w*|pay|pays|paying|paid"
    r"|payments?|fees?|bill(?:s|ed|ing)?|charg(?:e|es|ed|ing)\b(?! de (?:travail|compte))|invoic\w*|budget\w*|money|discount\w*"
    r"|refund\w*|reimburs\w*|overpriced|per (?:seat|user|month|year))\b"
    r"|\b(?:prix|tarif\w*|chere?s?|pai(?:e|es|ent)|pay(?:e|er|ons|ez|ent|es)\w*|cout\w*|factur\w*|argent|remise|rembours\w*"
    r"|preis\w*|teuer\w*|kosten\w*|bezahl\w*|rechnung\w*|geld|precios?|car[oa]s?|pag(?:ar|o|amos|ando|are|amento|uei)\w*"
    r"|prezz\w*|cost[oi]|soldi|preco\w*|dinheiro|dinero)\b"
)

# Billing documents and their handling: a feature's object unless a price is named beside them.
# An invoice's state is one too ("mark as paid", "invoice-paid alerts"): its "paid" is what the
# customer's own clients pay them, not what they pay us.
_INVOICE = (
    r"(?:un)?paid (?:invoic\w*|bills?)|invoic\w*[- ](?:un)?paid|mark\w* (?:\w+ )?as (?:un)?paid"
    r"|invoic\w*|factur\w*|rechnung\w*|fattur\w*|nota fiscal|notas fiscais"
)
_INVOICES = re.compile(rf"\b(?:{_INVOICE})\b")
_BILLING = re.compile(rf"\b(?:{_INVOICE}|bills?|billing)\b")
# What a plan is called: pricing talk though it names no amount ("the annual plan").
_PLAN = re.compile(
    r"\b(?:plans?|subscriptions?|abonnements?|licen[cs]es?|tiers?|seats?|forfaits?|offres?"
    r"|tarif\w*|abo|lizenz\w*|suscripci\w*)\b"
)


def names_only_billing(text: str) -> bool:
    """Whether the text's only money words are billing documents ("edit several invoices at
    once", "regrouper les factures"): no price, cost or paying named beside them."""
    folded = fold(text)
    return _BILLING.search(folded) is not None and _MONEY.search(_BILLING.sub(" ", folded)) is None


def names_only_invoices(text: str) -> bool:
    """Whether the text's only money words are invoices or their states ("Can we set up
    recurring invoices?", "mark as paid"): what a feature handles, asked about."""
    folded = fold(text)
    return _INVOICES.search(folded) is not None and not _prices(_INVOICES.sub(" ", folded))


def names_no_price(text: str) -> bool:
    """Whether the text names no price, cost, paying or plan, billing documents aside ("Pourriez-
    vous ajouter une vue de la charge de travail ?": a workload, no charge)."""
    return not _prices(_BILLING.sub(" ", fold(text)))


def _prices(folded: str) -> bool:
    return _MONEY.search(folded) is not None or _PLAN.search(folded) is not None


def names_money(text: str) -> bool:
    """Whether the text names a price, a cost, paying or a bill (see the module's doc)."""
    return _MONEY.search(fold(text)) is not None
