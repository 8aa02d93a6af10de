"""Spanish opening marks ¿ and ¡. The sentencizer keeps punctuation with the sentence before it,
so "La exportación falla. ¿Cuándo…?" was cut after the "¿", and the question lost its start;
and a "¡…!" inside a sentence ("El informe, ¡por fin!, se genera") ended it there.

And the questions a span says it asks: one its ¿ opens, and a how-to question ("How do I export
my contacts to a CSV file?", "Comment est-ce que je peux ajouter un utilisateur ?", "Ich möchte
wissen, wie ich meine Daten exportiere"), which the intent head, hearing a product function,
read as a feature request. It asks the way to do what the product does; asking whether a way
exists ("Is there a way to…", "Can you add…") may ask for what is missing, and is left to the
head and analyzer/wishes.py."""

import re

from analyzer.negation import fold

Span = tuple[int, int]

# An exclamation or question closed inside its sentence: a comma, semicolon or colon follows, or
# (when it opened after a word or a comma) a word in lower case follows.
_CLOSED_BEFORE_A_COMMA = re.compile(r"[¿¡]+[^¿¡?!.\n]*?([?!]+)(?=\s*[,;:])")
_CLOSED_MID_SENTENCE = re.compile(r"(?<=[\w,;:])\s+[¿¡]+[^¿¡?!.\n]*?([?!]+)(?=\s+[a-záéíóúüñ])")
# An opening bracket after a space is carried too: the sentencizer kept it with a sentence ending
# in "?" or "!" ("Can you add a Gantt chart view? (" | "ref 12)"), and the bracket dangled there.
# Not one glued to its mark: an emoticon ("Pro! :(", "rain. : (") or a markdown image ("![image](…)").
_OPENING_RUN = re.compile(r"(?:[¿¡]+|(?<=\s)(?<![:;=]\s)[(\[{]+)\s*$")


def inline_ends_masked(line: str) -> str:
    """The line with each ? and ! that closes an inline ¿…? or ¡…! read as a comma (same length,
    so that offsets hold) by the sentencizer."""
    if "¿" not in line and "¡" not in line:
        return line  # most lines: nothing to look for
    for pattern in (_CLOSED_BEFORE_A_COMMA, _CLOSED_MID_SENTENCE):
        for match in pattern.finditer(line):
            start, end = match.span(1)
            line = line[:start] + "," * (end - start) + line[end:]
    return line


def opening_marks_carried(sentences: list[Span], line: str) -> list[Span]:
    """The sentences with a ¿, ¡ or opening bracket left at the end of one moved to the start of
    the next, where it opens ("falla. ¿" | "Cuándo…?" becomes "falla." | "¿Cuándo…?")."""
    carried = list(sentences)
    for i in range(len(carried) - 1):
        start, end = carried[i]
        run = _OPENING_RUN.search(line, start, end)
        if run is None:
            continue
        carried[i] = (start, len(line[start : run.start()].rstrip()) + start)
        carried[i + 1] = (run.start(), carried[i + 1][1])
    return [(start, end) for start, end in carried if end > start]


# A span that opens on a Spanish question of three words or more: "¿Cuándo estará arreglado?"
# (the head heard 0.34 of question in it). "¿Qué tal?" is a greeting, too short to count.
_OPENING_QUESTION = re.compile(r"\s*¡?¿¡?\w+(?:[^\w?¿]+\w+){2,}[^¿?]*\?")


def opens_with_a_question(text: str) -> bool:
    """Whether `text` starts with a ¿…? question (the mark says so, whatever the words)."""
    return _OPENING_QUESTION.match(text) is not None


# Written on folded text (analyzer.negation.fold: lower case, no accents). The way to do something,
# asked by its doer ("how do I", "comment puis-je", "como puedo", "wie kann ich"; not "how can
# you", which reproaches). Not a bare infinitive: "How to switch to Dark Mode?", "Comment ajouter
# des photos ?" ask for what an app lacks as often as the way (4 mini-bar reviews, gold feature
# requests; `measure_rule.py intent_reading`), "Comment justifier…" reproaches.
_HOW_TO = (
    r"how (?:do|can|could|should|would) (?:i|we)\b|how do (?:you|users|admins) \w+",
    r"comment (?:est-ce qu(?:e |'\s*)(?:je|j'|on|nous)\b|puis-je|peut-on|dois-je|fait-on"
    r"|(?:je|j'|on|nous) (?:peux|peut|pouvons|dois|doit|fais|fait)\b)",
    r"como (?:puedo|podemos|se puede|hago|hacemos|se hace|debo|posso|faco|fazemos|se \w+)",
    r"come (?:posso|possiamo|si fa|faccio|devo|si \w+)",
    r"wie (?:kann|konnen|konnte|soll|sollte|muss) (?:ich|man|wir)\b",
)
# The question told: after wanting to know ("I'd like to know", "je voudrais savoir", "quisiera
# saber", "ich möchte wissen"; not "I don't know how"), where it needs no "?" and may take an
# infinitive ("how to archive", "comment supprimer").
_WANTS_TO_KNOW = (
    r"\b(?:(?:'d|would|want|wanted|need) (?:like )?to know|wondering|tell me"
    r"|(?:voudrais|veux|aimerais|souhaite|souhaiterais|voudrions|aimerions) savoir"
    r"|(?:quiero|quisiera|gustaria|queria) saber|(?:mochte|mochten|will|wollte|gerne?) wissen"
    r"|vorrei sapere|(?:gostaria de|quero) saber),? "
)
_INDIRECT_HOW = (
    r"(?:how|comment|como|come|wie) (?:to \w|\w+(?:er|ir|re|ar)\b"
    r"|(?:\w+ ){0,3}?(?:i|we|je|j'|on|nous|ich|man|wir|se|si)\b)"
)
# Where it asks: the span's start, after a greeting.
_START = r"^\W*(?:(?:hi|hello|hey|bonjour|salut|hola|hallo|ciao|ola)\b\W*)?"
_ASKED_HOW = re.compile(_START + r"(?:" + "|".join(_HOW_TO) + r")[^?]*\?")
_TOLD_HOW = re.compile(_WANTS_TO_KNOW + r"(?:" + "|".join((*_HOW_TO, _INDIRECT_HOW)) + r")")


def asks_how_to(text: str) -> bool:
    """Whether `text` asks how to do something: a how-to question ("How do I export my contacts
    to a CSV file?"), or one told ("I'd like to know how to archive a project")."""
    folded = fold(text)
    return _ASKED_HOW.search(folded) is not None or _TOLD_HOW.search(folded) is not None
