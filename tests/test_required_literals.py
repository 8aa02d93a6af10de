"""analyzer/required_literals.py: the fixed text a regex needs, and the alternation searched pattern
by pattern behind it, which must answer exactly as the plain alternation does."""

import re

from analyzer.required_literals import AnyPattern, any_of, required_literals
from analyzer.urgency_cues import CALMING, CUES, SCOPE


def test_the_literals_of_a_pattern():
    assert required_literals(r"\bdown\b") == {"down"}
    # the longer run wins; a small class is spelt out
    assert required_literals(r"(?:is|are) (?:\w+ )?unavailable") == {"unavailable"}
    assert required_literals(r"ca[íi]d[oa]") == {"caído", "caido", "caída", "caida"}
    # every branch needs its own; a branch that needs none leaves nothing to test
    assert required_literals(r"fraud|phishing") == {"fraud", "phishing"}
    assert required_literals(r"fraud|\w+") is None
    assert required_literals(r"(?:urgent)?") is None
    assert required_literals(r"urgent", re.IGNORECASE) is None
    assert required_literals(r"(?i)urgent") is None


def test_any_of_finds_a_string_inside_another():
    rx = any_of(["se ", "se ha", "down"])
    assert rx.search("the site is down") is not None
    assert rx.search("a baseline, not a dow") is None
    assert rx.search("caso: se ha caído") is not None
    assert any_of([]).search("anything") is None


TEXTS = [
    "Production is down for all our customers since 9am!",
    "Not urgent, but we lost all our data after the update.",
    "Nobody on our team can log in. Fix asap",
    "The app crashes every time I open the export, the whole team is blocked.",
    "Tout a disparu, plus rien ne marche, c'est urgent",
    "Se ha caído la plataforma para todos nuestros clientes",
    "Charged me twice, I want my money back",
    "Love the new dark mode, thanks!",
    "If the API ever went down we'd be stuck. Error 500 on export each time.",
    "Nessuno riesce ad accedere, sistema è down",
]


def test_any_pattern_answers_as_the_alternation():
    for patterns in [*(p for _, p in CUES.values()), SCOPE[1], CALMING]:
        alternation = re.compile("|".join(patterns))
        each = AnyPattern(patterns)
        for text in TEXTS:
            lowered = text.lower()
            expected = alternation.search(lowered) is not None
            assert each.search(lowered) == expected, (patterns[0], text)
            assert each.may_match(lowered) or not expected
