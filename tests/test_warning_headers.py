"""A file's X-Boucle-Warning headers carry the JSON's warnings whole, in a form any language
decodes: percent-encoded UTF-8 beyond printable ASCII (Python's '\\u6771' escapes were sent)."""

from urllib.parse import unquote

from fastapi.testclient import TestClient


def test_a_warning_in_any_script_is_percent_encoded_utf8(client: TestClient) -> None:
    items = [{"source": "zendesk", "external_id": "z-1", "text": "The export fails"}]
    assert client.post("/v1/feedback", json={"items": items}).status_code == 200
    source = "東京_shpo 100%"
    said = client.get("/v1/feedback", params={"source": source}).json()["warnings"]
    export = client.get("/v1/feedback/export", params={"source": source})
    assert export.status_code == 200 and said
    headers = export.headers.get_list("X-Boucle-Warning")
    assert [unquote(header) for header in headers] == said
    assert "'%E6%9D%B1%E4%BA%AC_shpo 100%25'" in headers[0]
    assert "\\u" not in headers[0]
