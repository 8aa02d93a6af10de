"""Every bad request gets a 4xx whose message names the field and says what to fix."""

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse


def _field(location: tuple) -> str:
    parts = [str(part) for part in location if part != "body"]
    return ".".join(parts) or "body"


def _problem(error: dict) -> dict:
    field = _field(tuple(error.get("loc", ())))
    message = error.get("msg", "invalid value")
    if error.get("type") == "json_invalid":
        message = f"the body is not valid JSON ({error.get('ctx', {}).get('error', 'parse error')})"
        field = "body"
    elif error.get("type") == "missing":
        message = "this field is required"
    elif error.get("type") == "extra_forbidden":
        message = "unknown field: remove it"
    return {"field": field, "message": message.removeprefix("Value error, ")}


async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    problems = [_problem(error) for error in exc.errors()]
    summary = "; ".join(f"{p['field']}: {p['message']}" for p in problems[:5])
    return JSONResponse(status_code=422, content={"message": summary, "errors": problems})


class NotFound(LookupError):
    """Something asked for by id is not stored; the message names it."""


class Conflict(ValueError):
    """A request that contradicts the stored state; the message says what to change."""


async def not_found(request: Request, exc: NotFound) -> JSONResponse:
    return JSONResponse(status_code=404, content={"message": str(exc)})


async def conflict(request: Request, exc: Conflict) -> JSONResponse:
    return JSONResponse(status_code=409, content={"message": str(exc)})


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(Conflict, conflict)
