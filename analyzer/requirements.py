"""Spans that state a requirement: "Our IT team requires it for every tool.", "Notre DSI l'exige
pour tous les outils.", "2FA is mandatory for us", "Le SSO est obligatoire chez nous". The heads,
trained on reviews where a short calm sentence is mostly praise, read such flat statements as
positive praise; beside a question ("Est-ce que vous gérez le SSO SAML ?") that made the whole
message praise. A requirement is the reason for a request, not praise: the intent stage drops
the praise heard in it and the sentiment stage reads a positive reading as neutral.

Not a requirement: one the product lays ("it requires internet"), a denied one ("it isn't
mandatory", "pas obligatoire"), or a span that also praises ("Great app, no login required": analyzer.politeness.praises)."""

import re

from analyzer.denials import denied
from analyzer.negation import fold
from analyzer.politeness import praises

# Written on folded text (analyzer.negation.fold: lower case, no accents).
# Only a requirement laid on the product by someone, not one the product lays ("it requires
# internet to open") nor a need it meets ("works for what I require", "répond à mes exigences"):
# a first measurement (scripts/measure_rule.py requirements) read those, 4 answers went wrong.
_REQUIREMENT = re.compile(
    r"\b(?:requires?|required|mandates?|demands?) (?:it|this|that|them)\b"
    r"|\b(?:is|are|it's|'s) (?:a hard requirement|a requirement|mandatory|compulsory)\b"
    r"|\b(?:l'|les )exig(?:e|ent|era|eait)\b|\bexige(?:nt)? (?:que|cela|ca)\b"
    r"|\b(?:est|sont|c'est) (?:une exigence|obligatoires?|impose)\b"
    # a rule the writer answers to: "This is a compliance issue for us" (read praise), "un
    # problème de conformité pour nous", "a GDPR blocker"
    r"|\b(?:a|an|our) (?:\w+ )?(?:compliance|regulatory|legal|gdpr|audit) (?:issue|problem|concern"
    r"|blocker|risk|requirement)s?\b"
    r"|\b(?:un|une|notre) (?:probleme|souci|enjeu|risque|sujet|point bloquant|blocage) (?:de |d')"
    r"(?:conformite|rgpd|audit|compliance|reglementation)\b"
)
# Every requirement above holds one of these: most texts hold none and are let go at once.
_KEYWORDS = ("requir", "mandat", "demand", "compulsory", "exig", "obligatoire", "impos",
             "compliance", "regulatory", "legal", "gdpr", "audit", "conformit", "rgpd",
             "réglementation", "reglementation")  # fmt: skip


def states_a_requirement(text: str) -> bool:
    """Whether the text states a requirement that it does not deny, and praises nothing."""
    lowered = text.lower()
    if not any(word in lowered for word in _KEYWORDS):
        return False
    folded = fold(text)
    # the denial may stand before the cue ("not a compliance issue") or inside it ("isn't
    # mandatory")
    cues = [
        cue
        for cue in _REQUIREMENT.finditer(folded)
        if not (denied(folded[: cue.start()]) or denied(folded[: cue.end()]))
    ]
    return bool(cues) and not praises(folded)
