"""Praise that mocks: a word of praise followed, in the same sentence, by a failure the writer
suffers now ("Love how the app takes 30 seconds to open", "Great update guys, now the app doesn't
start at all.", "Génial, l'appli ne s'ouvre plus") and an exasperated repeat ("Every. Single.
Time."). The heads hear "love", "great" or "génial" and read praise; the negation stage marks such
spans as mocking, as it does "Thanks for nothing.", and the sentiment and intent stages read them
as a reproach.

Only a failure that came or stays ("now … doesn't start", "no longer", "ne … plus", "takes 30
seconds"): "Great app, crashes sometimes" praises the app, then reports (the heads read it).
Not mocking either: a denied problem ("Great, it no longer crashes", "Super, ne plante plus"), a
contrast ("Great app but …") or a question."""

import re

from analyzer.negation import fold, reports_a_problem, says_no_problem

# Written on folded text (analyzer.negation.fold: lower case, no accents).
# "love how", "gotta love it when": praise of the way something happens is said of a failure only
# in jest.
_LOVE_HOW = r"(?:(?:just |gotta |got to |i )?love (?:how|that|the way|it when|when))"
# A word of praise, maybe with a few words ("Great update guys"), then a comma or "!".
_PRAISE_OPENING = (
    r"(?:great|awesome|amazing|wonderful|fantastic|brilliant|perfect|excellent|nice|bravo|super"
    r"|genial|parfait|excellent|magnifique|formidable|top|merci)(?: \w+){0,3}\s*[,!:]+"
)
_OPENING = re.compile(rf"^\W*(?:(?P<love_how>{_LOVE_HOW})\b|{_PRAISE_OPENING})")
# What stops working: open, start, load, sync, log in; "s'ouvre", "démarre", "marche".
_WORKS = (
    r"(?:start|open|load|launch|work|sync|connect|log ?in|sign ?in|save|respond|demarre|ouvre"
    r"|lance|charge|marche|fonctionne|synchronise|connecte|enregistre|repond)\w*"
)
# A failure that came ("now it doesn't start", "no longer loads", "ne s'ouvre plus") or a wait.
_FAILS_NOW = re.compile(
    rf"\bnow\b[^.!?]{{0,40}}?(?:n't|\bnot|\bno longer|\bnever)\s+(?:\w+\s+){{0,2}}{_WORKS}"
    rf"|\bno longer\s+(?:\w+\s+){{0,2}}{_WORKS}|\b(?:won't|can't|cannot|doesn't) (?:even )?{_WORKS}"
    rf"|\b(?:ne|n')\s*(?:se |s')?(?:\w+ )?{_WORKS}\w* plus\b|\bplus du tout\b"
    r"|\blogs? (?:me|us) out\b|\bme deconnecte\b"
    r"|\btakes? (?:\w+ )?(?:\d+|ten|twenty|thirty|forty|fifty|sixty) (?:full )?(?:seconds|secs"
    r"|minutes|mins)\b|\bmet (?:\d+|dix|vingt|trente) (?:secondes|minutes)\b"
)
_MEANT = re.compile(r"\?|\b(?:but|however|though|mais|cependant|pourtant)\b")
# "Every. Single. Time.", "À chaque fois. À chaque. Fois.": a repeat said in exasperation.
_EXASPERATED = re.compile(
    r"^\W*(?:every\.? single\.? time|each\.? and\.? every\.? time|a chaque\.? (?:fois|coup))\W*$"
)


def mocks_with_praise(text: str) -> bool:
    """Whether the text praises a failure that came or stays, or only repeats in exasperation."""
    folded = fold(text)
    if _EXASPERATED.match(folded):
        return True
    opening = _OPENING.match(folded)
    if opening is None:
        return False
    sentence = re.split(r"[.!?]", folded[opening.end() :], maxsplit=1)[0]
    if _MEANT.search(sentence) or says_no_problem(text):
        return False
    if _FAILS_NOW.search(sentence):
        return True
    # "love how" is said of a problem only in jest: a problem in the clause it opens mocks; not
    # one told after ("Love the way it was updated, I won't move away")
    loved = re.split(r"[,;]", sentence, maxsplit=1)[0]
    return opening.group("love_how") is not None and reports_a_problem(loved)
