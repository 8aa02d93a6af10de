"""A batch whose items repeat an id: said with the items' other errors, in the same 422, not
only once those are fixed (a field validator on the list runs only when every item is valid)."""

from collections.abc import Callable, Hashable
from typing import TypeVar

from pydantic import BaseModel, ModelWrapValidatorHandler, ValidationError
from pydantic_core import InitErrorDetails


def plain_id(value: object) -> str | None:
    """An id of the raw body as it is stored, an integer read as its string (7 and "7" are one
    id, as both are echoed "7"); None for a value that is no id (refused by the item itself)."""
    if isinstance(value, str | int) and not isinstance(value, bool):
        return str(value)
    return None


Key = TypeVar("Key", bound=Hashable)


def positions_by_id(
    data: object, id_of: Callable[[dict], Key | None], field: str = "items"
) -> dict[Key, list[int]]:
    """The ids (`id_of` each raw item) given to more than one item of the raw body, each with
    the items' indexes, in the order of their first item."""
    items = data.get(field) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return {}
    positions: dict[Key, list[int]] = {}
    for index, item in enumerate(items):
        if isinstance(item, dict) and (found := id_of(item)) is not None:
            positions.setdefault(found, []).append(index)
    return {found: where for found, where in positions.items() if len(where) > 1}


def repeated_ids(data: object) -> list[str]:
    """The `id`s given to more than one item of the raw body."""
    return sorted(positions_by_id(data, lambda item: plain_id(item.get("id"))))


def as_details(error: ValidationError) -> list[InitErrorDetails]:
    """An error's line errors, to raise again with more."""
    keys = ("type", "loc", "input", "ctx")
    return [{key: found[key] for key in keys if key in found} for found in error.errors()]


def each_once(
    data: object, handler: ModelWrapValidatorHandler, title: str, repeated: str | None
) -> BaseModel:
    """For a model's wrap validator: the model, or every error of its items plus `repeated`,
    what the items repeat (None: nothing), under `items`."""
    found: list[InitErrorDetails] = []
    try:
        model = handler(data)
    except ValidationError as error:
        if not repeated:
            raise
        found = as_details(error)
    if not repeated:
        return model
    duplicate: InitErrorDetails = {
        "type": "value_error",
        "loc": ("items",),
        "input": repeated,
        "ctx": {"error": ValueError(repeated)},
    }
    raise ValidationError.from_exception_data(title, [*found, duplicate])


def each_id_once(data: object, handler: ModelWrapValidatorHandler, title: str) -> BaseModel:
    """`each_once` for items named by their `id` (POST /v1/tag/batch)."""
    repeated = repeated_ids(data)
    message = f"item ids must be unique; repeated: {', '.join(repeated[:10])}" if repeated else None
    return each_once(data, handler, title, message)
