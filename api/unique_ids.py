"""A batch whose items repeat an id: said with the items' other errors, in the same 422, not
only once those are fixed (a field validator on the list runs only when every item is valid)."""

from collections import Counter

from pydantic import BaseModel, ModelWrapValidatorHandler, ValidationError
from pydantic_core import InitErrorDetails


def repeated_ids(data: object, field: str = "items", key: str = "id") -> list[str]:
    """The ids given to more than one item of the raw body, an integer read as its string
    (7 and "7" are one id, as both are echoed "7")."""
    items = data.get(field) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return []
    ids = [item.get(key) for item in items if isinstance(item, dict)]
    counts = Counter(
        str(value) for value in ids if isinstance(value, str | int) and not isinstance(value, bool)
    )
    return sorted(value for value, count in counts.items() if count > 1)


def as_details(error: ValidationError) -> list[InitErrorDetails]:
    """An error's line errors, to raise again with more."""
    keys = ("type", "loc", "input", "ctx")
    return [{key: found[key] for key in keys if key in found} for found in error.errors()]


def each_id_once(data: object, handler: ModelWrapValidatorHandler, title: str) -> BaseModel:
    """For a model's wrap validator: the model, or every error of its items plus the repeated
    ids (under `items`)."""
    repeated = repeated_ids(data)
    found: list[InitErrorDetails] = []
    try:
        model = handler(data)
    except ValidationError as error:
        if not repeated:
            raise
        found = as_details(error)
    if not repeated:
        return model
    message = f"item ids must be unique; repeated: {', '.join(repeated[:10])}"
    duplicate: InitErrorDetails = {
        "type": "value_error",
        "loc": ("items",),
        "input": repeated,
        "ctx": {"error": ValueError(message)},
    }
    raise ValidationError.from_exception_data(title, [*found, duplicate])
