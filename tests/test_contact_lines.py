"""A line of contact details that redaction masked tells where to reach the writer: no intent
but `other`, neutral ("Meine Email: [EMAIL], Tel. [PHONE]" read praise 0.8, a DPO found)."""

import pytest

from analyzer import Analyzer
from analyzer.contact_lines import only_contact_details

CONTACT_LINES = [
    "Meine Email: jana.kraus@example.de, Tel. +49 151 23456789",
    "O meu NIF é 123456789 e o telemóvel 912 345 678.",
    "My email: jane@example.com",
]


@pytest.mark.parametrize("text", CONTACT_LINES)
def test_a_line_of_contact_details_asks_and_praises_nothing(analyzer: Analyzer, text) -> None:
    analysis = analyzer.analyze(text)
    assert [intent.label for intent in analysis.intents] == ["other"], analysis.text
    assert analysis.sentiment.label == "neutral"


def test_a_sentence_beside_the_details_is_read_as_before(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze("The export crashes every time. My email: jane@example.com")
    assert "bug_report" in {intent.label for intent in analysis.intents}


@pytest.mark.parametrize(
    "text", ["My card [CARD] was charged twice", "No, [NAME]", "Email me at [EMAIL] asap"]
)
def test_spans_saying_more_than_details_are_not_contact_lines(text) -> None:
    assert not only_contact_details(text)
