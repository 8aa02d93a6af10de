"""Quotation marks a piece of text leaves open. A quote cut inside «…» or "…" reads as half a
sentence with a dangling mark: segmentation keeps a quoted passage in one insight, and a
shortened excerpt ends at a closing mark or before the opening one."""

# Each opening mark and the marks that close it: French guillemets, English curly and straight
# quotes, German „…“. Single quotes are left out: "’" and "'" are mostly apostrophes (l'export).
_CLOSES = {"«": "»", "“": "”", "„": "“”", '"': '"'}
_CLOSERS = {mark for marks in _CLOSES.values() for mark in marks}


def open_quote(text: str) -> int | None:
    """Where the outermost quotation left open in `text` starts, or None when all are closed
    (a closing mark without its opening one is no open quote)."""
    opened: list[tuple[str, int]] = []  # (mark, index), innermost last
    for i, char in enumerate(text):
        if char not in _CLOSES and char not in _CLOSERS:
            continue
        if opened and char in _CLOSES[opened[-1][0]]:
            opened.pop()
        elif char in _CLOSES:
            opened.append((char, i))
    return opened[0][1] if opened else None


def clip(text: str, limit: int, budget: int = 80) -> str:
    """`text` cut to about `limit` characters without leaving a quotation open: the cut goes on
    to the closing mark if it comes within `budget` more characters, else back before the opening
    one (a hard cut when that would leave nothing)."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    start = open_quote(cut)
    if start is None:
        return cut
    for end in range(limit, min(len(text), limit + budget)):
        if text[end] in _CLOSERS and open_quote(text[: end + 1]) is None:
            return text[: end + 1]
    return text[:start].rstrip() or cut


def enclosed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span inside the quotation that `text[start:end]` is, all of it but closing
    punctuation ('"The export fails."', "« Ça plante. »."), or None when it is not one."""
    if start >= end or text[start] not in _CLOSES:
        return None
    if text[start:end].rstrip(" .!?…\n")[-1:] not in _CLOSERS:
        return None  # no closing mark at the end: no need to read it all
    opened: list[str] = []
    for i in range(start, end):
        char = text[i]
        if opened and char in _CLOSES[opened[-1]]:
            opened.pop()
            if not opened:
                if text[i + 1 : end].strip(" .!?…\n"):
                    return None
                inner_start, inner_end = start + 1, i
                while inner_start < inner_end and text[inner_start].isspace():
                    inner_start += 1
                while inner_end > inner_start and text[inner_end - 1].isspace():
                    inner_end -= 1
                return (inner_start, inner_end) if inner_end > inner_start else None
        elif char in _CLOSES:
            opened.append(char)
    return None


def quotations(text: str) -> list[tuple[int, int]]:
    """(start, end) of each outermost quotation that `text` opens and closes, its marks
    included; one left open has none."""
    found: list[tuple[int, int]] = []
    opened: list[tuple[str, int]] = []  # (mark, index), innermost last
    for i, char in enumerate(text):
        if char not in _CLOSES and char not in _CLOSERS:
            continue
        if opened and char in _CLOSES[opened[-1][0]]:
            start = opened.pop()[1]
            if not opened:
                found.append((start, i + 1))
        elif char in _CLOSES:
            opened.append((char, i))
    return found
