"""Thanks for one's help closing a message that asks for it: "The sync has not worked since
yesterday. Thanks a lot for your help.", "Grazie per l'aiuto.", "Vielen Dank für Ihre Hilfe."
The heads read the span as praise (0.97 to 0.99), the message's intents put praise first and a
German bug report came out positive. Closing a problem or a question, such thanks are courtesy,
as "Thanks in advance for your help" is (analyzer/boilerplate.py): segmentation drops the span.
Thanks for a deed stay praise: alone ("Merci pour votre aide !"), beside other words ("Thanks for
your help, it works now"), after a message that tells of a fix ("Support fixed my export. Thanks
for your help!") or of no problem at all ("I made it! Thanks for the help!", as airline tweets
thank: a first version dropped those too)."""

import re

from analyzer.gratitude import thanks_for_a_deed
from analyzer.negation import fold, reports_a_problem, says_no_problem
from analyzer.settled_failures import says_resolved

# Written on folded text (analyzer.negation.fold: lower case, no accents).
_HELP = (
    r"(?:(?:kind|great|quick|prompt|precious|valuable|continued) )?(?:help|support|assistance"
    r"|time|attention)"
)
_THANKS_FOR_HELP = re.compile(
    r"[\s-]*(?:"
    # "Thanks a lot for your help", "Thank you very much for all your support"
    r"(?:(?:many |big )?thanks|thank you|thx|ty)(?: (?:so|very) much| a lot| a million| again)*"
    r" for (?:all )?(?:your|the) "
    + _HELP
    # "Merci beaucoup pour votre aide", "Je vous remercie de votre aide"
    + r"|(?:merci|je vous remercie|nous vous remercions|je te remercie)(?: beaucoup| bien"
    r"| infiniment| encore)* (?:pour|de) (?:votre|ta|ton|l') ?(?:(?:precieuse|aimable) )?"
    r"(?:aide|soutien|assistance|support|temps|attention)"
    # "Vielen Dank für Ihre Hilfe", "Danke für die Unterstützung"
    r"|(?:(?:vielen|herzlichen|besten|tausend) )?dank(?:e)?(?: schon| sehr| vielmals)*"
    r" fur (?:ihre|deine|eure|die|ihr|dein) (?:(?:schnelle|freundliche) )?(?:hilfe|unterstutzung"
    r"|muhe|zeit|aufmerksamkeit)"
    # "Muchas gracias por su ayuda", "Grazie mille per l'aiuto", "Obrigado pela ajuda"
    r"|(?:(?:muchas|mil) )?gracias(?: de nuevo)? por (?:su|tu|vuestra|la) (?:ayuda|apoyo|asistencia"
    r"|atencion|tiempo)"
    r"|(?:grazie|(?:vi |la |ti )?ringrazio)(?: mille| tante| ancora)* per (?:l'|il |la )"
    r"(?:(?:vostro|suo|tuo|vostra|sua|tua) )?(?:aiuto|supporto|assistenza|disponibilita"
    r"|attenzione|tempo)"
    r"|(?:muito )?obrigad[oa]s?(?: (?:mais uma vez|novamente))? (?:pela|pelo) (?:sua |vossa |seu )?"
    r"(?:ajuda|apoio|suporte|assistencia|atencao|disponibilidade|tempo)"
    r")[\s.!,:;)🙏😊]*"
)
_KEYWORDS = ("thank", "thx", "ty ", "merci", "remerci", "dank", "gracias", "grazie", "ringrazi",
             "obrigad")  # fmt: skip


def thanks_for_help(text: str) -> bool:
    """Whether the span only thanks for one's help, support or time."""
    folded = fold(text)
    return any(word in folded for word in _KEYWORDS) and (
        _THANKS_FOR_HELP.fullmatch(folded) is not None
    )


# A problem told beside negation.reports_a_problem's words: a negation ("has not worked since
# yesterday", "funktioniert nicht", "não abre"), a failure verb of the other languages, a question.
_PROBLEM = re.compile(
    r"\b(?:not|never(?! mind)|cannot|no(?! (?:problem|worries|rush|need|hurry)\b)|jamais|nicht"
    r"|kein\w*|nie|nunca|non|nao|ne \w+ plus|n'\w+ plus|echou\w*|cierra|bloquea|blocca|chiude"
    r"|trava\w*)\b|n't\b|\?"
)


def tells_a_problem(span: str) -> bool:
    """Whether the span tells of a problem or asks a question, and denies no problem."""
    folded = fold(span)
    return (reports_a_problem(folded) or _PROBLEM.search(folded) is not None) and not (
        says_no_problem(span)
    )


def closing_thanks_dropped(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """The spans less a last one that only thanks for help, when one before it tells of a
    problem and none tells of a fix or thanks for one."""
    if len(spans) < 2 or not thanks_for_help(text[spans[-1][0] : spans[-1][1]]):
        return spans
    before = [text[start:end] for start, end in spans[:-1]]
    if not any(tells_a_problem(span) for span in before) or any(
        says_resolved(span.lower()) or thanks_for_a_deed(span) for span in before
    ):
        return spans
    return spans[:-1]
