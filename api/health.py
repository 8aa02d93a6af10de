"""Liveness and readiness."""

from fastapi import APIRouter, Request, Response, status
from sqlalchemy import text
from sqlalchemy.exc import InterfaceError, OperationalError

router = APIRouter(tags=["health"])


# HEAD too: uptime monitors and load balancers often probe with it. HEAD is left out of the
# OpenAPI document: one function under two methods gave two operations one operationId.
@router.get("/healthz", summary="The process answers")
@router.head("/healthz", include_in_schema=False)
def healthz() -> dict:
    return {"status": "ok"}


@router.get("/readyz", summary="Models are loaded and the API can tag")
@router.head("/readyz", include_in_schema=False)
def readyz(request: Request, response: Response) -> dict:
    state = request.app.state
    if state.tagger is None:
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
        return {
            "status": "loading" if state.load_error is None else "failed",
            "error": state.load_error,
        }
    if state.workspace is not None:  # a load balancer should stop routing to a server whose
        try:  # database is gone
            with state.workspace.db.session() as session:
                session.execute(text("SELECT 1"))
        except (OperationalError, InterfaceError) as error:
            response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
            reason = str(getattr(error, "orig", error)).strip().splitlines()[0][:300]
            return {"status": "database unavailable", "error": reason}
    analyzer = state.tagger.analyzer
    return {"status": "ready", "embedder": analyzer.config.embedder, "stages": analyzer.stage_names}
