"""Boilerplate that says nothing about the product: an offer to be contacted ("Contact me at
[EMAIL]", "Feel free to reach out if you have questions", "N'hésitez pas à me contacter",
"Vous pouvez me joindre au [PHONE]") and a device's signature ("Sent from my iPhone", "Envoyé de
mon iPhone", "Get Outlook for Android"). Segmentation drops a span that is only that; each one
was an insight, read as a question or praise, and such lines formed themes of their own.

A span that says more stays: "Contact me at [EMAIL] when the export is fixed" asks for news of a
fix; "Please call me back, the export still crashes" reports a problem."""

import re

from analyzer.negation import fold

# Written on folded text (analyzer.negation.fold: lower case, no accents); redaction placeholders
# ("[EMAIL]", "[PHONE]") are read as any word.
_WHO = r"(?:me|us)"
_CONTACT = r"(?:contact|reach|email|e-mail|mail|call|ring|text|ping|message|write to)"
_ANY_QUESTION = (
    r"(?: (?:if|should|in case) (?:you )?(?:have|need|there are|there is|want)"
    r"(?: (?:any|more|further|other))? ?(?:questions?|information|info|details|help|anything"
    r"(?: else)?|clarification)?(?: at all)?)?"
)
_WAYS = r"(?: (?:at|on|by|via|through) (?:\S+(?: or (?:at |on |by )?\S+)?))?"
_REACH_OUT = r"(?:reach out|get in touch|contact " + _WHO + "|ask|drop " + _WHO + r" a line)"
_FORMS = (
    # "Contact me at [EMAIL]", "You can reach me on [PHONE]", "Please call me back"
    r"(?:please |you can |you may |feel free to |do not hesitate to |don't hesitate to )?"
    + _CONTACT + " " + _WHO + r"(?: back)?" + _WAYS + _ANY_QUESTION,
    # "Feel free to reach out", "Don't hesitate to get in touch", "Let me know if you need more"
    r"(?:please )?(?:feel free|do not hesitate|don't hesitate) to " + _REACH_OUT + _WAYS
    + _ANY_QUESTION,
    r"(?:let me know|happy to help|happy to chat)" + _ANY_QUESTION,
    # "N'hésitez pas à me contacter", "Vous pouvez me joindre au [PHONE]"
    r"(?:n'hesitez pas|n'hesite pas|vous pouvez|tu peux) a? ?(?:me|nous) "
    r"(?:contacter|joindre|appeler|recontacter|ecrire|rappeler)"
    r"(?: (?:au|a|par|sur|via) (?:\S+(?: ou (?:au |a |par |sur )?\S+)?))?"
    r"(?: (?:si|pour|en cas de) (?:vous avez |besoin |question|toute|la moindre|plus)[\w\s']*)?",
    # "Sent from my iPhone", "Envoyé de mon iPhone", "Get Outlook for Android"
    r"sent from my \w+(?: \w+){0,2}|envoye (?:de|depuis) mon \w+(?: \w+){0,2}"
    r"|get outlook for \w+",
)  # fmt: skip
_BOILERPLATE = re.compile(r"[-–—\s]*(?:" + "|".join(_FORMS) + r")[\s.!,:;)]*")
# Every pattern above holds one of these: most texts hold none and are let go at once.
_KEYWORDS = ("contact", "reach", "mail", "call", "ring", "text", "ping", "message", "write",
             "hesit", "touch", "let me know", "happy to", "joindre", "appeler", "ecrire",
             "sent from", "envoy", "outlook")  # fmt: skip


def is_boilerplate(text: str) -> bool:
    """Whether the text only offers contact ("Feel free to reach out") or is a device's
    signature ("Sent from my iPhone")."""
    folded = fold(text)
    if not any(word in folded for word in _KEYWORDS):
        return False
    return _BOILERPLATE.fullmatch(folded) is not None
