"""Liveness and readiness."""

import time
from typing import Literal

from fastapi import APIRouter, Request, Response, status
from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError, InterfaceError, OperationalError

from api.failures import database_failure_named, database_place, failure_summary
from api.ops.disk import low_disk_space
from api.storage.db import Database
from api.storage.migrate import SCHEMA_MISSING, head_revision

router = APIRouter(tags=["health"])


class Alive(BaseModel):
    status: Literal["ok"]


class StartFailed(BaseModel):
    status: Literal["failed"]
    error: str = Field(..., description="Why the start failed (models, stores): fix and restart.")


class Ready(BaseModel):
    status: Literal["ready"]
    embedder: str
    stages: list[str]


class NotReady(BaseModel):
    """/readyz's 503: a load balancer stops routing here; `error` says why (null while loading)."""

    status: Literal["loading", "failed", "database unavailable", "database schema missing",
                    "low disk space"]  # fmt: skip
    error: str | None


# Their 503s carry the state above, not a Problem: api/openapi.py keeps a body declared here.
HEALTHZ_ANSWERS = {
    200: {"model": Alive, "description": "The process can serve"},
    503: {"model": StartFailed, "description": "The start failed: restart once fixed"},
}
READYZ_ANSWERS = {
    200: {"model": Ready, "description": "Ready: the models are loaded, the stores answer"},
    503: {"model": NotReady, "description": "Not ready (yet): `status` and `error` say why"},
}
SCHEMA_CHECK_S = 5.0  # a load balancer probes every few seconds: the revision is read this often


def schema_problem(db: Database) -> str | None:
    """Why the database is not at this Boucle's schema (None: it is). A database dropped and
    recreated empty under a running server answered every request with a 500 while /readyz said
    ready."""
    try:
        with db.engine.connect() as connection:
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except (OperationalError, InterfaceError) as error:
        if "no such table" not in str(error):  # SQLite's word for a missing table
            raise  # the database is down: the caller says so
        return f"{SCHEMA_MISSING} ({failure_summary(error)})"  # it names the table
    except DatabaseError as error:  # PostgreSQL: relation "alembic_version" does not exist
        return f"{SCHEMA_MISSING} ({failure_summary(error)})"
    if revision != head_revision():
        return f"{SCHEMA_MISSING} (at revision {revision}, this Boucle needs {head_revision()})"
    return None


def cached_schema_problem(state) -> str | None:
    checked = getattr(state, "schema_checked", None)
    if checked is None or time.monotonic() - checked[0] > SCHEMA_CHECK_S:
        checked = (time.monotonic(), schema_problem(state.workspace.db))
        state.schema_checked = checked
    return checked[1]


# HEAD too: uptime monitors and load balancers often probe with it. HEAD is left out of the
# OpenAPI document: one function under two methods gave two operations one operationId.
@router.get("/healthz", summary="The process answers", response_model=None,
            responses=HEALTHZ_ANSWERS)  # fmt: skip
@router.head("/healthz", include_in_schema=False)
def healthz(request: Request, response: Response) -> dict:
    """ok while the process can serve; a start that failed (models, stores) is not ok: an
    orchestrator restarts it rather than keep a server that answers 503 to every call."""
    if request.app.state.load_error is not None:
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
        return {"status": "failed", "error": request.app.state.load_error}
    return {"status": "ok"}


@router.get("/readyz", summary="Models are loaded and the API can tag", response_model=None,
            responses=READYZ_ANSWERS)  # fmt: skip
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
            problem = cached_schema_problem(state)
        except (OperationalError, InterfaceError) as error:
            response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
            # where and the error's type and SQLSTATE: any reader may see it, and a message
            # may quote a connection's parameters
            where = database_place(state.workspace.db.engine.url)
            said = f"cannot connect to {where} ({database_failure_named(error)})"
            return {"status": "database unavailable", "error": said}
        if problem is not None:
            response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
            return {"status": "database schema missing", "error": problem}
    settings = state.settings  # a full disk kills the process without a word: say it first
    if (problem := low_disk_space(settings.data_dir, settings.min_free_mb)) is not None:
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
        return {"status": "low disk space", "error": problem}
    analyzer = state.tagger.analyzer
    return {"status": "ready", "embedder": analyzer.config.embedder, "stages": analyzer.stage_names}
