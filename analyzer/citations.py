"""Legal citations in complaints ("( N.J. Stat. Ann. 2A:50-1 through 2A:50-2.1. )", "15 USC 1692g
Sec. 809 ( b )"): the sentencizer ended a sentence at each abbreviation's period and cut the
citation into pieces ("( N.J. Stat." | "Ann. 2A:50-1 …")."""

import re

# A statute's abbreviation, capitalised, before another one or a number on its line: a citation,
# never a sentence's end ("Credit Card Cos." at a line's end, or "Sec." alone, still ends one).
_ABBREVIATION = r"(?:Sec|Secs|Stat|Ann|No|Nos|Art|Comp|Regs?|Supp|Rev|Civ|Proc|Ch)"
_CITATION_PERIOD = re.compile(rf"\b{_ABBREVIATION}(\.)(?=[ \t]+(?:{_ABBREVIATION}\.|§|\d))")


def citation_ends_masked(line: str) -> str:
    """The line with each citation abbreviation's period read as a comma (same length, so that
    offsets hold) by the sentencizer."""
    if "." not in line:
        return line
    return _CITATION_PERIOD.sub(lambda m: m.group()[:-1] + ",", line)
