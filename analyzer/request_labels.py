"""A feature request's label alone, as a ticket's subject or a form's category: "Demande de
fonctionnalité", "Suggestion d'amélioration", "Feature request". The English one reads
feature_request (0.91) from the head; the French one read praise (0.55), positive. The negation
stage marks it a wish, which the intent stage reads as a feature request.

Only the label, with nothing after it: what follows a label ("Demande de fonctionnalité : …")
is read for what it says."""

import re

from analyzer.negation import fold

# Written on folded text (lower case, no accents).
_LABEL = re.compile(
    r"\W*(?:(?:new )?feature (?:request|suggestion|idea)s?"
    r"|(?:demande|suggestion|proposition|idee)s? (?:de |d')(?:nouvelles? )?(?:fonctionnalites?"
    r"|evolutions?|ameliorations?))\W*"
)


def is_a_request_label(text: str) -> bool:
    """Whether the text is a feature request's label and nothing else."""
    return len(text) < 60 and _LABEL.fullmatch(fold(text)) is not None
