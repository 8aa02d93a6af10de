"""Substrings a regex cannot match without: a cheap `in` test that skips the regex on most texts.

Python's re finds no literal prefix in an alternation whose branches open on a word boundary, a
group or a class, and then tries every branch at every position of the text: the urgency cues
cost more than a millisecond a ticket that way. `required_literals` reads the parsed pattern and
returns strings one of which every match holds, so `any(s in text for s in found)` being false
proves that the regex finds nothing: the test never changes a result, only skips work.
analyzer/alternation.py searches lists of patterns with it."""

import re
from collections.abc import Iterable
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

# Zero-width items: the characters on either side of them are adjacent in the text.
_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT}


def required_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Strings one of which every match of `pattern` holds, or None where none can be told (a
    pattern that can match without any fixed text, or a case-insensitive one)."""
    parsed = sre_parse.parse(pattern, flags)
    if parsed.state.flags & re.IGNORECASE:  # `flags` or an inline "(?i)"
        return None
    return _of_sequence(parsed)


# A run of fixed text is grown through small classes and optional letters ("ca[íi]d[oa]s?" gives
# "caíd", "caid"...), up to this many spellings: longer strings are rarer in a text.
MAX_SPELLINGS = 16


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The cheaper of two requirements: the longer shortest string, counted in letters and digits
    up to 5 (past which few texts hold any of them; " for " or "take " are in many), then fewer
    strings (each is one `in` test), then longer ones."""
    if a is None or b is None:
        return a if b is None else b
    return max(a, b, key=_cost)


def _cost(literals: frozenset[str]) -> tuple[int, int, int]:
    shortest = min(len(literal) for literal in literals)
    letters = min(sum(char.isalnum() for char in literal) for literal in literals)
    return min(5, letters), -len(literals), shortest


def _requirement(spellings: frozenset[str]) -> frozenset[str] | None:
    return None if "" in spellings else spellings


def _of_sequence(items: Iterable[tuple]) -> frozenset[str] | None:
    best: frozenset[str] | None = None
    run = frozenset([""])  # the texts the items read one after the other so far can be
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # the characters on either side are adjacent
        exact = _exact(op, av)
        if exact is not None and len(run) * len(exact) <= MAX_SPELLINGS:
            best = _better(best, _requirement(run))  # fewer spellings may test faster
            run = frozenset(a + b for a in run for b in exact)
            continue
        best = _better(best, _requirement(run))
        run = frozenset([""]) if exact is None else exact
        if exact is None:
            best = _better(best, _of_item(op, av))
    return _better(best, _requirement(run))


def _exact(op: object, av: object) -> frozenset[str] | None:
    """Every text the item can match, where they are few: a letter, a class of letters, an
    optional letter, a group of such alternatives; else None."""
    if op is sre.LITERAL:
        return frozenset([chr(av)])  # type: ignore[arg-type]
    if op is sre.IN and all(kind is sre.LITERAL for kind, _ in av):  # type: ignore[union-attr]
        return frozenset(chr(char) for _, char in av)  # type: ignore[union-attr]
    if op in _REPEATS and av[0] == 0 and av[1] == 1:  # type: ignore[index]
        inner = _exact_sequence(av[2])  # type: ignore[index]
        return None if inner is None else inner | {""}
    if op is sre.SUBPATTERN and not av[1] & re.IGNORECASE:  # type: ignore[index]
        return _exact_sequence(av[3])  # type: ignore[index]
    if op is sre.BRANCH:
        found: set[str] = set()
        for branch in av[1]:  # type: ignore[index]
            spellings = _exact_sequence(branch)
            if spellings is None or len(found | spellings) > MAX_SPELLINGS:
                return None
            found |= spellings
        return frozenset(found)
    return None


def _exact_sequence(items: Iterable[tuple]) -> frozenset[str] | None:
    run = frozenset([""])
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        exact = _exact(op, av)
        if exact is None or len(run) * len(exact) > MAX_SPELLINGS:
            return None
        run = frozenset(a + b for a in run for b in exact)
    return run


def _of_item(op: object, av: object) -> frozenset[str] | None:
    """Strings one of which every match of an item that is not `_exact` holds."""
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av  # type: ignore[misc]
        return None if add_flags & re.IGNORECASE else _of_sequence(sub)
    if op is sre.BRANCH:
        found: set[str] = set()
        for branch in av[1]:  # type: ignore[index]
            literals = _of_sequence(branch)
            if literals is None:
                return None  # a branch needs no text of its own
            found |= literals
        return frozenset(found)
    if op in _REPEATS:
        low, _high, sub = av  # type: ignore[misc]
        return _of_sequence(sub) if low >= 1 else None
    return None  # any character, a negated class, a category, a group reference
