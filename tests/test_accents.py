"""Cue phrases of call notes match with or without their accents: the demo's notes and real
ones typed on a keyboard without them ("Sarah a remonte ceci : « … »") say the same thing."""

import re

import pytest

from analyzer.accents import loose
from analyzer.names import redact_names
from analyzer.note_actions import is_note_action
from analyzer.note_headers import feedback_span, is_call_header


def test_a_loosened_pattern_matches_both_spellings_at_the_same_offsets() -> None:
    pattern = re.compile(loose(r"a (?:remonté|signalé) ceci"))
    for text in ("Note. Sarah a remonté ceci : x", "Note. Sarah a remonte ceci : x"):
        match = pattern.search(text)
        assert match is not None
        assert (match.start(), match.end()) == (12, 26)
    assert loose(r"[A-ZÀ-Ý]\w+é") == r"[A-ZÀ-Ý]\w+[eé]"  # classes stay as written


@pytest.mark.parametrize(
    "note",
    [
        "Point trimestriel avec Acme : Sarah a remonté ceci : « L'export plante souvent. »",
        "Point trimestriel avec Acme : Sarah a remonte ceci : « L'export plante souvent. »",
    ],
)
def test_the_reporters_first_name_is_redacted_with_or_without_accents(note: str) -> None:
    redacted, found = redact_names(note)
    assert "Sarah" not in redacted
    assert found == 1


@pytest.mark.parametrize(
    "note",
    [
        "[NAME] a remonté ceci : « L'export plante souvent depuis lundi. »",
        "[NAME] a remonte ceci : « L'export plante souvent depuis lundi. »",
        "[NAME] a signale : L'export plante souvent depuis lundi.",
    ],
)
def test_a_reported_speech_header_is_cut_with_or_without_accents(note: str) -> None:
    start, end = feedback_span(note)
    assert note[start:end] == "L'export plante souvent depuis lundi."


@pytest.mark.parametrize("header", ["Réunion avec Acme.", "Reunion avec Acme."])
def test_a_meeting_header_is_heard_with_or_without_accents(header: str) -> None:
    assert is_call_header(header)


@pytest.mark.parametrize(
    "line", ["Action : envoyer la roadmap d'ici vendredi.", "A faire : envoyer la roadmap."]
)
def test_unaccented_note_actions_are_still_actions(line: str) -> None:
    assert is_note_action(line)
