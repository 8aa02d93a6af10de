"""Numbers and booleans in request bodies are JSON numbers and booleans, as feedback's score is:
"2" was stored as effort 2, and {"cold": 1} or "yes" started a cold refit that redraws every
theme. The 422 says what to send instead."""

from fastapi.testclient import TestClient
from sqlalchemy import select

from api.storage.tables import Job


def refused(answer, field: str, says: str) -> None:
    assert answer.status_code == 422, answer.text
    (error,) = answer.json()["errors"]
    assert error["field"] == field and says in error["message"], error


def test_a_needs_numbers_are_json_numbers(client: TestClient) -> None:
    need_id = client.post("/v1/needs", json={"title": "Dark mode"}).json()["id"]
    edit = f"/v1/needs/{need_id}"
    refused(client.patch(edit, json={"effort": "2"}), "effort",
            "must be a number (got a string): send a JSON number, 2 without quotes")  # fmt: skip
    refused(client.patch(edit, json={"effort": True}), "effort", "must be a number")
    refused(client.patch(edit, json={"rice_overrides": {"confidence": "0.5"}}),
            "rice_overrides.confidence", "send a JSON number, 0.5 without quotes")  # fmt: skip
    refused(client.patch(edit, json={"rice_overrides": {"impact": "2"}}),
            "rice_overrides.impact", "must be a number")  # fmt: skip
    assert client.get(edit).json()["effort"] is None  # nothing stored
    taken = client.patch(edit, json={"effort": 2, "rice_overrides": {"confidence": 0.5}})
    assert taken.status_code == 200, taken.text
    assert (taken.json()["effort"], taken.json()["rice_overrides"]) == (2, {"confidence": 0.5})


def test_a_cold_refit_is_asked_with_true_only(client: TestClient) -> None:
    for cold in (1, "yes", "true", "maybe"):
        refused(client.post("/v1/themes/refit", json={"cold": cold}), "cold",
                f"must be true or false (got {'a number' if cold == 1 else 'a string'})")  # fmt: skip
    answer = client.post("/v1/themes/refit", json={"cold": "yes"})
    assert answer.json()["errors"][0]["message"].endswith('send true or false, not "yes"')
    with client.app.state.workspace.db.session() as session:
        assert session.scalars(select(Job)).all() == []  # no refit started


def test_a_searchs_booleans_and_numbers_are_json_ones(client: TestClient) -> None:
    """{"distinct": "no"} folded repeats as true would, {"unthemed": 1} and {"limit": "5"} were
    read as guesses; each is now a 422 naming the field and what to send."""
    looks_alike = [
        ({"distinct": "no"}, "distinct", 'must be true or false (got a string): send true or false, not "no"'),
        ({"polarity": 0}, "polarity", "must be true or false (got a number): send true or false, not 0"),
        ({"filters": {"unthemed": "yes"}}, "filters.unthemed", 'send true or false, not "yes"'),
        ({"filters": {"unthemed": 1}}, "filters.unthemed", "send true or false, not 1"),
        ({"limit": "5"}, "limit", "must be a whole number (got a string): send a JSON number, 5 without quotes"),
        ({"offset": True}, "offset", "must be a whole number (got true/false)"),
        ({"min_score": "0.3"}, "min_score", "send a JSON number, 0.3 without quotes"),
        ({"filters": {"score_max": "6"}}, "filters.score_max", "send a JSON number, 6 without quotes"),
        ({"filters": {"theme": True}}, "filters.theme", "give a theme id (a positive integer)"),
        ({"filters": {"need": [2, False]}}, "filters.need", "give a need id (a positive integer)"),
    ]  # fmt: skip
    for sent, field, says in looks_alike:
        refused(client.post("/v1/search", json={"query": "export", **sent}), field, says)


def test_filters_read_as_text_still_take_numbers_written_as_text(client: TestClient) -> None:
    """Query parameters are text: ?score_max=6 is a number there, as before."""
    listed = client.get("/v1/feedback", params={"score_min": "0", "score_max": "6"})
    assert listed.status_code == 200, listed.text
    refused(client.get("/v1/feedback", params={"score_max": "six"}), "?score_max",
            "must be a number (got a string)")  # fmt: skip


def test_a_taggers_options_are_json_booleans_and_numbers(client: TestClient) -> None:
    """{"multi_label": "yes"} or {"append": 1} was read as true: a tagger trained multi-label,
    or appended to, by a guess. Each is a 422 saying what to send, before any training."""
    examples = [{"text": "I was charged twice", "label": "billing"}]
    looks_alike = [
        ({"multi_label": "yes"}, "multi_label", 'must be true or false (got a string): send true or false, not "yes"'),
        ({"multi_label": 1}, "multi_label", "must be true or false (got a number): send true or false, not 1"),
        ({"append": "no"}, "append", 'send true or false, not "no"'),
        ({"append": 0}, "append", "send true or false, not 0"),
        ({"threshold": "0.5"}, "threshold", "send a JSON number, 0.5 without quotes"),
    ]  # fmt: skip
    for sent, field, says in looks_alike:
        refused(client.put("/v1/taggers/queues", json={"examples": examples, **sent}), field, says)
    refused(client.post("/v1/taggers/queues/rollback", json={"version": "1"}), "version",
            "send a JSON number, 1 without quotes")  # fmt: skip
    assert client.get("/v1/taggers").json()["items"] == []  # nothing trained
