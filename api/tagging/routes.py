"""POST /v1/tag and /v1/tag/batch: nothing is stored, the analysis comes straight back."""

import logging

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool

from api.disconnect import stop_when_gone
from api.errors import server_stopping
from api.security import require
from api.tagging.schemas import (
    BatchRequest,
    BatchResponse,
    BatchResultItem,
    LabelsResponse,
    TagRequest,
    TagResult,
)
from api.tagging.service import Abandoned, labels_in_force

log = logging.getLogger("boucle.tagging")
# nginx's "client closed request": what the access log shows for a batch stopped half-way
CLIENT_GONE = 499
router = APIRouter(prefix="/v1/tag", tags=["tagging"], dependencies=[require("tag")])


@router.post("", name="tag", response_model=TagResult, summary="Tag one ticket")
async def tag_one(body: TagRequest, request: Request) -> TagResult:
    # On the event loop while the analyzer is free: one ticket takes a few milliseconds, and
    # handing the GIL between two threads costs more than that at the tail (p99). While bulk
    # work holds it, wait in a thread instead, or every other request would wait too.
    tagger = request.app.state.tagger
    result = tagger.tag_now(body.text, body.language, body.names)
    if result is None:
        result = await run_in_threadpool(tagger.tag, body.text, body.language, body.names)
    return result


@router.post("/batch", response_model=BatchResponse, summary="Tag up to 1,000 tickets")
def tag_batch(body: BatchRequest, request: Request) -> BatchResponse | Response:
    try:
        results = request.app.state.tagger.tag_many(
            [item.text for item in body.items],
            [item.language for item in body.items],
            stop=stop_when_gone(request),
            names=[item.names for item in body.items],
        )
    except Abandoned as stopped:
        if request.app.state.stopping.is_set():  # said once for all by the shutdown's line
            return server_stopping()
        log.info("POST /v1/tag/batch: client gone, %s", stopped)
        return Response(status_code=CLIENT_GONE)
    return BatchResponse(
        items=[
            BatchResultItem(id=item.id, **result.model_dump())
            for item, result in zip(body.items, results, strict=True)
        ]
    )


@router.get("/labels", response_model=LabelsResponse, summary="Labels and thresholds in force")
def list_tag_labels(request: Request) -> LabelsResponse:
    return labels_in_force(request.app.state.tagger.analyzer)
