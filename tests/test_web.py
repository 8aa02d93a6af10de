"""The product manager's page as the API serves it: the page, its assets, plotly.js from the plotly
package, no reference to another host, and all of it while the models are still loading."""

import re
import tomllib
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path

import plotly
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from api.web import routes as web
from api.webhooks.event_names import EVENTS

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "api" / "web" / "static"
PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
# Namespace names that JS needs to build SVG: identifiers, never fetched.
NAMESPACES = {"http://www.w3.org/2000/svg"}


@pytest.fixture
def loading_client(tmp_path: Path) -> TestClient:
    """The app before its models have loaded (no tagger, no lifespan)."""
    return TestClient(create_app(Settings(data_dir=tmp_path / "data", worker=False)))


class References(HTMLParser):
    """Every src and href of the page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value for name, value in attrs if name in ("src", "href") and value]


def references(html: str) -> list[str]:
    parser = References()
    parser.feed(html)
    return parser.urls


def test_root_redirects_to_the_page(loading_client: TestClient) -> None:
    response = loading_client.get("/", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/app"


def test_page_is_served_while_models_load(loading_client: TestClient) -> None:
    page = loading_client.get("/app")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "<title>Boucle" in page.text
    for view in ("view-themes", "view-needs", "view-search", "view-voc", "view-webhooks"):
        assert f'id="{view}"' in page.text
    # The page only calls the API, which says it is not ready yet.
    assert loading_client.get("/v1/themes").status_code == 503
    assert loading_client.get("/readyz").status_code == 503


def test_page_names_the_currency_of_its_amounts(tmp_path: Path) -> None:
    """money() in core.js writes every ARR in the body's data-currency: BOUCLE_CURRENCY."""
    client = TestClient(
        create_app(Settings(data_dir=tmp_path / "data", worker=False, currency="usd"))
    )
    assert '<body data-plotly="/static/web/plotly.min.js?v=' in client.get("/app").text
    assert 'data-currency="USD"' in client.get("/app").text
    core = (STATIC / "core.js").read_text(encoding="utf-8")
    assert "document.body.dataset.currency" in core and 'style: "currency"' in core


def test_page_names_the_time_zone_of_its_days(tmp_path: Path) -> None:
    """The page's date ranges, weeks and dates are the days the API reads (BOUCLE_TIMEZONE): the
    page bootstrap names the zone, core.js reads it (the browser test checks the days)."""
    settings = Settings(data_dir=tmp_path / "data", worker=False, timezone="Pacific/Kiritimati")
    client = TestClient(create_app(settings))
    assert 'data-timezone="Pacific/Kiritimati">' in client.get("/app").text
    core = (STATIC / "core.js").read_text(encoding="utf-8")
    assert "document.body.dataset.timezone" in core


def test_page_names_the_events_a_webhook_may_take(loading_client: TestClient) -> None:
    """The Webhooks tab's checkboxes are the events the API takes (api/webhooks/events.py)."""
    assert f'data-webhook-events="{" ".join(EVENTS)}"' in loading_client.get("/app").text
    assert "document.body.dataset.webhookEvents" in (STATIC / "webhooks.js").read_text("utf-8")


def test_webhooks_are_shown_to_admin_keys_only(loading_client: TestClient) -> None:
    """A webhook sends feedback out: its tab and view are edits, hidden from a reading key
    (the browser test checks that such a key sees neither, nor asks for them)."""
    page = loading_client.get("/app").text
    assert re.search(r'<button role="tab" id="tab-webhooks" class="edit-only"', page)
    assert re.search(r'<section id="view-webhooks" class="view edit-only"', page)


def test_every_voc_chart_offers_its_png(loading_client: TestClient) -> None:
    """Each chart of the VoC view gets its export buttons (the browser test clicks them)."""
    voc = (STATIC / "voc.js").read_text(encoding="utf-8")
    charts = re.findall(r'id="(chart-[\w-]+)"', loading_client.get("/app").text)
    assert len(charts) == 5 and all(f'chartExports("#{chart}"' in voc for chart in charts)


def test_page_forbids_loading_anything_from_elsewhere(loading_client: TestClient) -> None:
    policy = loading_client.get("/app").headers["content-security-policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    for name in ("default-src", "script-src", "connect-src"):
        assert directives[name] == "'self'", name
    assert "http" not in policy


def test_every_asset_the_page_references_is_served_with_its_type(
    loading_client: TestClient,
) -> None:
    urls = references(loading_client.get("/app").text)
    assets = [u for u in urls if u.startswith("/static/")]
    assert {u.split("?")[0] for u in assets} == {
        "/static/web/app.css",
        "/static/web/app.js",
    }
    types = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
    for url in assets:
        response = loading_client.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-type"] == types[Path(url.split("?")[0]).suffix], url
        assert response.headers["x-content-type-options"] == "nosniff"
    assert loading_client.get("/static/web/app.js").content == (STATIC / "app.js").read_bytes()


def test_every_module_the_page_imports_is_served(loading_client: TestClient) -> None:
    seen, todo = set(), ["app.js"]
    while todo:
        name = todo.pop()
        seen.add(name)
        response = loading_client.get(f"/static/web/{name}")
        assert response.status_code == 200, name
        assert response.headers["content-type"] == "text/javascript; charset=utf-8", name
        imported = re.findall(
            r"""^import .*? from "\./([\w-]+\.js)";""", response.text, re.M | re.S
        )
        todo += [m for m in imported if m not in seen]
    assert seen == {p.name for p in STATIC.glob("*.js")}, "every script is used, and only those"


def test_plotly_comes_from_the_installed_package(loading_client: TestClient) -> None:
    page = loading_client.get("/app").text
    version = metadata.version("plotly")
    assert f'data-plotly="/static/web/plotly.min.js?v={version}"' in page
    response = loading_client.get("/static/web/plotly.min.js")
    assert response.status_code == 200
    assert response.content == PLOTLY_JS.read_bytes()
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert not list(STATIC.rglob("plotly*")), "plotly.js must not be copied into the repository"


def test_plotly_is_compressed_once_not_per_visit(loading_client: TestClient) -> None:
    """The gzip middleware compressed the 4.8 MB again for every first visit (~0.2 s of CPU)."""
    web.plotly_gzipped.cache_clear()
    for _ in range(2):
        response = loading_client.get(
            "/static/web/plotly.min.js", headers={"Accept-Encoding": "gzip"}
        )
        assert response.headers["content-encoding"] == "gzip"
        assert response.content == PLOTLY_JS.read_bytes()  # httpx decoded it: the package's bytes
        assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert web.plotly_gzipped.cache_info().misses == 1
    plain = loading_client.get("/static/web/plotly.min.js", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.content == PLOTLY_JS.read_bytes()


def test_plotly_is_not_loaded_up_front(loading_client: TestClient) -> None:
    """plotly.js (4.8 MB) held every list back while it loaded: the page names it for core.js to
    fetch when a chart is drawn, and neither loads nor preloads it itself."""
    page = loading_client.get("/app").text
    assert not [u for u in references(page) if "plotly" in u]
    assert not re.search(r"<(script|link)[^>]*plotly", page)
    assert "document.body.dataset.plotly" in (STATIC / "core.js").read_text(encoding="utf-8")


def test_plotly_is_pinned_to_the_installed_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert f"plotly=={metadata.version('plotly')}" in project["dependencies"]


def test_static_files_are_package_data() -> None:
    """A wheel carries every file under api/web/static (the package-data globs cover them)."""
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["api"]
    for path in STATIC.rglob("*"):
        if path.is_file():
            relative = path.relative_to(ROOT / "api")
            assert any(relative.match(p) for p in patterns), f"{relative} is not package data"


@pytest.mark.parametrize("name", sorted(p.name for p in STATIC.iterdir() if p.is_file()))
def test_no_reference_to_another_host(name: str) -> None:
    text = (STATIC / name).read_text(encoding="utf-8")
    found = set(re.findall(r"""(?:https?:)?//[\w.-]+\.[a-z]{2,}[^\s"'`)]*""", text, re.I))
    assert found <= NAMESPACES, f"{name} refers to other hosts: {sorted(found - NAMESPACES)}"
    assert not re.search(r"@import|url\((?!\s*['\"]?data:)", text), f"{name} loads another file"


def test_html_loads_only_local_assets(loading_client: TestClient) -> None:
    for url in references(loading_client.get("/app").text):
        assert url.startswith(("/", "#", "data:")), url


@pytest.mark.parametrize(
    "path",
    [
        "/static/web/nope.js",
        "/static/web/index.html",
        "/static/web/..%2Froutes.py",
        "/static/web/%2E%2E%2F__init__.py",
        "/static/web/../web/routes.py",
    ],
)
def test_only_the_shipped_assets_are_served(loading_client: TestClient, path: str) -> None:
    assert loading_client.get(path).status_code == 404


def test_page_routes_stay_out_of_the_api_description(loading_client: TestClient) -> None:
    paths = loading_client.get("/openapi.json").json()["paths"]
    assert not [p for p in paths if p in ("/", "/app") or p.startswith("/static")]


def test_page_is_public_when_the_api_needs_keys(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", worker=False, api_keys={"k-read": ["read"]})
    client = TestClient(create_app(settings))
    assert client.get("/app").status_code == 200
    assert client.get("/static/web/app.js").status_code == 200
    assert client.get("/static/web/plotly.min.js").status_code == 200


def test_page_calls_only_the_api() -> None:
    """Every path the scripts fetch is an API route (or readiness)."""
    script = "\n".join(p.read_text(encoding="utf-8") for p in STATIC.glob("*.js"))
    fetched = re.findall(r"""(?:api|fetch)\(\s*[`"'](/[^`"'?$]*)""", script)
    assert fetched
    assert all(p.startswith(("/v1/", "/readyz")) for p in fetched), fetched
