"""Every error answer takes one shape (Problem: `message` and `detail`, a 422's `errors` too):
a route's 404 and 409 said `message` alone while 401/405 said both; and a 204 has no body to
type."""

from fastapi.testclient import TestClient


def test_every_error_says_message_and_detail(client: TestClient) -> None:
    answers = {
        "missing id": client.get("/v1/needs/999"),  # NotFound, raised by a route
        "no route": client.get("/v1/nowhere"),
        "method": client.delete("/v1/tag"),
        "invalid": client.get("/v1/themes", params={"format": "xlsx"}),
    }
    assert {name: a.status_code for name, a in answers.items()} == {
        "missing id": 404, "no route": 404, "method": 405, "invalid": 422}  # fmt: skip
    for name, answer in answers.items():
        body = answer.json()
        assert set(body) - {"errors"} == {"message", "detail"}, name
        assert body["detail"] == body["message"], name
    assert set(answers["invalid"].json()) == {"message", "detail", "errors"}


def test_a_204_has_no_content_type(client: TestClient) -> None:
    need = client.post("/v1/needs", json={"title": "Dark mode"}).json()
    deleted = client.delete(f"/v1/needs/{need['id']}")
    assert deleted.status_code == 204 and deleted.content == b""
    assert "content-type" not in deleted.headers
