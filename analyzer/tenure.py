"""How long the writer has been a customer: "We've been customers for 3 years", "Client depuis 5
ans", "Wir sind seit 3 Jahren Kunden". Context for what follows ("…, but the app keeps getting
slower"), neither praise nor a complaint; the heads read it as either (praise 0.44 to 0.97 in
English, complaint in "I've been a paying user for six years"). The sentiment stage reads such a
span as neutral and the intent stage takes its praise and complaint away.

Only a span that says nothing else: "We've been customers for 3 years and love it" praises, and
"… and the app keeps getting slower" complains; the heads read those."""

import re

from analyzer.negation import fold

# Written on folded text (lower case, no accents).
_WHO_EN = (
    r"(?:(?:a |your |loyal |paying |happy |long[- ]time |)+)"
    r"(?:customers?|clients?|users?|subscribers?|members?)"
)
# A length of time or a year: "3 years", "six months", "a decade", "2019", "day one", "le début".
_COUNT = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|a couple of|several|many"
    r"|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|plusieurs|quelques|zwei|drei|vier"
    r"|funf|dos|tres|cuatro|cinco|due|tre|quattro|cinque|duas|quatro)"
)
_UNIT = r"(?:years?|months?|decades?|ans|annees|mois|jahren|monaten|anos?|mes(?:es)?|anni|mesi)"
_DURATION = (
    r"(?:(?:about|almost|nearly|over|more than|the (?:last|past)|plus de|presque|environ|pres de)"
    r" )?(?:" + _COUNT + r" " + _UNIT + r"|(?:19|20)\d\d|day one|the (?:beginning|start)"
    r"|le (?:debut|premier jour))\b"
)
_HOW_LONG_EN = r"(?:for|since|over) " + _DURATION
_HOW_LONG_FR = r"depuis " + _DURATION
_TENURE = re.compile(
    # "we've been customers for 3 years", "I have been a paying user since 2019", "we've been
    # with you for five years", "we have used your tool for four years now"
    r"\b(?:we|i)(?:'ve| have) (?:been " + _WHO_EN + r"(?: of yours| with you)?|been with you"
    r"|been using (?:your|this|the) [\w-]+|used (?:your|this|the) [\w-]+) "
    + _HOW_LONG_EN
    # "customer since 2019", "long-time customer here"
    + r"|\b(?:customers?|clients?|users?) since "
    + _DURATION
    + r"|\blong[- ]time (?:customers?|users?) here"
    # "nous sommes clients depuis 3 ans", "on est chez vous depuis 2018", "client depuis 5 ans",
    # "nous utilisons votre outil depuis 4 ans"
    r"|\b(?:(?:nous sommes|on est|je suis) )?(?:(?:fideles? )?(?:client|utilisat\w+|abonne)e?s?"
    r"|chez vous|avec vous) " + _HOW_LONG_FR + r"|\b(?:nous utilisons|on utilise|j'utilise)"
    r" (?:votre|cet|cette|ce|vos) [\w-]+ "
    + _HOW_LONG_FR
    # German, Spanish, Italian, Portuguese: "wir sind seit 3 Jahren Kunden", "Kunde seit 2019",
    # "somos clientes desde hace 3 años", "siamo clienti da 3 anni", "somos clientes há 3 anos"
    + r"|\b(?:wir sind|ich bin) seit "
    + _DURATION
    + r" (?:\w+ )?kund(?:e|en|in)\b|\bkund(?:e|en|in) seit "
    + _DURATION
    + r"|\b(?:somos|soy|sou) (?:clientes?|usuari[oa]s?) (?:desde(?: hace)?|ha) "
    + _DURATION
    + r"|\b(?:siamo|sono) (?:clienti|cliente|utenti) da "
    + _DURATION
)
# Words a span may hold beside the tenure and still say nothing else: "now", "already", "here".
_FILLER = frozenset(("now", "already", "here", "so", "far", "still", "and", "et", "deja", "ici",
                     "maintenant", "schon", "hier", "ya", "gia", "ja"))  # fmt: skip


def tells_tenure(text: str) -> bool:
    """Whether the span only says how long the writer has been a customer."""
    folded = fold(text)
    found = _TENURE.search(folded)
    if found is None:
        return False
    rest = re.findall(r"\w+", folded[: found.start()] + " " + folded[found.end() :])
    return all(word in _FILLER for word in rest)
