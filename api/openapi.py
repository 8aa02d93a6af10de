"""What the OpenAPI schema says beyond FastAPI's defaults, for clients generated from it:
readable operation ids."""

from fastapi.routing import APIRoute


def operation_id(route: APIRoute) -> str:
    """The route's name in camelCase: `tag_batch` -> `tagBatch` (FastAPI's default,
    `tag_batch_v1_tag_batch_post`, becomes a generated client's method name)."""
    first, *rest = route.name.split("_")
    return first + "".join(word.capitalize() for word in rest)
