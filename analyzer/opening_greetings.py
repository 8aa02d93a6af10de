"""A greeting that opens a sentence, before what the message says: "Hola, la exportación a CSV
falla cada vez que exporto proyectos grandes." read `other` (without "Hola, ": bug_report),
"Estimado Sr. [NAME], sigo sin poder exportar." `other` (its English twin bug_report). A greeting
on its own line or sentence is dropped as a pleasantry (analyzer/stages/segment.py); one that
shares the sentence stays in the insight ("Hello, the export crashes." is its text), and the
failure rules (analyzer/failures.py) read what follows it. The heads still read it whole: read
without it, two public app reviews opening "Bonjour," moved right → wrong.

Only an address: the greeting alone ("Hola,", "Bom dia,"), or with up to three words that name
whom it greets: a name or its placeholder, a title ("Sr.", "dott."), a group ("team", "à tous").
Words that are also something else need one: "Caro, troppo caro", "Liebe die App, …", "Cher,
mais bien" are no greeting. What follows must say something (three words or more)."""

import re

from analyzer.names import GREETING

# Greetings that are also an adjective or a verb: only with whom they greet.
_NEEDS_AN_ADDRESSEE = (
    r"car[oai]|cher|ch[eè]re|liebe[rs]?|gentil[ei]|dear|estimad[oa]s?|querid[oa]s?"
    r"|prezad[oa]s?|egregi[oa]|sehr geehrte[rs]?|salve"
)
_ADDRESSEE = (
    # a name, capitalised ("Herr [NAME]", "Mr Smith"), or a title's abbreviation ("dott.", "Sr.")
    r"(?:\[NAME\]|(?-i:[A-ZÀ-Ý][\w'-]*\.?|[a-zà-ÿ]{1,5}\.)"
    r"|team|there|all|everyone|everybody|folks|support|équipe|(?:à|a) (?:tous|todos|todas|tutti)"
    r"|zusammen|allerseits|equipo|tod[oa]s|tutti|equipa|pessoal)"
)
_OPENING_GREETING = re.compile(
    rf"(?:(?!(?:{_NEEDS_AN_ADDRESSEE})\s*[,!:]){GREETING}"
    rf"(?:\s+{_ADDRESSEE}){{0,3}})\s*[,!:]\s+",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
MIN_WORDS_AFTER = 3


def after_an_opening_greeting(text: str, start: int, end: int) -> int:
    """Where `text[start:end]` says its first thing: past a greeting that opens it, or `start`."""
    greeting = _OPENING_GREETING.match(text, start, end)
    if greeting is None:
        return start
    if len(_WORD.findall(text, greeting.end(), end)) < MIN_WORDS_AFTER:
        return start
    return greeting.end()


def without_an_opening_greeting(text: str) -> str:
    """`text` less a greeting that opens it: "Hola, la exportación falla." -> "la exportación
    falla."."""
    return text[after_an_opening_greeting(text, 0, len(text)) :]
