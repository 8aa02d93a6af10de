"""The score filters (score_min, score_max) on every route that takes the common filters, and
the themes ranked among the insights they keep: "the themes behind detractors"."""

import csv
import io
import json

from fastapi.testclient import TestClient

from api.cli import main
from api.settings import Settings, get_settings
from tests.test_filters import ids_of
from tests.test_themes_api import CALENDAR, INVOICE, seed

LOVE = "I love this product, it is fantastic and the team is great."
ANSWERS = [
    # NPS detractors: calendar sync twice, the invoice once
    ("d1", 2, CALENDAR[0]), ("d2", 6, CALENDAR[2]), ("d3", 4, INVOICE[0]),
    ("pa", 7, "It is fine overall."),  # a passive
    ("p1", 10, LOVE), ("p2", 9, "The invoice PDF has the wrong VAT rate, still I recommend you"),
]  # fmt: skip


def nps_answers() -> list[dict]:
    items = [
        {"source": "nps_survey", "external_id": ext, "text": text, "score": score,
         "created_at": "2026-10-05T10:00:00Z", "account": {"id": "acme", "segment": "enterprise"}}
        for ext, score, text in ANSWERS
    ]  # fmt: skip
    # an anonymous store review about the calendar: no score, so out of any score filter
    return [*items, {"source": "app_store", "external_id": "r1", "text": CALENDAR[1],
                     "created_at": "2026-10-05T11:00:00Z"}]  # fmt: skip


def stored(client: TestClient) -> TestClient:
    response = client.post("/v1/feedback", json={"items": nps_answers()})
    assert response.status_code == 200, response.text
    return client


def test_score_bounds_narrow_the_feedback_exports_and_search(store_client: TestClient) -> None:
    client = stored(store_client)
    detractors = {"score_max": 6}
    for route in ("/v1/feedback", "/v1/feedback/export", "/v1/insights/export"):
        assert ids_of(client.get(route, params=detractors)) == {"d1", "d2", "d3"}, route
        assert ids_of(client.get(route, params={"score_min": 9})) == {"p1", "p2"}, route
        passives = client.get(route, params={"score_min": "7", "score_max": "8.5"})
        assert ids_of(passives) == {"pa"}, route
        assert ids_of(client.get(route)) == {*(a[0] for a in ANSWERS), "r1"}, route
    search = {"query": "calendar sync", "limit": 20}
    assert "r1" in ids_of(client.post("/v1/search", json=search))
    narrowed = client.post("/v1/search", json={**search, "filters": detractors})
    assert ids_of(narrowed) == {"d1", "d2", "d3"}
    assert ids_of(client.post("/v1/search", params={"format": "csv"},
                              json={**search, "filters": detractors})) == {"d1", "d2", "d3"}  # fmt: skip


def test_a_bad_score_bound_is_a_422_saying_what_to_fix(client: TestClient) -> None:
    for params, field, says in (
        ({"score_max": "six"}, "score_max", "number"),
        ({"score_min": 9, "score_max": 6}, "score_max", "swap the two scores"),
        ({"score_min": "nan"}, "score_min", "finite"),
        ({"score_max": 1000}, "score_max", "100"),
    ):
        for route in ("/v1/feedback", "/v1/insights/export", "/v1/themes/ranking"):
            answer = client.get(route, params=params)
            assert answer.status_code == 422, (route, params, answer.text)
            (error,) = answer.json()["errors"]
            assert error["field"] == f"?{field}" and says in error["message"], (route, error)
    bad = client.post("/v1/search", json={"query": "x", "filters": {"score_min": 9,
                                                                   "score_max": 6}})  # fmt: skip
    assert bad.status_code == 422 and "swap the two scores" in bad.text


def test_boucle_export_takes_the_score_bounds(
    settings: Settings, client: TestClient, monkeypatch, capsys
) -> None:
    stored(client)
    monkeypatch.setenv("BOUCLE_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    try:
        assert main(["export", "--messages", "--score-max", "6"]) == 0
        rows = csv.DictReader(io.StringIO(capsys.readouterr().out))
        assert {row["external_id"] for row in rows} == {"d1", "d2", "d3"}
        assert main(["export", "--format", "jsonl", "--score-min", "9"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert {json.loads(line)["feedback"]["external_id"] for line in lines} == {"p1", "p2"}
        assert main(["export", "--score-min", "9", "--score-max", "6"]) == 2
        assert "--score-max: is under --score-min (9): swap" in capsys.readouterr().err
    finally:
        get_settings.cache_clear()


def test_themes_ranked_among_detractors_and_promoters(store_client: TestClient) -> None:
    client = stored(store_client)
    calendar = seed(
        client, "Calendar sync", ["Calendar does not sync", "La synchro ne marche plus"]
    )
    invoice = seed(client, "Invoice VAT", ["The VAT on the invoice is wrong"])
    themes_of = {}
    for item in client.get("/v1/feedback", params={"limit": 50}).json()["items"]:
        themes_of[item["external_id"]] = {i["theme_id"] for i in item["insights"]}
    # what the seeds claimed, which the counts below follow
    assert themes_of["d1"] == themes_of["d2"] == themes_of["r1"] == {calendar["id"]}
    assert invoice["id"] in themes_of["d3"] and invoice["id"] in themes_of["p2"]

    ranking = client.get("/v1/themes/ranking", params={"source": "nps_survey", "score_max": 6})
    assert ranking.status_code == 200, ranking.text
    found = ranking.json()
    detractor_insights = sum(len(themes_of[e]) for e in ("d1", "d2", "d3"))
    assert found["insights"] == detractor_insights and found["unthemed"] == 0
    assert [(t["id"], t["insights"]) for t in found["items"]] == [
        (calendar["id"], 2), (invoice["id"], 1),
    ]  # fmt: skip
    assert found["items"][0]["share"] == round(2 / detractor_insights, 4)
    assert sum(found["items"][0]["sentiment"].values()) == 2
    # without the score bound the store review joins the calendar theme: 3
    everyone = client.get("/v1/themes/ranking").json()["items"]
    assert (everyone[0]["id"], everyone[0]["insights"]) == (calendar["id"], 3)
    promoters = client.get("/v1/themes/ranking", params={"score_min": 9}).json()
    assert [(t["id"], t["insights"]) for t in promoters["items"]] == [(invoice["id"], 1)]
    assert client.get("/v1/themes/ranking", params={"limit": 1}).json()["items"] == everyone[:1]
    assert client.get("/v1/themes/ranking", params={"theme": 99999}).status_code == 404
