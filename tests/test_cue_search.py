"""CueSearch runs only the cues a text can match, and finds what the whole alternation finds."""

import re

import pytest

from analyzer.churn import CUES
from analyzer.cue_search import CueSearch, required_factors


@pytest.mark.parametrize(
    ("pattern", "factors"),
    [
        (r"unsubscrib", {"unsubscrib"}),
        (r"\bcancel\w* (?:my|our) plan", {"cancel"}),  # the longest
        (r"gekündigt|kündigung", {"gekündigt", "kündigung"}),
        (r"(?:another|other) tools?", {" tool"}),
        (r"(?:another|other) x", {"another", "other"}),
        (r"\b[ab]\w*", None),  # nothing every match holds
        (r"(?i)cancel", None),  # case-insensitive: the text's letters may differ
        (r"(?:\w+ )?last (?:chance)+", {"chance"}),
    ],
)
def test_required_factors(pattern: str, factors: set[str] | None) -> None:
    found = required_factors(pattern)
    assert (None if found is None else set(found)) == factors


TEXTS = [
    "we will cancel our subscription, then move to another tool",
    "on va changer d'outil et passer à la concurrence",
    "the export is slow and nothing else",
    "not renew the contract; last chance; unsubscribe me, we are looking for an alternative",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_finds_what_the_whole_alternation_finds(text: str) -> None:
    whole = re.compile("|".join(CUES))
    found = [(m.start(), m.end(), m[0]) for m in CueSearch(CUES).finditer(text)]
    assert found == [(m.start(), m.end(), m[0]) for m in whole.finditer(text)]


def test_leaves_out_the_cues_a_text_cannot_match() -> None:
    search = CueSearch([r"\bfoo\w*", r"bar|baz", r"\w+ly\b"])
    assert search.possible("a baz here") == (r"bar|baz",)
    assert search.possible("nothing") == ()
    assert [m[0] for m in search.finditer("foobar quickly")] == ["foobar", "quickly"]
