"""Call-note headers cut off the insight ("QBR with Acme: [NAME] raised this: …"), labels that
are feedback kept ("Note: the export fails")."""

import pytest

from analyzer.config import AnalyzerConfig
from analyzer.note_headers import feedback_span
from analyzer.quotes import enclosed
from analyzer.stages.segment import SegmentStage


def cut(text: str) -> str:
    start, end = feedback_span(text)
    return text[start:end]


@pytest.mark.parametrize(
    ("note", "feedback"),
    [
        ('QBR with Acme: [NAME] raised this: "Any plans for Azure AD login? We need it."',
         "Any plans for Azure AD login? We need it."),
        ('They said: "Please tell me how to close our account."',
         "Please tell me how to close our account."),
        ("Call notes – Acme Corp: the CSV export times out on big projects",
         "the CSV export times out on big projects"),
        ("Discovery call: they need SSO before the rollout", "they need SSO before the rollout"),
        ("Point trimestriel avec Atelier Dubois : [NAME] a remonté ceci : « L'audit sécurité a "
         "relevé l'absence de SSO. »", "L'audit sécurité a relevé l'absence de SSO."),
        ("Notes d'appel Maison Perrin : l'export PDF ne marche plus depuis lundi",
         "l'export PDF ne marche plus depuis lundi"),
        ("[NAME] : « Le SSO est-il inclus dans l'offre Business ? »",
         "Le SSO est-il inclus dans l'offre Business ?"),
        ('Renewal call with [NAME] at Ridgeline Co.. They said: "Do you integrate with QuickBooks?"',
         "Do you integrate with QuickBooks?"),
    ],
)  # fmt: skip
def test_a_call_note_header_is_cut(note: str, feedback: str) -> None:
    assert cut(note) == feedback


@pytest.mark.parametrize(
    "text",
    [
        "Note: the export fails every time",  # a short label that is part of the feedback
        "Bug: sync is broken since Monday",
        "Bug in the call recording: audio drops after ten minutes",  # a call word, no header
        "Call with support was useless: nobody answered my question at all",
        "Great demo. Call notes: the export is slow",  # a sentence before is feedback
        'QBR with Acme: [NAME] raised this: "SSO now"',  # too little left to be an insight
        "Remarque : l'export PDF ne marche plus",
        "The export crashes when the project has more than 20,000 rows.",
    ],
)
def test_feedback_with_a_colon_stays_whole(text: str) -> None:
    assert cut(text) == text


def test_a_quotation_loses_its_marks_only_when_it_is_all_there_is() -> None:
    text = '"The export fails." And the sync too'
    assert enclosed(text, 0, len(text)) is None
    text = "« Ça plante à chaque export. »."
    start, end = enclosed(text, 0, len(text))
    assert text[start:end] == "Ça plante à chaque export."


def test_segmented_call_notes_are_the_customers_words() -> None:
    stage = SegmentStage(AnalyzerConfig(), resources=None)
    note = (
        'QBR with Acme: [NAME] raised this: "Do you support SAML single sign-on? Our IT team '
        'requires it."\nNext step: follow up with product.'
    )
    insights = [note[start:end] for start, end in stage.spans(note, "en")]
    # the note-taker's own next step is no customer's word (analyzer/note_actions.py)
    assert insights == ["Do you support SAML single sign-on? Our IT team requires it."]
