"""Problems said to be over, and dislikes denied with a hedge. The heads hear the problem's word
and read it present: "The app is no longer slow, I recommend it." negative, complaint; "Le tableau
de bord n'est plus lent." -0.98, bug_report; "I wouldn't say I hate it" -0.90, complaint 0.99.

A problem told over ("no longer slow", "isn't buggy anymore", "doesn't crash anymore", "n'est
plus lent", "ne plante plus", "ya no es lenta", "ya no se cuelga", "ist nicht mehr langsam",
"stürzt nicht mehr ab"), or every problem ("Everything is back to normal", "Tout est rentré dans
l'ordre"), is a denied problem. Only problem words: a function that stopped ("no
longer works", "no longer syncs", "ne marche plus", "ya no funciona", "funktioniert nicht mehr")
is a real problem and names none of them.

A hedged denial of a dislike ("I wouldn't say I hate it", "I can't say I dislike it", "je ne
dirais pas que je déteste", "no diría que lo odio", "ich würde nicht sagen, dass ich es hasse")
is lukewarm, as "I don't hate it" is: neutral, neither complaint nor praise.

analyzer/negation.py says_no_problem reads both as its own denials, with the same guards: a short
span, no contrast, look back or question, no other problem beside ("It no longer crashes, now it
just freezes", "isn't slow anymore but the export fails")."""

import re

# Written on folded text (analyzer.negation.fold: lower case, no accents).
_SLOW_EN = (
    r"(?:slow|sluggish|laggy|buggy|glitchy|unstable|flaky|unusable|unresponsive|clunky|broken"
    r"|an? (?:issue|problem|pain))"
)
# "freezes", not "freeze accounts" (a bank's deed)
_CRASH_EN = (
    r"(?:slow(?:s|ed|ing)? down|crash(?:es|ed|ing)?|froze|lag(?:s|ged|ging)?|hang(?:s|ing)?"
    r"|freez(?:es?|ing)(?! (?:my|our|your|the|their|accounts?|cards?|payments?|funds)\b)"
    r"|glitch(?:es|ed|ing)?|stutter(?:s|ed|ing)?|stall(?:s|ed|ing)?|tim(?:e|es|ed|ing) out)"
)
_SLOW_FR = (
    r"(?:lente?s?|buggee?s?|boguee?s?|beuggee?s?|instables?|inutilisables?|capricieu(?:x|ses?)"
    r"|un (?:probleme|souci))"
)
_SLOW_ES = r"(?:lent[oa]s?|inestables?|inutilizables?|un problema)"
_SLOW_DE = r"(?:langsam|trage|instabil|fehlerhaft|verbuggt|buggy|unbrauchbar|ein problem)"
_DEGREE = r"(?:so |as |that |too |very |du tout |aussi |si |trop |tan |nada |zu )?"
_GONE = (
    # "is no longer slow", "no longer crashes", "isn't slow anymore", "doesn't freeze any more"
    r"\bno longer " + _DEGREE + r"(?:" + _SLOW_EN + r"|" + _CRASH_EN + r")\b",
    r"\b(?:isn'?t|is not|aren'?t|are not|'s not|'re not|not) "
    + _DEGREE
    + _SLOW_EN
    + r"(?: any ?more| any longer)\b",
    r"\b(?:doesn'?t|does not|don'?t|do not|won'?t|will not|didn'?t) "
    + _CRASH_EN
    + r"(?: any ?more| any longer)\b",
    # "n'est plus lent", "ne sont plus buggés", "ne plante plus", "ne se bloque plus"
    r"\bn'(?:est|etait|sont|etaient) plus " + _DEGREE + _SLOW_FR + r"\b",
    r"\b(?:ne |n')(?:se )?(?:plante|rame|bug|beug|freeze|fige|crash|lague|bloque|gele|ralenti)"
    r"\w* plus\b",
    # "ya no es lenta", "ya no se cuelga", "no se cuelga más"
    r"\bya no (?:es|esta|son|estan|va|van|anda|funciona) " + _DEGREE + _SLOW_ES + r"\b",
    r"\bya no (?:se )?(?:cuelga|bloquea|congela|traba|crashea)\w*\b",
    r"\bno (?:se )?(?:cuelga|bloquea|congela|traba)\w* mas\b",
    # "ist nicht mehr langsam", "stürzt nicht mehr ab", "hängt beim Start nicht mehr"
    r"\bnicht mehr " + _DEGREE + _SLOW_DE + r"\b",
    r"\b(?:sturzt|hangt|friert|ruckelt|laggt|crasht|spinnt) (?:\w+ ){0,3}nicht mehr\b",
    # every problem told over: "Everything is back to normal since the last update" (read as a
    # bug report and a complaint), "Tout est rentré dans l'ordre", "c'est revenu à la normale";
    # not a hope ("should be back to normal soon": no verb of the present before it)
    r"\b(?:is|are|'s|'re|now|everything|all|got|went|came|seems?) (?:now |finally |all )?"
    r"back to normal\b",
    r"\b(?:est|sont) (?:maintenant |enfin |bien |de nouveau )?(?:rentre|revenu|retourne|de retour)"
    r"\w* (?:dans l'ordre|a la normale)\b",
)
_GONE_RE = re.compile("|".join(f"(?:{pattern})" for pattern in _GONE))

_HEDGED = (
    # "I wouldn't say I hate it", "I can't say that I dislike the new layout", "I wouldn't say
    # it's bad"
    r"\b(?:i|we) (?:wouldn'?t|would not|couldn'?t|could not|can'?t|cannot|won'?t|will not)"
    r" (?:really |honestly |exactly |quite )?say (?:that )?(?:(?:i|we) (?:really |actually )?"
    r"(?:hate|dislike|loathe|detest)|(?:it'?s|it is|it was|this is) (?:\w+ )?(?:bad|terrible"
    r"|awful|horrible|the worst))\b"
    r"(?! (?:\w+ )?(?:more|less|as much)\b)",  # "can't say I hate it more than…" compares
    # "je ne dirais pas que je déteste", "je ne peux pas dire que je la déteste", "on ne peut pas
    # dire que c'est mauvais"
    r"\bne (?:dirais|dirait|dirions|peux|peut|pouvons|pourrais|pourrait|saurais) pas (?:dire )?"
    r"qu(?:e |')(?:(?:je |j'|on |nous )(?:le |la |les |l')?(?:deteste\w*|hais|haissons)"
    r"|(?:c'est|c'etait|ce soit) (?:\w+ )?(?:mauvais|nul|horrible|terrible|affreux))\b",
    # "no diría que odio la nueva interfaz", "no puedo decir que lo odie"
    r"\bno (?:diria|diriamos|dire|puedo decir|podria decir|podemos decir)(?: que)?"
    r" (?:lo |la |los |las )?(?:odi[oe]|odiamos|detest[oe]|detestamos)\b",
    # "ich würde nicht sagen, dass ich es hasse", "ich kann nicht sagen, dass ich es hasse"
    r"\b(?:ich|wir) (?:wurden?|kann|konnte|konnen) (?:\w+ )?nicht (?:\w+ )?sagen,? dass"
    r" (?:ich|wir) (?:\w+ ){0,4}(?:hasse|hassen|verabscheue|verabscheuen)\b",
)
_HEDGED_RE = re.compile("|".join(f"(?:{pattern})" for pattern in _HEDGED))


def problems_told_over(folded: str) -> list[re.Match]:
    """The problems the folded text says are over ("no longer slow", "ne plante plus")."""
    return list(_GONE_RE.finditer(folded))


def hedged_dislikes(folded: str) -> list[re.Match]:
    """The dislikes the folded text denies with a hedge ("i wouldn't say i hate it")."""
    return list(_HEDGED_RE.finditer(folded))
