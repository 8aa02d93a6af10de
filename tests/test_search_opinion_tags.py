"""A hit tagged praise (and not complaint) says the opposite of a negative query even where its
stored sentiment is weak (api/search/polarity.hit_polarity): "support is slow to answer" listed
only praise of support in its top 5, stored +0.09 or neutral, so the penalty passed them by."""

import pytest
from fastapi.testclient import TestClient

from api.search.polarity import hit_polarity
from tests.search_queries import hits, storing

ITEMS = [
    # stored weakly positive (about +0.1) and tagged praise
    {"source": "app_store", "external_id": "hour", "text": "Support answers within the hour."},
    {"source": "app_store", "external_id": "fast", "text": "Support replies fast and knows the product."},
    # the complaints the query asks for
    {"source": "zendesk", "external_id": "week", "text": "Support took a week to reply."},
    {"source": "zendesk", "external_id": "waiting", "text": "Still waiting for support to answer."},
    {"source": "zendesk", "external_id": "sync", "text": "Calendar sync stopped after the update."},
]  # fmt: skip


@pytest.fixture
def stored(store_client: TestClient) -> TestClient:
    return storing(store_client, ITEMS)


def test_praise_tagged_hits_score_lower_for_a_negative_query(stored: TestClient) -> None:
    query = "support is slow to answer"
    plain, read = dict(hits(stored, query, polarity=False)), dict(hits(stored, query))
    penalty = stored.app.state.workspace.settings.search_polarity_penalty
    for praise in ("hour", "fast"):
        assert read[praise] == pytest.approx(plain[praise] - penalty, abs=2e-4), (plain, read)
    for complaint in ("week", "waiting"):
        assert read[complaint] == plain[complaint]  # the same opinion keeps its score
    ranked = sorted(read, key=read.get, reverse=True)
    assert set(ranked[:2]) == {"week", "waiting"}, read


@pytest.mark.parametrize(
    "score, intents, opinion",
    [
        (0.09, ["praise"], 1),
        (None, ["complaint", "bug"], -1),
        (0.0, ["praise", "complaint"], 0),  # a mixed span says neither
        (-0.7, ["praise"], -1),  # a clear sentiment reads first
        (0.2, ["feature_request"], 0),
        (0.6, [], 1),
    ],
)
def test_hit_polarity_reads_the_sentiment_then_the_opinion_tag(score, intents, opinion) -> None:
    assert hit_polarity(score, intents) == opinion
