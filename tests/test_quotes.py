"""Quotes are not cut inside «…» or "…": segmentation keeps a quoted passage in one insight, and
a shortened excerpt (the follow-up list's) ends at the closing mark or before the opening one."""

import pytest
from fastapi.testclient import TestClient

from analyzer.config import AnalyzerConfig
from analyzer.quotes import clip, open_quote
from analyzer.stages.segment import SegmentStage


@pytest.fixture(scope="module")
def stage() -> SegmentStage:
    return SegmentStage(AnalyzerConfig(), resources=None)


def texts(stage: SegmentStage, text: str, language: str) -> list[str]:
    return [text[start:end] for start, end in stage.spans(text, language)]


def test_open_quote_finds_the_mark_left_open() -> None:
    assert open_quote("Il a dit « ça plante") == 9
    assert open_quote('He said "it crashes') == 8
    assert open_quote("Il a dit « ça plante » hier, l'export.") is None
    assert open_quote('He said "it crashes" and “it is slow”.') is None
    assert open_quote("Sie sagt „es stürzt ab“.") is None
    assert open_quote("C'est inutilisable. » Il veut un correctif.") is None  # a closing half
    assert open_quote('« Il a dit "ça plante" hier') == 0  # the outermost one


@pytest.mark.parametrize(
    "language, text, expected",
    [
        ("fr", "Le client a dit : « L'export plante à chaque fois. C'est inutilisable pour nous. »"
               " Il veut un correctif rapide.",
         # the reporting header is cut (analyzer/note_headers.py): the customer's words remain
         ["L'export plante à chaque fois. C'est inutilisable pour nous.",
          "Il veut un correctif rapide."]),
        ("en", 'The customer said "The export crashes every single time. It is useless for us."'
               " He wants a quick fix.",
         ['The customer said "The export crashes every single time. It is useless for us."',
          "He wants a quick fix."]),
        ("fr", "« Le bouton export ne marche plus, mais le reste va bien. » Voilà ce que dit le"
               " client.",
         ["« Le bouton export ne marche plus, mais le reste va bien. »",
          "Voilà ce que dit le client."]),
        ("en", 'She wrote “Search is slow, but the results are good” in the survey.',
         ["She wrote “Search is slow, but the results are good” in the survey."]),
    ],
)  # fmt: skip
def test_a_quoted_passage_is_one_insight(stage, language: str, text: str, expected) -> None:
    assert texts(stage, text, language) == expected


def test_what_is_not_a_quote_still_splits(stage) -> None:
    # an inch mark closes nothing: the sentences stay apart
    assert texts(
        stage, 'My 27" screen flickers all day long. The export button is broken.', "en"
    ) == [
        'My 27" screen flickers all day long.',
        "The export button is broken.",
    ]
    # a quote open to the end of its line does not swallow the next line
    assert texts(stage, "Il dit « l'export plante.\nLa recherche est lente aussi.", "fr") == [
        "Il dit « l'export plante.",
        "La recherche est lente aussi.",
    ]
    long = "Le client dit « " + "l'export plante encore. " * 20 + "» et il part."
    assert len(texts(stage, long, "fr")) > 2  # too long a quote: cut at its sentences


def test_clip_ends_at_the_closing_mark_or_before_the_opening_one() -> None:
    french = "L'export est lent. Le client a écrit « ça plante tout le temps » hier soir."
    assert clip(french, 45) == "L'export est lent. Le client a écrit « ça plante tout le temps »"
    assert clip(french, 45, budget=5) == "L'export est lent. Le client a écrit"
    english = 'The export is slow. He wrote "it crashes all the time" last night.'
    assert clip(english, 40) == 'The export is slow. He wrote "it crashes all the time"'
    assert clip(english, 40, budget=5) == "The export is slow. He wrote"
    assert clip(english, 25) == "The export is slow. He wr"  # no quote open at the cut
    assert clip('"' + "x" * 200 + '"', 50) == '"' + "x" * 49  # nothing before it: a hard cut
    assert clip(french, 500) == french


def test_the_follow_up_list_does_not_cut_a_quote(client: TestClient) -> None:
    text = ("Très déçu par le support cette semaine. " * 6 + "Le conseiller m'a répondu « nous"
            " verrons plus tard, ce n'est pas prioritaire » et rien depuis. " * 2)  # fmt: skip
    assert text.index("«") < 300 < text.index("»")
    item = {"source": "nps_survey", "external_id": "d1", "text": text, "score": 2,
            "created_at": "2026-11-01T00:00:00Z"}  # fmt: skip
    assert client.post("/v1/feedback", json={"items": [item]}).status_code == 200
    report = client.get("/v1/voc/follow-up", params={"as_of": "2026-11-10T00:00:00Z"}).json()
    (waiting,) = report["oldest_waiting"]
    assert waiting["text"].endswith("ce n'est pas prioritaire »")
    assert open_quote(waiting["text"]) is None
