"""What a route waits for before it answers: the models (tagging, search, ingestion:
require_ready), or only the SQL store (reports that count what is stored, as the VoC reads do:
require_database). The store opens first, in seconds, so those answer while the models load."""

from fastapi import HTTPException, Request, status

from api.workspace import Workspace


def no_failed_start(request: Request) -> None:
    if request.app.state.load_error is not None:  # waiting would not help: say why
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            f"the service failed to start ({request.app.state.load_error}): fix it and restart "
            "the server",
        )


def retry_soon(what: str) -> HTTPException:
    return HTTPException(
        status.HTTP_503_SERVICE_UNAVAILABLE,
        f"{what}: retry in a few seconds (GET /readyz says when ready)",
        headers={"Retry-After": "2"},
    )


async def require_ready(request: Request) -> None:
    no_failed_start(request)
    if request.app.state.tagger is None:
        raise retry_soon("models are still loading")


async def require_database(request: Request) -> None:
    no_failed_start(request)
    if request.app.state.workspace is None and request.app.state.sql_workspace is None:
        raise retry_soon("the database is still opening")


def sql_workspace(request: Request) -> Workspace:
    """The workspace once the models are in, before that its SQL store alone (require_database):
    the settings and the database, nothing that analyses text."""
    return request.app.state.workspace or request.app.state.sql_workspace
