"""The OpenAPI schema as a client generator (openapi-python-client and the like) reads it:
unique, meaningful names, no construct such tools refuse."""

import re
from collections import Counter

import pytest


@pytest.fixture
def spec(client) -> dict:
    return client.get("/openapi.json").json()


def walk(node: object):
    """Every object in the schema, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def test_every_schema_has_a_unique_readable_name(spec) -> None:
    schemas = spec["components"]["schemas"]
    # two models of one name in two modules are rendered api__feedback__schemas__X: generators
    # then drop every schema that refers to them
    assert [name for name in schemas if "__" in name] == []
    titles = Counter(schema.get("title", name) for name, schema in schemas.items())
    assert [title for title, count in titles.items() if count > 1] == []
    assert {"TaggedInsight", "StoredInsight", "TagResult", "BatchResponse"} <= set(schemas)


def test_no_enum_of_numbers(spec) -> None:
    """An enum of numbers inside a union (RICE's impact steps) is refused by generators."""
    numeric = [
        node["enum"]
        for node in walk(spec)
        if isinstance(node.get("enum"), list)
        and any(isinstance(value, int | float) for value in node["enum"])
    ]
    assert numeric == []


def test_impact_override_stays_on_the_scale(client) -> None:
    need = client.post("/v1/needs", json={"title": "Dark mode"}).json()
    refused = client.patch(f"/v1/needs/{need['id']}", json={"rice_overrides": {"impact": 1.5}})
    assert refused.status_code == 422
    assert "not on the impact scale: use one of 0.25, 0.5, 1, 2, 3" in refused.json()["message"]
    taken = client.patch(f"/v1/needs/{need['id']}", json={"rice_overrides": {"impact": 2}})
    assert taken.status_code == 200


def operations(spec: dict) -> list[tuple[str, str, dict]]:
    return [
        (method.upper(), path, operation)
        for path, methods in spec["paths"].items()
        for method, operation in methods.items()
    ]


def test_operation_ids_are_readable_and_unique(spec) -> None:
    """A generated client's method names: `tag`, not FastAPI's `tag_one_v1_tag_post`."""
    ids = {
        f"{method} {path}": operation["operationId"] for method, path, operation in operations(spec)
    }
    assert [i for i, count in Counter(ids.values()).items() if count > 1] == []
    assert [i for i in ids.values() if not re.fullmatch(r"[a-z]+([A-Z][a-z0-9]*)*", i)] == []
    assert ids["POST /v1/tag"] == "tag"
    assert ids["POST /v1/tag/batch"] == "tagBatch"
    assert ids["POST /v1/feedback"] == "createFeedback"
    assert ids["GET /v1/feedback"] == "listFeedback"
    assert ids["POST /v1/needs/{need_id}/merge"] == "mergeNeeds"
    assert ids["POST /v1/themes/merge"] == "mergeThemes"
