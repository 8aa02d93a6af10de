"""GET/POST /v1/unsubscribe/{token}: the link in every notification, public (no API key: the
token is the person's secret). GET asks to confirm (a mail scanner that follows links must not
opt anyone out), POST opts out, from the page's button or a mail client's one-click
List-Unsubscribe. HTML for a person, in their language (the contact's, else the browser's
Accept-Language, else English); JSON for `Accept: application/json`."""

from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from api.loop.unsubscribe import contact_of_token, unsubscribe
from api.params import reader_languages
from api.ready import sql_workspace
from api.storage.tables import Contact

router = APIRouter(tags=["loop"])
UNKNOWN = (
    "this unsubscribe link is unknown: it may have been mistyped, or the person's data was "
    "erased (nothing is sent to an erased person)"
)

# Each page as (title, text), in the languages the messages are written in (templates.LANGUAGES).
PAGES: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "ask": ("Stop these messages?", "You are told when something you asked for ships or is "
                "declined."),
        "done": ("Unsubscribed", "You will not be told about our product decisions any more."),
        "unknown": ("Unknown link", UNKNOWN),
    },
    "fr": {
        "ask": ("Ne plus recevoir ces messages ?", "Nous vous écrivons quand ce que vous avez "
                "demandé est livré ou refusé."),
        "done": ("Désabonnement confirmé", "Vous ne recevrez plus de messages sur nos décisions "
                 "produit."),
        "unknown": ("Lien inconnu", "Ce lien de désabonnement est inconnu : il a peut-être été "
                    "mal recopié, ou les données de la personne ont été effacées (rien n'est "
                    "envoyé à une personne effacée)."),
    },
}  # fmt: skip
BUTTONS = {"en": "Unsubscribe", "fr": "Se désabonner"}


def wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def page_language(request: Request, contact: Contact | None = None) -> str:
    """The contact's language when it is on file and a page is written in it; else the first of
    the browser's (Accept-Language) that is; else English."""
    if contact is not None and contact.language in PAGES:
        return contact.language
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
        return JSONResponse({"message": UNKNOWN}, status_code=404)
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
        opted_out, language = not contact.notifications, page_language(request, contact)
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
        language = page_language(request, contact)
        done = unsubscribe(session, token)
    if done is None:
        return unknown(request)
    if wants_json(request):
        return JSONResponse(done)
    return page(language, "done")
