"""analyzer/required_literals.py: the fixed text a regex needs; analyzer/alternation.py: lists of
patterns searched behind it, which must answer exactly as the plain alternation does."""

import re

import pytest

from analyzer import churn, urgency_cues
from analyzer.alternation import AnyPattern, CueSearch, any_of, literals_of
from analyzer.required_literals import required_literals


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


@pytest.mark.parametrize(
    ("pattern", "literals"),
    [
        (r"unsubscrib", {"unsubscrib"}),
        (r"\bcancel\w* (?:my|our) plan", {"cancel"}),  # the longest
        (r"gekündigt|kündigung", {"gekündigt", "kündigung"}),
        (r"(?:another|other) tools?", {"another tool", "other tool"}),  # fewer spellings
        (r"(?:another|other) x", {"another x", "other x"}),
        (r"\b[ab]\w*", {"a", "b"}),
        (r"\b\w+ly\b", {"ly"}),
        (r"(?i)cancel", None),  # case-insensitive: the text's letters may differ
        (r"(?:\w+ )?last (?:chance)+", {"chance"}),
        # spaces count for nothing: "take " is in many texts
        (
            r"take (?:my|our) business elsewhere",
            {"take my business elsewhere", "take our business elsewhere"},
        ),
        (r"\bpass\w* (?:para|pra) ", {"pass"}),  # four letters, not " pra "'s three
    ],
)
def test_the_literals_of_a_churn_like_cue(pattern: str, literals: set[str] | None) -> None:
    assert required_literals(pattern) == literals


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
    # churn cues
    "we will cancel our subscription, then move to another tool",
    "on va changer d'outil et passer à la concurrence",
    "the export is slow and nothing else",
    "not renew the contract; last chance; unsubscribe me, we are looking for an alternative",
    "",
]
PATTERN_LISTS = [
    *(patterns for _, patterns in urgency_cues.CUES.values()),
    urgency_cues.SCOPE[1],
    urgency_cues.CALMING,
    churn.CUES,
]


def test_any_pattern_answers_as_the_alternation():
    for patterns in PATTERN_LISTS:
        alternation = re.compile("|".join(patterns))
        each = AnyPattern(patterns)
        for text in TEXTS:
            lowered = text.lower()
            expected = alternation.search(lowered) is not None
            assert each.search(lowered) == expected, (patterns[0], text)
            assert each.may_match(lowered) or not expected


@pytest.mark.parametrize("text", TEXTS)
def test_cue_search_finds_what_the_whole_alternation_finds(text: str) -> None:
    for patterns in PATTERN_LISTS:
        whole = re.compile("|".join(patterns))
        found = [(m.start(), m.end(), m[0]) for m in CueSearch(patterns).finditer(text.lower())]
        assert found == [(m.start(), m.end(), m[0]) for m in whole.finditer(text.lower())]


def test_cue_search_leaves_out_the_cues_a_text_cannot_match() -> None:
    search = CueSearch([r"\bfoo\w*", r"bar|baz", r"\w+ly\b", r"(?:\w+ )?last (?:chance)+"])
    assert search.possible("a baz here") == (r"bar|baz",)
    assert search.possible("nothing") == ()
    assert [m[0] for m in search.finditer("foobar quickly")] == ["foobar", "quickly"]
    # a cue with no literal runs on every text, in its place
    search = CueSearch([r"cancel", r"[0-9]+", r"quit"])
    assert search.possible("nothing") == (r"[0-9]+",)
    assert [m[0] for m in search.finditer("quit 42 cancel")] == ["quit", "42", "cancel"]


def test_patterns_are_read_on_first_use_not_when_built() -> None:
    """Building the lists costs nothing at import (analyzer/urgency_cues.py builds a dozen)."""
    pattern = r"\bread on first use \w+"
    before = literals_of.cache_info().currsize
    any_pattern, cue_search = AnyPattern([pattern]), CueSearch([pattern])
    assert literals_of.cache_info().currsize == before
    assert any_pattern.search("read on first use only")
    assert [m[0] for m in cue_search.finditer("read on first use only")] == [
        "read on first use only"
    ]
    assert literals_of.cache_info().currsize == before + 1
