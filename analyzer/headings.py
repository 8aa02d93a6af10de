"""A message's heading: a short first line above its body, as an app-store review's title
("Batterie\nBattery drain is insane") or a ticket's subject, which `boucle import` joins to the
text below it. Glued onto the body's first insight, it made two reviews with the same words
different texts, left their language `und` ("Plante\nCrash on startup.") and added its words to
the keywords; segmentation and language detection read the body on its own. A list's first item
is no heading, and a line that only announces the list below ("Two issues:") says nothing."""

import re

from analyzer.negation import fold

HEADING_WORDS = 8  # a store's review title holds up to 50 characters: about 8 words
# A word restated in the body shares this many first letters with one of the body's words
# ("Batterie" / "Battery", "crash" / "crashes"); a shorter word must be there whole.
_STEM = 5
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Inside the line: a sentence ends there, so the line is a paragraph, not a title.
_SENTENCE_INSIDE = re.compile(r"[.!?…]\s+\S")


def heading_end(text: str) -> int | None:
    """Where the text's first line ends when it is a heading: one short sentence or phrase with a
    body of words below it; None otherwise. A line ending in a comma, or followed by a line that
    starts in lower case, runs on into the next one: no heading."""
    stripped = len(text) - len(text.lstrip())
    end = text.find("\n", stripped)
    if end < 0:
        return None
    line, body = text[stripped:end].rstrip(), text[end:].lstrip()
    if LIST_MARK.match(line):  # a list's first item, not its title
        return None
    if not line or not _WORD.search(body) or line.endswith((",", "-", "–", "—")):
        return None
    if body[:1].islower() or _SENTENCE_INSIDE.search(line):
        return None
    words = _WORD.findall(line)
    return stripped + len(line) if 0 < len(words) <= HEADING_WORDS else None


def body_start(text: str, heading: int) -> int:
    """Where the body below a heading ending at `heading` starts (its first character)."""
    return len(text) - len(text[heading:].lstrip())


def body_of(text: str) -> str:
    """The text below its heading, or the whole text when it has none."""
    end = heading_end(text)
    return text if end is None else text[body_start(text, end) :]


def _stem(word: str) -> str:
    return word.casefold().replace("’", "'")[:_STEM]


def restates(body: str, heading: str) -> bool:
    """Whether every word of the heading comes back in the body ("Crash" over "Crash on
    startup.", "Batterie" over "Battery drain is insane", "Merci" over "Merci, ça remarche")."""
    said = {_stem(word) for word in _WORD.findall(body)}
    words = _WORD.findall(heading)
    return bool(words) and all(_stem(word) in said for word in words)


# A reply's subject: "Re: [Ticket #4711] Sync issue", "AW: …", "RE : …" (French spacing). It
# names the thread's first topic, which the reply below may have settled ("Thanks, that worked!").
_REPLY_SUBJECT = re.compile(r"\s*(?:re|aw|antw|sv|vs|r|res)\s?:", re.IGNORECASE)


def is_reply_subject(heading: str) -> bool:
    return _REPLY_SUBJECT.match(heading) is not None


# A list item's mark: "- ", "* ", "• ", "1. ", "2) ", "a) ". The item is the words after it: with
# the mark, "- search returns nothing" read `other` and its first line was taken for a heading.
LIST_MARK = re.compile(r"[ \t]*(?:[-–—*•·▪◦‣]|\(?\d{1,2}[.)]|\(?[a-zA-Z]\))[ \t]+(?=\S)")


def list_mark_end(text: str, start: int = 0) -> int:
    """Where the words of a line starting at `start` begin: after its list mark, if any."""
    mark = LIST_MARK.match(text, start)
    return mark.end() if mark else start


# The words of a line that only announces what comes below ("Two issues:", "Quelques remarques :",
# "Zwei Probleme:", "Bugs found so far:"): counts, quantifiers and the names of a list's items, in
# the six languages, folded (analyzer.negation.fold). Read as praise (0.76 to 0.96), it was an
# insight of its own.
_ANNOUNCING = frozenset(
    (
        # counts and quantifiers
        "a", "an", "one", "two", "three", "four", "five", "few", "some", "several", "couple", "of",
        "many", "the", "following", "my", "our", "main", "quick", "small", "minor", "major",
        "other", "more", "last", "remaining", "un", "une", "deux", "trois", "quatre", "cinq",
        "quelques", "plusieurs", "petits", "petites", "petit", "petite", "mes", "nos", "les", "des",
        "de", "suivants", "suivantes", "principaux", "autres", "derniers", "voici", "ein", "eine",
        "einige", "zwei", "drei", "vier", "funf", "paar", "mehrere", "kleine", "meine", "unsere",
        "die", "folgende", "folgenden", "weitere", "noch", "uno", "una", "dos", "tres", "cuatro",
        "cinco", "algunos", "algunas", "varios", "varias", "mis", "nuestros", "los", "las",
        "pequenos", "siguientes", "otros", "unos", "unas", "due", "tre", "quattro", "cinque",
        "alcuni", "alcune", "vari", "varie", "qualche", "miei", "mie", "nostri", "i", "gli", "le",
        "seguenti", "piccoli", "altri", "ecco", "um", "uma", "dois", "duas", "quatro", "alguns",
        "algumas", "meus", "minhas", "nossos", "os", "as", "seguintes", "outros",
        # what the items are
        "issue", "issues", "problem", "problems", "bug", "bugs", "request", "requests", "remarks",
        "point", "points", "things", "notes", "comments", "suggestions", "questions", "feedback",
        "observations", "ideas", "wishes", "concerns", "complaints", "items", "thoughts",
        "findings", "changes", "improvements", "features", "probleme", "problemes", "souci",
        "soucis", "remarques", "demandes", "retours", "idees", "commentaires", "choses", "souhaits",
        "ameliorations", "anomalies", "punkte", "fehler", "anmerkungen", "wunsche", "fragen",
        "vorschlage", "dinge", "sachen", "themen", "anliegen", "problemas", "puntos", "errores",
        "fallos", "peticiones", "sugerencias", "comentarios", "preguntas", "cosas", "observaciones",
        "mejoras", "problemi", "punti", "errori", "richieste", "suggerimenti", "osservazioni",
        "domande", "cose", "commenti", "segnalazioni", "pontos", "erros", "pedidos", "sugestoes",
        "observacoes", "perguntas", "coisas", "melhorias",
        # where they were found
        "found", "noticed", "spotted", "so", "far", "here", "are", "this", "week", "today",
        "constates", "rencontres", "cette", "semaine", "gefunden", "bemerkt", "diese", "woche",
        "encontrados", "esta", "semana", "trovati", "questa", "settimana", "encontrados",
    )
)  # fmt: skip
_ANNOUNCEMENT = re.compile(r"\s*([^:\n]+?)\s*:\s*")


def announces_a_list(line: str) -> bool:
    """Whether a line only announces what comes below it: a few words ending in a colon, each a
    count, a quantifier or what the items are ("Two issues:", "Deux problèmes :")."""
    found = _ANNOUNCEMENT.fullmatch(line)
    if found is None:
        return False
    words = _WORD.findall(fold(found.group(1)))
    return 0 < len(words) <= HEADING_WORDS and all(
        word in _ANNOUNCING or word.isdigit() for word in words
    )
