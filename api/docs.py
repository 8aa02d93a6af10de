"""OpenAPI docs, Swagger UI at /docs and ReDoc at /redoc, served with the files of the
fastapi-offline package: no CDN. Its Swagger UI is 5.x, which reads the OpenAPI 3.1 schema that
FastAPI writes (swagger-ui-bundle's 4.15 said "does not specify a valid version field")."""

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

# The package's files (swagger-ui-bundle.js, swagger-ui.css, redoc.standalone.js, favicon.png)
FILES = Path(fastapi_offline.__file__).parent / "static"
PREFIX = "/static/docs"


def install(app: FastAPI) -> None:
    app.mount(PREFIX, StaticFiles(directory=FILES), name="docs-files")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url,
            title=f"{app.title} API",
            swagger_js_url=f"{PREFIX}/swagger-ui-bundle.js",
            swagger_css_url=f"{PREFIX}/swagger-ui.css",
            swagger_favicon_url=f"{PREFIX}/favicon.png",
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        page = get_redoc_html(
            openapi_url=app.openapi_url,
            title=f"{app.title} API",
            redoc_js_url=f"{PREFIX}/redoc.standalone.js",
            redoc_favicon_url=f"{PREFIX}/favicon.png",
            with_google_fonts=False,  # fonts.googleapis.com is a CDN too
        )
        page.headers["Content-Security-Policy"] = REDOC_POLICY
        return page


# ReDoc's footer shows Redocly's logo from cdn.redoc.ly, and no option turns it off: images from
# here only, so the page calls no other host (the image fails, and ReDoc leaves it out).
REDOC_POLICY = "img-src 'self' data: blob:; frame-ancestors 'none'"
