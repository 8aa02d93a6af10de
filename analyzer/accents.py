"""Cue phrases that match with or without their accents: call notes and tickets typed on a
keyboard without them ("Sarah a remonte ceci", "Point trimestriel, reunion avec Acme") say the
same as with them. The pattern is loosened, not the text: offsets stay those of the text."""

import unicodedata


def _bare(letter: str) -> str:
    """The letter without its accent ("é" -> "e"); itself when it has none."""
    decomposed = unicodedata.normalize("NFKD", letter)
    return decomposed[0] if len(decomposed) > 1 and decomposed[0].isascii() else letter


def loose(pattern: str) -> str:
    """The regex `pattern` with each accented letter outside a character class also matching
    its bare letter: "a remonté" -> "a remont[eé]". Classes ("[A-ZÀ-Ý]") and escapes stay."""
    out, in_class, escaped = [], False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif (bare := _bare(char)) != char:
            char = f"[{bare}{char}]"
        out.append(char)
    return "".join(out)
