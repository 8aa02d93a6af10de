"""Praise the sentiment head read as negative: saying why one stays ("the reason we stay": the
head hears churn talk in "stay"), and a problem said solved without a verb ("problem solved in
ten minutes"), and a message read negative though each of its insights reads positive."""

import pytest
from fastapi.testclient import TestClient

from analyzer.acclaim import acclaims
from analyzer.loyalty import says_why_we_stay
from analyzer.negation import says_no_problem


@pytest.mark.parametrize(
    "text",
    [
        "Your support team is the reason we stay.",
        "[NAME] from support was fantastic, problem solved in ten minutes.",
        "Votre équipe support est la raison pour laquelle nous restons. Continuez comme ça !",
        # QA: "on reste" read -0.09 as a whole though neither span read negative
        "Votre équipe support est la raison pour laquelle on reste. Continuez comme ça !",
        "Your support team is why we stay. Keep up the good work!",
    ],
)
def test_praise_reads_positive(client: TestClient, text: str) -> None:
    tagged = client.post("/v1/tag", json={"text": text}).json()
    assert tagged["sentiment"]["label"] == "positive", tagged
    assert all(i["sentiment"]["label"] != "negative" for i in tagged["insights"]), tagged


def test_a_message_whose_insights_all_read_positive_is_not_negative(client: TestClient) -> None:
    # an airline tweet, gold positive: embedded whole it read negative (-0.08)
    text = (
        "@SouthwestAir thank you for handling this for me. "
        "Glad Southwest cares about what it's flyers think!"
    )
    tagged = client.post("/v1/tag", json={"text": text}).json()
    assert [i["sentiment"]["label"] for i in tagged["insights"]] == ["positive", "positive"]
    assert tagged["sentiment"]["label"] == "positive", tagged


@pytest.mark.parametrize(
    ("text", "stays"),
    [
        ("Your support team is the reason we stay.", True),
        ("C'est pour ça qu'on reste chez vous.", True),
        ("Honestly this feature keeps us coming back!", True),
        ("The only reason we stay is the contract.", False),
        ("That is not the reason we stay.", False),
        ("Ce n'est pas pour ça qu'on reste.", False),
        ("Your support is the reason we stay, but for how long?", False),
        ("Another reason why we stay South in the Winter months", False),  # a place
        ("You're making it harder to keep me loyal.", False),
    ],
)
def test_why_we_stay(text: str, stays: bool) -> None:
    assert says_why_we_stay(text) is stays


@pytest.mark.parametrize(
    ("text", "solved"),
    [
        ("[NAME] from support was fantastic, problem solved in ten minutes.", True),
        ("Problem solved!", True),
        ("Fast answer and issue fixed.", True),
        ("I need this problem solved asap.", False),  # wished, not done
        ("Support was great, problem solved but the app still crashes.", False),
        ("Called twice, problem solved?", False),
    ],
)
def test_a_problem_said_solved_without_a_verb(text: str, solved: bool) -> None:
    assert says_no_problem(text) is solved


@pytest.mark.parametrize(
    "text",
    [
        # QA: `other`, where its English twin read praise
        "Thomas du support a été top, problème réglé en dix minutes.",
        "Camille du support était super, souci réglé dans l'heure.",
        "Continuez comme ça !",
    ],
)
def test_support_praised_with_a_problem_done_is_praise(client: TestClient, text: str) -> None:
    tagged = client.post("/v1/tag", json={"text": text}).json()
    assert [i["label"] for i in tagged["intents"]] == ["praise"], tagged
    assert tagged["sentiment"]["label"] == "positive", tagged


@pytest.mark.parametrize(
    "text",
    [
        "Problème pas réglé, c'est nul.",
        "Si vous continuez comme ça, on part.",
        "Ticket not fixed yet, keep it up...",
    ],
)
def test_a_problem_not_done_or_a_warning_is_no_acclaim(text: str) -> None:
    assert not acclaims(text)
