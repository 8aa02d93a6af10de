"""A language by its name ("Deutsch", "Spanish") is read on every route that takes one, through
one parser (api/params.py code_or_name): a contact took it, POST /v1/feedback, POST /v1/tag and
`boucle tag` answered a 422 or a bad line."""

import io

import pytest
from fastapi.testclient import TestClient

from api.tagging.lines import read_items

GIVEN = [("Deutsch", "de"), ("German", "de"), ("español", "es"), ("pt_BR", "pt"), ("it", "it")]
TEXT = "Der Export funktioniert seit dem Update nicht mehr."


@pytest.mark.parametrize(("given", "code"), GIVEN)
def test_tag_reads_a_language_by_its_name(client: TestClient, given: str, code: str) -> None:
    answer = client.post("/v1/tag", json={"text": TEXT, "language": given})
    assert answer.status_code == 200, answer.text
    assert answer.json()["language"] == code
    batch = client.post(
        "/v1/tag/batch", json={"items": [{"id": 1, "text": TEXT, "language": given}]}
    )
    assert batch.status_code == 200, batch.text
    assert batch.json()["items"][0]["language"] == code


def test_feedback_and_its_contact_read_a_language_by_its_name(store_client: TestClient) -> None:
    item = {"source": "zendesk", "external_id": "de-1", "text": TEXT, "language": "Deutsch",
            "contact": {"id": "c-de", "email": "jonas@example.com", "language": "Deutsch"}}  # fmt: skip
    response = store_client.post("/v1/feedback", json={"items": [item]})
    assert response.status_code == 200, response.text
    stored = store_client.get(f"/v1/feedback/{response.json()['items'][0]['id']}").json()
    assert stored["language"] == "de"
    assert store_client.get("/v1/contacts/c-de").json()["language"] == "de"


@pytest.mark.parametrize("route", ["/v1/tag", "/v1/feedback"])
def test_a_language_named_nowhere_says_which_forms_are_read(store_client, route) -> None:
    item = {"source": "zendesk", "external_id": "x-1", "text": TEXT, "language": "Klingon"}
    body = {"text": TEXT, "language": "Klingon"} if route == "/v1/tag" else {"items": [item]}
    response = store_client.post(route, json=body)
    assert response.status_code == 422
    messages = " ".join(problem["message"] for problem in response.json()["errors"])
    assert "'Klingon' names no language" in messages
    assert "ISO 639-1 code" in messages and "Deutsch" in messages


def test_boucle_tag_lines_read_a_language_by_its_name() -> None:
    lines = '{"text": "ok", "language": "Français"}\n{"text": "ok", "language": "und"}\n'
    first, second = read_items(io.StringIO(lines))
    assert first.language == "fr" and second.language is None
