"""/v1/taggers: train (PUT), retrain, roll back, predict, list, show, delete."""

from fastapi import APIRouter, HTTPException, Path, Query, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from api.errors import may_answer
from api.jobs import JobOut, cancel_queued, get_job, start_job
from api.security import require
from api.taggers.deletion import delete_tagger as delete_with_tags
from api.taggers.examples import BadExamples
from api.taggers.schemas import (
    NAME_PATTERN,
    PredictRequest,
    PredictResponse,
    RollbackRequest,
    TaggerCard,
    TaggerInfo,
    TaggerList,
    TrainRequest,
)
from api.taggers.service import TaggerDeleted, Taggers
from api.taggers.store import TaggerNotFound

router = APIRouter(prefix="/v1/taggers", tags=["taggers"])
TaggerName = Path(..., pattern=NAME_PATTERN, description="Lower-case letters, digits, - and _.")


def taggers_of(request: Request) -> Taggers:
    return request.app.state.taggers


def not_found(error: TaggerNotFound) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, str(error))


WAIT = Query(
    True,
    description="false: answer 202 at once, with a job to follow at GET /v1/jobs/{id} (its "
    "`result`, when done, is this call's answer): for big example sets, past a proxy's timeout.",
)
STARTED = {202: {"model": JobOut, "description": "Training started (wait=false)."}}
# a waiting training of a tagger deleted meanwhile answers 409 (TaggerDeleted)
TRAINING = {**STARTED, **may_answer(409)}


def fitted_or_started(request: Request, name: str, plan, wait: bool):
    """Fit now and answer the figures, or start a job and answer it (202, Location)."""
    taggers = taggers_of(request)
    try:
        planned = plan()  # bad examples are a 422 now, not a failed job later
    except BadExamples as error:
        raise bad_examples(error) from None
    except TaggerNotFound as error:  # append to, or retrain, a tagger that does not exist
        raise not_found(error) from None
    if wait:
        return taggers.fit(name, *planned)
    ws = request.app.state.workspace
    # accepted before the 202: a DELETE that follows it cancels the training, even one whose
    # thread has not begun (it answered 404 and the training then made the tagger)
    accepted = taggers.accept(name)

    def work(progress) -> dict:  # the job's result: the synchronous answer, field for field
        info = taggers.fit(name, *planned, progress=progress, accepted=accepted)
        return TaggerInfo.model_validate(info).model_dump(mode="json")

    try:  # queued until its turn: one training at a time
        job_id = accepted.job_id = start_job(ws, "tagger.train", work, starts_itself=True)
    except BaseException:
        taggers.release(accepted)
        raise
    job = get_job(ws, job_id).model_dump(mode="json")
    return JSONResponse(job, status_code=202, headers={"Location": f"/v1/jobs/{job_id}"})


@router.put("/{name}", response_model=TaggerInfo, responses=TRAINING,
            dependencies=[require("admin")])  # fmt: skip
def train_tagger(body: TrainRequest, request: Request, name: str = TaggerName, wait: bool = WAIT):
    """Train a new version from labelled examples; the previous version serves until it is ready.
    As PUT replaces, the new version is this body alone: its examples and its options, an option
    left out at its default. With `append` it adds to the live version instead: its examples
    after the live one's, its options those of the live version (multi_label, description,
    unknown_label, threshold) except the ones this body gives (`null` clears one). Returns the
    cross-validated figures."""
    return fitted_or_started(request, name, lambda: taggers_of(request).training_set(name, body),
                             wait)  # fmt: skip


@router.post("/{name}/retrain", response_model=TaggerInfo, responses=TRAINING,
             dependencies=[require("admin")])  # fmt: skip
def retrain_tagger(request: Request, name: str = TaggerName, wait: bool = WAIT):
    """A new version from the live one's examples and options, on the server's current analyzer
    settings (see `warning` in GET /v1/taggers/{name}); the previous version serves meanwhile."""
    return fitted_or_started(request, name, lambda: taggers_of(request).retraining_set(name),
                             wait)  # fmt: skip


@router.post("/{name}/rollback", response_model=TaggerInfo, dependencies=[require("admin")])
def rollback_tagger(body: RollbackRequest, request: Request, name: str = TaggerName) -> dict:
    """Serve a saved version again (one of `versions`): predictions, /v1/tag's `tags` and
    retraining use it from now on. Nothing is deleted; the next training makes a new version.
    Answered at once, even while a training of it runs: that training's version is then saved
    but not made live (its answer says so, `live: false`); roll forward to it to serve it."""
    try:
        return taggers_of(request).make_live(name, body.version)
    except TaggerNotFound as error:  # no such tagger, or no such version of it
        raise not_found(error) from None


def bad_examples(error: BadExamples) -> RequestValidationError:
    """A 422 like any other: the field at fault is the examples."""
    return RequestValidationError(
        [{"loc": ("body", "examples"), "msg": str(error), "type": "value_error"}]
    )


@router.post("/{name}/predict", response_model=PredictResponse, dependencies=[require("tag")],
             summary="Predict with a custom tagger")  # fmt: skip
def predict_with_tagger(body: PredictRequest, request: Request, name: str = TaggerName) -> dict:
    """Tag up to 1,000 texts with the live version of tagger `name`: for each, its `label`
    (`unknown` for out-of-scope text: its unknown label, or a top score under its threshold),
    that label's `score`, the `top` 3 labels and their scores, and for a multi-label tagger
    `labels`, every label scoring its threshold or more (null for a single-label tagger)."""
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


# Reading the taggers is part of predicting with them: a `tag` key (a help desk's tagging
# bridge) reads their names and labels as GET /v1/tag/labels reads the built-in ones.
READERS = require("read", "tag")


def shown_to(request: Request, info: dict) -> dict:
    """All of it to a key that may read (or administer); a `tag` key sees a TaggerCard: its
    training figures and warnings (about the examples, the server's settings) are not its
    business."""
    if request.state.scopes & {"read", "admin"}:
        return info
    return {field: info[field] for field in TaggerCard.model_fields}


@router.get("", response_model=TaggerList, dependencies=[READERS])
def list_taggers(request: Request) -> dict:
    """Every tagger, by name, in `items` as every other list (scope `read`; a `tag` key sees
    each one's TaggerCard)."""
    taggers = taggers_of(request)
    return {"items": [shown_to(request, taggers.info(name)) for name in taggers.store.names()]}


@router.get("/{name}", response_model=TaggerInfo | TaggerCard, dependencies=[READERS])
def get_tagger(request: Request, name: str = TaggerName) -> dict:
    """Labels, counts, metrics and versions of one tagger (scope `read`; a `tag` key sees its
    name, live version and labels: a TaggerCard)."""
    try:
        return shown_to(request, taggers_of(request).info(name))
    except TaggerNotFound as error:
        raise not_found(error) from None


@router.delete("/{name}", status_code=204, dependencies=[require("admin")])
def delete_tagger(request: Request, name: str = TaggerName) -> None:
    """Every version, and its tags on the stored items: they leave item answers, exports and
    search hits with it. A training of it accepted and not ended is cancelled, a first one
    too (nothing saved yet): its job says `cancelled`, at once when it had not begun."""
    taggers, ws = taggers_of(request), request.app.state.workspace
    waiting: list[int] = []
    try:
        delete_with_tags(ws.db, name, lambda name: waiting.extend(taggers.delete(name)))
    except TaggerNotFound as error:
        raise not_found(error) from None
    cancel_queued(ws, waiting, str(TaggerDeleted(name)))
