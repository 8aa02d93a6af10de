"""A list of patterns searched as one alternation ("a|b|…"), each run only on a text holding one of
its required literals (analyzer/required_literals.py): the same answers, without re trying every
branch at every position of every text.

`AnyPattern` answers whether any pattern matches (the urgency cues): "a|b" matches a text exactly
when "a" or "b" does, so each pattern runs on its own. `CueSearch` finds the matches themselves
(the churn cues): it joins only the patterns a text can match, in their order, and a pattern that
matches nowhere in the text never wins at any position, so leftmost-first alternation finds the
same matches as the whole list.

Both read their patterns on first use, not when built: the modules that build them at import
(analyzer/urgency_cues.py) load in half the time, and a process that never searches pays nothing."""

import re
from collections.abc import Iterable, Iterator
from functools import cache, cached_property, lru_cache

from analyzer.required_literals import required_literals

Literals = tuple[str, ...] | None  # None: no literal every match holds (the pattern always runs)


# Cached: the urgency cues search some patterns in two lists (a group's, the uncalmed incidents'),
# and parsing them costs more than compiling them.
@cache
def literals_of(pattern: str) -> Literals:
    """The pattern's required literals, in a fixed order so that every run tests them alike."""
    literals = required_literals(pattern)
    return None if literals is None else tuple(sorted(literals))


class AnyPattern:
    """Whether any of `patterns` matches a text: the same answer as
    `re.compile("|".join(patterns)).search(text) is not None`."""

    def __init__(self, patterns: Iterable[str]) -> None:
        self.patterns = tuple(patterns)

    @cached_property
    def checks(self) -> list[tuple[Literals, re.Pattern[str]]]:
        return [(literals_of(pattern), re.compile(pattern)) for pattern in self.patterns]

    @cached_property
    def gate(self) -> re.Pattern[str] | None:
        """One pass over the text for all the literals (most texts hold none of them); None when
        a pattern has none."""
        literals = [literals for literals, _ in self.checks]
        if any(group is None for group in literals):
            return None
        return any_of({s for group in literals for s in group})  # type: ignore[union-attr]

    def search(self, text: str) -> bool:
        if self.gate is not None and self.gate.search(text) is None:
            return False
        # Plain loops: nested generators cost more than the `in` tests they run.
        for literals, rx in self.checks:
            if literals is None:
                if rx.search(text) is not None:
                    return True
                continue
            for literal in literals:
                if literal in text:
                    if rx.search(text) is not None:
                        return True
                    break
        return False

    def may_match(self, text: str) -> bool:
        """False only where no pattern can match: a cheap test before a `sub`."""
        if self.gate is not None:
            return self.gate.search(text) is not None
        for literals, _ in self.checks:
            if literals is None:
                return True
            for literal in literals:
                if literal in text:
                    return True
        return False


class CueSearch:
    """`finditer` as `re.compile("|".join(cues)).finditer`, on cues without groups that other
    cues would renumber."""

    def __init__(self, cues: Iterable[str]) -> None:
        self.cues = tuple(cues)

    @cached_property
    def literals(self) -> list[Literals]:
        return [literals_of(cue) for cue in self.cues]

    @cached_property
    def _all_literals(self) -> tuple[str, ...]:
        # each literal looked up once, however many cues share it
        return tuple(sorted({s for group in self.literals if group for s in group}))

    @cached_property
    def _gate(self) -> re.Pattern[str] | None:
        """One pass over the text for all the literals (most texts hold none of them); None when
        a cue has none."""
        return None if None in self.literals else any_of(self._all_literals)

    def possible(self, text: str) -> tuple[str, ...]:
        """The cues whose literals `text` holds, in their order."""
        if self._gate is not None and self._gate.search(text) is None:  # most texts
            return ()
        present = {literal for literal in self._all_literals if literal in text}
        return tuple(
            cue
            for cue, literals in zip(self.cues, self.literals, strict=True)
            if literals is None or not present.isdisjoint(literals)
        )

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        cues = self.possible(text)
        return _alternation(cues).finditer(text) if cues else iter(())


@lru_cache(maxsize=1024)
def _alternation(cues: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(cues))


def any_of(strings: Iterable[str]) -> re.Pattern[str]:
    """A regex that finds any of `strings`, branching one character at a time: re tries each
    branch of a flat alternation at every position, here only those sharing what was read."""
    tree: dict = {}
    for string in strings:
        node = tree
        for char in string:
            node = node.setdefault(char, {})
        node[""] = {}  # the end of a string: what follows it need not be read
    return re.compile(_render(tree) if tree else "(?!)")  # no strings: it finds nothing


def _render(node: dict) -> str:
    if "" in node:
        return ""
    branches = [re.escape(char) + _render(child) for char, child in sorted(node.items())]
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
