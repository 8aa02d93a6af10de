"""What an operator and an integrator read about the running release: one version everywhere
(pyproject.toml's), and /healthz and /readyz documenting the 503 bodies they answer."""

import tomllib
from pathlib import Path

import jsonschema_rs
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import main

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
RELEASE = tomllib.loads(PYPROJECT.read_text())["project"]["version"]


def test_openapi_and_the_cli_say_the_version_of_pyproject(settings, capsys) -> None:
    assert create_app(settings).openapi()["info"]["version"] == RELEASE
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"boucle {RELEASE}"


def answer_schema(spec: dict, path: str, code: str) -> dict:
    """The schema of one answer, with the components its $ref points into."""
    schema = spec["paths"][path]["get"]["responses"][code]["content"]["application/json"]["schema"]
    return {**schema, "components": spec["components"]}


def test_healthz_and_readyz_document_the_503_they_answer(settings) -> None:
    app = create_app(settings)  # not entered: its models never load, /readyz says loading
    spec = app.openapi()
    assert set(spec["paths"]["/readyz"]["get"]["responses"]) == {"200", "503"}
    assert set(spec["paths"]["/healthz"]["get"]["responses"]) == {"200", "503"}
    client = TestClient(app)
    loading = client.get("/readyz")
    assert (loading.status_code, loading.json()) == (503, {"status": "loading", "error": None})
    assert jsonschema_rs.validator_for(answer_schema(spec, "/readyz", "503")).is_valid(
        loading.json()
    )
    ready = {"status": "ready", "embedder": "e5-small", "stages": ["redact", "sentiment"]}
    assert not jsonschema_rs.validator_for(answer_schema(spec, "/readyz", "503")).is_valid(ready)
    assert jsonschema_rs.validator_for(answer_schema(spec, "/readyz", "200")).is_valid(ready)
    app.state.load_error = "VectorStoreUnavailable: the store is held by pid 7"
    failed = client.get("/healthz")
    assert (failed.status_code, failed.json()["status"]) == (503, "failed")
    assert jsonschema_rs.validator_for(answer_schema(spec, "/healthz", "503")).is_valid(
        failed.json()
    )
    assert jsonschema_rs.validator_for(answer_schema(spec, "/readyz", "503")).is_valid(
        client.get("/readyz").json()
    )
