"""GET/POST /v1/unsubscribe/{token}: the link in every notification, public (no API key: the
token is the person's secret). GET asks to confirm (a mail scanner that follows links must not
opt anyone out), POST opts out, from the page's button or a mail client's one-click
List-Unsubscribe. HTML for a person, JSON for `Accept: application/json`."""

from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from api.loop.unsubscribe import contact_of_token, unsubscribe
from api.ready import sql_workspace

router = APIRouter(tags=["loop"])
UNKNOWN = (
    "this unsubscribe link is unknown: it may have been mistyped, or the person's data was "
    "erased (nothing is sent to an erased person)"
)

DONE = ("Unsubscribed", "You will not be told about our product decisions any more. / Vous ne "
        "recevrez plus ces messages.")  # fmt: skip


def wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def page(title: str, text: str, button: bool = False, status_code: int = 200) -> HTMLResponse:
    form = ('<form method="post"><button type="submit">Unsubscribe / Se désabonner</button>'
            "</form>") if button else ""  # fmt: skip
    return HTMLResponse(
        f'<!doctype html><html><head><meta charset="utf-8"><meta name="robots" content="noindex">'
        f"<title>{escape(title)}</title></head><body><h1>{escape(title)}</h1>"
        f"<p>{escape(text)}</p>{form}</body></html>",
        status_code=status_code,
    )


def unknown(request: Request) -> Response:
    if wants_json(request):
        return JSONResponse({"message": UNKNOWN}, status_code=404)
    return page("Unknown link", UNKNOWN, status_code=404)


# a person's browser gets a page, a JSON client (Accept: application/json) the same as JSON
PAGE_OR_JSON = {
    200: {"content": {"text/html": {}}},
    404: {"content": {"text/html": {}, "application/json": {}}},
}


@router.get("/v1/unsubscribe/{token}", summary="Confirm an opt-out (the notifications' link)",
            responses=PAGE_OR_JSON)  # fmt: skip
def ask(token: str, request: Request) -> Response:
    """Asks to confirm; changes nothing (a link scanner follows GETs)."""
    with sql_workspace(request).db.session() as session:
        contact = contact_of_token(session, token)
        if contact is None:
            return unknown(request)
        opted_out = not contact.notifications
    if wants_json(request):
        return JSONResponse({"unsubscribed": opted_out, "confirm": "POST this URL to opt out"})
    if opted_out:
        return page(*DONE)
    return page("Stop these messages?", "You are told when something you asked for ships or is "
                "declined. / Vous êtes prévenu quand ce que vous avez demandé est livré ou "
                "refusé.", button=True)  # fmt: skip


@router.post("/v1/unsubscribe/{token}", summary="Opt out of notifications (one click)",
             responses=PAGE_OR_JSON)  # fmt: skip
def opt_out(token: str, request: Request) -> Response:
    """Opts the person (every contact with the address) out; what waits for them is
    cancelled. Doing it again changes nothing."""
    ws = sql_workspace(request)
    with ws.write_lock, ws.db.session() as session:
        done = unsubscribe(session, token)
    if done is None:
        return unknown(request)
    if wants_json(request):
        return JSONResponse(done)
    return page(*DONE)
