"""Needs for something the product lacks: "We urgently need a Gantt chart for project planning",
"Il nous faut un diagramme de Gantt", "Necesitamos un diagrama de Gantt", "Wir brauchen dringend
ein Gantt-Diagramm", "A Gantt chart with drag and drop would save us hours!", "Bulk edit would
save me an hour every week" (not "saved me an hour": a feature there). The heads read such
flat statements as `other` or even praise, so needs never saw them; analyzer.wishes counts them
as wishes, and the intent stage reads them as feature requests.

Not a need for a feature: a plea or a question ("we need help", "I need to know", "we need you
to fix"), a person's errand ("I need an uber": only "we" needs count), something owed ("we need a reply", "j'ai besoin d'une réponse"), a need gone or denied
("we no longer need", "didn't need", "we don't need": no such form matches), a condition ("if we
need a refund"), or one beside a problem ("we need a fix, the export crashes")."""

import re

from analyzer.negation import fold, reports_a_problem

# Written on folded text (analyzer.negation.fold: lower case, no accents). What follows the
# article names help, a fix or an answer, not a feature.
_NOT_A_FEATURE = (
    r"(?!(?:\w+ )?(?:help|hand|fix|fixes|solution|workaround|answer|reply|response|refund"
    r"|callback|call|update|resolution|technician|person|aide|correction|correctif|reponse"
    r"|retour|rappel|remboursement|ayuda|respuesta|solucion|reembolso|hilfe|antwort|losung"
    r"|ruckerstattung|aiuto|risposta|soluzione|rimborso|ajuda|resposta|solucao|reembolso)\b)"
)
_ADVERB = (
    r"(?:really |urgently |badly |desperately |definitely |absolutely |still |also |just "
    r"|vraiment |absolument |urgemment |dringend |unbedingt |wirklich |urgentemente |realmente "
    r"|davvero |proprio |muito |mucho )?"
)
# What a product offers, named without an article ("We need bulk actions on invoices", "I need
# offline mode"): the need is a feature's only when its object is one of these.
_FEATURE_THING = (
    r"(?:[\w-]+ ){0,2}?(?:mode|views?|actions|features?|options|integrations?|exports?|templates"
    r"|reports|dashboards?|timelines?|charts?|alerts|notifications|filters|api|widgets?"
    r"|shortcuts|reminders)\b"
)
_NEED = re.compile(
    # "we need a", "we'd need a", "we really need some"; not "if we need", "do we need". Only
    # "we": a first measurement read "I need an uber", "I need a receipt" (CLINC150, airline
    # tweets) as feature requests.
    r"(?<!\bif )(?<!\bwhen )(?<!\bdo )\bwe(?:'d| would)? " + _ADVERB + r"need (?:an?|some"
    r"|more)\b "
    + _NOT_A_FEATURE
    # "We need bulk actions", "I need offline mode": a product's feature named bare (QA read
    # `other` and pricing); "I" only before such a feature
    + r"|(?<!\bif )(?<!\bwhen )(?<!\bdo )\b(?:we|i)(?:'d| would)? "
    + _ADVERB
    + r"need (?!to\b)(?:an? )?"
    + _FEATURE_THING
    # "We'd like invoice-paid alerts posted to Slack" (QA: pricing first, then a weak request)
    + r"|\b(?:we|i)(?:'d| would) (?:really )?like (?:an? |some |more )?"
    + _FEATURE_THING
    # "Wir hätten gerne wiederkehrende Aufgabenvorlagen" (QA: other, negative)
    + r"|\b(?:ich|wir) hatten? gerne? (?:\w+ )?\w*(?:vorlagen?|ansicht(?:en)?|funktion(?:en)?"
    r"|modus|berichte|filter|integration(?:en)?|exporte?|erinnerungen|benachrichtigungen)\b"
    # "il nous faut un", "nous avons besoin d'un", "on aurait besoin d'une"
    + r"|\bil nous (?:faut|faudrait|faudra) "
    + _ADVERB
    + r"(?:un|une|des|plus de)\b "
    + _NOT_A_FEATURE
    + r"|\b(?:nous avons|nous aurions|on a|on aurait) "
    + _ADVERB
    + r"besoin d'(?:un|une)\b "
    + _NOT_A_FEATURE
    # "necesitamos un", "wir brauchen dringend ein", "abbiamo bisogno di un", "precisamos de uma"
    + r"|\b(?:necesitamos|necesitariamos) "
    + _ADVERB
    + r"(?:un|una|unos|unas|mas)\b "
    + _NOT_A_FEATURE
    + r"|\bwir (?:brauchen|brauchten) "
    + _ADVERB
    + r"(?:ein|eine|einen|mehr)\b "
    + _NOT_A_FEATURE
    + r"|\b(?:abbiamo|avremmo) "
    + _ADVERB
    + r"bisogno di (?:un|una|uno|un'|piu)\b ?"
    + _NOT_A_FEATURE
    + r"|\b(?:precisamos|precisariamos) "
    + _ADVERB
    + r"de (?:um|uma|mais)\b "
    + _NOT_A_FEATURE
    # "would save us hours", "would save me an hour", "nous ferait gagner des heures", "me
    # ferait gagner une heure", "nos ahorraria horas", "würde mir eine Stunde sparen": time a
    # thing not there would save (not "saved me an hour", praise for one that is)
    + r"|\bwould save (?:us|me|our team|my team|everyone) (?:so much |a lot of |many |countless "
    r"|an? |\d+ |several |a few )?(?:hours?|time|days?|minutes)\b"
    r"|\b(?:nous|me) ferait gagner (?:des heures|du temps|beaucoup de temps|une heure"
    r"|\d+ (?:minutes|heures))\b"
    r"|\b(?:nos|me) ahorraria (?:horas|mucho tiempo|tiempo|una hora|\d+ (?:minutos|horas))\b"
    r"|\bwurde (?:uns|mir) (?:\w+ ){0,3}(?:stunden|stunde|zeit) (?:\w+ )?(?:sparen|ersparen)\b"
    r"|\bci farebbe risparmiare (?:ore|tempo|molto tempo)\b"
    r"|\bnos (?:pouparia|economizaria) (?:horas|tempo|muito tempo)\b"
    # what a thing not there would change for us: "Offline mode would be a game changer", "A
    # Gantt timeline would help us a lot", "Le mode hors ligne changerait tout pour nous" (QA
    # read complaint, negative, or `other`); not on a condition ("it would help a lot if you
    # answered": something owed)
    r"|\bwould (?:really |truly |honestly )?(?:be (?:an? |a real |a total |an absolute )?game[- ]?"
    r"changer|help (?:us|me|our team|my team) (?:a lot|so much|enormously|greatly|massively"
    r"|hugely|tremendously))\b(?! (?:if|when|once)\b)"
    r"|\bchangerai(?:t|ent) (?:tout|la donne|la vie)\b(?! si\b)"
    r"|\bnous aiderai(?:t|ent) (?:beaucoup|enormement|vraiment)\b(?! si\b)"
    r"|\bwurde (?:uns|mir) (?:sehr|enorm|wirklich) helfen\b(?! wenn\b)"
)
# Every need above holds one of these: most texts hold none and are let go at once.
_KEYWORDS = ("need", "faut", "faudr", "besoin", "necesit", "brauch", "bisogno", "precis",
             "save", "gagner", "ahorr", "sparen", "risparmi", "poupar", "economizar",
             "changer", "help", "aiderai", "helfen", "like", "hätte", "hatte")  # fmt: skip


def needs_a_feature(text: str) -> bool:
    """Whether the text says a need for something new ("We need a Gantt chart") and reports no
    problem."""
    lowered = text.lower()
    if not any(word in lowered for word in _KEYWORDS):
        return False
    folded = fold(text)
    return _NEED.search(folded) is not None and not reports_a_problem(folded)
