"""Sentences that name a problem only to say it is absent or gone: "No crashes since the update.",
"Not bad at all.", "Aucun souci, je recommande.", "Le bug est corrigé, merci.", and those that say
something works ("The export is fine.", "L'import marche correctement": analyzer/works.py) or that a
problem is over ("The app is no longer slow.", "n'est plus lent": analyzer/problems_over.py).

Sentence embeddings place them beside the problem they deny, so the heads read them as negative
bug reports. These rules find them; the sentiment and intent stages then read the span as
"no problem". They stay out of the way when the span also reports a problem ("No error message,
the app just closes."), contrasts ("no crash, but..."), looks back ("no issue until the update")
or asks ("No crashes since the update?")."""

import re
from functools import lru_cache

from analyzer.problems_over import hedged_dislikes, problems_told_over
from analyzer.works import says_it_works
from models.marks import without_marks

_PROBLEM_EN = (
    r"(?:crash(?:es)?|bugs?|issues?|problems?|probs?|complaints?|errors?|glitch(?:es)?|hiccups?"
    r"|lags?|freezes?|troubles?)"
)
_PROBLEM_FR = (
    r"(?:soucis?|problemes?|bugs?|beugs?|bogues?|plantages?|crash(?:s|es)?|erreurs?|pannes?"
    r"|reproches?|plaintes?)"
)
# German, Spanish, Italian, Portuguese problems (folded: "Abstürze" is "absturze").
_PROBLEM_DE = r"(?:absturze?|probleme?|fehler|bugs?|storungen?|aussetzer|hanger|ruckler)"
_PROBLEM_ES = (
    r"(?:problemas?|fallos?|errore?s?|bugs?|cuelgues?|caidas?|cierres? inesperados?|bloqueos?)"
)
_PROBLEM_IT = r"(?:problem[ai]|crash|error[ei]|bug|blocchi|blocco|arresti anomali|intoppi)"
_PROBLEM_PT = r"(?:problemas?|travamentos?|erros?|falhas?|bugs?|crash(?:es)?)"
# What the problem is of: "le bug de l'export", "le problème de synchro du calendrier". Each
# complement opens with "de": "le bug pas encore corrigé" is no fix.
_OF_WHAT_FR = r"(?: (?:de la |de l'|du |des |d'|de )[\w-]+){0,2}"
# Up to two words between the denial and the problem ("no major sync issues"), but not a
# comparison: "never had this many issues", "jamais eu autant de problèmes".
_FILLER = (
    r"(?:(?!(?:this|that|these|those|so|such|many|much|more|as|same|other|autant|tant|plus"
    r"|autres?|memes?|tels?|telles?|ces?|cette)\b)\w+\s+){0,2}"
)
_DENIED = (
    # "no crashes", "never had any issue", "without a problem", "zero bugs", "no more lag"
    r"\b(?:no|zero|not a single|not one|not any|without(?: any| a| the slightest)?|no more"
    r"|never (?:had|have|got|seen|experienced|encountered)(?: an?| any| one| a single)?"
    r"|(?:haven'?t|hasn'?t|have not|has not) (?:had|seen|encountered)(?: an?| any| one)?"
    r"|didn'?t (?:have|get|see)(?: an?| any)?)\s+" + _FILLER + _PROBLEM_EN + r"\b"
    r"(?! (?:report|log|message|screen|code|page|dialog|window|popup|notification)s?\b)",
    r"\bnot (?:too |that |so |half )?bad\b",
    r"\b(?:can'?t|cannot|couldn'?t) complain\b",
    r"\bnothing to (?:complain about|report|fault)\b",
    # "it hasn't crashed once", "doesn't lag anymore"
    r"\b(?:hasn'?t|has not|haven'?t|have not|didn'?t|did not|doesn'?t|does not|don'?t|do not"
    r"|never) (?:\w+ )?(?:crash|freeze|lag|glitch|hang)(?:ed|es|s)?"
    r" (?:once|again|any ?more|since|a single time|at all)\b",
    r"\b" + _PROBLEM_EN + r" (?:is|are|was|were|has been|have been|seems?|got|now) (?:now )?"
    r"(?:gone|fixed|resolved|solved|sorted)\b",
    # "…, problem solved in ten minutes", "Issue fixed!": opening a clause, with no verb ("I
    # need this problem solved" wishes it)
    r"(?:^|[,;:.!(]|\band)\s*(?:the |my |our |that |this )?"
    + _PROBLEM_EN
    + r" (?:now )?(?:gone|fixed|resolved|solved|sorted)\b",
    # "aucun souci", "pas de bug", "plus aucun plantage", "jamais eu le moindre problème"
    r"\b(?:aucune?|pas de|pas d'|pas un seul|pas une seule|plus de|plus aucune?|zero"
    r"|jamais (?:eu )?(?:de|d'|le moindre|la moindre|aucune?|un seul|une seule)"
    r"|sans(?: aucune?| le moindre| la moindre)?)\s*" + _FILLER + _PROBLEM_FR + r"\b",
    r"\brien a (?:signaler|redire|reprocher|dire)\b",
    r"\bpas mal\b(?! d[e'])",  # "pas mal de fonctions" is "quite a few", not "not bad"
    # "ne plante plus", "ne rame plus du tout"
    r"\b(?:ne |n')(?:se )?(?:plante|rame|bug|beugue|bugue|freeze|fige|crash|lague)\w* plus\b",
    r"\b"
    + _PROBLEM_FR
    + _OF_WHAT_FR
    + r" (?:est |sont |a ete |ont ete |semble |semblent )?(?:maintenant |enfin )?"
    r"(?:corrigee?s?|resolue?s?|reglee?s?|disparue?s?)\b",
    # "Keine Abstürze seit dem Update", "überhaupt keine Probleme", "kein einziges Mal
    # abgestürzt", "stürzt nicht mehr ab"
    r"\b(?:keine?n?|kein einziger|ohne|null|nie|niemals)\s+(?:(?:irgendwelche|jegliche|grossen?"
    r"|großen?|weiteren?)\s+)?" + _PROBLEM_DE + r"\b",
    r"\b(?:kein einziges mal|nie|niemals|nicht (?:mehr|einmal)) (?:\w+ )?(?:abgesturzt|gecrasht"
    r"|eingefroren|hangen geblieben)\b|\b(?:sturzt|hangt|friert|ruckelt) (?:\w+ ){0,3}nicht mehr\b",
    # "Ningún problema", "sin errores", "no se ha colgado ni una vez", "ya no se cuelga"
    r"\b(?:ningun|ninguna|ni un|ni una|sin|cero|nunca (?:he|hemos) tenido)\s+(?:\w+\s+)?"
    + _PROBLEM_ES
    + r"\b",
    r"\bno (?:se )?(?:ha|han) (?:\w+ )?(?:colgado|fallado|bloqueado|caido|cerrado)"
    r" (?:ni una (?:sola )?vez|nunca|desde)\b|\bya no (?:se )?(?:cuelga|bloquea|falla|congela)\w*\b",
    # "Nessun crash", "nessun problema", "non è mai andata in crash", "non si blocca più"
    r"\b(?:nessun|nessuna|nessuno|zero|senza|mai avuto)\s+(?:\w+\s+)?" + _PROBLEM_IT + r"\b",
    r"\bnon (?:e|si e|ha|hanno|sono) mai (?:\w+ ){0,2}(?:crash|bloccat\w*|piantat\w*)"
    r"|\bnon (?:si )?(?:blocca|crasha|pianta|va in crash)\w* piu\b",
    # "Nenhum travamento", "sem erros", "não travou nenhuma vez", "não trava mais"
    r"\b(?:nenhum|nenhuma|sem|zero|nunca tive(?:mos)?)\s+(?:\w+\s+)?" + _PROBLEM_PT + r"\b",
    r"\bnao (?:\w+ )?(?:travou|falhou|deu erro|caiu|fechou) (?:nenhuma vez|nunca|desde)\b"
    r"|\bnao (?:trava|falha|fecha|cai)\w* mais\b",
    # breakage denied: "The export isn't broken", "n'est pas cassé", "Der Export ist nicht
    # kaputt", "no está roto", "non è rotto", "não está quebrado" (each a problem word of
    # _REPORTED, which the denial's words are blanked from)
    r"\b(?:isn'?t|is not|'s not|aren'?t|are not|wasn'?t|was not|weren'?t|were not) (?:really"
    r" |actually )?broken\b",
    r"\b(?:n'est|ne sont|n'etait|n'etaient) (?:pas|plus) (?:du tout )?casse(?:e|s|es)?\b",
    r"\b(?:ist|sind|war|waren) (?:\w+ )?(?:gar )?nicht (?:mehr )?kaputt\b",
    r"\bno (?:esta|estan|estaba) (?:\w+ )?rot[oa]s?\b",
    r"\bnon (?:e|sono|era) (?:\w+ )?(?:rott[oaie]|guast[oaie])\b",
    r"\bnao (?:esta|estao|estava) (?:\w+ )?(?:quebrad[oa]s?|estragad[oa]s?)\b",
)
# A dislike or a harsh judgement denied, a litotes: "I don't hate the new design", "isn't
# terrible", "nothing against it", "je ne déteste pas", "rien contre". Lukewarm: no complaint,
# and read neutral, not mirrored into praise as "No crashes" is (issue #2: read -0.97, complaint).
# Not French "pas terrible" ("not great").
_LUKEWARM = (
    r"\b(?:don'?t|do not|doesn'?t|does not|didn'?t|did not|never) (?:really |actually |even"
    r" |particularly )?(?:hate|dislike)\b",
    # "I don't mind the new toolbar"; not "never mind" (a cancel), "if you don't mind"
    r"\b(?<!if )(?:i|we) (?:really |honestly )?(?:don'?t|do not) (?:really )?mind\b"
    r"(?! (?:me|us|if|my|our)\b)",
    r"\b(?:isn'?t|is not|'s not|wasn'?t|was not|aren'?t|are not|not) (?:too |that |so |all that"
    r" |half )?(?:terrible|awful|horrible|the worst)\b",
    r"\bnothing against\b",
    r"\b(?:i'?m|i am|we'?re|we are) not (?:unhappy|displeased|dissatisfied)\b",
    r"\b(?:ne |n')(?:le |la |les |l')?(?:deteste|detestons|detestent|hais|haissons)"
    r" (?:pas|vraiment pas|pas vraiment)\b(?: du tout)?",
    r"\b(?:n'(?:ai|avons|a|ont) )?rien contre\b",
    r"\b(?:ne (?:suis|sommes|sont|est) |n'(?:est|etait) )?pas (?:du tout |vraiment )?"
    r"(?:mecontente?s?|insatisfaite?s?)\b",
)
_LUKEWARM_RE = re.compile("|".join(f"(?:{pattern})" for pattern in _LUKEWARM))
# The French twins of "not bad" and "can't complain", read as those are: "Le menu n'est pas
# mauvais", "Je n'ai pas à me plaindre", "On ne peut pas se plaindre".
_DENIED += (
    *_LUKEWARM,
    r"(?:\bn'(?:est|etait|etaient)\s|\bne sont\s|\bc'est\s|\bc'etait\s)?\bpas (?:si |trop |du tout"
    r" |vraiment )?(?:mauvaise?s?|desagreables?)\b(?: du tout)?",
    r"\b(?:n'(?:ai|avons|a|ont) )?pas (?:a|de quoi) (?:me |nous |se )?plaindre\b",
    r"\b(?:ne )?(?:peux|peut|pouvons|peuvent|pourrais|pourrait) pas (?:me |nous |se )?plaindre\b",
)
_DENIED_RE = re.compile("|".join(f"(?:{pattern})" for pattern in _DENIED))

# Any of these around the denial means the span is not simply "all fine".
_BUT = re.compile(
    r"\?|\b(?:but|however|though|although|yet|except|still|unfortunately|until|till|before"
    r"|used to|anymore since|mais|cependant|pourtant|sauf|toujours|malheureusement|par contre"
    r"|en revanche|jusqu'a|avant|auparavant|otherwise|apart from|other than|besides|sinon|a part"
    r"|hormis|si ce n'est|at first|initially|au debut|bemol|downside|only thing|seul|aber"
    r"|jedoch|leider|trotzdem|bis|pero|sin embargo|aunque|hasta|todavia|tuttavia|purtroppo|fino"
    r"|ancora|porem|contudo|infelizmente|ainda)\b|,\s*(?:ma|mas)\b"
)
# A problem reported outside the denied words: "No error message, the app just closes."
_REPORTED = re.compile(
    r"\b(?:crash\w*|clos(?:es|ed|ing)|stops?|stopped|fail\w*|broken|break\w*|won'?t|can'?t"
    r"|cannot|unable|impossible|freez\w*|stuck|lost|missing|wrong|slow\w*|error\w*|bugs?|issues?"
    r"|problems?|doesn'?t work|does not work|not working|plant\w*|ferme|bloqu\w*|perdu\w*"
    r"|manqu\w*|lent\w*|erreurs?|marche pas|fonctionne pas|ne \w+ pas|n'\w+ pas|faults?"
    r"|defauts?|annoying|agacant|penible|disconnect\w*|deconnect\w*|restart\w*|redemarr\w*"
    r"|disappoint\w*|decu\w*|decevant\w*|dommage|sadly|terrible|awful|horrible|worst|hate"
    r"|frustrat\w*|nul(?:le)?|absturz\w*|abgesturzt|sturzt|fehler\w*|kaputt|langsam|funktioniert"
    r" nicht|no funciona|falla\w*|cuelga\w*|lento|non funziona|bloccat\w*|nao funciona"
    r"|trava(?!il)\w*"  # Portuguese "trava", not French "travail" ("super travail")
    r"|erros?|falha\w*)\b"
)
MAX_WORDS = 16  # a longer span says more than "no problem": leave it to the heads


# Cached: segmentation and the negation, intent and urgency stages fold the same spans. This and
# the other per-text caches of the stages keep 256 texts: a bulk chunk's spans (analyzer texts
# run to 20,000 characters, and a cache keeps its texts alive).
@lru_cache(maxsize=256)
def fold(text: str) -> str:
    """Lower case, accents and typographic apostrophes dropped: the rules are written that way."""
    if text.isascii():  # NFKD leaves ASCII as it is, and it has no typographic apostrophe
        return text.lower()
    return without_marks(text).lower().replace("\u2019", "'")


def says_no_problem(text: str) -> bool:
    """True when the text denies a problem and says nothing that contrasts with or reports one."""
    folded = fold(text)
    if len(folded.split()) > MAX_WORDS:
        return False
    # "The export is fine." denies every problem: read as "No problem with the export."; "no
    # longer slow" and "I wouldn't say I hate it" deny theirs (analyzer/problems_over.py)
    denials = sorted(
        [
            *_DENIED_RE.finditer(folded),
            *says_it_works(folded),
            *problems_told_over(folded),
            *hedged_dislikes(folded),
        ],
        key=lambda m: m.start(),
    )
    if not denials or contrasts(folded):
        return False
    # blanked, not cut: two rules may match the same words ("no longer crashes")
    denied_at = {at for denial in denials for at in range(denial.start(), denial.end())}
    rest = "".join(" " if at in denied_at else char for at, char in enumerate(folded))
    return not reports_a_problem(rest)


def says_it_lukewarm(text: str) -> bool:
    """True when the text denies a problem by denying a dislike ("I don't hate the new design",
    "Je ne déteste pas la nouvelle interface", "I wouldn't say I hate it"): no complaint, and no
    praise either."""
    folded = fold(text)
    return says_no_problem(text) and (
        _LUKEWARM_RE.search(folded) is not None or bool(hedged_dislikes(folded))
    )


def contrasts(folded: str) -> bool:
    """Whether the folded text contrasts, looks back or asks ("but", "until", "sinon", "?")."""
    return _BUT.search(folded) is not None


def reports_a_problem(folded: str) -> bool:
    """Whether the folded text names a problem ("crashes", "ne marche pas", "frustrating")."""
    return _REPORTED.search(folded) is not None


def reports_a_problem_beside(folded: str, cues: list[re.Match]) -> bool:
    """Whether the folded text names a problem outside the cues' words: "never disappoints"
    names none, "never disappoints, the export crashes" does."""
    rest = folded
    for cue in sorted(cues, key=lambda cue: cue.start(), reverse=True):
        rest = rest[: cue.start()] + " " + rest[cue.end() :]
    return reports_a_problem(rest)


# Thanks that mean the opposite: the heads, reading "thanks", heard praise. Only set phrases whose
# sense is never literal ("de nada", "di niente" answer a thanks: they are not here).
_MOCKING = re.compile(
    r"\b(?:thanks?|thank you)(?: (?:so much|a lot|again))? for (?:nothing|(?:absolutely )?nothing)\b"
    r"|\bmerci (?:pour rien|pour que dalle|du cadeau)\b"
    r"|\b(?:vielen )?dank(?:e)? f(?:ü|u)r (?:gar )?nichts\b"
    r"|\bgracias por nada\b|\bgrazie per (?:niente|nulla)\b"
    r"|\bobrigad[oa] por nada\b",
    re.IGNORECASE,
)


def mocks_thanks(text: str) -> bool:
    """Whether the text thanks in reproach: "Thanks for nothing.", "Danke für nichts."."""
    return _MOCKING.search(text) is not None
