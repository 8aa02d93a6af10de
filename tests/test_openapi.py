"""The OpenAPI schema as a client generator (openapi-python-client and the like) reads it:
unique, meaningful names, no construct such tools refuse."""

import re
from collections import Counter

import jsonschema_rs
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


def error_codes(spec: dict, method: str, path: str) -> set[str]:
    return {code for code in spec["paths"][path][method]["responses"] if code >= "400"}


def test_each_route_lists_only_the_errors_it_can_answer(spec) -> None:
    # no id in the path nor in the body, nothing stored to conflict with
    assert error_codes(spec, "post", "/v1/tag") == {"401", "403", "413", "415", "422", "429",
                                                     "503"}  # fmt: skip
    assert error_codes(spec, "get", "/v1/tag/labels") == {"401", "403", "422", "429", "503"}
    assert "409" not in error_codes(spec, "get", "/v1/feedback/{feedback_id}")
    assert "404" in error_codes(spec, "get", "/v1/feedback/{feedback_id}")
    assert {"404", "409"} <= error_codes(spec, "patch", "/v1/needs/{need_id}")
    assert {"404", "409"} <= error_codes(spec, "post", "/v1/themes/merge")
    assert "404" in error_codes(spec, "post", "/v1/search")  # a theme or need id in its filters
    # a waiting training of a tagger deleted meanwhile (TaggerDeleted)
    assert {"404", "409"} <= error_codes(spec, "put", "/v1/taggers/{name}")
    assert {"404", "409"} <= error_codes(spec, "post", "/v1/taggers/{name}/retrain")
    assert error_codes(spec, "get", "/healthz") == {"503"}  # a failed start: restart it
    for method, path, operation in operations(spec):
        for code, answer in operation["responses"].items():
            if code >= "400" and path not in ("/healthz", "/readyz"):  # they say their state
                schema = answer["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Problem"}, (method, path, code)
    assert "HTTPValidationError" not in spec["components"]["schemas"]


def test_rate_limit_headers_are_documented(spec) -> None:
    budget = {"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"}
    tag = spec["paths"]["/v1/tag"]["post"]["responses"]
    assert budget <= set(tag["200"]["headers"])
    assert budget | {"Retry-After"} <= set(tag["429"]["headers"])
    assert "Retry-After" in tag["503"]["headers"]
    assert "headers" not in spec["paths"]["/healthz"]["get"]["responses"]["200"]


def test_every_schema_example_is_valid(spec) -> None:
    """A client (or Swagger UI's "Try it out") sending a schema's example gets no 422 for it."""
    checked, invalid = 0, []
    for name, schema in spec["components"]["schemas"].items():
        examples = [
            *schema.get("examples", []),
            *([schema["example"]] if "example" in schema else []),
        ]
        validator = jsonschema_rs.Draft202012Validator(
            {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
        )
        for example in examples:
            checked += 1
            invalid += [f"{name}: {error.message}" for error in validator.iter_errors(example)]
    assert checked >= 5
    assert invalid == []


def test_the_reach_parameter_names_every_unit_a_reach_factor_carries(spec) -> None:
    """?reach=accounts ranks in accounts, customers (people with no account counted too) or
    people: the schema named only accounts and people, so `customers` read as undocumented."""
    [reach] = [p for p in spec["paths"]["/v1/priorities"]["get"]["parameters"]
               if p["name"] == "reach"]  # fmt: skip
    words = set(re.findall(r"\w+", reach["description"]))
    assert {"accounts", "customers", "people", "arr", "contacts", "feedback"} <= words


def answer_content(spec: dict, method: str, path: str, code: str = "200") -> dict:
    return spec["paths"][path][method]["responses"][code]["content"]


def test_a_file_route_declares_only_what_it_sends(spec) -> None:
    """The exports declared `application/json` with an empty schema first: a generated client
    decoded the CSV as JSON and failed."""
    files = {"text/csv": {"schema": {"type": "string"}},
             "application/x-ndjson": {"schema": {"type": "string"}}}  # fmt: skip
    assert answer_content(spec, "get", "/v1/feedback/export") == files
    assert answer_content(spec, "get", "/v1/insights/export") == files
    # JSON unless a file is asked for: JSON first, with its model
    for method, path, file_kind in [
        ("post", "/v1/search", "text/csv"),
        ("get", "/v1/insights/{insight_id}/similar", "application/x-ndjson"),
        ("get", "/v1/themes", "text/csv"),
        ("get", "/v1/priorities", "text/csv"),
        ("get", "/v1/digest", "text/markdown"),
        ("get", "/v1/voc/nps", "text/csv"),
        ("get", "/v1/audit", "text/csv"),
    ]:
        content = answer_content(spec, method, path)
        assert list(content)[0] == "application/json", path
        assert "$ref" in content["application/json"]["schema"], path
        assert content[file_kind] == {"schema": {"type": "string"}}, path


def test_no_answer_is_json_of_any_shape(spec) -> None:
    """An empty JSON schema tells a generated client nothing (`/v1/priorities`, `/v1/digest`
    had one); only the unsubscribe link's JSON, for mail clients, is left loose."""
    loose = [
        f"{method} {path} {code}"
        for method, path, operation in operations(spec)
        for code, answer in operation["responses"].items()
        if answer.get("content", {}).get("application/json", {}).get("schema") == {}
        and not path.startswith("/v1/unsubscribe/")
    ]
    assert loose == []
    items = spec["components"]["schemas"]["PriorityList"]["properties"]["items"]
    assert items["items"] == {"$ref": "#/components/schemas/Priority"}
    assert "top_needs" in spec["components"]["schemas"]["Digest"]["properties"]


def test_a_refit_already_running_is_a_documented_200(spec) -> None:
    answers = spec["paths"]["/v1/themes/refit"]["post"]["responses"]
    for code in ("200", "202"):
        assert answers[code]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/JobOut"
        }
        assert "Location" in answers[code]["headers"]


def test_the_warning_header_is_declared_where_files_carry_it(spec) -> None:
    for method, path in [("get", "/v1/feedback/export"), ("get", "/v1/insights/export"),
                         ("post", "/v1/search"), ("get", "/v1/priorities"),
                         ("get", "/v1/voc/nps")]:  # fmt: skip
        header = spec["paths"][path][method]["responses"]["200"]["headers"]["X-Boucle-Warning"]
        assert header["schema"] == {"type": "string"} and "percent-encoded" in header["description"]


def test_filters_are_typed_as_the_server_reads_them(spec) -> None:
    """`need` and `theme` were lists of strings and the scores strings: a generated client took
    any text, which the server then refused."""
    parameters = {p["name"]: p["schema"] for p in spec["paths"]["/v1/feedback/export"]["get"]
                  ["parameters"]}  # fmt: skip
    for name in ("need", "theme"):
        [ids, _] = parameters[name]["anyOf"]
        assert ids["items"]["type"] == "integer" and ids["items"]["minimum"] == 1, name
    for name in ("score_min", "score_max"):
        assert parameters[name]["anyOf"][0]["type"] == "number", name


def test_a_problems_fields_at_fault_have_a_model(spec) -> None:
    schemas = spec["components"]["schemas"]
    assert schemas["Problem"]["required"] == ["message", "detail"]
    errors = schemas["Problem"]["properties"]["errors"]["anyOf"][0]
    assert errors["items"] == {"$ref": "#/components/schemas/FieldProblem"}
    assert schemas["FieldProblem"]["required"] == ["field", "message"]
    assert "item" in schemas["FieldProblem"]["properties"]
