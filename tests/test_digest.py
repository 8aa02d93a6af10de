"""The digest as a manager reads it: NPS and CSAT of the period against the one before, counts
written as words ("1 account"), amounts in BOUCLE_CURRENCY."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from api.cli import main
from api.loop.digest import as_markdown
from api.money import money
from api.settings import Settings
from api.wording import plural


def answers(client: TestClient, source: str, scores: list[int], days_ago: float) -> None:
    at = (datetime.now(UTC) - timedelta(days=days_ago)).isoformat()
    items = [{"source": source, "external_id": f"{source}-{days_ago}-{n}", "text": "",
              "score": score, "created_at": at} for n, score in enumerate(scores)]  # fmt: skip
    response = client.post("/v1/feedback", json={"items": items})
    assert response.status_code == 200, response.text


def test_the_digest_has_nps_and_csat_against_the_previous_period(store_client: TestClient) -> None:
    answers(store_client, "nps_survey", [10, 10, 9, 8, 3, 10], days_ago=2)  # 4 - 1 of 6: 50
    answers(store_client, "nps_survey", [10, 6, 6, 8, 9], days_ago=9)  # the week before: 0
    answers(store_client, "csat_survey", [5, 4], days_ago=2)
    digest = store_client.get("/v1/digest", params={"period": "week"}).json()
    assert digest["voc"]["nps"] == {"score": 50.0, "change": 50.0, "responses": 6,
                                    "few_answers": False, "previous_responses": 5,
                                    "previous_few_answers": False,
                                    "source": "nps_survey"}  # fmt: skip
    assert digest["voc"]["csat"] == {"score": 4.5, "change": None, "responses": 2,
                                     "few_answers": True, "previous_responses": 0,
                                     "previous_few_answers": True,
                                     "source": "csat_survey"}  # fmt: skip
    text = store_client.get("/v1/digest", params={"period": "week", "format": "markdown"}).text
    assert "## Voice of the customer" in text
    assert "- NPS 50 (+50 vs previous week), 6 answers from nps_survey" in text
    assert "- CSAT: too few answers to rely on (2 answers from csat_survey)" in text


def test_the_digest_counts_the_source_the_voc_endpoints_count(store_client: TestClient) -> None:
    """A workspace whose ratings come from app_store: the digest said "CSAT: too few answers
    (1 answer)" (csat_survey only) while /v1/voc/csat?source=app_store counted them all, and
    the digest refused `?source=`."""
    answers(store_client, "app_store", [5, 4, 1, 5, 3, 4], days_ago=2)
    answers(store_client, "app_store", [2], days_ago=9)  # the week before
    answers(store_client, "csat_survey", [5], days_ago=1)
    week = {"period": "week", "source": "app_store"}
    digest = store_client.get("/v1/digest", params=week).json()
    voc = store_client.get("/v1/voc/csat", params={
        "source": "app_store", "created_from": digest["since"], "created_to": digest["until"]
    }).json()  # fmt: skip
    csat = digest["voc"]["csat"]
    assert (csat["responses"], csat["score"]) == (voc["overall"]["responses"], 3.67) == (6, 3.67)
    assert (csat["source"], csat["previous_responses"]) == ("app_store", 1)
    text = store_client.get("/v1/digest", params={**week, "format": "markdown"}).text
    assert "- CSAT 3.67 / 5 (+1.67 vs previous week, which had only 1 answer: too few to rely " \
           "on), 6 answers from app_store" in text  # fmt: skip
    bad = store_client.get("/v1/digest", params={"source": "app store!"})
    assert bad.status_code == 422 and "source" in bad.text


def test_nps_and_csat_each_count_their_own_source(store_client: TestClient) -> None:
    """`?source=app_store` computed an NPS from star ratings: a workspace whose CSAT is its store
    ratings and whose NPS is its survey could not have both in one digest."""
    answers(store_client, "nps_survey", [10, 10, 9, 8, 3, 10], days_ago=2)  # NPS 50
    answers(store_client, "app_store", [5, 4, 1, 5, 3, 4], days_ago=2)  # CSAT 3.67
    week = {"period": "week", "csat_source": "app_store"}
    voc = store_client.get("/v1/digest", params=week).json()["voc"]
    assert (voc["nps"]["source"], voc["nps"]["score"], voc["nps"]["responses"]) == (
        "nps_survey", 50.0, 6)  # fmt: skip
    assert (voc["csat"]["source"], voc["csat"]["score"]) == ("app_store", 3.67)
    text = store_client.get("/v1/digest", params={**week, "format": "markdown"}).text
    assert "- NPS 50, 6 answers from nps_survey" in text
    assert "- CSAT 3.67 / 5, 6 answers from app_store" in text
    # `source` still sets both; `nps_source` sets NPS's over it
    both = {"period": "week", "source": "app_store", "nps_source": "nps_survey"}
    voc = store_client.get("/v1/digest", params=both).json()["voc"]
    assert (voc["nps"]["source"], voc["csat"]["source"]) == ("nps_survey", "app_store")
    bad = store_client.get("/v1/digest", params={"nps_source": "nps survey!"})
    assert bad.status_code == 422 and "nps_source" in bad.text


# 5 promoters, 1 passive, 3 detractors of 9: NPS 22.2; the week before, one detractor: -100
THIS_WEEK, WEEK_BEFORE = [10, 10, 10, 9, 8, 3, 3, 10, 6], [0]


def test_a_change_against_too_few_answers_says_so(store_client: TestClient) -> None:
    answers(store_client, "nps_survey", THIS_WEEK, days_ago=2)
    answers(store_client, "nps_survey", WEEK_BEFORE, days_ago=9)
    digest = store_client.get("/v1/digest", params={"period": "week"}).json()
    assert digest["voc"]["nps"] == {"score": 22.2, "change": 122.2, "responses": 9,
                                    "few_answers": False, "previous_responses": 1,
                                    "previous_few_answers": True,
                                    "source": "nps_survey"}  # fmt: skip
    text = store_client.get("/v1/digest", params={"period": "week", "format": "markdown"}).text
    assert ("- NPS 22.2 (+122.2 vs previous week, which had only 1 answer: too few to rely on), "
            "9 answers") in text  # fmt: skip


def test_the_terminal_says_when_nps_rests_on_too_few_answers(
    store_client: TestClient, store_settings: Settings, share_with_cli, capsys
) -> None:
    """As the API's `few_answers` (under 5), and "1 answer", not "1 answers"."""
    answers(store_client, "nps_survey", THIS_WEEK, days_ago=2)
    answers(store_client, "nps_survey", WEEK_BEFORE, days_ago=8)
    share_with_cli(store_settings)
    since = (datetime.now(UTC) - timedelta(days=5)).date().isoformat()
    assert main(["voc", "nps", "--from", since]) == 0
    out = capsys.readouterr().out
    assert out.startswith("NPS 22.2 from 9 answers (5 promoters, 1 passive, 3 detractors)")
    assert "Too few answers" not in out.splitlines()[1]  # 9 are enough
    assert ": NPS -100.0 from 1 answer, too few to rely on; change +122.2 (too few answers to " \
           "compare)" in out  # fmt: skip
    assert "1 answers" not in out
    until = (datetime.now(UTC) - timedelta(days=7)).date().isoformat()
    assert main(["voc", "nps", "--to", until]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("NPS -100.0 from 1 answer (0 promoters, 0 passives, 1 detractor)")
    assert lines[1] == ("Too few answers to rely on (under 5): one answer more or less moves it "
                        "a lot.")  # fmt: skip


def test_the_digest_says_one_account_and_its_currency(store_client: TestClient) -> None:
    item = {"source": "zendesk", "external_id": "t1", "text": "The CSV export crashes.",
            "account": {"id": "acme", "arr": 310_000, "segment": "enterprise"}}  # fmt: skip
    stored = store_client.post("/v1/feedback", json={"items": [item]}).json()["items"][0]
    need = store_client.post("/v1/needs", json={"title": "Export",
                                                "insight_ids": [stored["insights"][0]["id"]]})  # fmt: skip
    store_client.patch(f"/v1/needs/{need.json()['id']}", json={"effort": 1})
    digest = store_client.get("/v1/digest", params={"period": "week"}).json()
    assert digest["currency"] == "EUR"
    text = as_markdown({**digest, "until": datetime.fromisoformat(digest["until"])})
    assert "**Export**: RICE" in text and ", 1 account, ARR €310K" in text
    assert "- NPS: no answers from nps_survey this week" in text and "1 accounts" not in text


def markdown(**changes) -> str:
    digest = {
        "period": "week", "until": datetime(2026, 11, 30, tzinfo=UTC), "currency": "USD",
        "top_needs": [{"rank": 1, "title": "SSO", "score": 2.5, "accounts": 1, "arr": 1_240_000}],
        "emerging_themes": [{"name": "Billing", "recent": 1, "baseline": 0, "new": True}],
        "voc": {"nps": {"score": -12.5, "change": -3.0, "responses": 1_200, "few_answers": False,
                        "previous_responses": 1_100, "previous_few_answers": False},
                "csat": {"score": 4.0, "change": None, "responses": 1, "few_answers": True,
                         "previous_responses": 0, "previous_few_answers": True}},
        "loop_closures": [{"title": "SSO", "kind": "shipped", "status": "shipped", "notified": 1,
                           "closed": True}],
    }  # fmt: skip
    return as_markdown({**digest, **changes})


def test_every_count_of_the_digest_agrees_with_its_number() -> None:
    text = markdown()
    assert "1. **SSO**: RICE 2.5, 1 account, ARR $1.2M" in text
    assert "- **Billing**: 1 insight this week (new theme)" in text
    assert "- NPS -12.5 (-3 vs previous week), 1,200 answers" in text
    assert "- CSAT: too few answers to rely on (1 answer)" in text
    assert "- SSO (shipped): 1 customer told" in text
    many = markdown(
        loop_closures=[
            {"title": "SSO", "kind": "shipped", "status": "shipped", "notified": 3, "closed": True}
        ]  # fmt: skip
    )
    assert "- SSO (shipped): 3 customers told" in many


def test_an_emerging_theme_says_its_expected_count_for_the_period() -> None:
    """7 this week against 8 in the 56 days before: 1.06 expected a week (x6.6), not a
    "baseline 8" read as last week's count."""
    rising = {"name": "dark mode · game", "recent": 7, "baseline": 8, "baseline_days": 56,
              "expected": 1.062, "ratio": 6.59, "new": False}  # fmt: skip
    text = markdown(emerging_themes=[rising])
    assert "- **dark mode · game**: 7 insights this week, 1.06 expected from the 8 of the 56 " \
           "days before (×6.6)" in text  # fmt: skip
    assert "baseline 8" not in text


def test_plural() -> None:
    assert [plural(n, "account") for n in (0, 1, 2, 1_500)] == [
        "0 accounts", "1 account", "2 accounts", "1,500 accounts"]  # fmt: skip
    assert (
        plural(1, "person", "people") == "1 person" and plural(2, "person", "people") == "2 people"
    )


@pytest.mark.parametrize(("value", "currency", "written"), [
    (310_000, "EUR", "€310K"), (1_234_567, "USD", "$1.2M"), (950, "GBP", "£950"),
    (999_960, "EUR", "€1M"), (999_949, "EUR", "€999.9K"), (1_250, "EUR", "€1.3K"),
    (0, "EUR", "€0"), (-5_000, "EUR", "-€5K"), (2.5e9, "EUR", "€2.5B"),
    (310_000, "CHF", "CHF\u00a0310K"), (None, "EUR", "—"),
])  # fmt: skip
def test_money_is_compact_with_its_currency(value, currency, written) -> None:
    assert money(value, currency) == written


def test_the_currency_is_a_three_letter_code(tmp_path) -> None:
    assert Settings(data_dir=tmp_path, currency=" usd ").currency == "USD"
    assert Settings(data_dir=tmp_path).currency == "EUR"
    with pytest.raises(ValidationError, match="ISO 4217"):
        Settings(data_dir=tmp_path, currency="euros")


def test_the_terminal_marks_each_period_and_segment_resting_on_too_few_answers(
    store_client: TestClient, store_settings: Settings, share_with_cli, capsys
) -> None:
    """The rows of `boucle voc nps` said nothing of the API's `few_answers`, and a week showed
    its first day alone, as if whole."""
    answers(store_client, "nps_survey", THIS_WEEK, days_ago=2)
    answers(store_client, "nps_survey", WEEK_BEFORE, days_ago=8)
    share_with_cli(store_settings)
    since = (datetime.now(UTC) - timedelta(days=9)).date().isoformat()
    assert main(["voc", "nps", "--from", since, "--period", "week", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert main(["voc", "nps", "--from", since, "--period", "week"]) == 0
    out = capsys.readouterr().out
    rows = {line.split("  ")[0]: line for line in out.splitlines()}
    for period in report["periods"]:
        row = rows[period["label"]]  # the API's label, "(from …)" on a cut week
        assert row.endswith("too few answers") == (0 < period["responses"] < 5), row
    assert any(0 < period["responses"] < 5 for period in report["periods"])
    assert "too few answers: under 5 answers, one more or less moves it a lot" in out
    assert main(["voc", "csat", "--from", since]) == 0  # the same mark on CSAT's rows
