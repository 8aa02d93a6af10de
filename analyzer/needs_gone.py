"""A need that is gone: "We no longer need the old reports module", "We don't need the export
anymore", "On n'a plus besoin de l'ancien module", "Wir brauchen das alte Modul nicht mehr", "Ya
no necesitamos el módulo de informes". A calm statement, read as context is (analyzer/tenure.py):
no churn risk, no feature request, not negative. The heads heard the denial and the feature's name:
negative -0.49 to -0.91, feature_request, complaint or churn_risk.

Only a short span that says nothing else: not a problem ("… but the new one crashes"), a
contrast, a request ("please remove it"), a question, or the product itself gone ("We no longer
need your tool" is leaving: analyzer/churn.py)."""

import re

from analyzer.churn import threatens_to_leave
from analyzer.negation import fold, reports_a_problem

# Written on folded text (lower case, no accents).
# A thing no longer needed, not a deed: "No longer need to export by hand", "Plus besoin d'avoir
# mon ordinateur pour synchroniser" (a mini-bar review) praise the effort the product saves.
_NOT_A_DEED = r"(?! to\b)"
_UN_OBJET = (
    r"(?:du|des|de (?:l'|la|le|les|ce|cet|cette|ces|mon|ma|mes|notre|nos|son|sa|ses|leur|leurs"
    r"|un|une)|d'(?:un|une))"
)
_NEED_GONE = re.compile(
    # "we no longer need", "I don't need … anymore", "we won't need … any more", "no longer needed"
    r"\b(?:we|i)(?:'ll| will)? no longer need\b"
    + _NOT_A_DEED
    + r"|\bno longer (?:needed|required)\b"
    r"|\b(?:we|i) (?:don't|dont|do not|won't|will not) need\b" + _NOT_A_DEED + r".*\bany ?(?:more"
    r"|longer)\b"
    # "on n'a plus besoin de l'", "nous n'avons plus besoin du", "je n'ai plus besoin de la", "n'est
    # plus nécessaire"
    r"|\bn'(?:a|ai|avons|aurons|aura) plus besoin "
    + _UN_OBJET
    + r"\b|\bn'(?:est|sont) plus (?:necessaires?|utiles?)\b"
    # "wir brauchen das alte Modul nicht mehr", "wird nicht mehr benötigt"
    r"|\b(?:wir|ich) (?:brauchen|brauche|benotigen|benotige)\b.*\bnicht mehr\b"
    r"|\bnicht mehr (?:benotigt|gebraucht|notig)\b"
    # "ya no necesitamos", "ya no nos hace falta", "ya no es necesario"
    r"|\bya no (?:necesit\w+|nos hace falta|me hace falta|es necesari[oa])\b"
)
# Words that say more than a gone need: a contrast, a request, a worry.
_SAYS_MORE = re.compile(
    r"\b(?:but|however|although|mais|pourtant|cependant|aber|jedoch|pero|sin embargo|please|pls"
    r"|could you|can you|would you|merci de|svp|s'il vous plait|pouvez|pourriez|bitte|por favor"
    r"|puede|pueden)\b"
)
MAX_WORDS = 14  # a longer span says more than that a need is gone: left to the heads


def needs_no_more(text: str) -> bool:
    """Whether the span only says that a need for something other than the product is gone."""
    folded = fold(text)
    gone = _NEED_GONE.search(folded)
    if gone is None or "?" in folded or len(folded.split()) > MAX_WORDS:
        return False
    # the need's own words are no problem: "won't need" is no "won't work"
    rest = folded[: gone.start()] + " " + folded[gone.end() :]
    return not (_SAYS_MORE.search(folded) or reports_a_problem(rest) or threatens_to_leave(text))
