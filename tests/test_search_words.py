"""Search ranks the closest hits again by the query's own words (api/search/words.py): a short
query ("too expensive", "trop cher") puts the texts that say it before vaguer ones."""

import logging
import threading

import pytest
from fastapi.testclient import TestClient

import api.app
from analyzer.themes import labels
from api.app import create_app, load_tagger
from api.search.service import WORDS_LOADING
from api.search.words import QueryWords, boosted, lowest_cosine
from api.settings import Settings

ITEMS = [
    {"source": "app_store", "external_id": "praise", "text": "Worth every penny."},
    {"source": "zendesk", "external_id": "seats",
     "text": "Charging per user now makes the app far too expensive for a team of 21."},
    {"source": "zendesk", "external_id": "cher",
     "text": "La facturation par utilisateur rend l'outil bien trop cher pour une équipe de 26."},
    {"source": "community", "external_id": "dark", "text": "Please add a dark mode."},
    {"source": "community", "external_id": "sync", "text": "Calendar sync stopped after the update."},
]  # fmt: skip


def searched(client: TestClient, query: str, boost: float, **body) -> list[tuple[str, float]]:
    client.app.state.workspace.settings = client.app.state.workspace.settings.model_copy(
        update={"search_word_boost": boost}
    )
    # by meaning and words alone: polarity (test_search_polarity.py) would lower the praise too
    response = client.post("/v1/search", json={"query": query, "limit": 10, "polarity": False,
                                               **body})  # fmt: skip
    assert response.status_code == 200, response.text
    return [(h["feedback"]["external_id"], h["score"]) for h in response.json()["items"]]


def warnings_of(client: TestClient, query: str) -> list[str]:
    response = client.post("/v1/search", json={"query": query, "limit": 10})
    assert response.status_code == 200, response.text
    return response.json()["warnings"]


@pytest.fixture
def stored(client: TestClient) -> TestClient:
    assert client.post("/v1/feedback", json={"items": ITEMS}).status_code == 200
    return client


def test_a_hit_holding_the_query_words_ranks_first(stored: TestClient) -> None:
    by_meaning = searched(stored, "too expensive", 0)
    cosine = dict(by_meaning)
    # by meaning alone, praise of the price is closer than the complaint that says the words
    assert cosine["praise"] > cosine["seats"], by_meaning
    with_words = searched(stored, "too expensive", 0.2)
    assert with_words[0][0] == "seats", with_words
    scores = dict(with_words)
    assert scores["seats"] == pytest.approx(1 - (1 - cosine["seats"]) * 0.8, abs=2e-4)
    assert scores["praise"] == cosine["praise"]  # no word of the query: its cosine
    assert [s for _, s in with_words] == sorted((s for _, s in with_words), reverse=True)
    # French, a feminine plural the lookup table leaves as it is included
    assert searched(stored, "trop cher", 0.2)[0][0] == "cher"


def test_min_score_bounds_the_raised_score(stored: TestClient) -> None:
    cosine = dict(searched(stored, "too expensive", 0))
    bound = round((cosine["seats"] + 1 - (1 - cosine["seats"]) * 0.8) / 2, 4)  # between the two
    assert "seats" not in dict(searched(stored, "too expensive", 0, min_score=bound))
    kept = searched(stored, "too expensive", 0.2, min_score=bound)
    assert "seats" in dict(kept) and all(score >= bound for _, score in kept), kept


def test_pages_follow_on_with_the_words_boost(stored: TestClient) -> None:
    every = searched(stored, "too expensive", 0.2)
    pages = [searched(stored, "too expensive", 0.2, limit=2, offset=offset) for offset in (0, 2, 4)]
    assert [hit for page in pages for hit in page] == every


def test_query_words_are_lemmas_without_stop_words() -> None:
    assert QueryWords("too expensive").share_in("far too expensive for us") == 1
    assert QueryWords("trop cher").share_in("bien trop chère") == 1  # "trop" is no content word
    assert QueryWords("price").share_in("prices went up") == 1
    assert QueryWords("cher").share_in("je cherche l'export") == 0
    assert QueryWords("export plante").share_in("l'export CSV ne marche pas") == 0.5
    assert not QueryWords("the and of")  # nothing to boost: by meaning alone


def test_the_raise_stays_under_one_and_bounds_the_cosine_fetched() -> None:
    assert boosted(0.4, 0, 0.2) == 0.4
    assert boosted(0.4, 1, 0.2) == pytest.approx(0.52)
    assert boosted(0.99, 1, 0.5) <= 1
    assert boosted(lowest_cosine(0.2, 0.2), 1, 0.2) == pytest.approx(0.2)
    assert lowest_cosine(None, 0.2) is None


def test_search_answers_before_the_word_tables_load_and_boosts_once_loaded(
    settings: Settings, analyzer, monkeypatch, caplog
) -> None:
    """The start waited for the word tables (3-14 s under load) before /readyz said ready: they
    load in the background now, searches ranking by meaning alone until then (said once)."""
    gate = threading.Event()  # the tables load once the test opens it
    lemma_table = labels.lemma_table

    def gated_table(code: str):
        gate.wait(60)  # a guard only: the old start waited here, in load_tagger
        return lemma_table(code)

    monkeypatch.setattr(labels, "lemma_table", gated_table)
    monkeypatch.setattr(api.app, "Analyzer", lambda config: analyzer)  # the models, loaded once
    app = create_app(settings)
    load_tagger(app, settings)  # what the start's thread runs: it returns, the tables loading
    with caplog.at_level(logging.INFO, logger="boucle.search"), TestClient(app) as client:
        assert client.get("/readyz").json()["status"] == "ready"
        assert client.post("/v1/feedback", json={"items": ITEMS}).status_code == 200
        by_meaning = searched(client, "too expensive", 0)
        early = searched(client, "too expensive", 0.2)
        assert early == by_meaning and early[0][0] != "seats", early
        # said in the answer too (it was only logged): the caller reads a ranking by meaning alone
        assert warnings_of(client, "too expensive") == [WORDS_LOADING]
        assert searched(client, "trop cher", 0.2)[0][0] != "cher"
        said = [r for r in caplog.records if "still loading" in r.getMessage()]
        assert len(said) == 1, said  # once, not at every search
        gate.set()
        assert app.state.workspace.word_tables.wait(60)
        boosted_hits = searched(client, "too expensive", 0.2)
        assert boosted_hits[0][0] == "seats", boosted_hits
        seats = 1 - (1 - dict(by_meaning)["seats"]) * 0.8  # as where they load on a first search
        assert dict(boosted_hits)["seats"] == pytest.approx(seats, abs=2e-4)
        assert searched(client, "trop cher", 0.2)[0][0] == "cher"
        assert warnings_of(client, "too expensive") == []
