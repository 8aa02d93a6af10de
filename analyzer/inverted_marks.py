"""Spanish opening marks ¿ and ¡. The sentencizer keeps punctuation with the sentence before it,
so "La exportación falla. ¿Cuándo…?" was cut after the "¿", and the question lost its start;
and a "¡…!" inside a sentence ("El informe, ¡por fin!, se genera") ended it there."""

import re

Span = tuple[int, int]

# An exclamation or question closed inside its sentence: a comma, semicolon or colon follows, or
# (when it opened after a word or a comma) a word in lower case follows.
_CLOSED_BEFORE_A_COMMA = re.compile(r"[¿¡]+[^¿¡?!.\n]*?([?!]+)(?=\s*[,;:])")
_CLOSED_MID_SENTENCE = re.compile(r"(?<=[\w,;:])\s+[¿¡]+[^¿¡?!.\n]*?([?!]+)(?=\s+[a-záéíóúüñ])")
_OPENING_RUN = re.compile(r"[¿¡]+\s*$")


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
    """The sentences with a ¿ or ¡ left at the end of one moved to the start of the next,
    where it opens ("falla. ¿" | "Cuándo…?" becomes "falla." | "¿Cuándo…?")."""
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
