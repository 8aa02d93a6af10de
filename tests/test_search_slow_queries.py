"""A bare "slow X" / "X lent" query reads negative (api/search/slowness.py): "slow export" and
"export lent" read no polarity and listed "Les petits exports passent sans souci." first."""

import pytest
from fastapi.testclient import TestClient

from api.search.slowness import says_slow
from tests.search_queries import hits, read_as, storing

ITEMS = [
    {"source": "app_store", "external_id": "small", "text": "Les petits exports passent sans souci."},
    {"source": "zendesk", "external_id": "ages", "text": "Exporting the yearly report takes forever."},
    {"source": "zendesk", "external_id": "sync", "text": "Calendar sync stopped after the update."},
]  # fmt: skip


@pytest.fixture
def stored(store_client: TestClient) -> TestClient:
    return storing(store_client, ITEMS)


@pytest.mark.parametrize(
    "query", ["slow export", "export lent", "langsamer Export", "exportación lenta", "sync lento"]
)
def test_a_bare_slowness_reads_negative(stored: TestClient, query: str) -> None:
    assert read_as(stored, query) == "negative"
    plain, after = dict(hits(stored, query, polarity=False)), dict(hits(stored, query))
    penalty = stored.app.state.workspace.settings.search_polarity_penalty
    # the praise of small exports (stored clearly positive) scores the penalty lower
    assert after["small"] == pytest.approx(plain["small"] - penalty, abs=2e-4)


@pytest.mark.parametrize(
    "query",
    ["slower sync", "reports lentes", "sehr langsame Synchronisation", "la app va lenta",
     "sluggish dashboard", "lenteur de l'import"],
)  # fmt: skip
def test_says_slow_hears_a_short_slowness(query: str) -> None:
    assert says_slow(query)


@pytest.mark.parametrize(
    "query",
    ["slow", "lent", "export not slow", "export pas lent", "nicht langsam", "slow motion video",
     "slow down sync", "calendar sync"],
)  # fmt: skip
def test_says_slow_leaves_a_topic_a_denial_and_other_senses(query: str) -> None:
    # a word alone names what is searched for; a denial says the opposite
    assert not says_slow(query)
