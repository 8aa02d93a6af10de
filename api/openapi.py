"""What the OpenAPI schema says beyond FastAPI's defaults, for clients generated from it:
readable operation ids, and per route only the errors it can answer, with the headers that
tell a client when to retry."""

from collections.abc import Callable

from fastapi import FastAPI
from fastapi.routing import APIRoute

from api.errors import ERROR_DESCRIPTIONS, Problem
from api.limits import BUDGET_HEADERS

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
INTEGER = {"type": "integer"}
BUDGET_DESCRIPTIONS = (
    "Requests the key (the client's address, with no keys) may send at once",
    "Requests it may send now",
    "Seconds until the whole limit is back",
)
# Told on every answer of a rate-limited route while BOUCLE_RATE_LIMIT_PER_MINUTE is above 0.
RATE_LIMIT_HEADERS = {
    name: {"description": description, "schema": INTEGER}
    for name, description in zip(BUDGET_HEADERS, BUDGET_DESCRIPTIONS, strict=True)
}
RETRY_AFTER = {
    "Retry-After": {"description": "Seconds to wait before sending again", "schema": INTEGER}
}
# FastAPI's own 422 shape, which our answers never take (api/errors.py answers Problem)
FASTAPI_VALIDATION = ("HTTPValidationError", "ValidationError")
# what an error answer holds unless its route declares a body of its own
GENERIC_REFS = (PROBLEM_REF, {"$ref": f"#/components/schemas/{FASTAPI_VALIDATION[0]}"})


def operation_id(route: APIRoute) -> str:
    """The route's name in camelCase: `tag_batch` -> `tagBatch` (FastAPI's default,
    `tag_batch_v1_tag_batch_post`, becomes a generated client's method name)."""
    first, *rest = route.name.split("_")
    return first + "".join(word.capitalize() for word in rest)


def errors_of(path: str, operation: dict) -> set[int]:
    """The error statuses an operation can answer: those its route declares (api.errors
    may_answer), the key's where it takes one, 404 for an id in its path, 413 and 415 (a
    compressed one) for a body, and 422 and 503 for every /v1 route (an unknown query
    parameter; models loading, database down)."""
    codes = {int(code) for code in operation.get("responses", {}) if int(code) >= 400}
    if operation.get("security"):
        codes |= {401, 403, 429}
    if any(parameter["in"] == "path" for parameter in operation.get("parameters", [])):
        codes.add(404)
    if "requestBody" in operation:
        codes |= {413, 415, 422}
    if path.startswith("/v1/"):
        codes |= {422, 503}
    return codes


def error_response(code: int, rate_limited: bool) -> dict:
    headers = {
        429: {**RETRY_AFTER, **RATE_LIMIT_HEADERS},
        503: RETRY_AFTER,
    }.get(code, RATE_LIMIT_HEADERS if rate_limited else {})
    answer = {
        "description": ERROR_DESCRIPTIONS[code],
        "content": {"application/json": {"schema": PROBLEM_REF}},
    }
    return {**answer, "headers": headers} if headers else answer


def without_json(content: dict) -> dict:
    return {kind: media for kind, media in content.items() if kind != "application/json"}


def document_errors(spec: dict) -> dict:
    """The spec with each operation's error answers as `errors_of` finds them, Problem unless
    the route declares a body of its own, and the rate limit's headers on a rate-limited route's answers."""
    for path, methods in spec.get("paths", {}).items():
        for operation in methods.values():
            rate_limited = bool(operation.get("security"))
            responses = operation.setdefault("responses", {})
            for code in errors_of(path, operation):
                # a page a route declares beside the Problem (the unsubscribe link's) is kept
                declared = responses.get(str(code), {}).get("content", {})
                own = declared.get("application/json", {}).get("schema", PROBLEM_REF)
                if own not in GENERIC_REFS:  # a body of its own (/readyz's 503 says its state)
                    continue
                answer = error_response(code, rate_limited)
                answer["content"] = {**answer["content"], **without_json(declared)}
                responses[str(code)] = answer
            if rate_limited:
                for code, answer in responses.items():
                    if code.startswith("2"):
                        answer["headers"] = {**answer.get("headers", {}), **RATE_LIMIT_HEADERS}
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    if "Problem" not in schemas:  # no route declares it: its fields' model beside it
        problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(problem.pop("$defs", {}), Problem=problem)
    for name in FASTAPI_VALIDATION:
        schemas.pop(name, None)
    return spec


def install(app: FastAPI) -> None:
    """The app's /openapi.json built once, as FastAPI does, then given its error answers."""
    build: Callable[[], dict] = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            app.openapi_schema = document_errors(build())
        return app.openapi_schema

    app.openapi = openapi
