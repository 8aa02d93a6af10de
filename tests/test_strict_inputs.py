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
