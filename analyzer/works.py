"""Spans that say something works: "The export is fine.", "Search works as expected.", "L'import
marche correctement.", "L'export est OK." The sentiment head learnt "fine" and "OK" from reviews,
where they often open a complaint ("It's OK but...", "was fine until the update"), and reads such
a flat statement as negative. The negation stage reads them as a denied problem (analyzer/
negation.py says_no_problem), with the same guards: no contrast, look back or question, no problem
named beside.

Not a statement that it works: a denied one ("doesn't work well", "ne fonctionne pas bien", "ne
marche bien que sur Chrome"), one that looks back ("was fine", "worked fine": the tense is not
matched) or a wish ("would be fine if")."""

import re

from analyzer.denials import denied

# Written on folded text (analyzer.negation.fold: lower case, no accents).
_WORKS = re.compile(
    # "is fine", "it's OK", "seems fine"; "works as expected", "runs smoothly", "works well"
    # ("is well" is not: "the button is well hidden")
    r"\b(?:is|are|'s|'re|seems?|looks?) (?:just |totally |perfectly |absolutely |all |now )?"
    r"(?:fine|ok|okay|alright|all right)\b"
    r"|\b(?:(?:seems? to )?works?|(?:is|are) working|runs?|(?:is|are) running)"
    r" (?:just |totally |perfectly |absolutely |now )?"
    r"(?:fine|ok|okay|as expected|as intended|correctly|properly|smoothly|well)\b"
    # "tout fonctionne bien", "l'import marche correctement", "ça tourne comme prévu"
    r"|\b(?:fonctionnen?t?|marchen?t?|tournen?t?) (?:tres |parfaitement |vraiment |maintenant )?"
    r"(?:bien|correctement|parfaitement|nickel|comme prevu|comme il faut|normalement)\b"
    # "l'export est OK", "c'est bon", "tout est correct", "tout va bien"
    r"|\b(?:est|sont|c'est) (?:tout a fait |maintenant )?(?:ok|okay|correcte?s?|nickel"
    r"|fonctionnel(?:le)?s?|operationnel(?:le)?s?)\b|\bc'est bon\b|\btout va bien\b"
    # working again after a fault: "Export works again.", "ça remarche", "marche de nouveau",
    # "funktioniert wieder", "vuelve a funcionar", "funziona di nuovo", "voltou a funcionar"
    # (not "stopped working again", "funktioniert wieder nicht")
    r"|\b(?:works?|(?:is|are|'s) working|runs?) (?:just |fine |now )?again\b"
    r"|\b(?:fonctionnen?t?|marchen?t?|tournen?t?) (?:(?:a|de) nouveau|again)\b"
    r"|\b(?:refonctionnen?t?|remarchen?t?)\b"
    r"|\b(?:funktionier(?:t|en)|geht|gehen|lauft|laufen) (?:jetzt )?wieder\b(?! nicht)"
    r"|\b(?:vuelven? a funcionar|funcionan? (?:de nuevo|otra vez))\b"
    r"|\b(?:funzionan?o? di nuovo|torna(?:no)? a funzionare)\b"
    r"|\b(?:volto(?:u|u a)? a funcionar|voltaram a funcionar|funcionam? de novo)\b"
)
# A longer span says more than that it works, and often what does not in words the problem
# guards miss ("Mi8 lite fonctionne très bien, mi10T lite plus moyen de connecter ma GT"; "App
# work well, then needed updating, you can not open the app"): measured, scripts/measure_rule.py.
MAX_WORDS = 8
# Every statement above holds one of these: most texts hold none and are let go at once.
_KEYWORDS = ("fine", "ok", "alright", "right", "expected", "intended", "correct", "proper",
             "smooth", "well", "bien", "parfait", "nickel", "prevu", "faut", "normalement",
             "fonctionnel", "operationnel", "bon", "again", "nouveau", "remarche",
             "refonctionne", "wieder", "vuelve", "de nuevo", "otra vez", "di nuovo", "torna",
             "volt", "de novo")  # fmt: skip


def says_it_works(folded: str) -> list[re.Match]:
    """The statements in the short folded text (analyzer.negation.fold) that something works,
    each not denied in the words before it ("does not work as expected")."""
    if len(folded.split()) > MAX_WORDS or not any(word in folded for word in _KEYWORDS):
        return []
    return [cue for cue in _WORKS.finditer(folded) if not denied(folded[: cue.start()])]
