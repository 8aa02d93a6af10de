"""A regex alternation of cues ("cue1|cue2|…") that runs only the cues a text can match. Python's
re tries every alternative at every position of the text, so a long list of cues cost ~0.2 ms a
span (the churn cues: half the negation stage). Each cue's literal factors, strings that any
match of it contains (found by parsing it), are looked up in the text first; the cues with none
there are left out of the alternation. A cue that matches nowhere in the text never wins at any
position, and the others keep their order (leftmost-first), so the matches are exactly those of
the whole alternation."""

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from re import _constants as sre
from re import _parser as sre_parse

Factors = frozenset[str] | None  # None: no literal every match holds (the cue always runs)


def required_factors(pattern: str) -> Factors:
    """Strings one of which any match of `pattern` contains, or None when none is found (a
    pattern matched case-insensitively has none: its letters are not the text's)."""
    parsed = sre_parse.parse(pattern)
    if parsed.state.flags & re.IGNORECASE:
        return None
    return _sequence(list(parsed))


def _sequence(items: list) -> Factors:
    """The most selective factors of a sequence: its longest run of literal characters, or those
    of a part it cannot match without (a group, a branch, a repetition at least once)."""
    candidates: list[frozenset[str]] = []
    run = ""
    for op, argument in items:
        if op is sre.LITERAL:
            run += chr(argument)
            continue
        if run:
            candidates.append(frozenset([run]))
            run = ""
        if (factors := _required(op, argument)) is not None:
            candidates.append(factors)
    if run:
        candidates.append(frozenset([run]))
    # the shortest string of a set is what a text most often holds by chance
    return max(candidates, key=lambda f: (min(map(len, f)), -len(f)), default=None)


def _required(op: object, argument: object) -> Factors:
    if op is sre.SUBPATTERN:
        _, add_flags, _, items = argument
        return None if add_flags & re.IGNORECASE else _sequence(list(items))
    if op is sre.BRANCH:
        branches = [_sequence(list(items)) for items in argument[1]]
        if any(factors is None for factors in branches):
            return None
        return frozenset().union(*branches)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        least, _, items = argument
        return _sequence(list(items)) if least >= 1 else None
    return None  # classes, anchors, lookarounds, references: no literal of the match itself


@lru_cache(maxsize=1024)
def _alternation(cues: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(cues))


class CueSearch:
    """`finditer` as `re.compile("|".join(cues)).finditer`, on case-sensitive cues without groups
    that other cues would renumber."""

    def __init__(self, cues: Sequence[str]) -> None:
        self.cues = tuple(cues)
        self.factors = [required_factors(cue) for cue in self.cues]
        # each factor looked up once, however many cues share it
        self._all_factors = tuple(sorted(set().union(*(f for f in self.factors if f))))
        self._always = any(factors is None for factors in self.factors)

    def possible(self, text: str) -> tuple[str, ...]:
        """The cues whose factors `text` holds, in their order."""
        present = {factor for factor in self._all_factors if factor in text}
        if not present and not self._always:  # most texts
            return ()
        return tuple(
            cue
            for cue, factors in zip(self.cues, self.factors, strict=True)
            if factors is None or not factors.isdisjoint(present)
        )

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        cues = self.possible(text)
        return _alternation(cues).finditer(text) if cues else iter(())
