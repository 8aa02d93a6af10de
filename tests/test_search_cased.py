"""A query word typed in lower case reads as the stored insights write it (api/search/cased.py):
"sso" gave a 0.33 top hit and then unrelated text where "SSO" gave 0.51, all on sign-on."""

import threading

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.search import cased
from api.search.cased import CasedWords, read_in_background
from api.storage.tables import ForgottenParty, Insight
from tests.search_queries import hits, storing

ITEMS = [
    {"source": "zendesk", "external_id": "sso", "text": "We need SSO before the rollout."},
    {"source": "zendesk", "external_id": "okta", "text": "Login through Okta fails, and our SSO with Okta too."},
    {"source": "zendesk", "external_id": "csv", "text": "The CSV file has no header row."},
    {"source": "zendesk", "external_id": "daily", "text": "On passe nos journées dessus."},
    {"source": "zendesk", "external_id": "vat", "text": "Invoices must show the VAT number, as the VAT law says."},
]  # fmt: skip


@pytest.fixture
def stored(store_client: TestClient) -> TestClient:
    return storing(store_client, ITEMS)


def searched(client: TestClient, query: str) -> list[tuple[str, float]]:
    return hits(client, query, polarity=False)


@pytest.mark.parametrize("typed, written", [("sso", "SSO"), ("okta", "Okta"), ("vat", "VAT")])
def test_a_lower_case_word_searches_as_the_store_writes_it(stored, typed, written) -> None:
    assert searched(stored, typed) == searched(stored, written)


def test_words_seen_new_are_counted_at_the_next_search(stored: TestClient) -> None:
    # "csv" once: too few to say how the store writes it
    assert searched(stored, "csv") != searched(stored, "CSV")
    storing(
        stored, [{"source": "zendesk", "external_id": "csv-2", "text": "Please add a CSV export."}]
    )
    assert searched(stored, "csv") == searched(stored, "CSV")


def counted(*texts: str) -> CasedWords:
    words = CasedWords()
    for text in texts:
        words.count(text)
    return words


def test_a_word_is_restored_only_where_the_store_almost_always_cases_it() -> None:
    words = counted(
        "We use SSO daily.", "Our SSO broke.", "Export works. Export fails sometimes.",
        "The export is slow.", "Dark mode please, and an export button.",
    )  # fmt: skip
    assert words.restored("sso login") == "SSO login"
    # "Export" twice, but each starts a sentence: how the store writes it is "export"
    assert words.restored("export") == "export"
    assert words.restored("Sso") == "Sso"  # typed with a capital: as typed
    assert words.restored("unknown words") == "unknown words"


def test_a_word_mostly_but_not_almost_always_cased_stays_as_typed() -> None:
    words = counted(*["the big API call"] * 8, "the api call", "the api again")
    assert words.restored("api") == "api"  # 8 of 10: under CASED_SHARE
    assert counted(*["the big API call"] * 9, "the api").restored("api") == "API"


def engine_of(client: TestClient):
    with client.app.state.workspace.db.session() as session:
        return session.get_bind(), session.scalar(select(func.max(Insight.id)))


def test_the_service_reads_the_word_forms_at_start_not_at_the_first_search(stored) -> None:
    """The first search of a process read every stored insight under the lock (~3.5 s at 100,000)."""
    for thread in threading.enumerate():
        if thread.name == "search-cased-words":
            thread.join(10)
    engine, _ = engine_of(stored)
    assert engine in cased._READ  # read at start, before any search
    read_in_background(stored.app.state.workspace.db).join(10)
    engine, newest = engine_of(stored)
    assert cased._READ[engine].read_up_to == newest


def read_as_cased(client: TestClient, query: str) -> str:
    with client.app.state.workspace.db.session() as session:
        return cased.cased_query(session, query)


def after_recount(client: TestClient) -> None:
    """A search notices what went and counts again in the background: wait for that count."""
    read_as_cased(client, "")
    engine, _ = engine_of(client)
    recount = cased.recounting(engine)
    assert recount is not None
    recount.join(30)
    assert not recount.is_alive()


def item_id(client: TestClient, external_id: str) -> int:
    response = client.get("/v1/feedback", params={"source": "zendesk", "external_id": external_id})
    assert response.status_code == 200, response.text
    return response.json()["items"][0]["id"]


def test_words_of_forgotten_insights_stop_deciding_how_a_query_reads(stored) -> None:
    """After `boucle forget` the SSO of the erased tickets still turned "sso" into "SSO"."""
    assert read_as_cased(stored, "sso okta") == "SSO Okta"
    for external_id in ("sso", "okta"):  # every insight writing SSO and Okta
        assert stored.delete(f"/v1/feedback/{item_id(stored, external_id)}").status_code == 200
    after_recount(stored)
    assert read_as_cased(stored, "sso okta") == "sso okta"
    assert read_as_cased(stored, "vat") == "VAT"  # what stays still counts


def test_words_of_an_edited_item_s_old_text_stop_deciding_how_a_query_reads(stored) -> None:
    """An item analysed again (a ticket edited) left its old insights' words counted."""
    assert read_as_cased(stored, "vat") == "VAT"
    edited = stored.put(f"/v1/feedback/{item_id(stored, 'vat')}",
                        json={"text": "Invoices must show the tax number."})  # fmt: skip
    assert edited.status_code == 200, edited.text
    after_recount(stored)
    assert read_as_cased(stored, "vat") == "vat"
    assert read_as_cased(stored, "sso") == "SSO"


def test_a_person_forgotten_has_the_words_counted_again(stored) -> None:
    """A forgotten person's name is masked in place in the texts that stay: no insight goes, so
    the register of forgotten people is what says the counts are outdated."""
    read_as_cased(stored, "")
    engine, _ = engine_of(stored)
    before = cased._READ[engine]
    with stored.app.state.workspace.db.session() as session:
        session.add(ForgottenParty(digest="0" * 64, kind="contact"))
    after_recount(stored)
    assert cased._READ[engine] is not before
    assert read_as_cased(stored, "sso") == "SSO"
