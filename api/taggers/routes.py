"""/v1/taggers: train (PUT), retrain, predict, list, show, delete."""

from fastapi import APIRouter, HTTPException, Path, Request, status
from fastapi.exceptions import RequestValidationError

from api.security import require
from api.taggers.schemas import (
    NAME_PATTERN,
    PredictRequest,
    PredictResponse,
    TaggerInfo,
    TrainRequest,
)
from api.taggers.service import BadExamples, Taggers
from api.taggers.store import TaggerNotFound

router = APIRouter(prefix="/v1/taggers", tags=["taggers"])
TaggerName = Path(..., pattern=NAME_PATTERN, description="Lower-case letters, digits, - and _.")


def taggers_of(request: Request) -> Taggers:
    return request.app.state.taggers


def not_found(error: TaggerNotFound) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, str(error))


@router.put("/{name}", response_model=TaggerInfo, dependencies=[require("admin")])
def train(body: TrainRequest, request: Request, name: str = TaggerName) -> dict:
    """Train a new version from labelled examples; the previous version serves until it is ready.
    Returns the cross-validated figures."""
    try:
        return taggers_of(request).train(name, body)
    except BadExamples as error:
        raise bad_examples(error) from None
    except TaggerNotFound as error:  # append to a tagger that does not exist
        raise not_found(error) from None


@router.post("/{name}/retrain", response_model=TaggerInfo, dependencies=[require("admin")])
def retrain(request: Request, name: str = TaggerName) -> dict:
    """A new version from the live one's examples and options, on the server's current analyzer
    settings (see `warning` in GET /v1/taggers/{name}); the previous version serves meanwhile."""
    try:
        return taggers_of(request).retrain(name)
    except TaggerNotFound as error:
        raise not_found(error) from None
    except BadExamples as error:  # stored examples a stricter check now refuses
        raise bad_examples(error) from None


def bad_examples(error: BadExamples) -> RequestValidationError:
    """A 422 like any other: the field at fault is the examples."""
    return RequestValidationError(
        [{"loc": ("body", "examples"), "msg": str(error), "type": "value_error"}]
    )


@router.post("/{name}/predict", response_model=PredictResponse, dependencies=[require("tag")])
def predict(body: PredictRequest, request: Request, name: str = TaggerName) -> dict:
    taggers = taggers_of(request)
    try:
        version = taggers.store.live_version(name)
        return {
            "tagger": name,
            "version": version,
            "predictions": taggers.predict(name, body.texts),
        }
    except TaggerNotFound as error:
        raise not_found(error) from None


@router.get("", response_model=list[TaggerInfo], dependencies=[require("read")])
def list_taggers(request: Request) -> list[dict]:
    taggers = taggers_of(request)
    return [taggers.info(name) for name in taggers.store.names()]


@router.get("/{name}", response_model=TaggerInfo, dependencies=[require("read")])
def show(request: Request, name: str = TaggerName) -> dict:
    try:
        return taggers_of(request).info(name)
    except TaggerNotFound as error:
        raise not_found(error) from None


@router.delete("/{name}", status_code=204, dependencies=[require("admin")])
def delete(request: Request, name: str = TaggerName) -> None:
    try:
        taggers_of(request).delete(name)
    except TaggerNotFound as error:
        raise not_found(error) from None
