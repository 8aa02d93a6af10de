"""GET/POST /v1/unsubscribe/{token}: the link in every notification, public (no API key: the
token is the person's secret). GET asks to confirm (a mail scanner that follows links must not
opt anyone out), POST opts out, from the page's button or a mail client's one-click
List-Unsubscribe. HTML for a person, in their language (the contact's, else their latest
message's, else the browser's Accept-Language, else English); JSON for `Accept: application/json`."""

from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.orm import Session

from api.errors import problem_answer
from api.loop.unsubscribe import contact_of_token, last_message_language, unsubscribe
from api.loop.unsubscribe_texts import BUTTONS, PAGES, UNKNOWN
from api.params import reader_languages
from api.ready import sql_workspace
from api.storage.tables import Contact

router = APIRouter(tags=["loop"])


def wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def page_language(request: Request, session: Session | None = None,
                  contact: Contact | None = None) -> str:  # fmt: skip
    """The contact's language when a page is written in it; else the one their latest message
    was written in; else the first of the browser's (Accept-Language) there is a page in; else
    English."""
    if contact is not None and session is not None:
        for known in (contact.language, last_message_language(session, contact)):
            if known in PAGES:
                return known
    accepted = reader_languages(None, request.headers.get("accept-language"))
    return next((code for code in accepted if code in PAGES), "en")


def page(language: str, which: str, status_code: int = 200) -> HTMLResponse:
    title, text = PAGES[language][which]
    form = (f'<form method="post"><button type="submit">{BUTTONS[language]}</button></form>'
            if which == "ask" else "")  # fmt: skip
    return HTMLResponse(
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
        f'<meta name="robots" content="noindex"><title>{escape(title)}</title></head><body>'
        f"<h1>{escape(title)}</h1><p>{escape(text)}</p>{form}</body></html>",
        status_code=status_code,
    )


def unknown(request: Request) -> Response:
    if wants_json(request):
        return problem_answer(404, UNKNOWN)
    return page(page_language(request), "unknown", status_code=404)


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
        opted_out, language = not contact.notifications, page_language(request, session, contact)
    if wants_json(request):
        return JSONResponse({"unsubscribed": opted_out, "confirm": "POST this URL to opt out"})
    return page(language, "done" if opted_out else "ask")


@router.post("/v1/unsubscribe/{token}", summary="Opt out of notifications (one click)",
             responses=PAGE_OR_JSON)  # fmt: skip
def opt_out(token: str, request: Request) -> Response:
    """Opts the person (every contact with the address) out; what waits for them is
    cancelled. Doing it again changes nothing."""
    ws = sql_workspace(request)
    with ws.write_lock, ws.db.session() as session:
        contact = contact_of_token(session, token)
        language = page_language(request, session, contact)
        done = unsubscribe(session, token)
    if done is None:
        return unknown(request)
    if wants_json(request):
        return JSONResponse(done)
    return page(language, "done")
