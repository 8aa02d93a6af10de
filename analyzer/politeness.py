"""Polite requests that sound like thanks: "Merci de régler ça au plus vite" is French for "Please
fix this quickly", not praise; nor are "Please ..." and "Thanks in advance". The heads, hearing
"merci", read them as praise: the intent stage drops it, and the urgency stage lets no warmth the
sentiment head heard in them calm the request. The sentiment stays the head's: swapping it to
neutral was measured and lost more right answers than it gained on app reviews (models/README.md);
only a plea for a fix ("Merci de corriger au plus vite") is capped at neutral (analyzer/pleas.py).

Thanks for something done stay praise: "Merci de votre aide", "Merci d'avoir corrigé le bug",
"Merci d'exister". So does a span that also praises ("Please keep it up, love the app")."""

import re

from analyzer.negation import fold

_REQUEST = re.compile(
    # "merci de corriger", "merci de bien vouloir me rappeler", "merci d'avance de régler ça":
    # "merci de" + an infinitive, not "avoir"/"être" (thanks for a deed) nor "votre"/"notre"
    r"\bmerci (?:d'avance |par avance )?d(?:e |')(?:bien vouloir |ne pas |ne plus "
    r"|(?:me|nous|le|la|les|lui|leur|y|en|vous) |[mlnst]')*"
    r"(?!(?:avoir|etre|exister|votre|notre|continuer)\b)[a-z]+(?:er|ir|re|oir)\b"
    r"|\b(?:merci|thanks?|thank you) (?:d'avance|par avance|in advance)\b"
    # "please fix", "pls call me back"; not "please keep it up", "please never change"
    r"|\b(?:please|pls|plz|kindly)\b(?! (?:keep|continue|never|don'?t|do not)\b)"
    # German, Spanish, Italian, Portuguese: "bitte", "por favor", "per favore", "danke im
    # voraus", "gracias de antemano", "grazie in anticipo", "desde já agradeço"
    r"|\b(?:bitte|por favor|per favore|per cortesia)\b(?! (?:weiter so|sigan|continuate|continuem)\b)"
    r"|\b(?:danke|dank|gracias|grazie|obrigad[oa]|agradeco)(?: \w+)? (?:im voraus|de antemano"
    r"|por adelantado|in anticipo|anticipatamente|desde ja|antecipadamente)\b"
    r"|\bdesde ja (?:agradeco|obrigad[oa])\b"
)
# Praise beside the request: then the span is not only a request.
_PRAISE = re.compile(
    r"\b(?:love|loving|great|awesome|amazing|excellent|fantastic|perfect|wonderful|brilliant"
    r"|best|beautiful|nice|well done|good job|kudos|bravo|genial|super|parfait\w*|adore|formidable"
    r"|magnifique"
    r"|felicitations|top"
    # German, Spanish, Italian, Portuguese ("toll-free" is no praise)
    r"|toll(?!-)|grossartig|großartig|hervorragend|ausgezeichnet|klasse|perfekt|wunderbar"
    r"|excelente|estupend[oa]|perfect[oa]|fantastic[oa]|increible|maravillos[oa]|me encanta"
    r"|ottim[oa]|eccellente|perfett[oa]|adoro|adoramos|otim[oa]|perfeit[oa]|maravilhos[oa]"
    r"|incrivel)\b"
)


# Every request above holds one of these: most texts hold none and are let go at once.
_KEYWORDS = ("merci", "thank", "please", "pls", "plz", "kindly", "bitte", "favor", "cortesia",
             "voraus", "antemano", "adelantado", "anticip", "desde j", "antecip")  # fmt: skip


def asks_politely(text: str) -> bool:
    """Whether the text is a polite request ("Merci de ...", "Please ...") that praises nothing."""
    lowered = text.lower()
    if not any(word in lowered for word in _KEYWORDS):
        return False
    folded = fold(text)
    return _REQUEST.search(folded) is not None and not praises(folded)


def praises(folded: str) -> bool:
    """Whether the folded text (analyzer.negation.fold) praises: "love", "great", "parfait"."""
    return _PRAISE.search(folded) is not None
