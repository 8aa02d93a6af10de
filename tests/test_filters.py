"""The search filters on every route that takes them (search, similar, GET /v1/feedback, both
exports, `boucle export`): ids that are not stored, comma lists, and 422s naming the field."""

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from api.cli import main
from api.settings import Settings, get_settings
from tests.test_search_api import ITEMS


@pytest.fixture
def stored(client: TestClient) -> TestClient:
    assert client.post("/v1/feedback", json={"items": ITEMS}).status_code == 200
    return client


def ids_of(response) -> set[str]:
    assert response.status_code == 200, response.text
    if response.headers["content-type"].startswith("text/csv"):
        return {row["external_id"] for row in csv.DictReader(io.StringIO(response.text))}
    items = response.json()["items"]
    return {i.get("external_id") or i["feedback"]["external_id"] for i in items}


def every_filtered_route(client: TestClient, filters: dict) -> dict[str, object]:
    """The answer of each route that takes the filters, by name."""
    first = client.get("/v1/feedback/1").json()["insights"][0]["id"]
    body = {"query": "export", "filters": filters}
    return {
        "search": client.post("/v1/search", json=body),
        "search as a file": client.post("/v1/search", params={"format": "csv"}, json=body),
        "similar": client.get(f"/v1/insights/{first}/similar", params=filters),
        "similar as a file": client.get(
            f"/v1/insights/{first}/similar", params={**filters, "format": "csv"}
        ),
        "feedback": client.get("/v1/feedback", params=filters),
        "export": client.get("/v1/insights/export", params=filters),
        "messages export": client.get("/v1/feedback/export", params=filters),
    }


@pytest.mark.parametrize("name", ["theme", "need"])
def test_an_id_that_is_not_stored_is_a_404_not_an_empty_result(stored, name) -> None:
    for route, answer in every_filtered_route(stored, {name: 99999}).items():
        assert answer.status_code == 404, (route, answer.text)
        assert answer.json()["message"] == f"no {name} with id 99999", route
    # among stored ones too: one missing id is named
    first = stored.get("/v1/feedback/1").json()["insights"][0]["id"]
    need = stored.post("/v1/needs", json={"title": "Export", "insight_ids": [first]}).json()["id"]
    both = stored.get("/v1/insights/export", params=[("need", need), ("need", 99999)])
    assert both.status_code == 404 and both.json()["message"] == "no need with id 99999"
    assert ids_of(stored.get("/v1/insights/export", params={"need": need})) == {"z1"}


def test_free_text_values_that_match_nothing_stay_an_empty_result(stored) -> None:
    for filters in ({"source": "nowhere"}, {"segment": "none"}, {"account": "nobody"}):
        for route, answer in every_filtered_route(stored, filters).items():
            assert answer.status_code == 200, (route, answer.text)
            assert not ids_of(answer), route


def test_comma_lists_split_where_a_value_cannot_hold_a_comma(stored) -> None:
    for route in ("/v1/insights/export", "/v1/feedback"):
        assert ids_of(stored.get(route, params={"source": "zendesk,app_store"})) == {
            "z1", "z2", "a1"
        }  # fmt: skip
        assert ids_of(stored.get(route, params={"language": "fr, en"})) == {
            "z1", "z2", "a1", "n1"
        }  # fmt: skip
        repeated = stored.get(route, params=[("sentiment", "negative"), ("sentiment", "positive")])
        assert ids_of(stored.get(route, params={"sentiment": "negative,positive"})) == ids_of(
            repeated
        )
    first = stored.get("/v1/feedback/1").json()["insights"][0]["id"]
    need = stored.post("/v1/needs", json={"title": "Export", "insight_ids": [first]}).json()["id"]
    assert ids_of(stored.get("/v1/feedback", params={"need": f"{need}"})) == {"z1"}
    missing = stored.get("/v1/feedback", params={"need": f"{need},99999"})
    assert missing.status_code == 404 and missing.json()["message"] == "no need with id 99999"
    # a label still misspelt says how to give several
    bad = stored.get("/v1/insights/export", params={"intent": "bug_report,praises"})
    assert bad.status_code == 422
    assert "'praises' is not an intent" in bad.json()["message"]
    assert "repeat the parameter for several values" in bad.json()["message"]


def test_a_comma_in_an_account_or_segment_that_matches_nothing_says_to_repeat(stored) -> None:
    for route in ("/v1/insights/export", "/v1/feedback", "/v1/insights/1/similar"):
        answer = stored.get(route, params={"segment": "smb,enterprise"})
        assert answer.status_code == 422, (route, answer.text)
        assert answer.json()["errors"] == [{
            "field": "?segment", "message": "'smb,enterprise' matches no segment; for several, "
            "repeat the parameter: ?segment=smb&segment=enterprise",
        }]  # fmt: skip
        account = stored.get(route, params={"account": "big, small"})
        assert account.status_code == 422
        assert "?account=big&account=small" in account.json()["message"]
    for filters in ({"segment": "smb,enterprise"}, {"account": "a,b"}):  # search, as the others
        answer = stored.post("/v1/search", json={"query": "export", "filters": filters})
        assert answer.status_code == 422, answer.text
        (name,) = filters
        parts = json.dumps(filters[name].split(","))
        assert answer.json()["errors"] == [{
            "field": f"filters.{name}", "message": f"{filters[name]!r} matches no {name}; for "
            f"several, give a JSON list: {parts}",
        }]  # fmt: skip
    both = [("segment", "smb"), ("segment", "enterprise")]
    assert ids_of(stored.get("/v1/insights/export", params=both)) == {"z1", "z2"}
    listed = stored.post("/v1/search", json={"query": "export", "filters": {"segment": ["smb",
                                                                                     "enterprise"]}})  # fmt: skip
    assert listed.status_code == 200 and listed.json()["items"]
    # a comma is the caller's own in an account id or segment: matched as it is
    stored.put("/v1/accounts/acme,inc", json={"name": "Acme", "segment": "EU, mid-market"})
    item = {"source": "web", "external_id": "w1", "text": "The export is slow.",
            "account_id": "acme,inc"}  # fmt: skip
    assert stored.post("/v1/feedback", json={"items": [item]}).status_code == 200
    for filters in ({"account": "acme,inc"}, {"segment": "eu, MID-market"}):
        assert ids_of(stored.get("/v1/insights/export", params=filters)) == {"w1"}
        found = stored.post("/v1/search", json={"query": "export", "filters": filters})
        assert found.status_code == 200 and found.json()["items"], found.text


def test_accounts_take_segments_as_the_filters_do(store_client: TestClient) -> None:
    """GET /v1/accounts?segment=smb,enterprise answered an empty page: a comma is part of a
    segment, so several are given by repeating the parameter, and a comma list is a 422."""
    client = store_client
    for account, segment in (("big", "Enterprise"), ("small", "smb"), ("eu", "SMB, EU")):
        assert client.put(f"/v1/accounts/{account}", json={"segment": segment}).is_success

    def listed(params) -> list[str]:
        answer = client.get("/v1/accounts", params=params)
        assert answer.status_code == 200, answer.text
        return [account["id"] for account in answer.json()["items"]]

    assert listed([("segment", "smb"), ("segment", "ENTERPRISE")]) == ["big", "small"]
    assert listed({"segment": "smb, eu"}) == ["eu"]  # a comma of its own: matched as it is
    comma_list = client.get("/v1/accounts", params={"segment": "smb,enterprise"})
    assert comma_list.status_code == 422
    assert comma_list.json()["errors"] == [{
        "field": "?segment", "message": "'smb,enterprise' matches no segment; for several, "
        "repeat the parameter: ?segment=smb&segment=enterprise",
    }]  # fmt: skip
    empty = client.get("/v1/accounts", params={"segment": " "})
    assert empty.status_code == 422 and "empty value" in empty.json()["message"]


@pytest.mark.parametrize(
    "route, params, field, words",
    [
        ("/v1/insights/export", {"created_from": "2026-12-01", "created_to": "2026-11-01"},
         "?created_to", "before created_from"),
        ("/v1/feedback", {"created_from": "2026-12-01", "created_to": "2026-11-01"},
         "?created_to", "before created_from"),
        ("/v1/feedback", {"theme": 12, "unthemed": "true"}, "?unthemed", "not both"),
        ("/v1/insights/export", {"theme": "billing"}, "?theme", "give a theme id"),
        ("/v1/insights/export", {"format": "xlsx"}, "?format", "csv"),
        ("/v1/feedback", {"created_from": "yesterday"}, "?created_from", "YYYY-MM-DD"),
        ("/v1/insights/export", {"created_to": "31/10/2026"}, "?created_to", "YYYY-MM-DD"),
    ],
)  # fmt: skip
def test_a_bad_query_parameter_is_named_as_in_the_url(stored, route, params, field, words):
    answer = stored.get(route, params=params)
    assert answer.status_code == 422
    (error,) = answer.json()["errors"]
    assert error["field"] == field and words in error["message"], error


@pytest.mark.parametrize(
    "params, filters, field, message",
    [
        ({"format": "xlsx"}, {}, "?format", None),
        ({}, {"theme": "billing"}, "filters.theme",
         "give a theme id (a positive integer) or a list of ids"),
        ({}, {"need": [1, "x"]}, "filters.need",
         "give a need id (a positive integer) or a list of ids"),
        ({}, {"source": 5}, "filters.source", "give a source (text) or a list of them"),
        ({}, {"theme": 3, "unthemed": True}, "filters.unthemed", "give theme or unthemed, not both"),
    ],
)  # fmt: skip
def test_a_bad_search_gets_one_message_per_field(client, params, filters, field, message):
    answer = client.post("/v1/search", params=params, json={"query": "x", "filters": filters})
    assert answer.status_code == 422
    (error,) = answer.json()["errors"]
    assert error["field"] == field, error
    assert message is None or error["message"] == message


NOT_A_NUMBER = (
    "use a day (e.g. 2026-03-01) or an ISO 8601 date-time (e.g. 2026-03-01T10:00:00Z), not a number"
)


@pytest.mark.parametrize("value", ["2026", "1764460800", 1764460800, "1764460800000"])
def test_a_number_in_a_date_filter_is_refused_not_read_as_unix_time(stored, value) -> None:
    """?created_from=2026 read 1970 (everything kept); a search's "created_to": "2026", the same
    (nothing found), both without a word: refused as ingest refuses a number for a date."""
    for route, answer in every_filtered_route(stored, {"created_to": value}).items():
        assert answer.status_code == 422, (route, answer.text)
        (error,) = answer.json()["errors"]
        assert NOT_A_NUMBER in error["message"], (route, error)
    voc = stored.get("/v1/voc/nps", params={"created_from": value})
    assert voc.status_code == 422 and NOT_A_NUMBER in voc.text


def test_boucle_export_names_its_options_and_refuses_unknown_ids(
    settings: Settings, stored: TestClient, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("BOUCLE_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    try:
        assert main(["export", "--from", "2026-13-01"]) == 2
        assert capsys.readouterr().err.startswith("boucle export: --from: ")
        assert main(["export", "--from", "2026-12-01", "--to", "2026-11-01"]) == 2
        assert "--to: is before --from" in capsys.readouterr().err
        assert main(["export", "--to", "1764460800"]) == 2  # not 2025-11-30: no Unix time
        assert capsys.readouterr().err == f"boucle export: --to: {NOT_A_NUMBER}\n"
        with pytest.raises(SystemExit) as exited:  # argparse's "invalid choice" said nothing
            main(["export", "--format", "xlsx"])
        assert exited.value.code == 2
        assert capsys.readouterr().err.endswith(
            "argument --format: 'xlsx': give csv or jsonl; for Excel, --excel (a CSV file Excel "
            "opens)\n"
        )
        assert main(["export", "--theme", "99999"]) == 2  # every bad filter exits 2
        assert capsys.readouterr().err == "boucle export: no theme with id 99999\n"
        assert main(["export", "--segment", "smb,enterprise"]) == 2
        assert "--segment 'smb' --segment 'enterprise'" in capsys.readouterr().err
        assert main(["export", "--format", "jsonl", "--source", "zendesk,app_store"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert {json.loads(line)["feedback"]["external_id"] for line in lines} == {"z1", "z2", "a1"}
    finally:
        get_settings.cache_clear()


def test_ids_and_commas_are_checked_on_both_engines(store_client: TestClient) -> None:
    client = store_client
    assert client.post("/v1/feedback", json={"items": ITEMS}).status_code == 200
    client.put("/v1/accounts/small", json={"segment": "SMB, EU"})
    for route in ("/v1/insights/export", "/v1/feedback"):
        missing = client.get(route, params={"theme": "99999"})
        assert missing.status_code == 404 and missing.json()["message"] == "no theme with id 99999"
        assert ids_of(client.get(route, params={"segment": "smb, eu"})) == {"z2"}
        assert client.get(route, params={"segment": "smb,enterprise"}).status_code == 422
        assert ids_of(client.get(route, params={"source": "ZENDESK,nps_survey"})) == {
            "z1", "z2", "n1"
        }  # fmt: skip


def test_status_and_order_are_refused_as_the_filters_are(client: TestClient) -> None:
    """A closed list's bad value is told in the filters' words, not pydantic's pattern."""
    for url, field, wanted in (
        ("/v1/feedback?status=done", "status", "'done' is not a status; use one of pending, "
         "analysed"),
        ("/v1/feedback/export?status=weird", "status", "'weird' is not a status"),
        ("/v1/feedback?order=newestt", "order", "'newestt' is not an order; use one of newest, "
         "oldest"),
        ("/v1/feedback?sentiment=angry", "sentiment", "'angry' is not a sentiment; use one of"),
    ):  # fmt: skip
        answer = client.get(url)
        assert answer.status_code == 422, url
        assert wanted in answer.json()["message"], answer.json()["message"]
        assert answer.json()["errors"][0]["field"].endswith(field)
    assert client.get("/v1/feedback?status=analysed&order=oldest").status_code == 200
    parameters = client.get("/openapi.json").json()["paths"]["/v1/feedback"]["get"]["parameters"]
    schemas = {p["name"]: p["schema"] for p in parameters}
    assert schemas["order"]["enum"] == ["newest", "oldest"]
    assert ["pending", "analysed"] in [each.get("enum") for each in schemas["status"]["anyOf"]]


def test_a_page_past_the_end_says_so(stored: TestClient) -> None:
    """An empty page past the end is a 200 with a warning, not a silent "nothing matches"."""
    body = {"query": "export", "limit": 10, "distinct": False}
    last = stored.post("/v1/search", json=body).json()
    assert len(last["items"]) == 4 and last["warnings"] == []  # ITEMS: one insight each
    past = stored.post("/v1/search", json={**body, "offset": 5000})
    assert past.status_code == 200 and past.json()["items"] == []
    assert past.json()["warnings"] == [
        "offset 5,000 is past the last hit (the last is at offset 3): ask a lower offset"
    ]
    as_file = stored.post("/v1/search", params={"format": "csv"}, json={**body, "offset": 5000})
    assert "offset 5,000 is past the last hit" in as_file.headers["X-Boucle-Warning"]
    assert stored.post("/v1/search", json={**body, "offset": 3}).json()["warnings"] == []

    oldest = min(item["id"] for item in stored.get("/v1/feedback").json()["items"])
    empty = stored.get(f"/v1/feedback?cursor={oldest}").json()
    assert empty["items"] == [] and empty["warnings"] == [
        f"cursor {oldest} is past the last item (none older matches): start without cursor"
    ]
    # oldest first, an empty page is a sync's "nothing new yet": no mistake to warn of
    assert stored.get("/v1/feedback?cursor=999&order=oldest").json()["warnings"] == []
