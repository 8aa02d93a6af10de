"""Dutch, Polish, Swedish, Norwegian and Danish sign-offs: QA's "… Groeten, Anna" kept the name in
the insight (texts in unsupported languages are `und`, but their signer is still a person).
HELD_OUT was written before the closing words were added."""

import pytest

from analyzer import Analyzer
from analyzer.names import redact_names
from analyzer.stages.normalise import normalise

QA = "Hallo, de export werkt niet meer sinds de update. Groeten, Anna"

HELD_OUT_SIGNED = [
    (QA, "Hallo, de export werkt niet meer sinds de update. Groeten, [NAME]"),
    ("De app crasht bij het opstarten.\nMet vriendelijke groet,\nPieter de Vries",
     "De app crasht bij het opstarten.\nMet vriendelijke groet,\n[NAME]"),
    ("Eksport nie działa od wczoraj. Pozdrawiam, Katarzyna Nowak",
     "Eksport nie działa od wczoraj. Pozdrawiam, [NAME]"),
    ("Appen kraschar när jag loggar in.\nMed vänliga hälsningar\nErik Lindqvist",
     "Appen kraschar när jag loggar in.\nMed vänliga hälsningar\n[NAME]"),
    ("Synkroniseringen virker ikke. Mvh Ingrid", "Synkroniseringen virker ikke. Mvh [NAME]"),
    ("Eksporten virker ikke længere. Hilsen, Mette", "Eksporten virker ikke længere. Hilsen, [NAME]"),
    ("Faktura mangler. Med vennlig hilsen, Ola Nordmann",
     "Faktura mangler. Med vennlig hilsen, [NAME]"),
]  # fmt: skip
# The same words inside a sentence, with no name after them, stay.
HELD_OUT_KEPT = [
    "Please add a Dutch greeting like Groeten to the templates.",
    "Hilsen is the Norwegian word we need translated.",
]


@pytest.mark.parametrize(("text", "redacted"), HELD_OUT_SIGNED)
def test_the_signer_after_a_closing_word_is_masked(text: str, redacted: str) -> None:
    """A closing line alone with the name below is cut, as in English; inline, the name masked."""
    body, _, _ = redacted.partition("\n")
    assert redact_names(normalise(text))[0] in (redacted, body)


@pytest.mark.parametrize("text", HELD_OUT_KEPT)
def test_the_closing_words_alone_name_nobody(text: str) -> None:
    assert redact_names(text) == (text, 0)


def test_the_qa_ticket_keeps_no_name_in_its_insight(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze(QA)
    assert all("Anna" not in insight.text for insight in analysis.insights), analysis.insights
