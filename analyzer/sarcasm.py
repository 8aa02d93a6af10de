"""Sarcastic praise: a word of praise said alone, then a harm ("Great, another update that breaks
everything.", "Super, encore une mise à jour qui casse tout.", "Bravo, trois jours sans réponse
du support.", "Genial, otra actualización que lo rompe todo.", "Toll, schon wieder ein Update,
das alles kaputt macht."), and the ironic closing beside one ("Just what I needed.", "C'est
exactement ce qu'il me fallait."). The heads hear "great" or "super" and read praise; the negation stage marks
such spans as mocking, as it does "Thanks for nothing.", and the sentiment and intent stages read
them as a reproach.

Only a bare interjection opens one: "Great app, crashes sometimes" praises the app, then reports
(the heads read it). Not sarcasm either: a harm undone ("Great, the crash is gone", "Super, ça ne
plante plus", "Parfait, le bug est corrigé"), a contrast ("Great, but it crashes") or a
question.

Praise of a failure that came or stays mocks too, the praise word maybe with a few words and the
failure in the same sentence ("Great update guys, now the app doesn't start at all.", "Génial,
l'appli ne s'ouvre plus", "Love how the app takes 30 seconds to open"), and so does an exasperated
repeat ("Every. Single. Time.")."""

import re

from analyzer.negation import fold, reports_a_problem, says_no_problem

# Written on folded text (analyzer.negation.fold: lower case, no accents). A word of praise alone,
# maybe after "oh", then a comma, "!" or ":".
_INTERJECTION = re.compile(
    r"^\W*(?:(?:oh|ah|wow|well|eh bien|ah bah|ah ben)[ ,!]+)?"
    r"(?:great|wonderful|perfect|fantastic|brilliant|awesome|lovely|amazing|excellent|terrific"
    r"|nice(?: job| work| one)?|good job|well done|bravo|super|genial|parfait|magnifique"
    r"|formidable|merveilleux|chapeau|bien joue|top|trop bien"
    # German and Spanish: "Toll, schon wieder …", "Estupendo, …" ("genial", "super" are above)
    r"|toll|klasse|prima|wunderbar|grossartig|perfekt|spitze|estupendo|perfecto|fantastico"
    r"|maravilloso|excelente|buenisimo"
    # Portuguese and Italian: "Ótimo, mais uma atualização que estraga tudo"
    r"|otimo|perfeito|maravilha|ottimo|perfetto|fantastico|meraviglioso)\s*(?:[,!:;]|\.\.\.|\u2026)+\s*"
)
# Harms the problem words (analyzer.negation) leave out: data gone, no answer, a chore repeated.
_HARM = re.compile(
    r"\b(?:gone|disappeared|vanished|wiped|deleted|casse\w*|disparu\w*|envole\w*|efface\w*"
    r"|supprime\w*|for the \w+ time|pour la \w+ fois|yet again|une fois de plus"
    r"|without (?:an? |any )?(?:answer|reply|response|news|word)"
    r"|sans (?:aucune |la moindre )?(?:reponse|retour|nouvelles)"
    # "que lo rompe todo", "schon wieder ein Update", "otra vez sin respuesta", "sind … weg"
    r"|romp\w*|rot[oa]s?|schon wieder|otra vez|una vez mas|verschwunden|geloscht"
    r"|(?:sind|ist|war|waren)\b[^.!?]{0,30}\bweg"
    r"|sin (?:ninguna )?respuesta|estrag\w*|rovin\w*)\b"
)
# A harm undone, a contrast, a question, a thing only missing or a problem rare: the praise may be
# meant ("Super, ça fonctionne à nouveau et je n'ai pas perdu mes données", "Top, facile
# d'utilisation, juste dommage qu'il n'y ait pas le suivi", "Parfait..... Quels rares bugs": app
# reviews of the public sets, 4-5 stars, read as sarcasm by a first draft).
_MEANT = re.compile(
    # (Portuguese "mais uma" is "one more", not French "mais")
    r"\?|\b(?:but|however|though|mais(?! uma?\b)|cependant|pourtant|fixed|resolved|solved|sorted|finally"
    r"|corrige\w*|resolu\w*|regle\w*|repare\w*|enfin|again now|a nouveau|de nouveau"
    r"|dommage|manqu\w*|missing|lack\w*|wish|pity|shame|rares?|few|minor|mineur\w*|plaisir|happy"
    r"|glad|pleased|ravie?s?|contente?s?"
    r"|aber|jedoch|behoben|gelost|endlich|pero|sin embargo|arreglad\w*|solucionad\w*|por fin)\b"
)
# Closings that mean the opposite beside a sarcastic span or a problem: said alone in a span.
_IRONIC_CLOSING = re.compile(
    r"^\W*(?:(?:oh|ah|well|eh bien)[ ,]+)?(?:(?:that's |this is |c'est )?(?:just|exactly|juste"
    r"|exactement) (?:what (?:i|we) (?:needed|wanted)|ce (?:qu'il (?:me|nous) fallait"
    r"|dont (?:j'avais|nous avions|on avait) besoin))|(?:that's |c'est )?just (?:great|perfect)"
    r"|il ne (?:me |nous )?manquait plus que (?:ca|cela))\W*$"
)


def praises_in_irony(text: str) -> bool:
    """Whether the text opens with a bare word of praise and goes on to a harm it does not undo:
    "Great, another update that breaks everything."."""
    folded = fold(text)
    opening = _INTERJECTION.match(folded)
    if opening is None:
        return False
    rest = folded[opening.end() :]
    if not rest or _MEANT.search(rest) or says_no_problem(text):
        return False
    return reports_a_problem(rest) or _HARM.search(rest) is not None


def after_the_interjection(text: str) -> str:
    """The folded text after its opening word of praise, if any: what a sarcastic span reports
    ("Génial, l'export a encore planté." states a failure)."""
    folded = fold(text)
    opening = _INTERJECTION.match(folded)
    return folded[opening.end() :] if opening else folded


def closes_in_irony(text: str) -> bool:
    """Whether the text is only an ironic closing ("Just what I needed."), sarcastic when the
    message beside it complains."""
    return _IRONIC_CLOSING.match(fold(text)) is not None


# "love how", "gotta love it when": praise of the way something happens is said of a problem
# only in jest.
_LOVE_HOW = r"(?:(?:just |gotta |got to |i )?love (?:how|that|the way|it when|when))"
# A word of praise, maybe with a few words ("Great update guys"), then a comma, "!" or ":".
_PRAISE_OPENING = (
    r"(?:great|awesome|amazing|wonderful|fantastic|brilliant|perfect|excellent|nice|bravo|super"
    r"|genial|parfait|magnifique|formidable|top|merci)(?: \w+){0,3}\s*[,!:]+"
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
# "Every. Single. Time.", "À chaque. Fois.": a repeat said in exasperation.
_EXASPERATED = re.compile(
    r"^\W*(?:every\.? single\.? time|each\.? and\.? every\.? time|a chaque\.? (?:fois|coup))\W*$"
)


# A failure that stays: "still not fixed", "still broken", "toujours pas corrigé", "immer noch
# nicht behoben", "todavía no funciona", "ancora non risolto", "ainda não resolvido".
_STAYS_BROKEN = re.compile(
    r"\bstill (?:not|n't|no(?:t yet)?) (?:\w+ )?(?:fixed|resolved|solved|sorted|working|answered)\b"
    r"|\bstill (?:broken|crashing|failing|down|not working|waiting)\b"
    r"|\b(?:toujours|encore) pas (?:\w+ )?(?:corrige|resolu|regle|repare|repondu)\w*"
    r"|\bimmer noch (?:nicht (?:\w+ )?(?:behoben|gelost|repariert|beantwortet)|kaputt)\b"
    r"|\b(?:todavia no|sigue sin) (?:\w+ )?(?:arreglad|resuelt|solucionad|funciona|respuesta)\w*"
    r"|\bancora non (?:\w+ )?(?:risolt|sistemat|funziona|riparat)\w*"
    r"|\b(?:ainda nao|continua sem) (?:\w+ )?(?:resolvid|corrigid|funciona|consertad|resposta)\w*"
)
# Praise said last, after the failure: "…, great job...", "…, bravo !", "…, merci beaucoup."
_PRAISE_CLOSING = re.compile(
    r"[,.;:!\s-]\s*(?:(?:great|nice|good|excellent|fantastic|brilliant|awesome|amazing|superb)"
    r" (?:job|work)|well done|bravo|kudos|congrat\w*|thanks? (?:a lot|a bunch|so much)"
    r"|bien joue|beau travail|chapeau|merci beaucoup|super boulot|gut gemacht|toll gemacht"
    r"|buen trabajo|bien hecho|ottimo lavoro|complimenti|bom trabalho|parabens)"
    r"(?: (?:guys|team|folks|les gars|l'equipe))?\W*$"
)


def praises_a_failure(text: str) -> bool:
    """Whether the text praises a failure that came or stays in the same sentence ("Love how the
    app takes 30 seconds to open", "Ticket still not fixed, great job..."), or only repeats in
    exasperation ("Every. Single. Time.")."""
    folded = fold(text)
    if _EXASPERATED.match(folded):
        return True
    closing = _PRAISE_CLOSING.search(folded)
    if closing is not None and praises_what_stays_broken(folded[: closing.start()]):
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


def praises_what_stays_broken(before: str) -> bool:
    """Whether the folded words before a closing praise tell a failure that stays ("Ticket still
    not fixed") or came ("now it doesn't start"), with no contrast or question in them."""
    if "?" in before or re.search(r"\b(?:but|however|mais|aber|pero|ma|mas)\b", before):
        return False
    return _STAYS_BROKEN.search(before) is not None or _FAILS_NOW.search(before) is not None
