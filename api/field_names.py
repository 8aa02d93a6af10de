"""A did-you-mean for a body's unknown field ("filter" → "filters"): the names the route's
model takes where the unknown one was sent, found by walking the error's location."""

import difflib
import typing

from pydantic import BaseModel


def _models_in(annotation: object) -> list[type[BaseModel]]:
    """The models an annotation holds: itself, or inside Optional, list, dict or a union."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is typing.Annotated:
        args = args[:1]
    return [model for arg in args for model in _models_in(arg)]


def known_names(body_model: object, location: tuple) -> list[str]:
    """The field names taken at `location` (("body", "filters", "segmnt")), by their aliases
    when they have one; empty when the location leaves the models (a dict's free keys)."""
    models = _models_in(body_model)
    for part in location[1:-1]:
        if isinstance(part, int):
            continue
        fields = [model.model_fields[part] for model in models if part in model.model_fields]
        models = [model for field in fields for model in _models_in(field.annotation)]
    return [field.alias or name for model in models for name, field in model.model_fields.items()]


def did_you_mean(name: object, known: list[str]) -> str:
    """ "; did you mean 'filters'?" when a taken name is close to `name`, else ""."""
    close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def route_body_model(route: object) -> object:
    """The model a FastAPI route reads its JSON body into, or None."""
    field = getattr(route, "body_field", None)
    return getattr(getattr(field, "field_info", None), "annotation", None)
