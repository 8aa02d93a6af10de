"""The product manager's page at /app, its assets under /static/web/, and plotly.js from the
installed plotly package (no CDN). The page only calls the API, so it loads while models load."""

import gzip
from functools import cache
from html import escape
from importlib import metadata
from pathlib import Path

import plotly
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from api.errors import NotFound
from api.loop.default_templates import LANGUAGES
from api.webhooks.event_names import EVENTS

router = APIRouter(include_in_schema=False)

STATIC = Path(__file__).resolve().parent / "static"
PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
PLOTLY_VERSION = metadata.version("plotly")
TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}
# Everything the page loads comes from this server; Plotly sets inline styles on its charts.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"}


def assets() -> dict[str, Path]:
    """The files the page may load, by name: the scripts, styles and images in static/."""
    return {p.name: p for p in STATIC.iterdir() if p.is_file() and p.suffix in TYPES}


@router.get("/")
def root() -> RedirectResponse:
    return RedirectResponse("/app", status_code=307)


@router.api_route("/app", methods=["GET", "HEAD"])
def page(request: Request) -> Response:
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    html = html.replace("{{plotly_version}}", PLOTLY_VERSION)
    # three capital letters (api/settings.py): nothing to escape
    html = html.replace("{{currency}}", request.app.state.settings.currency)
    # the days the API reads and buckets periods in: the page's date ranges and labels use them
    html = html.replace("{{timezone}}", escape(request.app.state.settings.timezone, quote=True))
    # the events a webhook may take, for its checkboxes (dotted names: nothing to escape)
    html = html.replace("{{webhook_events}}", " ".join(EVENTS))
    # the languages loop messages go out in, a need's title for each (ISO 639-1: nothing to escape)
    html = html.replace("{{message_languages}}", " ".join(LANGUAGES))
    headers = {**SECURITY, "Cache-Control": "no-cache"}
    return Response(html, media_type="text/html; charset=utf-8", headers=headers)


@cache
def plotly_gzipped() -> bytes:
    """Compressed once per process: the gzip middleware spent ~0.2 s of CPU on its 4.8 MB for
    every first visit, while the page waited to draw its first chart."""
    return gzip.compress(PLOTLY_JS.read_bytes(), compresslevel=9, mtime=0)


@router.api_route("/static/web/plotly.min.js", methods=["GET", "HEAD"])
def plotly_js(request: Request) -> Response:
    """plotly.js exactly as the installed plotly package ships it (gzipped to clients that take it)."""
    headers = {**SECURITY, "Cache-Control": "public, max-age=86400", "Vary": "Accept-Encoding"}
    if "gzip" not in request.headers.get("accept-encoding", ""):
        return FileResponse(PLOTLY_JS, media_type=TYPES[".js"], headers=headers)
    headers["Content-Encoding"] = "gzip"  # the gzip middleware leaves an encoded answer as it is
    return Response(plotly_gzipped(), media_type=TYPES[".js"], headers=headers)


@router.api_route("/static/web/{name}", methods=["GET", "HEAD"])
def asset(name: str) -> FileResponse:
    path = assets().get(name)
    if path is None:
        raise NotFound(f"no page asset named {name}")
    headers = {**SECURITY, "Cache-Control": "no-cache"}
    return FileResponse(path, media_type=TYPES[path.suffix], headers=headers)
