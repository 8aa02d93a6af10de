"""A query that reads clearly negative or positive ranks the hits clearly saying the opposite
lower (api/search/polarity.py): "Vaut largement son prix." (worth its price) ranked among the
complaints about the price, since the embedding puts a statement and its opposite close."""

import pytest
from fastapi.testclient import TestClient

from api.search.polarity import CLEAR, polarity_of

ITEMS = [
    {"source": "app_store", "external_id": "worth", "text": "Vaut largement son prix."},
    {"source": "zendesk", "external_id": "joke", "text": "Paying monthly for this is a joke."},
    {"source": "zendesk", "external_id": "raised", "text": "They raised the price again."},
    {"source": "community", "external_id": "export", "text": "Export CSV: add the tags column."},
    {"source": "community", "external_id": "sync", "text": "Calendar sync stopped after the update."},
    {"source": "community", "external_id": "small", "text": "Les petits exports passent sans souci."},
]  # fmt: skip


def searched(client: TestClient, query: str, **body) -> dict:
    response = client.post("/v1/search", json={"query": query, "limit": 10, **body})
    assert response.status_code == 200, response.text
    return response.json()


def order(answer: dict) -> list[str]:
    return [hit["feedback"]["external_id"] for hit in answer["items"]]


@pytest.fixture
def stored(store_client: TestClient) -> TestClient:
    response = store_client.post("/v1/feedback", json={"items": ITEMS})
    assert response.status_code == 200, response.text
    return store_client


def test_the_opposite_opinion_ranks_after_the_same_one(stored: TestClient) -> None:
    plain = searched(stored, "the app is too expensive", polarity=False)
    # by meaning and words alone, praise of the price outranks the complaint about it
    assert order(plain).index("worth") < order(plain).index("joke"), plain
    assert plain["polarity"] is None
    read = searched(stored, "the app is too expensive")
    assert read["polarity"] == "negative"
    assert order(read).index("joke") < order(read).index("worth"), read
    before = {hit["feedback"]["external_id"]: hit["score"] for hit in plain["items"]}
    after = {hit["feedback"]["external_id"]: hit["score"] for hit in read["items"]}
    penalty = stored.app.state.workspace.settings.search_polarity_penalty
    assert after["worth"] == pytest.approx(before["worth"] - penalty, abs=2e-4)
    assert after["joke"] == before["joke"]  # the same opinion keeps its score


@pytest.mark.parametrize("query", ["prix trop cher", "trop cher", "too expensive"])
def test_a_short_price_grievance_reads_negative(stored: TestClient, query: str) -> None:
    # the head reads these flat (+0.03, +0.04): the grievance rule says what they are
    read = searched(stored, query)
    assert read["polarity"] == "negative", read
    plain = searched(stored, query, polarity=False)
    before = {hit["feedback"]["external_id"]: hit["score"] for hit in plain["items"]}
    after = {hit["feedback"]["external_id"]: hit["score"] for hit in read["items"]}
    penalty = stored.app.state.workspace.settings.search_polarity_penalty
    assert after["worth"] == pytest.approx(before["worth"] - penalty, abs=2e-4)
    # a short query sits close to a short text: "prix trop cher" scored the praise 0.57 and the
    # complaint 0.41, so the first penalty (0.1) left the praise first
    assert order(read).index("raised") < order(read).index("worth"), read


def similar_to(client: TestClient, external_id: str, **params: str) -> dict:
    """GET /v1/insights/{id}/similar of the one insight of the message `external_id`, checked
    against the message's two similar routes (its one insight: the same answer)."""
    feedback = client.get("/v1/feedback", params={"external_id": external_id}).json()["items"][0][
        "id"
    ]
    insight = client.get(f"/v1/feedback/{feedback}").json()["insights"][0]["id"]
    response = client.get(f"/v1/insights/{insight}/similar", params=params)
    assert response.status_code == 200, response.text
    by_message = client.get(f"/v1/feedback/{feedback}/similar", params=params)
    assert by_message.json() == response.json()
    key = {"feedback_source": "zendesk", "feedback_external_id": external_id}
    by_key = client.get("/v1/feedback/similar", params={**key, **params})
    assert by_key.json() == response.json()
    return response.json()


def test_a_complaints_similar_list_ranks_praise_after_complaints(stored: TestClient) -> None:
    """ "They raised the price again." had "Vaut largement son prix." first among its similar
    insights (0.42, the other complaints 0.24 to 0.30): its stored sentiment reads negative."""
    ws = stored.app.state.workspace
    penalty = ws.settings.search_polarity_penalty
    read = similar_to(stored, "raised")
    assert read["polarity"] == "negative"
    assert order(read).index("joke") < order(read).index("worth"), read
    ws.settings = ws.settings.model_copy(update={"search_polarity_penalty": 0})
    plain = similar_to(stored, "raised")
    assert plain["polarity"] is None and order(plain)[0] == "worth", plain
    before = {hit["feedback"]["external_id"]: hit["score"] for hit in plain["items"]}
    after = {hit["feedback"]["external_id"]: hit["score"] for hit in read["items"]}
    assert after["worth"] == pytest.approx(before["worth"] - penalty, abs=2e-4)
    assert after["joke"] == before["joke"]  # the same opinion keeps its score


def test_polarity_false_gives_a_similar_list_by_meaning_alone(stored: TestClient) -> None:
    read = similar_to(stored, "raised", polarity="true")
    assert read["polarity"] == "negative" and read == similar_to(stored, "raised")
    plain = similar_to(stored, "raised", polarity="false")
    assert plain["polarity"] is None and order(plain)[0] == "worth", plain
    ws = stored.app.state.workspace
    ws.settings = ws.settings.model_copy(update={"search_polarity_penalty": 0})
    assert plain == similar_to(stored, "raised")  # the plain cosine order


@pytest.mark.parametrize("value", ["no", "1", "False"])
def test_similar_polarity_takes_true_or_false_only(store_client: TestClient, value: str) -> None:
    """Query parameters are read before the seed is looked up: no item needs storing."""
    key = {"feedback_source": "zendesk", "feedback_external_id": "raised"}
    for path, params in (
        ("/v1/insights/1/similar", {}),
        ("/v1/feedback/1/similar", {}),
        ("/v1/feedback/similar", key),
    ):
        response = store_client.get(path, params={**params, "polarity": value})
        assert response.status_code == 422, (path, response.text)
        assert "polarity" in response.text and "'true' or 'false'" in response.text, response.text


def test_a_query_with_no_clear_sentiment_changes_nothing(stored: TestClient) -> None:
    plain = searched(stored, "export CSV", polarity=False)
    read = searched(stored, "export CSV")
    assert read["polarity"] is None
    assert read["items"] == plain["items"]


@pytest.mark.parametrize("query", ["export", "x", "dark mode"])
def test_a_topics_name_reads_no_polarity(stored: TestClient, query: str) -> None:
    """The head reads a topic's name by the tone of what is said about it: "export" read
    negative (-0.81) moved "Les petits exports passent sans souci." down, "x" positive."""
    plain = searched(stored, query, polarity=False)
    read = searched(stored, query)
    assert read["polarity"] is None
    assert read["items"] == plain["items"]


@pytest.mark.parametrize("query, polarity", [("great", "positive"), ("nul", "negative")])
def test_a_short_query_the_head_is_sure_of_keeps_its_polarity(stored, query, polarity) -> None:
    assert searched(stored, query)["polarity"] == polarity


def test_no_penalty_setting_switches_it_off(stored: TestClient) -> None:
    ws = stored.app.state.workspace
    ws.settings = ws.settings.model_copy(update={"search_polarity_penalty": 0})
    answer = searched(stored, "the app is too expensive")
    assert answer["polarity"] is None
    assert answer["items"] == searched(stored, "the app is too expensive", polarity=False)["items"]


def test_pages_follow_on_and_min_score_bounds_the_lowered_score(stored: TestClient) -> None:
    every = searched(stored, "the app is too expensive")["items"]
    pages = [
        searched(stored, "the app is too expensive", limit=1, offset=n)["items"]
        for n in range(len(ITEMS))
    ]
    assert [hit for page in pages for hit in page] == every
    worth = next(hit["score"] for hit in every if hit["feedback"]["external_id"] == "worth")
    bounded = searched(stored, "the app is too expensive", min_score=round(worth + 1e-4, 4))
    assert "worth" not in order(bounded) and "joke" in order(bounded), bounded


def test_polarity_reads_clear_scores_only() -> None:
    assert polarity_of(CLEAR) == 1 and polarity_of(-0.9) == -1
    assert polarity_of(CLEAR - 0.01) == 0 and polarity_of(None) == 0
