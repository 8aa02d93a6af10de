"""The note-taker's own follow-ups in call notes: "Next step: follow up with product.", "Action
item: send the SSO doc", "Follow-up: book a demo", "Prochaine étape : faire le point avec
l'équipe produit.", "À faire : envoyer la roadmap", and a hand-off alone on its span ("Flagged to
the account manager.", "Remonté à la responsable de compte."). They say what the seller will do, not what
the customer said, so segmentation drops them as it drops a call note's opening line; left in,
they formed themes of their own ("next step · follow"), whatever the call was about.

Only a span that opens with such a label and a colon is one; one that follows the customer's
quoted words on their line ("« L'export plante ! » Prochaine étape : envoyer un correctif.") is
cut off them first, as a sentence of its own would be. A follow-up that reports a problem
stays: "Follow-up: the export still crashes" is a customer's second message, not a task."""

import re

from analyzer.negation import fold, reports_a_problem
from analyzer.quotes import open_quote

# Written on folded text (analyzer.negation.fold: lower case, no accents).
_ACTION_LABEL = re.compile(
    r"[-–—•*\s]*(?:"
    r"next steps?|action(?: items?| points?)?s?|follow[- ]?ups?|to[- ]?dos?|owner"
    r"|prochaines? etapes?|actions?(?: a (?:mener|prendre|faire|suivre))?|a faire"
    r"|suites? a donner|relance"
    r")\s*:\s*"
)

# A hand-off alone on its span, with no label: "Flagged to the account manager.", "Will loop in
# solutions engineering.", "Remonté à la responsable de compte." (its role typed in a hurry too:
# "resposnable"). Only to a team or role of ours, and nothing else: "Escalated to support, still no answer" is the customer's.
_ROLE = (
    r"(?:the |our |la |le |l'|notre |nos |les )?(?:account (?:manager|executive|team|owner)|am|csm"
    r"|customer success(?: team| manager)?|product(?: team| manager)?|pm|solutions? engineer\w*"
    r"|sales(?: engineer\w*| team)?|se|engineering|tech(?:nical)? team|leadership"
    r"|res\w{3,6}ble de compte|charge\w* de compte|equipe (?:produit|technique|commerciale|tech)"
    r"|avant-vente|customer success manager|direction|product owner|po)"
)
_HAND_OFF = re.compile(
    r"[-–—•*\s]*(?:(?:i|we)(?:'ll| will) |will |to )?"
    r"(?:flag\w*|escalat\w*|loop\w* in|pass\w* (?:on )?|forward\w*|sen[dt]\w*|shar\w*)"
    r"(?: (?:it|this|that))?(?: (?:to|with|on to))? "
    + _ROLE
    + r"|(?:remonte\w*|transmis\w*|transfere\w*|signale\w*|a remonter|a transmettre) "
    r"(?:a |au |aux )" + _ROLE + r"[\s.!]*"
)


def is_note_action(text: str) -> bool:
    """Whether the text is a note-taker's follow-up ("Next step: ...", "Action : ...") that
    reports no problem, or a hand-off alone ("Flagged to the account manager.")."""
    folded = fold(text)
    if _HAND_OFF.fullmatch(folded.rstrip(" .!")) is not None:
        return True
    if ":" not in text[:40]:  # every label ends in a colon near the start: most texts stop here
        return False
    label = _ACTION_LABEL.match(folded)
    return label is not None and not reports_a_problem(folded[label.end() :])


# A closing quotation mark and the spaces after it: where a follow-up may start on a quote's line.
_AFTER_A_QUOTE = re.compile(r"[»”\"]\s+")


def follow_up_after_a_quote(text: str) -> int | None:
    """Where a note-taker's follow-up starts right after a closed quotation in `text` ("« L'export
    plante ! » Prochaine étape : ..."), or None. The sentencizer ends no sentence there: the "!"
    inside the quote ends none (analyzer/stages/segment.py), and no stop follows the mark."""
    for mark in _AFTER_A_QUOTE.finditer(text):
        if open_quote(text[: mark.end()]) is None and is_note_action(text[mark.end() :]):
            return mark.end()
    return None
