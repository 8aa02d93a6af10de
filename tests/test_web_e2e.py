"""The product manager's page in a real browser: Debian's Chromium, headless, driven by Playwright,
against `python -m api serve` on a demo workspace. Set BOUCLE_SCREENSHOTS=1 to write the
screenshots of docs/screenshots/ (1280x800) while the tests run.

Chromium comes from apt (`make test` installs it); never `playwright install` (a CDN download)."""

import csv
import json
import math
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.accounts.schemas import AccountIn
from api.accounts.service import upsert_account
from api.settings import Settings
from api.storage.tables import Need, VectorHome
from api.workspace import open_sql_workspace
from tests.demo_template import SHOOT, copy_of_demo
from tests.processes import free_port, wait_ready
from tests.test_theme_trust import BATTERY  # a topic the demo's themes do not know

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = ROOT / "docs" / "screenshots"
WIDE = {"width": 1280, "height": 800}
EXPECT_S = 15
VOC_CARDS = 5  # NPS, CSAT, their response rates, accounts at risk
expect.set_options(timeout=EXPECT_S * 1000)

# The server's start, measured on a 2-core host loading four demos at once: ready in 12 s. This
# limit leaves a host several times slower room, and costs nothing on a fast one.
READY_S = 300
# Every call the tests make to the server (the http fixture's, prepare()'s), answered while the
# worker still tags the demo: httpx's 5 s default flaked under CI load.
HTTP_S = 60


@pytest.fixture(scope="module")
def served_data(tmp_path_factory: pytest.TempPathFactory, demo_data_dir: Path) -> Path:
    """The data folder of the module's server: a copy of the run's demo, its own."""
    return copy_of_demo(demo_data_dir, tmp_path_factory.mktemp("web") / "data")


@pytest.fixture(scope="module")
def server(served_data: Path):
    """A real server on a fresh demo workspace, worker thread on, no API keys, no rate limit: a
    test's own requests are not what it checks."""
    data = served_data
    log = data.parent / "serve.log"
    env = {**os.environ, "BOUCLE_DATA_DIR": str(data), "BOUCLE_WORKER": "true",
           "BOUCLE_WORKER_INTERVAL_S": "0.5", "BOUCLE_RATE_LIMIT_PER_MINUTE": "0",
           "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "2"}  # fmt: skip
    env.pop("BOUCLE_API_KEYS", None)
    port = free_port()
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "api", "serve", "--port", str(port)],
                                   cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(process, base, READY_S, log)
        with client(base) as http:
            prepare(http)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def client(base: str) -> httpx.Client:
    return httpx.Client(base_url=base, timeout=HTTP_S)


@pytest.fixture(scope="module")
def http(server: str):
    """The tests' own calls to the module's server, all with HTTP_S to answer."""
    with client(server) as http:
        yield http


def prepare(http: httpx.Client) -> None:
    """What a PM would have done already: an effort on the top need, and an overridden factor on
    a planned or started one (the test ships an open one)."""
    ranked = http.get("/v1/priorities").json()["items"]
    started = [n for n in ranked[1:] if n["status"] != "open"]
    assert ranked and started, ranked
    for need, body in ((ranked[0], {"effort": 2}), (started[0], {"rice_overrides": {"impact": 3}})):
        response = http.patch(f"/v1/needs/{need['need_id']}", json=body)
        assert response.status_code == 200, response.text


def test_the_server_changes_its_own_copy_of_the_runs_demo(
    server: str, served_data: Path, demo_data_dir: Path
) -> None:
    """The demo is loaded once per run and each module's server serves a copy of its own
    (tests/demo_template.py): the server claimed the vector store of its copy, and the factor
    prepare() overrode through it is not in the demo that the next module copies."""
    assert served_data.resolve() != demo_data_dir.resolve()
    for data in (served_data, demo_data_dir):
        with sql_session(data) as session:
            home = session.scalar(select(VectorHome.location))
        assert home.endswith(f":{(data / 'qdrant').resolve()}"), (data, home)
    with sql_session(demo_data_dir) as session:
        overrides = session.scalars(select(Need.rice_overrides)).all()
    assert overrides and not any(overrides), overrides


@contextmanager
def sql_session(data: Path) -> Iterator[Session]:
    """A unit of work on the workspace in `data`, its database alone: beside the server on it."""
    ws = open_sql_workspace(Settings(data_dir=data, worker=False))
    try:
        with ws.db.session() as session:
            yield session
    finally:
        ws.close()


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium (make test)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


class Watch:
    """Requests to other hosts and script errors seen by a page."""

    def __init__(self, page: Page, base: str) -> None:
        self.host = urlsplit(base).netloc
        self.external: list[str] = []
        self.errors: list[str] = []
        self.expected: tuple[str, ...] = ()  # errors a test provokes on purpose
        page.on("request", self.request)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

    def request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "blob") and parts.netloc != self.host:
            self.external.append(request.url)


def open_page(browser: Browser, server: str, viewport: dict = WIDE, view: str = "", **options):
    """The page at `view` (a link's hash: "#needs?need=3"); `options` go to the browser's page
    (a locale)."""
    page = browser.new_page(viewport=viewport, **options)
    watch = Watch(page, server)
    page.goto(f"{server}/app{view}")
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    return page, watch


@pytest.fixture
def page(browser: Browser, server: str):
    page, watch = open_page(browser, server)
    page.watch = watch
    yield page
    page.close()
    assert not watch.external, f"the page called other hosts: {watch.external}"
    errors = [e for e in watch.errors if not any(part in e for part in watch.expected)]
    assert not errors, f"errors in the page: {errors}"


def shot(page: Page, name: str) -> None:
    if SHOOT:
        page.evaluate("document.getElementById('toast').hidden = true; document.activeElement.blur();"
                      " scrollTo(0, 0)")  # fmt: skip
        page.wait_for_timeout(300)  # charts finish their layout
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name}.png")


def test_theme_names_follow_the_browser_language(
    browser: Browser, server: str, http: httpx.Client
) -> None:
    """A French browser (Accept-Language: fr-FR) reads the French label of a theme that holds
    English and French insights, and sees the English one beside it."""
    theme = mixed_language_theme(http)
    page, watch = open_page(browser, server, locale="fr-FR")
    row = page.locator(f".theme-row.theme[data-theme='{theme['id']}']")
    expect(row.locator(".theme-name")).to_contain_text(theme["names"]["fr"])
    row.click()
    expect(page.locator("#theme-detail h2")).to_contain_text(theme["names"]["fr"])
    expect(page.locator("#theme-names")).to_contain_text(f"en “{theme['names']['en']}”")
    page.close()
    assert not watch.external and not watch.errors, (watch.external, watch.errors)


def test_refit_from_the_page(page: Page) -> None:
    page.click("#refit")
    expect(page.locator("#refit-state")).to_be_visible()
    message = page.locator("#refit-message")
    expect(message).to_have_text(re.compile(r"^Refit (done|failed)"), timeout=100_000)
    assert message.inner_text().startswith("Refit done"), message.inner_text()
    # what changed, from the job's summary, not only how many themes there are now
    assert re.search(r": \d+ kept, \d+ new, \d+ merged, \d+ retired\.$", message.inner_text())
    expect(page.locator(".theme-row").first).to_be_visible()
    assert page.locator(".theme-row.theme").count() >= 2


def seed(page: Page, name: str, examples: list[str]) -> None:
    page.click("#seed-box summary")
    page.fill("#seed-name", name)
    page.fill("#seed-examples", "\n".join(examples))
    page.click("#seed-form button[type=submit]")
    expect(page.locator("#toast")).to_contain_text(f"Seeded “{name}”")
    expect(page.locator("#theme-detail h2")).to_contain_text(name)
    expect(page.locator("#theme-detail .lineage")).to_contain_text("seeded")


def test_themes_seed_rename_merge_and_open(page: Page) -> None:
    seed(page, "Invoices and VAT", ["The invoice PDF shows the wrong VAT rate",
                                    "La TVA est fausse sur nos factures"])  # fmt: skip
    page.fill("#rename-input", "VAT on invoices")
    page.click("#rename-input ~ button")
    expect(page.locator(".theme-row", has_text="VAT on invoices")).to_be_visible()

    seed(page, "Night theme", ["Please add a dark mode", "Un mode sombre serait top"])
    source = page.locator("#merge-source option", has_text="VAT on invoices")
    page.select_option("#merge-source", source.get_attribute("value"))
    asked: list[str] = []  # a merge asks first: the page has no undo
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.click("#merge-source ~ button")
    expect(page.locator(".theme-row", has_text="VAT on invoices")).to_have_count(1)
    assert asked and "Merge “VAT on invoices” into “Night theme”?" in asked[0]
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#merge-source ~ button")
    expect(page.locator("#toast")).to_contain_text("Merged into “Night theme”")
    expect(page.locator(".theme-row", has_text="VAT on invoices")).to_have_count(0)
    expect(page.locator("#theme-detail .lineage")).to_contain_text("merged")
    # a seeded theme (one made by mistake) is deleted from its detail, after a confirm
    asked.clear()
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.click("#delete-theme")
    assert asked and asked[0].startswith("Delete “Night theme”?"), asked
    expect(page.locator(".theme-row", has_text="Night theme")).to_have_count(1)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#delete-theme")
    expect(page.locator("#toast")).to_contain_text("Deleted “Night theme”")
    expect(page.locator(".theme-row", has_text="Night theme")).to_have_count(0)
    expect(page.locator("#theme-gone")).to_contain_text("Retired")

    rows = page.locator(".theme-row")
    assert rows.count() == page.locator(".theme-row svg.spark").count()
    assert rows.count() == page.locator(".theme-row .mix").count()
    # The biggest theme (not a parent), an emerging one if any: its quotes say where they are from.
    rising = page.locator(".theme-row.theme", has=page.locator(".badge.emerging"))
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    target = (rising if rising.count() else page.locator(".theme-row.theme")).first
    # The click asks for the theme and the detail says aria-busy, in the click's own turn, until
    # its answer is drawn (quotes and any request of theirs): the wait below is on that. A wait
    # for "networkidle", reached at the first load, waited for nothing: the requests could be
    # counted before the quotes were drawn.
    busy = target.evaluate("row => (row.click(), document.querySelector('#theme-detail').ariaBusy)")
    assert busy == "true"
    detail = page.locator("#theme-detail")
    expect(detail).not_to_have_attribute("aria-busy", "true")
    expect(detail.locator(".quote").first).to_be_visible()
    # no Delete for a theme discovery found: the API refuses it (a refit would find it again)
    seeded = detail.locator("h2 .badge", has_text="seeded").count()
    expect(detail.locator("#delete-theme")).to_have_count(seeded)
    # The theme and its trend, nothing per quote or per account.
    assert sorted(url.split("/v1/")[1].split("/")[0] for url in asked if "/v1/" in url) == [
        "themes",
        "themes",
    ], asked
    meta = detail.locator(".quote .meta").first.inner_text()
    assert re.search(r"\d{4}-\d{2}-\d{2} · [A-Z]{2}$", meta), meta  # source · account · date · lang
    expect(detail.locator("h3", has_text="Keywords")).to_be_visible()
    expect(detail.locator("#chart-theme-trend .main-svg").first).to_be_attached()
    shot(page, "themes")


def test_the_demo_told_the_customers_of_its_shipped_need(http: httpx.Client) -> None:
    """The demo's shipped need got there as a PM's does, so its customers have notifications
    (it was created shipped, with none, and the loop metrics read 0 %)."""
    shipped = http.get("/v1/needs", params={"status": "shipped"}).json()["items"]
    invoice = [n for n in shipped if n["title"] == "Invoice PDF shows the wrong VAT rate"]
    assert invoice, shipped
    told = http.get(f"/v1/needs/{invoice[0]['id']}/notifications").json()["items"]
    assert told and {n["language"] for n in told} <= {"en", "fr"}
    # a French customer reads its French title (it had none: « Invoice PDF shows ... »)
    french = invoice[0]["titles"]["fr"]
    assert all(french in n["subject"] for n in told if n["language"] == "fr"), told


def test_the_demo_told_the_customers_of_its_declined_need(http: httpx.Client) -> None:
    """The README's demo queues notifications for a declined need too: none was declined."""
    (declined,) = http.get("/v1/needs", params={"status": "declined"}).json()["items"]
    assert declined["title"] == "Offline mode for the mobile apps"
    told = http.get(f"/v1/needs/{declined['id']}/notifications").json()["items"]
    assert told and {n["kind"] for n in told} == {"declined"}, told


def test_needs_ranked_then_shipped_closes_the_loop(page: Page, http: httpx.Client) -> None:
    page.click("#tab-needs")
    table = page.locator("#needs-table tbody")
    expect(table.locator("tr").first).to_be_visible()
    assert table.locator("tr").first.locator("td").first.inner_text() == "1"
    expect(table.locator(".badge.override")).to_have_count(1)  # prepare() overrode one factor

    candidates = http.get("/v1/needs", params={"status": "open"}).json()["items"]
    need = max(candidates, key=lambda n: n["impact"]["contacts"])
    assert need["impact"]["contacts"] > 0, need
    page.locator("#needs-table").get_by_role("button", name=need["title"], exact=True).click()
    detail = page.locator("#need-detail")
    expect(detail.locator("#need-title")).to_contain_text(need["title"])
    expect(detail.locator(".facts")).to_contain_text("Accounts")
    expect(detail.locator(".quote").first).to_be_visible()
    waiting = http.get("/v1/needs/suggestions", params={"need": need["id"]}).json()
    accept = detail.get_by_role("button", name="Accept")
    expect(accept).to_have_count(len(waiting["items"]))
    if accept.count():
        before = accept.count()
        accept.first.click()
        expect(page.locator("#toast")).to_contain_text("Linked as evidence")
        expect(detail.get_by_role("button", name="Accept")).to_have_count(before - 1)

    expect(detail.locator("#notifications")).to_have_count(0)
    # before the decision, whom it would tell: the preview the send itself would pick
    preview = http.get(f"/v1/needs/{need['id']}/recipients").json()["recipients"]
    expect(detail.locator("#recipients tbody tr")).to_have_count(len(preview))
    first = preview[0]
    expect(detail.locator("#recipients tbody tr").first).to_contain_text(
        first["email"] or first["contact_id"]
    )
    # shipping with people behind it not linked yet asks first: they would not be told
    pending = http.get(f"/v1/needs/{need['id']}").json()["pending_suggestions"]
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.select_option("#need-status", "shipped")
    page.click("#need-edit button[type=submit]")
    expect(page.locator("#toast")).to_contain_text("Marked shipped")
    if pending:  # else no dialog: the listener is left unused
        assert asked and asked[0].startswith(f"{pending} ") and "not linked yet" in asked[0]
    expect(detail.locator("#need-title .badge")).to_have_text("shipped")
    rows = detail.locator("#notifications tbody tr")
    expect(rows.first).to_be_visible()
    told = http.get(f"/v1/needs/{need['id']}/notifications").json()["items"]
    assert rows.count() == len(told) > 0
    # counted as the preview counts them: an example address is left out, not waiting
    waiting = sum(n["status"] == "pending" for n in told)
    left_out = sum(n["status"] not in ("pending", "sent") for n in told)
    assert left_out == sum(p["excluded"] is not None for p in preview)
    expect(detail.locator("#loop-summary")).to_contain_text(
        f"{waiting} waiting, {left_out} left out"
    )
    shot(page, "needs")

    page.select_option("#needs-filters [name=status]", "shipped")
    expect(table.locator("tr", has_text=need["title"])).to_be_visible()
    expect(table.locator("tr", has_text="in progress")).to_have_count(0)

    # a segment keeps the needs with evidence from it (it listed every need, most at 0)
    page.select_option("#needs-filters [name=status]", "")
    smb = http.get("/v1/needs", params={"segment": "smb"}).json()["items"]
    page.select_option("#needs-filters [name=segment]", "smb")
    expect(page.locator("#needs-note")).to_contain_text("from smb accounts")
    expect(table.locator("tr")).to_have_count(sum(n["impact"]["insights"] > 0 for n in smb))
    # ranks are the shown order: no gap where a need without smb evidence was left out
    ranks = [cell for cell in table.locator("tr td:first-child").all_inner_texts() if cell != "—"]
    assert ranks == [str(n) for n in range(1, len(ranks) + 1)], ranks
    page.select_option("#needs-filters [name=segment]", "")

    # a theme keeps the needs with evidence in it (the API filters: no paging through feedback)
    tree = http.get("/v1/themes").json()["items"]
    themed = {t["id"]: http.get("/v1/needs", params={"theme": t["id"]}).json()["items"]
              for p in tree for t in (p["children"] or [p])}  # fmt: skip
    theme_id, inside = max(themed.items(), key=lambda kv: len(kv[1]))
    assert inside, "the demo links evidence in some theme"
    page.select_option("#needs-filters [name=theme]", str(theme_id))
    expect(page.locator("#needs-note")).to_contain_text("with evidence in this theme")
    expect(table.locator("tr")).to_have_count(len(inside))
    page.select_option("#needs-filters [name=theme]", "")


def test_the_needs_reach_counts_people_when_asked(page: Page, http: httpx.Client) -> None:
    """ "Reach counts: people": the table's reach is the people behind each need (a feedback item
    without a contact one person), as GET /v1/priorities?reach=contacts ranks them."""
    page.click("#tab-needs")
    table = page.locator("#needs-table tbody")
    expect(table.locator("tr").first).to_be_visible()
    page.select_option("#needs-filters [name=reach]", "contacts")
    ranked = http.get("/v1/priorities", params={"reach": "contacts"}).json()["items"]
    top = ranked[0]
    assert " people: " in top["factors"]["reach"]["how"], top["factors"]["reach"]
    reach = table.locator("tr").first.locator("td").nth(4)
    expect(reach).to_have_attribute("title", top["factors"]["reach"]["how"])
    expect(reach.locator(".muted")).to_have_count(0)  # people asked: no unit repeated
    page.click("#matrix-box summary")  # the matrix says the unit of a point's reach
    point = page.locator(f"#needs-matrix .matrix-point[data-need='{top['need_id']}']")
    value = top["factors"]["reach"]["value"]
    expect(point).to_have_attribute("aria-label", re.compile(rf"reach {value:g} people, RICE"))
    # a need with no evidence in the window ranks last and says why under its title
    blank = [i for i in ranked if i["no_evidence"]]
    assert blank and ranked[-1]["no_evidence"], "the demo has needs with no recent evidence"
    button = page.get_by_role("button", name=blank[0]["title"], exact=True)
    row = table.locator("tr", has=button).first
    expect(row.locator("td").nth(1)).to_contain_text("no evidence in the last 90 days")


def test_a_need_gets_a_title_in_each_message_language(page: Page, http: httpx.Client) -> None:
    """The editor had a French title only, while the loop tells customers in German, Spanish,
    Italian and Portuguese too: each gets its input, an emptied one removes that title, and a
    title in a language the editor does not show (Dutch, set through the API) is kept."""
    titles = {"fr": "Export vers Excel", "de": "Export nach Excel", "nl": "Exporteren naar Excel"}
    need = http.post("/v1/needs", json={"title": "Excel export (titles test)", "titles": titles})
    page.click("#tab-needs")
    name = need.json()["title"]
    page.locator("#needs-table").get_by_role("button", name=name, exact=True).click()
    editor = page.locator("#need-titles")
    for language in ("French", "German", "Spanish", "Italian", "Portuguese"):
        expect(editor.get_by_label(language, exact=True)).to_be_visible()
    expect(editor.get_by_label("German", exact=True)).to_have_value("Export nach Excel")
    editor.get_by_label("German", exact=True).fill("")  # removed: German customers read the title
    editor.get_by_label("Spanish", exact=True).fill("Exportar a Excel")
    editor.get_by_label("Italian", exact=True).fill("Esportazione in Excel")
    editor.get_by_label("Portuguese", exact=True).fill("Exportar para Excel")
    page.click("#need-edit button[type=submit]")
    expect(page.locator("#toast")).to_contain_text("Saved")
    expect(page.locator("#need-detail")).not_to_have_attribute("aria-busy", "true")
    expect(page.locator("#need-title-es")).to_have_value("Exportar a Excel")
    assert http.get(f"/v1/needs/{need.json()['id']}").json()["titles"] == {
        "fr": "Export vers Excel", "es": "Exportar a Excel", "it": "Esportazione in Excel",
        "pt": "Exportar para Excel", "nl": "Exporteren naar Excel"}  # fmt: skip


def test_a_need_is_renamed_unlinked_and_merged_from_the_page(
    page: Page, http: httpx.Client
) -> None:
    """The editor had only status and effort: no title, no way to clear an effort, to take a
    wrong quote away or to merge two needs that are one."""
    hits = http.post("/v1/search", json={"query": "dark mode", "limit": 6}).json()
    ids = [hit["insight_id"] for hit in hits["items"]]
    made = [http.post("/v1/needs", json={"title": title, "insight_ids": part}).json()
            for title, part in (("Dark theme (page test)", ids[:3]), ("Night mode", ids[3:6]))]  # fmt: skip
    target, other = made
    page.click("#tab-needs")
    page.locator("#needs-table").get_by_role("button", name=target["title"], exact=True).click()
    detail = page.locator("#need-detail")
    expect(detail.locator("#need-title")).to_contain_text(target["title"])
    page.fill("#need-title-input", "Dark mode everywhere")
    page.fill("#need-title-fr", "Mode sombre partout")  # what French customers will read
    page.fill("#need-effort", "3")
    page.click("#need-edit button[type=submit]")
    toast = page.locator("#toast")
    expect(toast).to_contain_text("Saved")
    # The editor is drawn anew after a save: each step waits for the detail's last drawing (a
    # wait for "networkidle", long reached, waited for nothing), or it typed into the old one.
    expect(detail).not_to_have_attribute("aria-busy", "true")
    expect(detail.locator("#need-title")).to_contain_text("Dark mode everywhere")
    expect(page.locator("#need-title-fr")).to_have_value("Mode sombre partout")
    assert http.get(f"/v1/needs/{target['id']}").json()["titles"] == {"fr": "Mode sombre partout"}
    page.fill("#need-effort", "")
    page.fill("#need-title-fr", "")  # back to the main title for everyone
    page.keyboard.press("Escape")  # the first save's toast goes: the wait below is for this one's
    expect(toast).to_be_hidden()
    page.click("#need-edit button[type=submit]")
    # A hidden toast keeps its text: "Saved" alone matched the first save's at once, and the
    # check below read the need before this save reached the server (effort 3 still stored).
    expect(toast).to_be_visible()
    expect(toast).to_contain_text("Saved")
    expect(detail).not_to_have_attribute("aria-busy", "true")
    stored = http.get(f"/v1/needs/{target['id']}").json()
    assert (stored["title"], stored["effort"], stored["titles"]) == (
        "Dark mode everywhere", None, {})  # fmt: skip

    detail.get_by_role("button", name="Not this need").first.click()
    expect(toast).to_contain_text("Unlinked")
    expect(detail).not_to_have_attribute("aria-busy", "true")  # the merge form is the last one
    expect(detail.locator("h3", has_text="Evidence (2)")).to_be_visible()

    page.select_option("#need-merge-source", str(other["id"]))
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#need-merge button[type=submit]")
    expect(toast).to_contain_text("Merged “Night mode”")
    expect(detail.locator("h3", has_text="Evidence (5)")).to_be_visible()
    merged = http.get(f"/v1/needs/{other['id']}").json()
    assert merged["merged_into_id"] == target["id"], merged


# The address and query of every answer the page reads, in the order it reads them.
ANSWERS_READ = """() => {
  window.answersRead = [];
  const json = Response.prototype.json;
  Response.prototype.json = async function () {
    const data = await json.call(this);
    const url = new URL(this.url);
    window.answersRead.push(url.pathname + url.search);
    return data;
  };
}"""


def wait_until(page: Page, done: Callable[[], object], what: str) -> None:
    """Until done(), within expect's timeout (5 s of 100 ms waits flaked under load); a route's
    handlers run only while playwright waits, so it waits in short steps."""
    by = time.monotonic() + EXPECT_S
    while not done():
        assert time.monotonic() < by, f"not in {EXPECT_S} s: {what}"
        page.wait_for_timeout(50)


class Late:
    """The first answer to a request matching a route, asked of the server at once but handed to
    the page only on release(): an earlier answer arriving after a later one."""

    def __init__(self, page: Page, pattern) -> None:
        self.held: list = []
        page.route(pattern, self.answer)

    def answer(self, route) -> None:
        if self.held:
            route.continue_()
        else:
            self.held.append((route, route.fetch()))

    def release(self) -> None:
        route, response = self.held[0]
        route.fulfill(response=response)


def test_an_earlier_answer_arriving_last_does_not_draw_over_the_need(
    page: Page, http: httpx.Client
) -> None:
    """A save draws the need again; a quote unlinked before that drawing's answer came drew the
    need first, then the save's answer, read before the unlink, drew the quote back: "Evidence
    (3)" after "Evidence (2)". Only the latest question draws the detail."""
    hits = http.post("/v1/search", json={"query": "slow dashboard", "limit": 3}).json()["items"]
    body = {"title": "Late answers (page test)", "insight_ids": [h["insight_id"] for h in hits]}
    need = http.post("/v1/needs", json=body).json()
    # the three hits, and whatever else of the demo the need found beside them
    count = http.get(f"/v1/needs/{need['id']}").json()["evidence_count"]
    page.evaluate(ANSWERS_READ)
    page.click("#tab-needs")
    page.locator("#needs-table").get_by_role("button", name=need["title"], exact=True).click()
    detail = page.locator("#need-detail")
    evidence = detail.locator("h3", has_text=re.compile(r"^Evidence \("))
    expect(evidence).to_have_text(f"Evidence ({count})")
    address = f"/v1/needs/{need['id']}?limit=50"
    late = Late(page, re.compile(re.escape(address) + "$"))
    page.fill("#need-effort", "2")
    page.click("#need-edit button[type=submit]")
    wait_until(page, lambda: late.held, "the save's drawing asked and answered")
    detail.get_by_role("button", name="Not this need").first.click()
    expect(page.locator("#toast")).to_contain_text("Unlinked")
    expect(evidence).to_have_text(f"Evidence ({count - 1})")
    late.release()
    wait_until(  # the opening's answer, the unlink's, then the save's, read last
        page,
        lambda: page.evaluate(f"window.answersRead.filter((a) => a === {address!r}).length") == 3,
        "the three answers read",
    )
    expect(evidence).to_have_text(f"Evidence ({count - 1})")
    expect(detail).not_to_have_attribute("aria-busy", "true")


def test_a_theme_becomes_a_need_from_the_page(page: Page, http: httpx.Client) -> None:
    """Turning an emerging theme into a need was API-only: the theme's detail creates it, its
    title prefilled from the theme's name, its representative quotes linked as evidence."""
    tree = http.get("/v1/themes").json()["items"]
    leaf = max((t for p in tree for t in (p["children"] or [p])), key=lambda t: t["size"])
    quotes = http.get(f"/v1/themes/{leaf['id']}").json()["quotes"]
    assert quotes, leaf
    page.locator(f".theme-row[data-theme='{leaf['id']}']").click()
    expect(page.locator("#need-from-theme-title")).not_to_have_value("")
    # prefilled with the theme's label as the page shows it (in the browser's language)
    shown = page.locator("#theme-detail h2").inner_text()
    assert page.input_value("#need-from-theme-title") in shown
    # the form and the message count the same quotes: it said 3, then "with 4 quotes"
    count = len({q["insight_id"] for q in quotes})
    expect(page.locator("#theme-detail")).to_contain_text(
        f"Its {count} representative quote{'s' if count > 1 else ''} become"
    )
    page.fill("#need-from-theme-title", "Made from a theme (page test)")
    page.click("#need-from-theme button[type=submit]")
    expect(page.locator("#toast")).to_contain_text("Created need “Made from a theme (page test)” "
                                                   f"with the theme's {count} representative")  # fmt: skip
    expect(page.locator("#need-title")).to_contain_text("Made from a theme (page test)")
    made = [n for n in http.get("/v1/needs").json()["items"]
            if n["title"] == "Made from a theme (page test)"]  # fmt: skip
    assert len(made) == 1
    expect(page).to_have_url(re.compile(f"[?&]need={made[0]['id']}$"))  # open in the link too
    expect(page.locator(f"#needs-table tr[data-need='{made[0]['id']}']")).to_have_attribute(
        "aria-current", "true"
    )
    linked = {e["insight_id"] for e in http.get(f"/v1/needs/{made[0]['id']}").json()["evidence"]}
    assert {q["insight_id"] for q in quotes} <= linked


def test_a_theme_names_the_needs_it_feeds_beside_create_need(
    page: Page, http: httpx.Client
) -> None:
    """A theme's detail lists the needs holding its evidence as links; when one holds most of
    its insights, "Create need" says so rather than inviting a duplicate silently."""
    tree = http.get("/v1/themes").json()["items"]
    leaves = sorted((t for p in tree for t in (p["children"] or [p])), key=lambda t: t["size"])
    details = [http.get(f"/v1/themes/{t['id']}").json() for t in leaves]
    theme = next(t for t in details if t["quotes"])  # the smallest with quotes: most of it linked
    items = http.get("/v1/feedback", params={"theme": theme["id"], "limit": 500}).json()
    mine = [i["id"] for item in items["items"] for i in item["insights"]
            if i["theme_id"] == theme["id"]]  # fmt: skip
    made = http.post("/v1/needs", json={"title": "Holds a theme (page test)",
                                                  "insight_ids": mine}).json()  # fmt: skip
    fed = http.get(f"/v1/themes/{theme['id']}").json()
    need = fed["needs"][0]
    assert need["id"] == made["id"] and 2 * need["insights"] > fed["size"], fed["needs"]
    page.locator(f".theme-row[data-theme='{fed['id']}']").click()
    # a loaded 2-core host took over the usual 15 s to show this detail once
    expect(page.locator("#theme-needs a.need-link")).to_have_count(
        len(fed["needs"]), timeout=45_000
    )
    holder = page.locator("#need-from-theme-holder")
    expect(holder).to_contain_text(f"Already feeds: need #{need['id']} “{need['title']}”")
    expect(holder).to_contain_text(f"{need['insights']} of its {fed['size']} insights")
    holder.locator("a.need-link").click()
    expect(page.locator("#need-title")).to_contain_text(need["title"])
    # a theme no need holds most of: the button alone
    fresh = (http.get(f"/v1/themes/{t['id']}").json() for t in leaves)
    unheld = next(t for t in fresh if t["quotes"] and all(2 * n["insights"] <= t["size"]
                                                          for n in t["needs"]))  # fmt: skip
    page.click("#tab-themes")
    page.locator(f".theme-row[data-theme='{unheld['id']}']").click()
    expect(page.locator("#need-from-theme-title")).to_be_visible()
    expect(page.locator("#need-from-theme-holder")).to_have_count(0)


def test_selected_search_hits_are_linked_to_a_need(page: Page, http: httpx.Client) -> None:
    need = http.post("/v1/needs", json={"title": "Hits linked (page test)"}).json()
    page.click("#tab-search")
    page.fill("#search-query", "invoice wrong amount")
    page.keyboard.press("Enter")
    results = page.locator("#search-results > .quote")
    expect(results.first).to_be_visible()
    page.select_option("#search-link-need", str(need["id"]))
    page.click("#search-link button[type=submit]")  # nothing selected: says what to do
    expect(page.locator("#toast")).to_contain_text("Select the quotes")
    picks = page.locator("#search-results > .quote > .quote-head .hit-pick")
    chosen = [int(picks.nth(n).get_attribute("value")) for n in (0, 1)]
    picks.nth(0).check()
    picks.nth(1).check()
    expect(page.locator("#search-selected")).to_have_text("2 selected")
    page.click("#search-link button[type=submit]")
    expect(page.locator("#toast")).to_contain_text("Linked 2 quotes to “Hits linked (page test)”")
    linked = http.get(f"/v1/needs/{need['id']}").json()["evidence"]
    assert {e["insight_id"] for e in linked} == set(chosen)


def test_search_with_filters_and_similar(page: Page) -> None:
    page.click("#tab-search")
    page.fill("#search-query", "export plante")
    page.select_option("#search-form [name=sentiment]", "negative")
    page.keyboard.press("Enter")
    results = page.locator("#search-results > .quote")
    expect(results.first).to_be_visible()
    expect(page.locator("#search-state")).to_contain_text("quotes")
    assert results.count() >= 3
    sentiments = page.locator("#search-results > .quote > .meta .badge[class*=sent-]")
    assert set(sentiments.all_inner_texts()) == {"negative"}
    assert "export" in results.first.locator("blockquote").inner_text().lower()
    shot(page, "search")
    results.first.get_by_role("button", name=re.compile("^Similar")).click()
    expect(results.first.locator(".nested > .quote").first).to_be_visible()


def test_search_filters_by_urgency_account_and_need_in_the_url_and_the_export(
    browser: Browser, server: str, http: httpx.Client
) -> None:
    """The filters of POST /v1/search the page lacked (urgency, account, need) are sent with the
    search, kept in the URL (a link restores them) and used by both CSV exports; the source and
    account suggestions come from the store; "Similar" leaves out what the search does."""
    # the demo links no high-urgency quote to a need: a normal one, of a need and an account
    normal = http.get("/v1/insights/export", params={"format": "jsonl", "urgency": "normal"})
    hit = next(
        h for h in map(json.loads, normal.text.splitlines()) if h["need_id"] and h["account"]
    )
    need, account = hit["need_id"], hit["account"]["id"]
    page, watch = open_page(browser, server)
    page.click("#tab-search")
    sources = http.get("/v1/feedback/sources").json()["items"]
    options = page.locator("#sources option")
    expect(options).to_have_count(len(sources))
    assert [(o.get_attribute("value"), o.inner_text()) for o in options.all()] == [
        (s["source"], f"{s['feedback']} message{'s' if s['feedback'] != 1 else ''}")
        for s in sources
    ]
    expect(page.locator(f'#search-form [name=need] option[value="{need}"]')).to_have_count(1)
    page.fill("#search-query", hit["text"])
    page.select_option("#search-form [name=urgency]", "normal")
    page.fill("#search-form [name=account]", account)
    expect(page.locator(f'#accounts option[value="{account}"]')).to_have_count(1)  # as typed
    page.select_option("#search-form [name=need]", str(need))
    with page.expect_request(lambda r: r.url.endswith("/v1/search") and r.method == "POST") as sent:
        page.keyboard.press("Enter")
    filters = sent.value.post_data_json["filters"]
    assert filters == {"urgency": "normal", "account": account, "need": str(need)}, filters
    results = page.locator("#search-results > .quote")
    expect(results.first).to_be_visible()
    assert hit["text"] in results.locator("blockquote").all_inner_texts()
    for meta in results.locator(".meta").all_inner_texts():
        assert f"“{hit['need_title']}”" in meta, meta
    with page.expect_request(lambda r: "/similar?" in r.url) as similar:
        results.first.get_by_role("button", name=re.compile("^Similar")).click()
    assert "min_score=0.2" in similar.value.url
    link = page.url
    assert "search.urgency=normal" in link and f"search.need={need}" in link, link
    assert f"search.account={account}" in link, link
    # both exports: the search's hits, and with no query every insight, within the same filters
    with page.expect_download() as info:
        page.click("#search-export")
    hits = list(csv.DictReader(info.value.path().read_text(encoding="utf-8").splitlines()))
    page.fill("#search-query", "")
    with page.expect_download() as info:
        page.click("#search-export")
    every = list(csv.DictReader(info.value.path().read_text(encoding="utf-8").splitlines()))
    assert 0 < len(hits) <= len(every)
    for row in (*hits, *every):
        assert (row["urgency"], row["account_id"], row["need_id"]) == ("normal", account, str(need))
    page.close()
    assert not watch.external and not watch.errors, (watch.external, watch.errors)

    again = browser.new_page(viewport=WIDE)  # a new tab, the link pasted
    watch = Watch(again, server)
    again.goto(link)
    expect(again.locator("body")).to_have_attribute("data-ready", "true")
    expect(again.locator("#search-form [name=urgency]")).to_have_value("normal")
    expect(again.locator("#search-form [name=account]")).to_have_value(account)
    expect(again.locator("#search-form [name=need]")).to_have_value(str(need))
    chosen = again.locator("#search-form [name=need] option:checked")
    expect(chosen).to_have_text(f"#{need} {hit['need_title']}")  # its title, once the needs came
    expect(again.locator("#search-results > .quote").first).to_be_visible()
    again.close()
    assert not watch.external and not watch.errors, (watch.external, watch.errors)


def test_search_dates_are_calendar_days_whatever_the_browser_zone(
    browser: Browser, server: str
) -> None:
    """A day picked in the search filters is that calendar day as the API and the charts read
    it (BOUCLE_TIMEZONE), not UTC midnight to midnight: a browser far from UTC (Auckland, +13)
    sends the days as picked, without a zone."""
    page = browser.new_page(viewport=WIDE, timezone_id="Pacific/Auckland")
    watch = Watch(page, server)
    page.goto(f"{server}/app#search")
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    page.click("#tab-search")
    today = date.today().isoformat()
    page.fill("#search-query", "export")
    page.fill("#search-form [name=created_from]", "2026-03-01")
    page.fill("#search-form [name=created_to]", today)
    with page.expect_request(lambda r: r.url.endswith("/v1/search") and r.method == "POST") as sent:
        page.keyboard.press("Enter")
    filters = sent.value.post_data_json["filters"]
    assert (filters["created_from"], filters["created_to"]) == ("2026-03-01", today), filters
    expect(page.locator("#search-state")).not_to_have_text("Searching…")
    page.close()
    assert not watch.external and not watch.errors, (watch.external, watch.errors)


def test_a_theme_exports_all_its_quotes(page: Page, http: httpx.Client) -> None:
    page.locator(".theme-row.parent").first.click()
    detail = page.locator("#theme-detail")
    expect(detail.locator("h3", has_text="Keywords")).to_be_visible()
    parent = int(
        page.evaluate("document.querySelector('.theme-row[aria-current=true]').dataset.theme")
    )
    tree = http.get("/v1/themes").json()["items"]
    node = next(t for t in tree if t["id"] == parent)
    with page.expect_download() as info:
        detail.get_by_role("button", name="Export all quotes (CSV)").click()
    table = list(csv.DictReader(info.value.path().read_text(encoding="utf-8").splitlines()))
    assert len(table) == node["size"]
    assert {int(row["theme_id"]) for row in table} <= {c["id"] for c in node["children"]}


def test_a_need_exports_its_evidence(page: Page, http: httpx.Client) -> None:
    page.click("#tab-needs")
    need = http.get("/v1/needs").json()["items"][0]
    page.locator("#needs-table").get_by_role("button", name=need["title"], exact=True).click()
    detail = page.locator("#need-detail")
    expect(detail.locator("#need-title")).to_contain_text(need["title"])
    with page.expect_download() as info:
        detail.get_by_role("button", name="Export all evidence (CSV)").click()
    table = list(csv.DictReader(info.value.path().read_text(encoding="utf-8").splitlines()))
    expected = http.get(f"/v1/needs/{need['id']}").json()["evidence_count"]
    assert len(table) == expected > 0
    assert {row["need_id"] for row in table} == {str(need["id"])}


def test_export_downloads_the_filtered_insights(page: Page) -> None:
    page.click("#tab-search")
    page.select_option("#search-form [name=language]", "fr")
    page.select_option("#search-form [name=sentiment]", "negative")
    with page.expect_download() as info:
        page.click("#search-export")
    download = info.value
    assert download.suggested_filename == "boucle-insights.csv"
    table = list(csv.DictReader(download.path().read_text(encoding="utf-8").splitlines()))
    assert len(table) >= 10
    assert {(row["language"], row["sentiment"]) for row in table} == {("fr", "negative")}
    # with a query, the export is that search's hits, closest first, within the same filters
    page.fill("#search-query", "facture")
    with page.expect_download() as info:
        page.click("#search-export")
    assert info.value.suggested_filename == "boucle-search.csv"
    hits = list(csv.DictReader(info.value.path().read_text(encoding="utf-8").splitlines()))
    assert 0 < len(hits) < len(table)
    assert {(row["language"], row["sentiment"]) for row in hits} == {("fr", "negative")}
    scores = [float(row["score"]) for row in hits]
    assert scores == sorted(scores, reverse=True)
    # "for Excel (FR)": the same hits, with a BOM, ";" and decimal commas; kept for the next visit
    page.check("#csv-excel")
    with page.expect_download() as info:
        page.click("#search-export")
    raw = info.value.path().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfinsight_id;feedback_id;")
    excel = list(csv.DictReader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert [row["insight_id"] for row in excel] == [row["insight_id"] for row in hits]
    assert [float(row["score"].replace(",", ".")) for row in excel] == scores
    page.reload()
    expect(page.locator("#csv-excel")).to_be_checked()
    page.uncheck("#csv-excel")


def test_a_search_exports_the_quotes_it_lists(page: Page) -> None:
    """The search's CSV holds the quotes the page lists for the same query and filters: the
    page leaves out hits scoring under 0.2 (unrelated), and the file did not (every French
    negative insight came out for "facture")."""
    page.click("#tab-search")
    page.select_option("#search-form [name=language]", "fr")
    page.select_option("#search-form [name=sentiment]", "negative")
    page.fill("#search-query", "facture")
    page.keyboard.press("Enter")
    results = page.locator("#search-results > .quote")
    expect(results.first).to_be_visible()
    while page.locator("#search-more").is_visible():  # every page the search lists
        shown = results.count()
        page.click("#search-more")
        expect(results).not_to_have_count(shown)
    expect(page.locator("#search-state")).to_contain_text("unrelated")
    asked = page.expect_request(lambda r: "/v1/search?format=csv" in r.url)
    with asked as request, page.expect_download() as info:
        page.click("#search-export")
    # every repeat a quote folds is a row of its own, as in every file: accounts and ARR add up
    assert "distinct" not in request.value.post_data_json
    hits = list(csv.DictReader(info.value.path().read_text(encoding="utf-8").splitlines()))
    repeats = [
        re.search(r"\+(\d+) more with the same text", text) for text in results.all_inner_texts()
    ]
    assert len(hits) == results.count() + sum(int(r[1]) for r in repeats if r) > 0
    assert len({row["insight_id"] for row in hits}) == len(hits)
    assert min(float(row["score"]) for row in hits) >= 0.2
    expect(page.locator("#toast")).to_contain_text("scoring 0.2 or more")


def search_posted(page: Page):
    """The next POST /v1/search the page sends (within expect's timeout: 5 s flaked under load)."""
    return page.expect_request(lambda r: r.url.endswith("/v1/search") and r.method == "POST")


def test_a_filter_changed_after_a_search_runs_it_again(page: Page) -> None:
    """A filter changed after a search left the old quotes listed while "Export CSV" used the
    new filters: the search runs again (once the changes pause), so page and file agree."""
    page.click("#tab-search")
    page.fill("#search-query", "export plante")
    page.keyboard.press("Enter")
    results = page.locator("#search-results > .quote")
    expect(results.first).to_be_visible()
    with search_posted(page) as sent:
        page.select_option("#search-form [name=language]", "fr")
    assert sent.value.post_data_json["filters"] == {"language": "fr"}
    sent.value.response()  # its answer drawn before the list is read
    expect(page.locator("#search-state")).not_to_have_text("Searching…")
    expect(results.first).to_be_visible()
    for meta in results.locator(".meta").all_inner_texts():
        assert " · FR · " in meta, meta


def test_an_empty_query_clears_the_quotes_and_the_url_follows_the_filters(page: Page) -> None:
    """The query emptied (by hand, or by Back to a view of filters alone) left the last query's 20
    quotes listed, which "Export CSV" no longer gave; a filter changed then was never written to
    the URL, which kept the old query. Now the quotes go, the page says a search needs words, and
    the URL follows every filter."""
    page.click("#tab-search")
    results = page.locator("#search-results > .quote")
    state = page.locator("#search-state")
    page.fill("#search-query", "export plante")
    page.keyboard.press("Enter")
    expect(results.first).to_be_visible()
    page.fill("#search-query", "")  # no Enter
    page.select_option("#search-form [name=language]", "fr")
    expect(results).to_have_count(0)
    expect(state).to_contain_text("Type a query")
    expect(page).to_have_url(re.compile(r"#search\?search\.language=fr$"))
    page.fill("#search-query", "export plante")
    page.keyboard.press("Enter")
    expect(results.first).to_be_visible()
    page.go_back()  # to the filters alone
    expect(page.locator("#search-query")).to_have_value("")
    expect(page.locator("#search-form [name=language]")).to_have_value("fr")
    expect(results).to_have_count(0)
    expect(state).to_contain_text("Type a query")


def test_the_insights_in_no_theme_link_to_their_search_and_export(
    page: Page, http: httpx.Client
) -> None:
    """ "21 insights in no theme" was plain text: it opens the search of those insights (the
    theme filter's "in no theme", sent as unthemed), whose Export CSV lists them all."""
    unthemed = http.get("/v1/themes").json()["unthemed"]
    assert unthemed > 0
    link = page.locator("#themes-summary #unthemed-link")
    expect(link).to_have_text(f"{unthemed:,} insights in no theme")
    link.click()
    expect(page.locator("#view-search")).to_be_visible()
    expect(page).to_have_url(re.compile(r"#search\?search\.theme=none$"))
    expect(page.locator("#search-form [name=theme]")).to_have_value("none")
    asked = page.expect_request(lambda r: "/v1/insights/export" in r.url)
    with asked as request, page.expect_download() as info:
        page.click("#search-export")
    assert urlsplit(request.value.url).query == "unthemed=true"
    rows = list(csv.DictReader(info.value.path().read_text(encoding="utf-8").splitlines()))
    assert len(rows) == unthemed and not any(row["theme_id"] for row in rows)
    page.fill("#search-query", "export")
    with search_posted(page) as sent:
        page.keyboard.press("Enter")
    assert sent.value.post_data_json["filters"] == {"unthemed": True}


def test_a_search_with_more_pages_says_it_lists_the_first(page: Page, http: httpx.Client) -> None:
    """ "20 quotes, closest first." above "More quotes" read as every quote: the first ones."""
    body = {"limit": 20, "min_score": 0.2}
    broad = next(q for q in ("invoice", "billing", "facture")
                 if http.post("/v1/search", json={**body, "query": q}).json()["next_offset"])  # fmt: skip
    page.click("#tab-search")
    page.fill("#search-query", broad)
    page.keyboard.press("Enter")
    expect(page.locator("#search-results > .quote")).to_have_count(20)
    expect(page.locator("#search-more")).to_be_visible()
    expect(page.locator("#search-state")).to_have_text(
        "The first 20 quotes, closest first: more match (“More quotes” lists the next)."
    )


def test_an_account_typed_by_its_name_is_searched_by_its_id(page: Page, http: httpx.Client) -> None:
    """A whole account name typed was sent as an id and found "No quotes match": the one
    account of that name (any case) is searched, and a name or id of no account says so."""
    named = http.get("/v1/accounts", params={"q": "Halbrook Freight Group"}).json()
    account = next(a for a in named["items"] if a["name"] == "Halbrook Freight Group")
    quotes = http.get("/v1/insights/export", params={"format": "jsonl", "account": account["id"]})
    text = json.loads(quotes.text.splitlines()[0])["text"]
    page.click("#tab-search")
    page.fill("#search-query", text)
    field = page.locator("#search-form [name=account]")
    field.fill("halbrook freight GROUP")
    with search_posted(page) as sent:
        field.press("Enter")
    assert sent.value.post_data_json["filters"] == {"account": account["id"]}
    results = page.locator("#search-results > .quote")
    expect(results.first).to_be_visible()
    for meta in results.locator(".meta").all_inner_texts():
        assert "Halbrook Freight Group" in meta, meta
    field.fill("Nobody Such Holdings")
    field.press("Enter")
    expect(page.locator("#search-state")).to_have_text(
        "No quotes: no account named or with id “Nobody Such Holdings”."
    )


def test_the_at_risk_table_lists_every_account_the_card_counts(
    page: Page, http: httpx.Client
) -> None:
    """The table cut the ranked list at 15 rows: one account the card counted at risk was left
    out while healthy ones were listed. Every account under 50 now, then the 3 lowest others,
    each saying it is not at risk."""
    risk = http.get("/v1/voc/at-risk", params={"limit": 200}).json()
    counted = [a for a in risk["items"] if a["score"] < 50]
    others = [a for a in risk["items"] if a["score"] >= 50][:3]
    assert len(counted) == risk["at_risk"] > 0 and others, risk
    page.click("#tab-voc")
    rows = page.locator("#at-risk tbody tr")
    expect(rows.locator("td:first-child")).to_have_text(
        [a["name"] or a["account_id"] for a in counted + others]
    )
    for row in rows.all()[len(counted) :]:
        expect(row.locator("td").nth(5)).to_contain_text(re.compile(r"^not at risk \(\d"))


def test_a_healthy_account_listed_low_says_its_ranked_score(page: Page) -> None:
    """One of the lowest others (73.2, ranked 50.5: its 1 NPS answer weighed with the
    workspace's) was listed with reasons that did not say why it ranked low: it says its ranked
    score, once, and one its score ranks says nothing more."""
    why = page.evaluate(
        """() => import('/static/web/voc.js').then((voc) => [
          {score: 73.2, ranked_score: 50.5, answers: 1, reasons: []},
          {score: 62.0, ranked_score: 44.5, answers: 1, reasons: ["ranked at 44.5, not 62.0: …"]},
          {score: 61.0, ranked_score: 61.4, answers: 9, reasons: ["sentiment 40"]},
        ].map(voc.whyListed))"""
    )
    assert why == [
        "not at risk (73.2 ≥ 50): one of the lowest others, ranked at 50.5: its survey signals "
        "rest on 1 answer, weighed with 5 at the workspace's mean",
        "not at risk (62 ≥ 50): one of the lowest others; ranked at 44.5, not 62.0: …",
        "not at risk (61 ≥ 50): one of the lowest others; sentiment 40",
    ]


def test_voice_of_the_customer(page: Page, http: httpx.Client) -> None:
    # a send long unanswered and one still inside its answer window: the rate leaves the second
    # out, and the card says so ("1 of 2 sends answered" read beside 100%)
    now = datetime.now(UTC)
    sends = [{"survey": "nps", "contact_id": f"rate-{n}@example.com", "external_id": f"rate-{n}",
              "sent_at": (now - timedelta(days=days)).isoformat()} for n, days in ((1, 60), (2, 1))]  # fmt: skip
    assert http.post("/v1/surveys/sends", json={"sends": sends}).is_success
    page.click("#tab-voc")
    expect(page.locator("#chart-nps-time .main-svg").first).to_be_attached()
    expect(page.locator("#chart-nps-segment .main-svg").first).to_be_attached()
    expect(page.locator("#chart-csat-time .main-svg").first).to_be_attached()
    kpis = page.locator("#voc-kpis .kpi")
    expect(kpis).to_have_count(VOC_CARDS)
    assert re.fullmatch(r"-?\d+(\.\d)?", kpis.first.locator(".kpi-value").inner_text())
    # the card's range, as the page asks for it: the demo's sends go back six months
    form = page.locator("#voc-filters")
    shown = {name: form.locator(f'[name="{name}"]').input_value()
             for name in ("period", "created_from", "created_to")}  # fmt: skip
    sent = {"period": shown["period"], "sent_from": shown["created_from"],
            "sent_to": shown["created_to"]}  # fmt: skip
    rate = http.get("/v1/voc/response-rate", params={"survey": "nps", **sent}).json()["overall"]
    assert rate["awaiting"] >= 1 and rate["counted"] == rate["sends"] - rate["awaiting"]
    # the survey named (the API's default, NPS, was the card's unsaid); the open sends' early
    # answers on a line of their own, out of the rate until their window closes: "48 of 156 sends
    # answered (14 still open, 5 answered so far)" read as a puzzle; CSAT's rate (the API's
    # too) had no card
    for card, survey in ((kpis.nth(2), "NPS"), (kpis.nth(3), "CSAT")):
        report = http.get("/v1/voc/response-rate", params={"survey": survey.lower(), **sent})
        expect(card.locator(".kpi-name")).to_have_text(f"{survey} response rate")
        expect(card.locator(".kpi-line")).to_have_text(rate_lines(report.json(), survey))
    risk = http.get("/v1/voc/at-risk", params={"limit": 200}).json()
    expect(kpis.nth(4).locator(".kpi-value")).to_have_text(str(risk["at_risk"]))
    expect(page.locator("#at-risk tbody tr").first).to_be_visible()
    # the number beside each health bar is its score, rounded ("30.4" once read "3")
    for row in page.locator("#at-risk tbody tr").all():
        score = float(row.locator("meter").get_attribute("value"))
        assert row.locator("td").nth(3).inner_text().strip() == str(math.floor(score + 0.5)), score
    shot(page, "voc")


def rate_lines(report: dict, survey: str) -> list[str]:
    """A response-rate card's lines, as they say the report's figures."""
    rate, window = report["overall"], report["window_days"]
    s = "" if rate["counted"] == 1 else "s"
    open_now = f" · {rate['awaiting']} still open" if rate["awaiting"] else ""
    lines = [f"{rate['responses']} of {rate['counted']} {survey} send{s} answered{open_now}"]
    if rate["answered_so_far"]:
        lines.append(f"{rate['answered_so_far']} of the open ones answered so far")
    if rate["answered_late"]:
        lines.append(f"{rate['answered_late']} more answered late, after the {window}-day "
                     f"window: in {survey}, not in the rate")  # fmt: skip
    return lines


def test_a_response_rate_card_says_the_answers_after_the_window(page: Page) -> None:
    """The API counts the sends answered after their window apart (`answered_late`: in NPS,
    not in the rate); the card left them out, and their authors read as silent."""
    lines = page.evaluate(
        """() => import('/static/web/voc.js').then((voc) => voc.rateLine({sends: 40,
          responses: 12, awaiting: 10, answered_so_far: 2, answered_late: 3, counted: 30,
          rate: 0.4}, "CSAT", 14).filter(Boolean).map((line) => line.textContent))"""
    )
    assert lines == [
        "12 of 30 CSAT sends answered · 10 still open",
        "2 of the open ones answered so far",
        "3 more answered late, after the 14-day window: in CSAT, not in the rate",
    ]


def test_a_workspace_without_csat_sends_is_told_on_its_card_not_warned(
    browser: Browser, server: str
) -> None:
    """The CSAT response rate's card is new: a workspace running no CSAT survey is told so on
    the card, not warned "no send of survey 'csat' is stored" on every visit."""
    page = browser.new_page(viewport=WIDE)
    watch = Watch(page, server)

    def no_send(route) -> None:  # the API's answer for a survey no send was recorded for
        url = route.request.url.replace("survey=csat", "survey=qa12-none")
        route.fulfill(response=route.fetch(url=url))

    page.route(re.compile(r"/v1/voc/response-rate\?(.*&)?survey=csat"), no_send)
    page.goto(f"{server}/app#voc")
    card = page.locator("#voc-kpis .kpi").nth(3)
    expect(card.locator(".kpi-name")).to_have_text("CSAT response rate")
    expect(card.locator(".kpi-detail")).to_have_text(
        "no CSAT survey sends recorded yet: your survey tool can report them (see the API docs)"
    )
    expect(page.locator("#voc-warnings")).not_to_contain_text(re.compile("no send of survey", re.I))
    page.close()
    assert not watch.external and not watch.errors, (watch.external, watch.errors)


def test_the_voc_charts_name_their_periods_as_the_api_labels_them(
    page: Page, http: httpx.Client
) -> None:
    """A single period's bar was drawn on a date axis a millisecond wide, under clock times
    ("23:59:59 Nov…"): the periods are the axis's categories, by the API's labels."""
    page.click("#tab-voc")
    form = page.locator("#voc-filters")
    expect(page.locator("#chart-csat-time .main-svg").first).to_be_attached()
    shown = {name: form.locator(f'[name="{name}"]').input_value()
             for name in ("period", "created_from", "created_to")}  # fmt: skip
    rates = http.get("/v1/voc/response-rate", params={
        "period": shown["period"], "sent_from": shown["created_from"],
        "sent_to": shown["created_to"]}).json()  # fmt: skip
    csat = http.get("/v1/voc/csat", params=shown).json()
    drawn = [("#chart-csat-time", csat["periods"])]
    if rates["periods"]:
        expect(page.locator("#chart-response .main-svg").first).to_be_attached()
        drawn.append(("#chart-response", rates["periods"]))
    for chart, periods in drawn:
        axis = page.evaluate(f"document.querySelector('{chart}').layout.xaxis.type")
        x = page.evaluate(f"document.querySelector('{chart}').data[0].x")
        assert (axis, x) == ("category", [p["label"] for p in periods]), chart


def test_each_voc_chart_downloads_as_png_and_its_data_as_csv(
    page: Page, http: httpx.Client
) -> None:
    page.click("#tab-voc")
    segments = page.locator("figure", has=page.locator("#chart-nps-segment"))
    expect(segments.locator(".main-svg").first).to_be_attached()
    with page.expect_download() as info:
        segments.get_by_role("button", name="Download PNG").click()
    assert info.value.suggested_filename == "boucle-nps-by-segment.png"
    assert info.value.path().read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    scores = page.locator("figure", has=page.locator("#chart-csat-dist"))
    with page.expect_download() as info:
        scores.get_by_role("button", name="CSV").click()
    assert info.value.suggested_filename == "boucle-csat-by-score.csv"
    form = page.locator("#voc-filters")
    shown = {name: form.locator(f'[name="{name}"]').input_value()
             for name in ("period", "created_from", "created_to")}  # fmt: skip
    expected = http.get("/v1/voc/csat", params={**shown, "format": "csv"}).content
    assert info.value.path().read_bytes() == expected  # the range the page shows
    # one set of buttons per chart, however often the range draws it again
    form.locator('[name="period"]').select_option("week")
    expect(segments.get_by_role("button", name="Download PNG")).to_have_count(1)
    # the theme's weekly chart: a PNG, no CSV form of it in the API
    page.click("#tab-themes")
    page.locator(".theme-row.theme").first.click()
    detail = page.locator("#theme-detail")
    expect(detail.locator("#chart-theme-trend .main-svg").first).to_be_attached()
    with page.expect_download() as info:
        detail.get_by_role("button", name="Download PNG").click()
    assert info.value.suggested_filename.endswith("-weekly.png")
    expect(detail.get_by_role("button", name="CSV", exact=True)).to_have_count(0)


def test_amounts_are_written_in_the_currency_as_the_digest_writes_them(
    page: Page, http: httpx.Client
) -> None:
    from api.money import money

    assert page.locator("body").get_attribute("data-currency") == "EUR"  # BOUCLE_CURRENCY's default
    values = [310_000, 1_234_567, 950, 999_960, 999_949, 1_250, 0, -5_000, 12.5, 2.5e9]
    written_by_page = page.evaluate(
        "values => import('/static/web/core.js').then((core) => values.map(core.money))", values
    )
    assert written_by_page == [money(v, "EUR") for v in values]
    page.click("#tab-voc")
    risk = http.get("/v1/voc/at-risk", params={"limit": 200}).json()["items"][:15]
    row = next(n for n, account in enumerate(risk) if account["arr"])  # the table shows 15
    cell = page.locator("#at-risk tbody tr").nth(row).locator("td").nth(2)
    expect(cell).to_have_text(money(risk[row]["arr"], "EUR"))
    assert cell.inner_text().startswith("€")


def written(value: float | None, digits: int = 1) -> str:
    """A number as the page's num() writes it: 11.0 is "11", None is "—"."""
    return "—" if value is None else f"{value:.{digits}f}".rstrip("0").rstrip(".")


def test_the_range_changes_the_nps_card(page: Page, http: httpx.Client) -> None:
    """The NPS card showed the whole history whatever the reader looked at: it follows the
    range now, and says the change against as many days just before it, as the API works out."""
    page.click("#tab-voc")
    form, card = page.locator("#voc-filters"), page.locator("#voc-kpis .kpi").first
    expect(form.locator('[name="range"]')).to_have_value("90")
    start = form.locator('[name="created_from"]').input_value()
    end = form.locator('[name="created_to"]').input_value()
    assert (date.fromisoformat(end) - date.fromisoformat(start)).days == 89
    nps = http.get("/v1/voc/nps", params={"created_from": start, "created_to": end}).json()
    assert nps["previous"]["days"] == 90 and nps["change"] is not None, nps  # the demo has both
    expect(card.locator(".kpi-value")).to_have_text(written(nps["overall"]["nps"]))
    sign = "+" if nps["change"] > 0 else ""
    was = written(nps["previous"]["overall"]["nps"])  # "-33.7 vs previous 90 days" read as it
    expect(card.locator(".kpi-change")).to_have_text(
        f"{sign}{written(nps['change'])} points vs the previous 90 days (was {was})"
    )
    form.locator('[name="range"]').select_option("")  # all time
    whole = http.get("/v1/voc/nps").json()
    assert whole["overall"]["responses"] > nps["overall"]["responses"], whole
    expect(card.locator(".kpi-detail")).to_have_text(
        re.compile(f"^{whole['overall']['responses']} answers:")
    )
    expect(card.locator(".kpi-value")).to_have_text(written(whole["overall"]["nps"]))
    expect(card.locator(".kpi-change")).to_have_text("whole history: pick a range to compare")
    form.locator('[name="created_from"]').fill(start)  # a date typed: a custom range
    expect(form.locator('[name="range"]')).to_have_value("custom")
    since = http.get("/v1/voc/nps", params={"created_from": start}).json()
    expect(card.locator(".kpi-detail")).to_have_text(
        re.compile(f"^{since['overall']['responses']} answers:")
    )
    # segments are in the legend, not drawn: the overall line alone (a trace is its own group)
    expect(page.locator("#chart-nps-time .scatterlayer .trace")).to_have_count(1)
    # by week, weeks of under 5 answers are rings
    form.locator('[name="period"]').select_option("week")
    weeks = http.get("/v1/voc/nps", params={"created_from": start, "period": "week"})
    rings = ["circle-open" if p["few_answers"] else "circle" for p in weeks.json()["periods"]]
    assert "circle-open" in rings, rings
    drawn = "() => document.querySelector('#chart-nps-time').data?.[0].marker.symbol"
    # polled from here: a string predicate is eval'd in the page, which its CSP refuses
    wait_until(page, lambda: len(page.evaluate(drawn) or []) == len(rings), "the weeks drawn")
    assert page.evaluate(drawn) == rings


def test_the_page_counts_days_in_the_server_zone(browser: Browser, server: str) -> None:
    """The VoC "Last 90 days" range, the weeks of the theme trends and the dates shown are the
    server's days (BOUCLE_TIMEZONE, which the page bootstrap names), as the API reads them: not
    UTC's, as the page counted them, nor the browser's. At 12:00 UTC on Sunday 8 March it is
    already Monday 9 March at UTC+14, and still Sunday 02:00 in a browser at UTC-10."""
    zone = "Pacific/Kiritimati"
    page = browser.new_page(viewport=WIDE, timezone_id="Pacific/Honolulu")
    watch = Watch(page, server)
    page.clock.set_fixed_time(datetime(2026, 3, 8, 12, 0, tzinfo=UTC))

    def zoned(
        route,
    ) -> None:  # the page as a server with BOUCLE_TIMEZONE=Pacific/Kiritimati writes it
        answer = route.fetch()
        html = answer.text()
        assert 'data-timezone="UTC"' in html  # the fixture's server: the zone's default
        route.fulfill(
            response=answer, body=html.replace('data-timezone="UTC"', f'data-timezone="{zone}"')
        )

    page.route(f"{server}/app", zoned)
    page.goto(f"{server}/app#voc")
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    page.click("#tab-voc")
    form = page.locator("#voc-filters")
    expect(form.locator('[name="range"]')).to_have_value("90")
    expect(form.locator('[name="created_to"]')).to_have_value("2026-03-09")
    expect(form.locator('[name="created_from"]')).to_have_value("2025-12-10")  # 90 days with it
    days = page.evaluate(
        """() => import('/static/web/core.js').then((core) => [core.weekStarts(2),
            core.day('2026-03-08T12:00:00+00:00'), core.day('2026-03-08T12:00:00'),
            core.day('2026-03-08'), core.day(null)])"""
    )
    assert days == [["2026-03-02", "2026-03-09"], "2026-03-09", "2026-03-09", "2026-03-08", "—"]
    page.close()
    assert not watch.external and not watch.errors, (watch.external, watch.errors)


def test_a_sparkline_ends_with_the_last_whole_week(page: Page) -> None:
    """The week in progress was the line's last point: on a Monday it held a day's insights and
    every theme seemed to collapse. The line ends with last week, each point's title says its
    days, and the week in progress is left out."""
    drawn = page.evaluate(
        """() => import('/static/web/core.js').then((core) => {
          const [before, last, now] = core.weekStarts(3);
          const svg = core.sparkline([{period_start: before, volume: 8},
            {period_start: last, volume: 10}, {period_start: now, volume: 1}]);
          return {weeks: [before, last, now], label: svg.getAttribute('aria-label'),
                  titles: [...svg.querySelectorAll('title')].map((t) => t.textContent)};
        })"""
    )
    before, last, now = (date.fromisoformat(day) for day in drawn["weeks"])
    sunday = (last + timedelta(days=6)).isoformat()
    assert drawn["label"].endswith(f"to {sunday}: 0, 0, 0, 0, 0, 0, 8, 10"), drawn["label"]
    assert len(drawn["titles"]) == 8
    assert drawn["titles"][-1] == f"10 insights from {last.isoformat()} to {sunday}"
    assert (
        drawn["titles"][-2]
        == f"8 insights from {before.isoformat()} to {before + timedelta(days=6)}"
    )


class Held:
    """Requests matching a route, held unanswered until release(): a slow server, on demand."""

    def __init__(self, page: Page, pattern) -> None:
        self.routes: list = []
        self.page, self.pattern = page, pattern
        page.route(pattern, lambda route: self.routes.append(route))

    def release(self) -> None:
        self.page.route(self.pattern, lambda route: route.continue_())  # later ones pass
        for route in self.routes:
            route.continue_()


PLOTLY = re.compile(r"/static/web/plotly\.min\.js")


def test_lists_render_before_plotly_which_loads_once_for_the_first_chart(
    browser: Browser, server: str
) -> None:
    """plotly.js (4.8 MB) was loaded before the page's script: every list waited for it."""
    page = browser.new_page(viewport=WIDE)
    watch = Watch(page, server)
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if PLOTLY.search(r.url) else None)
    held = Held(page, PLOTLY)
    page.goto(f"{server}/app")
    expect(page.locator(".theme-row").first).to_be_visible()
    assert not fetched and page.evaluate("typeof window.Plotly") == "undefined"

    page.locator(".theme-row.theme").first.click()  # a chart is about to be drawn: now plotly
    detail = page.locator("#theme-detail")
    expect(detail.locator(".quote").first).to_be_visible()
    expect(detail.locator("#chart-theme-trend")).to_contain_text("Loading the chart")
    page.click("#tab-needs")  # the page still works while plotly loads
    expect(page.locator("#needs-table tbody tr").first).to_be_visible()
    page.click("#tab-themes")
    held.release()
    expect(detail.locator("#chart-theme-trend .main-svg").first).to_be_attached()
    page.locator(".theme-row.theme").nth(1).click()
    expect(detail.locator("#chart-theme-trend .main-svg").first).to_be_attached()
    page.click("#tab-voc")
    expect(page.locator("#chart-csat-time .main-svg").first).to_be_attached()
    assert len(fetched) == 1, fetched
    page.close()
    assert not watch.external and not watch.errors, (watch.external, watch.errors)


def test_voc_tables_come_first_and_a_failed_plotly_says_so(browser: Browser, server: str) -> None:
    """The KPIs and accounts waited for every per-segment NPS call; without plotly.js the charts
    said so, but only once it had failed first, before anything else showed."""
    page = browser.new_page(viewport=WIDE)
    watch = Watch(page, server)
    page.route(PLOTLY, lambda route: route.abort())
    by_segment = Held(page, re.compile(r"/v1/voc/nps\?.*segment="))
    page.goto(f"{server}/app#voc")
    expect(page.locator("#voc-kpis .kpi")).to_have_count(VOC_CARDS)
    expect(page.locator("#at-risk tbody tr").first).to_be_visible()
    expect(page.locator("#chart-nps-segment")).to_contain_text("Chart unavailable")
    expect(page.locator("#chart-nps-time")).to_contain_text("Loading the chart")
    assert by_segment.routes, "the segments' NPS calls went out"
    by_segment.release()
    expect(page.locator("#chart-nps-time")).to_contain_text("Chart unavailable")
    expect(page.locator("#toast")).to_contain_text(
        "Charts unavailable: plotly.js could not be fetched"
    )
    page.close()
    assert not watch.external, watch.external
    assert all("ERR_FAILED" in e for e in watch.errors), watch.errors


def test_needs_do_not_wait_for_the_themes(browser: Browser, server: str) -> None:
    """Opened first, the needs table waited for the theme tree (only its filter needs it)."""
    page = browser.new_page(viewport=WIDE)
    watch = Watch(page, server)
    themes = Held(page, re.compile(r"/v1/themes$"))
    page.goto(f"{server}/app#needs")
    expect(page.locator("#needs-table tbody tr").first).to_be_visible()
    assert themes.routes and page.locator("#needs-filters [name=theme] option").count() == 1
    themes.release()
    expect(page.locator("#needs-filters [name=theme] optgroup").first).to_be_attached()
    page.close()
    assert not watch.external and not watch.errors, (watch.external, watch.errors)


def test_keyboard_reaches_and_activates_tabs_and_themes(page: Page) -> None:
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "tab-themes"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "tab-needs"
    page.keyboard.press("Enter")
    expect(page.locator("#view-needs")).to_be_visible()
    expect(page.locator("#tab-needs")).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#view-search")).to_be_visible()
    assert page.evaluate("document.activeElement.id") == "tab-search"
    page.keyboard.press("Home")
    expect(page.locator("#view-themes")).to_be_visible()
    expect(page.locator(".theme-row").first).to_be_visible()
    for _ in range(20):  # on through the key field and the toolbar to the first theme
        page.keyboard.press("Tab")
        if "theme-row" in page.evaluate("document.activeElement.className"):
            break
    else:
        raise AssertionError(
            f"Tab never reached a theme: {page.evaluate('document.activeElement.outerHTML')}"
        )
    page.keyboard.press("Enter")
    expect(page.locator("#theme-detail h2")).to_be_visible()
    for control in page.locator("input, select, textarea").all():
        assert control.evaluate(
            "el => Boolean(el.labels && el.labels.length) || el.hasAttribute('aria-label')"
        ), control.evaluate("el => el.outerHTML")


# Elements wider than the window, outside the containers that scroll on purpose (wide tables).
OVERFLOWING = """[...document.querySelectorAll('body *')]
  .filter(e => !e.closest('.scroll-x') && e.getBoundingClientRect().right > innerWidth + 1)
  .map(e => `${e.tagName}#${e.id}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""


def test_narrow_window_has_no_horizontal_overflow(browser: Browser, server: str) -> None:
    page, watch = open_page(browser, server, {"width": 400, "height": 800})
    views = {"themes": ".theme-row", "needs": "#needs-table tbody tr", "search": "#search-query",
             "voc": "#chart-nps-time .main-svg", "webhooks": "#webhook-url"}  # fmt: skip
    for view, ready in views.items():
        page.click(f"#tab-{view}")
        expect(page.locator(ready).first).to_be_attached()
        if view == "themes":
            page.locator(".theme-row").first.click()
            expect(page.locator("#theme-detail h2")).to_be_visible()
        if view == "needs":
            page.locator("#needs-table button.link").first.click()
            expect(page.locator("#need-title")).to_be_visible()
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, innerWidth,"
            " document.querySelector('main').scrollWidth, document.querySelector('main').clientWidth]"
        )
        wide = page.evaluate(OVERFLOWING) if widths[0] > widths[1] or widths[2] > widths[3] else []
        assert not wide, (view, widths, wide)
    page.close()
    assert not watch.external and not watch.errors, (watch.external, watch.errors)


def test_key_is_sent_and_refusals_are_explained(page: Page) -> None:
    # the ranking beside the tree asks once the tree is read: settled before the key changes
    expect(page.locator("#ranking-note")).not_to_be_empty()
    sent: list[str | None] = []
    page.on(
        "request",
        lambda r: sent.append(r.headers.get("authorization")) if "/v1/" in r.url else None,
    )
    page.fill("#api-key", "k-read-only")
    page.click("#key-form button")
    # this server has no keys: any key is taken, so "key kept" alone read as a key checked
    expect(page.locator("#key-state")).to_have_text(
        "no key needed: this server's API is open (key kept until the browser closes)"
    )
    expect(page.locator(".theme-row").first).to_be_visible()
    assert sent and set(sent) == {"Bearer k-read-only"}

    def refuse(route) -> None:
        if route.request.method == "PATCH":
            route.fulfill(status=403, json={"detail": "this API key lacks the 'admin' scope"})
        else:
            route.continue_()

    page.route("**/v1/themes/*", refuse)
    page.locator(".theme-row").first.click()
    page.fill("#rename-input", "A name this key may not give")  # unchanged, nothing is sent
    page.click("#rename-input ~ button")
    expect(page.locator("#toast")).to_have_text("This key cannot edit: needs admin scope.")
    page.route(
        re.compile(r"/v1/needs\?"),
        lambda route: route.fulfill(status=401, json={"detail": "unknown API key"}),
    )
    page.click("#tab-needs")
    expect(page.locator("#toast")).to_contain_text("API key missing or unknown")
    page.fill("#api-key", "")
    page.click("#key-form button")
    expect(page.locator("#key-state")).to_have_text("no key sent")
    # The browser logs the refusals above on its console, as it should, and at its own pace
    # (one may come after this line): those two, and nothing else, are expected.
    page.watch.expected = ("status of 401 (Unauthorized)", "status of 403 (Forbidden)")


STORED_KEY = "[sessionStorage.getItem('boucle.apiKey'), localStorage.getItem('boucle.apiKey')]"


def test_the_key_lasts_the_session_unless_remembered_on_this_device(browser, server) -> None:
    """The key was kept in localStorage: it outlived the browser, and every tab had it. Now it
    stays in the tab's session unless "remember on this device" is ticked; clearing removes it
    from both stores."""
    context = browser.new_context(viewport=WIDE)

    def open_tab() -> Page:
        tab = context.new_page()
        tab.goto(f"{server}/app")
        expect(tab.locator("body")).to_have_attribute("data-ready", "true")
        return tab

    try:
        first = open_tab()
        expect(first.locator("#key-remember")).not_to_be_checked()
        first.fill("#api-key", "k-session")
        first.click("#key-form button")
        # this server has no keys: the key is kept, and said to be needless
        expect(first.locator("#key-state")).to_have_text(
            "no key needed: this server's API is open (key kept until the browser closes)"
        )
        assert first.evaluate(STORED_KEY) == ["k-session", None]
        first.reload()  # the same tab keeps its session
        expect(first.locator("body")).to_have_attribute("data-ready", "true")
        expect(first.locator("#api-key")).to_have_value("k-session")

        second = open_tab()  # another tab (as after a restart): no session key there
        expect(second.locator("#api-key")).to_have_value("")
        expect(second.locator("#key-state")).to_have_text("no key sent")
        second.check("#key-remember")
        second.fill("#api-key", "k-device")
        second.click("#key-form button")
        expect(second.locator("#key-state")).to_contain_text("(key kept on this device)")
        assert second.evaluate(STORED_KEY) == [None, "k-device"]

        third = open_tab()
        expect(third.locator("#api-key")).to_have_value("k-device")
        expect(third.locator("#key-remember")).to_be_checked()

        assert first.evaluate(STORED_KEY) == ["k-session", "k-device"]
        first.fill("#api-key", "")
        first.click("#key-form button")
        expect(first.locator("#key-state")).to_have_text("no key sent")
        assert first.evaluate(STORED_KEY) == [None, None]
        assert third.evaluate(STORED_KEY) == [None, None]
    finally:
        context.close()


def test_a_reading_key_sees_no_edit_controls(page: Page) -> None:
    page.route("**/v1/key", lambda route: route.fulfill(json={"open": False, "scopes": ["read"]}))
    page.fill("#api-key", "k-reader")
    page.click("#key-form button")
    page.locator(".theme-row").first.click()
    expect(page.locator("#theme-detail .read-only-note")).to_be_visible()
    expect(page.locator("#rename-input")).to_be_hidden()
    expect(page.locator("#refit")).to_be_hidden()
    expect(page.locator("#seed-box")).to_be_hidden()
    page.click("#tab-needs")
    open_first = page.locator("#needs-table tbody tr").first.get_by_role("button").first
    open_first.click()
    expect(page.locator("#need-title")).to_be_visible()
    expect(page.locator("#need-edit")).to_be_hidden()
    expect(page.locator("#need-detail .read-only-note")).to_be_visible()
    page.unroute("**/v1/key")  # an admin key (here: the open API) gets the controls back
    page.fill("#api-key", "")
    page.click("#key-form button")
    open_first.click()
    expect(page.locator("#need-edit")).to_be_visible()
    expect(page.locator("#need-detail .read-only-note")).to_be_hidden()


def test_an_admin_adds_lists_and_removes_a_webhook(page: Page, http: httpx.Client) -> None:
    """The open loopback server may do everything: the Webhooks tab adds one (its secret shown
    once), lists it with its deliveries, and removes it after asking; the API's refusals read
    as sentences."""
    page.click("#tab-webhooks")
    expect(page.locator("#view-webhooks")).to_be_visible()
    expect(page.locator("#webhook-events input[value='feedback.analysed']")).to_be_checked()
    page.fill("#webhook-url", "desk.acme.com/hooks/boucle")
    page.check("#webhook-events input[value='theme.emerging']")
    with page.expect_request(re.compile(r"/v1/webhooks$")) as sent:
        page.click("#webhook-form button[type=submit]")
    assert sent.value.post_data_json["events"] == ["feedback.analysed", "theme.emerging"]
    expect(page.locator("#toast")).to_contain_text("url: ")
    expect(page.locator("#toast")).to_contain_text("no absolute web address")
    # a theme.emerging subscriber makes the worker check for alerts: the alerts test needs none yet
    page.uncheck("#webhook-events input[value='theme.emerging']")
    page.fill("#webhook-url", "https://desk.acme.com/hooks/boucle?token=t0ps3cret")
    page.fill("#webhook-description", "Zendesk <b>tags</b>")
    page.click("#webhook-form button[type=submit]")
    secret = page.locator("#webhook-secret-value")
    expect(secret).to_have_value(re.compile(r"^whsec_.{40,}"))
    expect(page.locator("#webhook-secret")).to_contain_text("Shown this once: copy it now")
    expect(page.locator("#webhook-secret").get_by_role("button", name="Copy")).to_be_visible()
    [made] = [w for w in http.get("/v1/webhooks").json()["items"]
              if w["url"].startswith("https://desk.acme.com/hooks/boucle")]  # fmt: skip
    assert made["events"] == ["feedback.analysed"]
    row = page.locator(f"#webhooks-table tr[data-webhook='{made['id']}']")
    expect(row).to_contain_text("desk.acme.com/hooks/boucle")
    expect(row.locator("td").nth(1)).to_have_text("feedback.analysed")
    expect(row).to_contain_text("Zendesk <b>tags</b>")  # text, not markup
    # which secret the receiver should hold: the API's hint, the secret's last 4 characters
    assert made["secret_hint"] == "…" + secret.input_value()[-4:]
    expect(row.locator(".secret-hint")).to_have_text(f"Secret {made['secret_hint']}")
    expect(row.locator("td.deliveries")).to_have_text(
        re.compile(r"^\d+ pending · 0 failed · \d+ delivered$")
    )
    expect(row.get_by_role("button", name="Retry failed")).to_be_disabled()
    assert "t0ps3cret" not in row.inner_text()  # the query may hold a token: host and path only
    page.get_by_role("button", name="I have kept it").click()
    expect(page.locator("#webhook-secret")).to_be_hidden()
    expect(secret).to_have_count(0)  # gone from the page, not only hidden

    asked: list[str] = []  # removing asks first
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    row.get_by_role("button", name="Remove").click()
    expect(row).to_have_count(1)
    assert http.get(f"/v1/webhooks/{made['id']}").status_code == 200
    assert asked and "Remove the webhook to desk.acme.com/hooks/boucle?" in asked[0]
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Remove").click()
    expect(page.locator("#toast")).to_contain_text(
        "Removed the webhook to desk.acme.com/hooks/boucle"
    )
    expect(row).to_have_count(0)
    assert http.get(f"/v1/webhooks/{made['id']}").status_code == 404
    page.watch.expected = ("status of 422 (Unprocessable",)


def test_failed_deliveries_are_retried_from_the_webhooks_tab(page: Page) -> None:
    """A webhook whose receiver was down past every try: its counts, its latest failure, and
    "Retry failed" sends them again (the list is the API's answer as a real one would be)."""
    failing = {"id": 41, "url": "https://chat.acme.com/services/T0/B1?x=1", "events": ["theme.emerging"],
               "description": None, "secret_hint": "…x7Qa", "created_at": "2026-11-02T09:30:00Z",
               "deliveries": {"pending": 1, "failed": 2, "sent": 7},
               "last_failure": {"delivery_id": 9, "event": "theme.emerging", "status": "failed",
                                "attempts": 8, "error": "webhook chat.acme.com: HTTP 503",
                                "created_at": "2026-11-20T10:00:00Z"}}  # fmt: skip
    retried: list[str] = []

    def answer(route) -> None:
        if route.request.method == "POST":
            retried.append(urlsplit(route.request.url).path)
            failing["deliveries"] = {"pending": 3, "sent": 7}
            route.fulfill(json={"retried": 2})
        else:
            route.fulfill(json={"items": [failing]})

    page.route(re.compile(r"/v1/webhooks(/41/retry)?$"), answer)
    page.click("#tab-webhooks")
    row = page.locator("#webhooks-table tr[data-webhook='41']")
    expect(row).to_contain_text("chat.acme.com/services/T0/B1")
    expect(row.locator("td.deliveries")).to_have_text("1 pending · 2 failed · 7 delivered")
    expect(row.locator(".secret-hint")).to_have_text("Secret …x7Qa")
    expect(row.locator("td.last-failure")).to_contain_text("webhook chat.acme.com: HTTP 503")
    expect(row.locator("td.last-failure .backing-off")).to_have_count(0)  # none sent: none shown
    expect(row.locator("td.last-failure")).to_contain_text(
        "theme.emerging, event of 2026-11-20: 8 tries, given up"
    )
    row.get_by_role("button", name="Retry failed (2)").click()
    expect(page.locator("#toast")).to_contain_text(
        "2 failed deliveries to chat.acme.com/services/T0/B1 will be sent again"
    )
    expect(row.locator("td.deliveries")).to_have_text("3 pending · 0 failed · 7 delivered")
    assert retried == ["/v1/webhooks/41/retry"]


def test_a_webhook_backing_off_says_until_when_in_the_server_zone(
    browser: Browser, server: str
) -> None:
    """A receiver that stopped answering backs off: the tab showed only the latest failed
    delivery, not that none is tried before its back-off ends nor the receiver's last failed
    try. Both now, at the server's time (BOUCLE_TIMEZONE, UTC+14 here; the browser at UTC-10),
    the day written when it is not today there."""
    page = browser.new_page(viewport=WIDE, timezone_id="Pacific/Honolulu")
    watch = Watch(page, server)
    page.clock.set_fixed_time(datetime(2026, 3, 8, 9, 0, tzinfo=UTC))  # 23:00 at UTC+14

    def zoned(route) -> None:
        answer = route.fetch()
        body = answer.text().replace('data-timezone="UTC"', 'data-timezone="Pacific/Kiritimati"')
        route.fulfill(response=answer, body=body)

    down = {"id": 7, "url": "https://desk.acme.com/hooks/boucle", "events": ["feedback.analysed"],
            "description": None, "created_at": "2026-03-01T09:30:00Z",
            "deliveries": {"pending": 12, "sent": 40}, "last_failure": None,
            "backing_off_until": "2026-03-08T09:45:00Z",  # 23:45 there: today
            "receiver_problem": "desk.acme.com: no answer within 10 s",
            "receiver_problem_at": "2026-03-08T08:45:00Z"}  # fmt: skip
    late = {**down, "id": 8, "url": "https://chat.acme.com/services/T0",
            "backing_off_until": "2026-03-08T10:30:00Z",  # 00:30 there, on the 9th
            "receiver_problem": "chat.acme.com: no connection (ConnectError)",
            "receiver_problem_at": "2026-03-07T09:15:00+00:00"}  # fmt: skip
    answered = {
        **down,
        "id": 9,
        "url": "https://crm.acme.com/in",
        "backing_off_until": None,
        "receiver_problem": "crm.acme.com: HTTP 503",
        "receiver_problem_at": None,
    }
    quiet = {
        **down,
        "id": 10,
        "url": "https://ok.acme.com/in",
        "backing_off_until": None,
        "receiver_problem": None,
        "receiver_problem_at": None,
    }
    page.route(f"{server}/app", zoned)
    page.route(re.compile(r"/v1/webhooks$"),
               lambda route: route.fulfill(json={"items": [down, late, answered, quiet]}))  # fmt: skip
    page.goto(f"{server}/app")
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    page.click("#tab-webhooks")
    cells = {hook: page.locator(f"#webhooks-table tr[data-webhook='{hook}'] td.last-failure")
             for hook in (7, 8, 9, 10)}  # fmt: skip
    expect(cells[7].locator(".backing-off")).to_have_text(
        "Receiver backing off: not tried before 23:45"
    )
    expect(cells[7].locator(".receiver-problem")).to_have_text(
        "Receiver's last failed try (22:45): desk.acme.com: no answer within 10 s"
    )
    expect(cells[8].locator(".backing-off")).to_have_text(
        "Receiver backing off: not tried before 2026-03-09 00:30"
    )
    expect(cells[8].locator(".receiver-problem")).to_have_text(
        "Receiver's last failed try (2026-03-07 23:15): chat.acme.com: no connection (ConnectError)"
    )
    expect(cells[9]).to_have_text("Receiver's last failed try: crm.acme.com: HTTP 503")
    expect(cells[10]).to_have_text("none")
    page.close()
    assert not watch.external and not watch.errors, (watch.external, watch.errors)


def test_a_reading_key_sees_no_webhooks(page: Page, http: httpx.Client) -> None:
    """A webhook sends feedback out of the workspace: a key without the admin scope gets no
    Webhooks tab, does not ask for them, and a link to the tab opens the themes."""
    body = {"url": "https://reader-check.acme.com/hook", "events": ["feedback.analysed"]}
    made = http.post("/v1/webhooks", json=body).json()
    try:
        seen_by_a_reader(page, made["id"])
    finally:
        http.delete(f"/v1/webhooks/{made['id']}")


def seen_by_a_reader(page: Page, webhook_id: int) -> None:
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/v1/webhooks" in r.url else None)
    expect(page.locator("#tab-webhooks")).to_be_visible()  # the open server: every scope
    page.click("#tab-webhooks")
    expect(page.locator(f"#webhooks-table tr[data-webhook='{webhook_id}']")).to_be_visible()
    page.route("**/v1/key", lambda route: route.fulfill(json={"open": False, "scopes": ["read"]}))
    page.fill("#api-key", "k-reader")
    page.click("#key-form button")
    expect(page.locator("#view-themes")).to_be_visible()  # moved off the tab it may not open
    expect(page.locator("#tab-webhooks")).to_be_hidden()
    expect(page.locator("#view-webhooks")).to_be_hidden()
    expect(page.locator("#webhooks-table tbody tr")).to_have_count(0)  # the last key's list went
    page.evaluate("history.replaceState(null, '', '#webhooks')")  # a link to the tab,
    page.reload()  # opened with the reading key
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    expect(page.locator("#view-themes")).to_be_visible()
    expect(page.locator("#tab-webhooks")).to_be_hidden()
    page.locator("#tab-themes").focus()
    page.keyboard.press("End")  # the arrows skip the hidden tab
    expect(page.locator("#tab-voc")).to_be_focused()
    assert len(asked) == 1, asked  # the open server's list, before the key; none since


def test_a_refused_key_clears_the_page_and_says_so(page: Page) -> None:
    """A wrong key saved after a good one kept the good key's views on screen, said "key
    saved" and offered every edit control."""
    expect(page.locator(".theme-row").first).to_be_visible()
    page.route(
        "**/v1/**", lambda route: route.fulfill(status=401, json={"detail": "unknown API key"})
    )
    page.fill("#api-key", "wrong")
    with page.expect_navigation():  # a refused key reloads the page
        page.click("#key-form button")
    expect(page.locator("#key-state")).to_have_text("this key is not accepted: check it")
    expect(page.locator(".theme-row")).to_have_count(0)  # reloaded: nothing of the last key's
    expect(page.locator("#refit")).to_be_hidden()
    # the reloaded page's script must be running: a click before it submits the form natively
    # (a navigation keeping the wrong key), which under load made this test fail
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    page.unroute("**/v1/**")
    page.fill("#api-key", "")
    page.click("#key-form button")
    expect(page.locator("#key-state")).to_have_text("no key sent")
    expect(page.locator(".theme-row").first).to_be_visible()
    page.watch.expected = ("status of 401 (Unauthorized)",)


def post_a_battery_burst(http: httpx.Client) -> None:
    """30 complaints about battery drain over the last 4 days (a re-send changes nothing)."""
    now = datetime.now(UTC)
    items = [{"source": "zendesk", "external_id": f"battery-{n}",
              "text": f"{BATTERY[n % 5]} (ticket {1000 + n})",
              "created_at": (now - timedelta(hours=3 * n + 1)).isoformat()} for n in range(30)]  # fmt: skip
    assert http.post("/v1/feedback", json={"items": items}, timeout=120).status_code < 300


def test_a_new_topic_shows_as_unthemed_growth(page: Page, http: httpx.Client) -> None:
    """A burst of a topic no theme knows (battery drain) is a card of its own beside the themes,
    with its count against the baseline, its quotes, and the unrelated themes it joined at ingest
    (links; they carry no emerging badge). Late in the module: it adds feedback."""
    expect(page.locator("#unthemed-growth")).to_be_hidden()  # the demo has no such burst
    post_a_battery_burst(http)
    found = http.get("/v1/themes/emerging").json()
    growth = found["unthemed"]
    assert growth and growth["p_value"] < 0.01, found
    page.reload()
    card = page.locator("#unthemed-growth")
    expect(card.locator("h2")).to_contain_text("New topic, not yet a theme")
    expect(card.locator(".note")).to_contain_text(
        f"{growth['recent']} insights in the last 7 days ({growth['in_no_theme']} in no theme"
    )
    expect(card.locator(".note")).to_contain_text(f"from {growth['baseline']} insight")
    expect(card.locator(".note")).to_contain_text("in no theme in the 56 days before")
    expect(page.locator("#themes-summary")).to_contain_text("a new topic rising")
    expect(card.locator(".quote blockquote")).to_have_count(len(growth["quotes"]))
    expect(card.locator(".quote blockquote").first).to_contain_text("(ticket 10")
    expect(card.locator(".loose button")).to_have_count(len(growth["loose"]))

    # The themes it joined: on the 200-item demo the burst lands in no theme, so the answer
    # names a real theme as one it joined (as on 300 items, tests/test_theme_trust.py).
    if not growth["loose"]:
        # the labels as the page (en-US) reads them: a theme's English label where it has one
        tree = http.get("/v1/themes", params={"lang": "en"}).json()["items"]
        theme = next(c for p in tree for c in p["children"])
        growth["loose"] = [{"id": theme["id"], "name": theme["name"], "recent": 4}]
        found["unthemed"] = growth
        page.route("**/v1/themes/emerging", lambda route: route.fulfill(json=found))
        page.reload()
    taker = growth["loose"][0]
    link = card.locator(f".loose button[data-theme='{taker['id']}']")
    expect(link).to_have_text(taker["name"])
    expect(card.locator(".loose")).to_contain_text(f"{taker['name']} ({taker['recent']})")
    row = page.locator(f".theme-row[data-theme='{taker['id']}']")
    expect(row.locator(".badge.emerging")).to_have_count(0)
    link.click()
    expect(page.locator("#theme-detail h2")).to_contain_text(taker["name"])
    expect(row).to_have_attribute("aria-current", "true")

    found["unthemed"] = None  # not significant: no card
    page.unroute("**/v1/themes/emerging")
    page.route("**/v1/themes/emerging", lambda route: route.fulfill(json=found))
    page.reload()
    expect(page.locator(".theme-row").first).to_be_visible()
    expect(card).to_be_hidden()
    expect(page.locator("#themes-summary")).not_to_contain_text("new topic")


def test_alerts_list_a_new_topic_as_they_list_themes(page: Page, http: httpx.Client) -> None:
    """The alerts the worker writes (GET /v1/themes/alerts) are listed beside the themes: an
    unthemed-growth alert (a new topic no theme knows) among the emerging themes' ones, same
    badge, with its counts, the themes it joined, and its delivery. Late: it adds feedback."""
    expect(page.locator(".theme-row").first).to_be_visible()
    expect(page.locator("#theme-alerts")).to_be_hidden()  # no alert written yet
    post_a_battery_burst(http)
    checked = http.post("/v1/themes/alerts/check")
    assert checked.status_code == 200, checked.text
    alerts = http.get("/v1/themes/alerts").json()
    unthemed = next(a for a in alerts["items"] if a["kind"] == "unthemed")
    page.reload()
    box = page.locator("#theme-alerts")
    expect(box.locator(".alert-item")).to_have_count(len(alerts["items"]))
    item = box.locator(".alert-item[data-kind='unthemed']")
    expect(item.locator(".badge.emerging")).to_have_text("new topic")
    payload = unthemed["payload"]
    expect(item).to_contain_text(
        f"not yet a theme: {payload['recent']} insights in 7 days "
        f"({payload['in_no_theme']} in no theme)"
    )
    expect(item.locator("button[data-theme]")).to_have_count(len(payload["loose"]))
    expect(item.locator(f".badge.status-{unthemed['status']}")).to_have_count(1)
    expect(box).to_contain_text("No webhook is set")


def test_page_waits_for_the_models(browser: Browser, server: str) -> None:
    page = browser.new_page(viewport=WIDE)
    page.route("**/readyz", lambda route: route.fulfill(status=503, json={"status": "loading"}))
    page.goto(f"{server}/app")
    expect(page.locator("#banner")).to_contain_text("Models are loading")
    assert page.locator(".theme-row").count() == 0
    page.unroute("**/readyz")
    expect(page.locator("#banner")).to_be_hidden()
    expect(page.locator(".theme-row").first).to_be_visible()
    page.close()


def test_the_api_docs_render_the_operations_from_the_servers_own_files(
    browser: Browser, server: str
) -> None:
    """/docs read "Unable to render this definition": swagger-ui-bundle's Swagger UI 4.15 cannot
    read the OpenAPI 3.1 schema FastAPI writes. Swagger UI (/docs) and ReDoc (/redoc) list the
    operations, and nothing they ask of another host leaves the browser."""
    page = browser.new_page(viewport=WIDE)
    watch = Watch(page, server)
    refused: list[str] = []  # by the page's Content-Security-Policy, before any connection
    page.on("requestfailed", lambda r: refused.append(r.url) if r.failure == "csp" else None)
    page.goto(f"{server}/docs")
    tag = page.locator(".opblock-post", has=page.locator("[data-path='/v1/tag']"))
    expect(tag.first).to_be_visible()
    expect(page.locator(".swagger-ui")).not_to_contain_text("Unable to render")
    assert not watch.external, watch.external
    page.goto(f"{server}/redoc")
    expect(page.get_by_text("/v1/tag/batch").first).to_be_attached()
    # ReDoc's footer asks cdn.redoc.ly for Redocly's logo: refused (api/docs.py), then left out.
    # Not waited for: under load ReDoc may ask after the checks below (failed once at load 12).
    expect(page.get_by_alt_text("redocly logo")).to_have_count(0)
    page.close()
    assert set(watch.external) <= set(refused), (watch.external, refused)
    assert not [e for e in watch.errors if "cdn.redoc.ly" not in e], watch.errors


def test_a_server_down_or_a_database_down_is_said_so(browser: Browser, server: str) -> None:
    """Server stopped: the toast read "Unexpected error: Failed to fetch" over an empty table;
    a database outage (503) read "Models are still loading"."""
    down = {"message": "the database is unavailable: retry in a few seconds"}
    for answer, said in ((lambda route: route.abort(), "The Boucle server cannot be reached"),
                         (lambda route: route.fulfill(status=503, json=down),
                          "The database is unavailable")):  # fmt: skip
        page = browser.new_page(viewport=WIDE)
        watch = Watch(page, server)
        page.route("**/v1/needs*", answer)
        page.goto(f"{server}/app#needs")
        expect(page.locator("#toast")).to_contain_text(said)
        page.close()
        assert not watch.external


def test_a_link_restores_the_view_and_back_walks_it(browser: Browser, server: str) -> None:
    """Tab, open theme, search and its filters, VoC range: in the URL, so a new tab shows them."""
    page, watch = open_page(browser, server)
    row = page.locator(".theme-row.theme").first
    theme_id = row.get_attribute("data-theme")
    row.click()
    expect(page).to_have_url(re.compile(rf"#themes\?theme={theme_id}$"))
    page.click("#tab-voc")
    page.select_option("#voc-filters [name=range]", "30")
    expect(page).to_have_url(re.compile(r"voc\.range=30"))
    page.click("#tab-search")
    page.fill("#search-query", "export")
    page.select_option("#search-form [name=theme]", theme_id)
    page.keyboard.press("Enter")
    expect(page.locator("#search-state")).not_to_be_empty()
    link = page.url
    assert (
        "#search?" in link and f"search.theme={theme_id}" in link and "search.query=export" in link
    )

    again = browser.new_page(viewport=WIDE)  # a new tab, the link pasted
    watch_again = Watch(again, server)
    again.goto(link)
    expect(again.locator("body")).to_have_attribute("data-ready", "true")
    expect(again.locator("#tab-search")).to_have_attribute("aria-selected", "true")
    expect(again.locator("#search-query")).to_have_value("export")
    expect(again.locator("#search-form [name=theme]")).to_have_value(theme_id)
    expect(again.locator("#search-state")).not_to_be_empty()  # the search ran
    hits = again.locator("#search-results > .quote .meta")
    for text in hits.all_inner_texts():
        assert "theme “" in text, text  # only the theme's insights
    again.click("#tab-themes")
    expect(again.locator(f'.theme-row[data-theme="{theme_id}"]')).to_have_attribute(
        "aria-current", "true"
    )
    expect(again.locator("#theme-detail h2")).to_have_text(re.compile(".+"))
    again.click("#tab-voc")
    expect(again.locator("#voc-filters [name=range]")).to_have_value("30")
    again.go_back()  # each tab opened is a step back
    expect(again.locator("#tab-themes")).to_have_attribute("aria-selected", "true")
    again.go_back()
    expect(again.locator("#tab-search")).to_have_attribute("aria-selected", "true")
    page.go_back()
    page.go_back()
    expect(page.locator("#tab-voc")).to_have_attribute("aria-selected", "true")
    page.go_back()
    expect(page.locator("#voc-filters [name=range]")).to_have_value("90")
    for opened, seen in ((page, watch), (again, watch_again)):
        assert not seen.errors, seen.errors
        opened.close()


def test_the_emerging_window_is_chosen_and_kept_in_the_url(page: Page) -> None:
    with page.expect_request(re.compile(r"/v1/themes/emerging\?window_days=30")):
        page.select_option("#emerging-window", "30")
    expect(page).to_have_url(re.compile(r"window=30"))
    with page.expect_request(re.compile(r"/v1/themes/emerging\?window_days=30")):
        page.reload()
    expect(page.locator("#emerging-window")).to_have_value("30")
    expect(page.locator("#themes-summary")).not_to_be_empty()
    page.goto(page.url.replace("window=30", "window=45"))  # not a choice: the default
    expect(page.locator("#emerging-window")).to_have_value("7")


PHONE = {"width": 390, "height": 844}


def smallest_themes_emerging(page: Page, http: httpx.Client, count: int = 2) -> list[dict]:
    """The emerging answer as the API gives it, with the `count` smallest themes rising (the
    smallest: last by size, far down the tree); the page is routed to it and reloaded. The most
    significant (lowest p-value) is the smallest."""
    tree = http.get("/v1/themes").json()["items"]
    flat = [t for node in tree for t in [node, *node.get("children", [])] if t["level"] == "theme"]
    rising = sorted(flat, key=lambda t: (t["size"], t["id"]))[:count]
    assert len(rising) == count and len(flat) > count + 3, [t["name"] for t in flat]
    found = http.get("/v1/themes/emerging").json()
    found["items"] = [{"theme": {"id": t["id"], "name": t["name"], "level": "theme", "size": t["size"]},
                       "recent": 9, "baseline": 2, "expected": 1.5, "ratio": 6.0,
                       "p_value": 0.0001 * (n + 1), "new": False, "quotes": []}
                      for n, t in enumerate(rising)]  # fmt: skip
    page.route("**/v1/themes/emerging", lambda route: route.fulfill(json=found))
    page.reload()
    expect(page.locator(".theme-row").first).to_be_visible()
    return rising


def test_emerging_themes_are_a_click_away_marked_and_kept_in_the_url(
    page: Page, http: httpx.Client
) -> None:
    """The summary's "N emerging" filters the tree to the emerging themes, most significant
    first, in sight at once; the rows are marked; the URL keeps it and back walks it."""
    rising = smallest_themes_emerging(page, http)
    ids = [str(t["id"]) for t in rising]
    marked = page.locator(".theme-row.rising")
    expect(marked).to_have_count(2)
    expect(marked.locator(".badge.emerging")).to_have_count(2)
    assert sorted(marked.evaluate_all("rows => rows.map(r => r.dataset.theme)")) == sorted(ids)
    toggle = page.locator("#themes-summary #emerging-only")
    expect(toggle).to_have_text("2 emerging")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(page).to_have_url(re.compile(r"[?&]emerging=1"))
    themes = page.locator(".theme-row.theme")
    expect(themes).to_have_count(2)
    assert themes.evaluate_all("rows => rows.map(r => r.dataset.theme)") == ids
    for row in themes.all():
        expect(row).to_be_in_viewport()
    expect(page.locator("#emerging-notice")).to_contain_text("most significant first")
    expect(page.locator("#themes-summary #emerging-only")).to_have_attribute("aria-pressed", "true")
    page.reload()  # the link keeps the filter
    expect(page.locator(".theme-row.theme")).to_have_count(2)
    page.locator("#emerging-notice button", has_text="Show all themes").click()
    expect(page).not_to_have_url(re.compile(r"emerging=1"))
    expect(page.locator(".theme-row.theme")).not_to_have_count(2)
    page.go_back()
    expect(page.locator(".theme-row.theme")).to_have_count(2)


def test_emerging_themes_are_a_tap_away_on_a_phone(
    browser: Browser, server: str, http: httpx.Client
) -> None:
    page, watch = open_page(browser, server, PHONE)
    rising = smallest_themes_emerging(page, http)
    toggle = page.locator("#emerging-only")
    expect(toggle).to_be_in_viewport()
    toggle.click()
    for theme in rising:
        row = page.locator(f".theme-row.rising[data-theme='{theme['id']}']")
        expect(row).to_be_in_viewport()
    page.close()
    assert not watch.external and not watch.errors, (watch.external, watch.errors)


def test_themes_are_ranked_by_segment_and_period_kept_in_the_url(
    page: Page, http: httpx.Client
) -> None:
    """The Themes tab ranks themes among a segment's insights over a period (GET
    /v1/themes/ranking), the segment picked among the stored ones; a link keeps the filters."""
    segments = http.get("/v1/segments").json()["items"]
    assert segments, "the demo's accounts have segments"
    segment = segments[0]["segment"]
    since = (date.today() - timedelta(days=120)).isoformat()
    wanted = {"segment": segment, "created_from": since, "level": "theme", "limit": 10}
    ranked = http.get("/v1/themes/ranking", params=wanted).json()
    assert ranked["items"], ranked
    page.click("#ranking-box summary")
    picker = page.locator("#ranking-filters [name='segment']")
    expect(picker.locator("option")).to_have_count(len(segments) + 1)
    page.fill("#ranking-filters [name='created_from']", since)
    with page.expect_request(re.compile(r"/v1/themes/ranking\?segment=")):
        picker.select_option(segment)
    rows = page.locator("#theme-ranking li")
    expect(rows).to_have_count(len(ranked["items"]))
    first = ranked["items"][0]
    expect(rows.first).to_have_attribute("data-theme", str(first["id"]))
    expect(rows.first).to_contain_text(f"{first['insights']} ({round(first['share'] * 100)}%)")
    expect(page.locator("#ranking-note")).to_contain_text(f"Of {ranked['insights']:,} insight")
    expect(page).to_have_url(re.compile(r"ranking.created_from=" + since))
    page.reload()
    expect(page.locator("#ranking-box")).to_have_attribute("open", "")
    expect(picker).to_have_value(segment)
    expect(rows).to_have_count(len(ranked["items"]))
    rows.first.locator("button.link").click()
    expect(page.locator(f".theme-row[data-theme='{first['id']}']")).to_have_attribute(
        "aria-current", "true"
    )


def test_segment_pickers_offer_every_stored_segment(page: Page, http: httpx.Client) -> None:
    """The Needs segment filter and the Search suggestions offer every segment stored on
    accounts (GET /v1/segments), one that no need's evidence comes from too."""
    stored = http.put("/v1/accounts/e2e-partner", json={"arr": 100.0, "segment": "partners"})
    assert stored.status_code in (200, 201), stored.text
    segments = http.get("/v1/segments").json()["items"]
    assert "partners" in {s["segment"] for s in segments}
    page.click("#tab-needs")
    picker = page.locator("#needs-filters [name='segment']")
    expect(picker.locator("option[value='partners']")).to_have_count(1)
    expect(picker.locator("option")).to_have_count(len(segments) + 1)
    page.click("#tab-search")
    expect(page.locator("#segments option[value='partners']")).to_have_count(1)
    expect(page.locator("#segments option")).to_have_count(len(segments))


def test_a_theme_is_moved_under_another_parent_and_to_the_top(
    page: Page, http: httpx.Client
) -> None:
    tree = http.get("/v1/themes").json()["items"]
    parents = [p for p in tree if p["level"] == "parent" and p["children"]]
    assert len(parents) >= 2, [p["name"] for p in tree]
    home, other = parents[0], parents[1]
    theme = home["children"][0]
    page.click(f".theme-row[data-theme='{theme['id']}']")
    expect(page.locator("#move-parent")).to_have_value(str(home["id"]))
    page.select_option("#move-parent", str(other["id"]))
    page.click("#move-theme button")
    expect(page.locator("#toast")).to_contain_text("Moved under")
    expect(page.locator("#move-parent")).to_be_focused()  # drawn again: not dropped to <body>
    under = (
        f"li:has(> .theme-row[data-theme='{other['id']}']) .theme-row[data-theme='{theme['id']}']"
    )
    expect(page.locator(under)).to_have_count(1)
    assert http.get(f"/v1/themes/{theme['id']}").json()["parent_id"] == other["id"]
    expect(page.locator("#move-parent")).to_have_value(str(other["id"]))
    page.select_option("#move-parent", "")
    page.click("#move-theme button")
    expect(page.locator("#toast")).to_contain_text("Moved to the top level")
    expect(
        page.locator(f"#theme-tree > li > .theme-row[data-theme='{theme['id']}']")
    ).to_have_count(1)
    assert http.get(f"/v1/themes/{theme['id']}").json()["parent_id"] is None
    # back where the demo had it, for the tests after this one
    moved = http.patch(f"/v1/themes/{theme['id']}", json={"parent_id": home["id"]})
    assert moved.status_code == 200, moved.text


def test_theme_detail_breakdowns_more_quotes_all_accounts_and_hover_titles(
    page: Page, http: httpx.Client
) -> None:
    tree = http.get("/v1/themes").json()["items"]
    flat = [t for node in tree for t in [node, *node.get("children", [])] if t["level"] == "theme"]
    theme = max(flat, key=lambda t: t["accounts"])
    assert theme["accounts"] > 10 and theme["size"] > 5, theme
    spark = page.locator(".theme-row svg.spark title").first
    day = r"\d{4}-\d{2}-\d{2}"
    assert re.fullmatch(rf"\d+ insights? from {day} to {day}", spark.text_content())
    share = page.locator(".theme-row .mix > span").first.get_attribute("title")
    assert re.fullmatch(r"\d+ \w+ of \d+ insights? \(\d+%\)", share), share
    page.click(f'.theme-row[data-theme="{theme["id"]}"]')
    detail = page.locator("#theme-detail")
    expect(detail.locator("#theme-segments tbody tr").first).to_be_visible()
    expect(detail.locator("#theme-languages li").first).to_contain_text("insight")
    quotes = detail.locator("#theme-quotes > .quote")
    before = quotes.count()
    detail.locator("#theme-quotes-more").click()
    expect(quotes).not_to_have_count(before)
    texts = [" ".join(t.lower().split()) for t in quotes.locator("blockquote").all_inner_texts()]
    assert len(texts) == len(set(texts)), texts
    accounts = detail.locator("#theme-accounts li")
    expect(accounts).to_have_count(10)
    detail.locator("#theme-accounts-more").click()
    expect(accounts).to_have_count(theme["accounts"])


LINK_SEGMENT = '<a href="https://evil.example">x</a> & <b>co</b>'


def segment_answers(http: httpx.Client, account: str, segment: str) -> None:
    """An account in `segment` and its three NPS answers of two days ago: NPS 33.3, a bar to
    hover (10 and 2 made an NPS of 0, a bar of no width)."""
    assert http.put(f"/v1/accounts/{account}",
                    json={"name": account.title(), "segment": segment}).is_success  # fmt: skip
    when = (datetime.now(UTC) - timedelta(days=2)).isoformat()
    answers = [{"source": "nps_survey", "external_id": f"{account}-{n}", "text": "Fine overall.",
                "created_at": when, "score": score, "account_id": account}
               for n, score in enumerate((10, 9, 3))]  # fmt: skip
    assert http.post("/v1/feedback", json={"items": answers}).is_success


def test_a_stored_segment_name_is_shown_as_text_in_the_charts(
    page: Page, http: httpx.Client
) -> None:
    """plotly renders a little HTML in names and labels: a segment named as a link was a
    clickable link in the NPS charts (its bar's label, its line's legend entry)."""
    segment_answers(http, "linked", LINK_SEGMENT)
    page.click("#tab-voc")
    bars, lines = page.locator("#chart-nps-segment"), page.locator("#chart-nps-time")
    expect(bars.locator(".ytick text", has_text="evil.example")).to_have_text(LINK_SEGMENT)
    expect(lines.locator(".legendtext", has_text="evil.example")).to_have_text(LINK_SEGMENT)
    # the segment's line, shown from its legend entry: its hover names it as text too
    lines.locator(".legend .traces", has_text="evil.example").locator(".legendtoggle").click()
    expect(lines.locator(".scatterlayer .trace")).to_have_count(2)
    point = lines.locator(".scatterlayer .trace").nth(1).locator(".point").last
    point.hover(force=True)
    expect(lines.locator(".hoverlayer")).to_contain_text(LINK_SEGMENT)
    expect(page.locator("#view-voc a, #view-voc b")).to_have_count(0)


def test_a_key_without_the_read_scope_is_refused_at_sign_in(page: Page) -> None:
    """A key with only the `metrics` scope (Prometheus) opened the page as a reading key, then
    every view's call got 403. Then, refused, the reloaded page still sent its view's reads with
    it (they went out beside GET /v1/key) and their 403 flashed under the refusal. GET /v1/key
    answers as a real server does for such a key (tests/test_metrics.py), every read as it
    refuses it; none may be sent."""
    expect(page.locator(".theme-row").first).to_be_visible()
    reads: list[str] = []

    def metrics_key(route) -> None:
        path = urlsplit(route.request.url).path
        if path == "/v1/key":
            route.fulfill(json={"open": False, "scopes": ["metrics"]})
        else:
            reads.append(f"{route.request.method} {path}")
            route.fulfill(status=403, json={"detail": "this API key lacks the 'read' scope"})

    page.route("**/v1/**", metrics_key)
    page.fill("#api-key", "k-metrics")
    with page.expect_navigation():  # refused: reloaded, nothing of the last key's views stays
        page.click("#key-form button")
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    state = page.locator("#key-state")
    expect(state).to_have_text("this key cannot open the page (its scopes: metrics): "
                               "it needs the read scope, admin to edit")  # fmt: skip
    expect(state).to_have_class(re.compile(r"\brefused\b"))
    expect(page.locator(".theme-row")).to_have_count(0)
    expect(page.locator("#refit")).to_be_hidden()
    # a view's reads went out before data-ready (beside GET /v1/key): none by now, none at all
    assert reads == [], f"sent with a key the page refused: {reads}"
    expect(page.locator("#toast")).to_be_hidden()  # the refusal is the only message
    page.unroute("**/v1/**")
    page.fill("#api-key", "")
    page.click("#key-form button")
    expect(state).to_have_text("no key sent")
    expect(page.locator(".theme-row").first).to_be_visible()


def test_the_account_picker_finds_any_account_as_one_types(
    page: Page, http: httpx.Client, served_data: Path
) -> None:
    """The account picker offered the first 1,000 accounts by id: any other one could only be
    typed by its exact id. It asks `GET /v1/accounts?q=` as one types, by id or a word of the
    name. Last in the file: the accounts it adds stay in the module's server."""
    fillers = [AccountIn(id=f"0-filler-{n:04d}", name=f"Filler {n}") for n in range(1_000)]
    add_accounts(served_data, fillers)  # before the demo's accounts by id
    needle = {"name": "The Needle Works", "segment": "smb"}
    assert http.put("/v1/accounts/zz-needle", json=needle).status_code == 200
    page.click("#tab-search")
    field = page.locator("#search-form [name=account]")
    option = page.locator('#accounts option[value="zz-needle"]')
    with page.expect_request(lambda r: "/v1/accounts?" in r.url and "q=needle" in r.url):
        field.fill("needle")  # a word of its name
    expect(option).to_have_count(1)
    expect(option).to_have_text("The Needle Works (smb)")
    field.fill("ZZ-N")  # its id, in another case
    expect(page.locator("#accounts option")).to_have_count(1)
    expect(option).to_have_count(1)
    field.fill("")  # an empty field offers the first accounts by id again
    expect(page.locator("#accounts option").first).to_have_attribute("value", "0-filler-0000")


def add_accounts(data: Path, accounts: list[AccountIn]) -> None:
    """`accounts` stored in the server's workspace in one transaction, as PUT /v1/accounts/{id}
    stores each (a thousand requests took seconds; none of them has insights to update in
    the vector store), beside the running server."""
    with sql_session(data) as session:
        for account in accounts:
            upsert_account(session, account, replace=True)


NARROW = {"width": 380, "height": 900}
# The characters of an element's text grouped into the lines the browser drew them on.
DRAWN_LINES = """el => {
  const lines = [];
  let top = null;
  for (const node of [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE)) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getBoundingClientRect();
      if (top === null || rect.top > top + 2) lines.push("");
      top = rect.top;
      lines[lines.length - 1] += node.data[i];
    }
  }
  return lines;
}"""


def test_a_long_webhook_address_wraps_between_its_parts(
    browser: Browser, server: str, http: httpx.Client
) -> None:
    """On a phone a long receiver address broke mid-word wherever the cell ended
    ("hooks.example.com/services/T01ABC" then "DEF/…"): it breaks after a "/" (or a hyphen),
    and says itself whole on hover."""
    url = "https://hooks.example.com/services/T01ABCDEF/B02GHIJKL/receiver-of-boucle-events"
    made = http.post("/v1/webhooks", json={"url": url, "events": ["feedback.analysed"]})
    assert made.status_code == 201, made.text
    page, watch = open_page(browser, server, NARROW)
    try:
        page.click("#tab-webhooks")
        address = page.locator(
            f"#webhooks-table tr[data-webhook='{made.json()['id']}'] .webhook-address"
        )
        expect(address).to_have_text(url.removeprefix("https://"))
        lines = address.evaluate(DRAWN_LINES)
        assert len(lines) > 1, lines  # narrow enough to wrap at all
        assert all(line.endswith(("/", "-")) for line in lines[:-1]), lines  # not mid-word
        expect(address).to_have_attribute("title", url.removeprefix("https://"))
    finally:
        page.close()
        http.delete(f"/v1/webhooks/{made.json()['id']}")
    assert not watch.external and not watch.errors, (watch.external, watch.errors)


def test_the_toast_lets_clicks_through_and_goes_on_escape(browser: Browser, server: str) -> None:
    """The toast lay over the last rows of a table and their buttons for 8 seconds, taking
    their clicks: what lies under it is clicked, and Escape puts it away."""
    page, watch = open_page(browser, server, NARROW)
    page.click("#tab-search")
    page.fill("#search-query", "")
    with page.expect_download():
        page.click("#search-export")  # no query: every insight, and a toast that says so
    toast = page.locator("#toast")
    expect(toast).to_contain_text("Every insight matching the filters")
    box = toast.bounding_box()
    under = page.evaluate(
        "([x, y]) => { const el = document.elementFromPoint(x, y);"
        " return el && !el.closest('#toast'); }",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert under, "the toast takes the clicks of what it covers"
    page.keyboard.press("Escape")
    expect(toast).to_be_hidden()
    page.close()
    assert not watch.external and not watch.errors, (watch.external, watch.errors)


def test_more_quotes_of_a_replaced_search_are_dropped(page: Page, http: httpx.Client) -> None:
    """ "More quotes" asked, then another search ran before the page came: the page of the first
    search was appended under the second one's quotes."""
    body = {"limit": 20, "min_score": 0.2}
    broad = next(q for q in ("invoice", "billing", "facture")
                 if http.post("/v1/search", json={**body, "query": q}).json()["next_offset"])  # fmt: skip
    held = []  # the second page's request, answered once the other search is drawn
    page.route("**/v1/search", lambda route: held.append(route)
               if (route.request.post_data_json or {}).get("offset") else route.continue_())  # fmt: skip
    page.click("#tab-search")
    page.fill("#search-query", broad)
    page.keyboard.press("Enter")
    results = page.locator("#search-results > .quote")
    expect(results).to_have_count(20)
    more = page.locator("#search-more")
    more.click()
    wait_until(page, lambda: held, "the second page asked")
    expect(more).to_be_disabled()  # until the page's handler has its answer
    page.fill("#search-query", "dark mode")
    page.keyboard.press("Enter")
    expect(page.locator("#search-state")).not_to_have_text(re.compile("Searching"))
    expect(results.first).to_be_visible()
    count = results.count()
    texts = results.locator("blockquote").all_inner_texts()
    with page.expect_response(lambda r: r.url.endswith("/v1/search")) as answer:
        held[0].continue_()
    answer.value.finished()
    # the page's handler has run: its button is enabled again (a fixed 500 ms could end first)
    expect(more).to_be_enabled()
    expect(results).to_have_count(count)
    assert results.locator("blockquote").all_inner_texts() == texts


def test_a_parent_offers_its_themes_quotes_not_more_of_none(page: Page, http: httpx.Client) -> None:
    """A parent keeps no quotes of its own: its detail said "Quotes are kept on the themes under
    it." above a "More quotes" button, more of none. It offers its themes' quotes, then more."""
    tree = http.get("/v1/themes").json()["items"]
    parent = next(p for p in tree if p["level"] == "parent" and p["size"] and p["children"])
    page.click(f'.theme-row[data-theme="{parent["id"]}"]')
    detail = page.locator("#theme-detail")
    expect(detail.locator("h2")).to_contain_text(parent["name"])
    button = detail.locator("#theme-quotes-more")
    expect(button).to_have_text("Show its themes' quotes")
    expect(detail.locator("#theme-quotes")).to_have_count(0)
    button.click()
    expect(detail.locator("#theme-quotes > .quote").first).to_be_visible()
    expect(detail).not_to_contain_text("Quotes are kept")
    expect(detail.locator("#theme-quotes-more, p.muted", has_text=re.compile(
        r"^(More quotes|All its quotes are shown\.)$"))).to_have_count(1)  # fmt: skip


# Cells of a table drawn past the window's right edge, or past the box that holds the table.
CELLS_OUT_OF_SIGHT = """table => [...table.querySelectorAll('th, td')].filter((cell) => {
  const box = cell.getBoundingClientRect();
  const frame = table.parentElement.getBoundingClientRect();
  return box.right > Math.min(innerWidth, frame.right) + 1;
}).map((cell) => cell.textContent.slice(0, 30))"""


# The cells whose text runs past their edge: into the next cell, or out of the table.
CELLS_OVERRUN = """table => [...table.querySelectorAll('th, td')]
  .filter((cell) => cell.getClientRects().length && cell.scrollWidth > cell.clientWidth + 1)
  .map((cell) => `${cell.textContent.trim().slice(0, 30)}: ${cell.scrollWidth} px in ${cell.clientWidth}`)"""


def test_the_needs_and_at_risk_tables_fit_a_phone(browser: Browser, server: str) -> None:
    """At 380 px the needs table was twice its box (RICE and its factors out of sight) and the
    at-risk table's reasons were off to the right beside rows a screen tall: every cell is in
    sight, and at 1280 px a row is still one line. Then "RICE" and "1 default" ran into the next
    cells ("RICER"), "enterprise€192.6K" ran together and "Answers" was cut at the table's edge:
    each cell holds its text."""
    page, watch = open_page(browser, server, NARROW)
    page.click("#tab-needs")
    expect(page.locator("#needs-table tbody tr").first).to_be_visible()
    assert page.locator("#needs-table").evaluate(CELLS_OUT_OF_SIGHT) == []
    assert page.locator("#needs-table").evaluate(CELLS_OVERRUN) == []
    page.click("#tab-voc")
    expect(page.locator("#at-risk tbody tr").first).to_be_visible()
    assert page.locator("#at-risk").evaluate(CELLS_OUT_OF_SIGHT) == []
    assert page.locator("#at-risk").evaluate(CELLS_OVERRUN) == []
    page.set_viewport_size(WIDE)
    for table in ("#at-risk", "#needs-table"):
        if table == "#needs-table":
            page.click("#tab-needs")
        tops = page.locator(f"{table} tbody tr").first.evaluate(
            "row => [...row.cells].map((cell) => Math.round(cell.getBoundingClientRect().top))"
        )
        assert len(set(tops)) == 1, (table, tops)
    page.close()
    assert not watch.external and not watch.errors, (watch.external, watch.errors)


# Cells squeezed to a sliver of their table, their text a word a line.
CELLS_SQUEEZED = """table => [...table.querySelectorAll('td')].filter((cell) => {
  const box = cell.getBoundingClientRect();
  const lines = box.height / parseFloat(getComputedStyle(cell).lineHeight);
  return lines > 3 && box.width < table.getBoundingClientRect().width / 2;
}).map((cell) => `${cell.textContent.trim().slice(0, 30)}: ${Math.round(cell.offsetWidth)} px`)"""


def test_the_loop_tables_read_across_a_phone(
    browser: Browser, server: str, http: httpx.Client
) -> None:
    """At 360 px whom a decision would tell and what they were sent were four columns a word
    wide: rows a screen tall ("Brightwater / Engineering / Ltd / …" a word a line), half of each
    table off to the right. There each row's cells go one under the other, all in sight."""
    needs = http.get("/v1/needs").json()["items"]
    undecided = next(n for n in needs if n["status"] not in ("shipped", "declined")
                     and http.get(f"/v1/needs/{n['id']}/recipients").json()["recipients"]
                     and not http.get(f"/v1/needs/{n['id']}/notifications").json()["items"])  # fmt: skip
    shipped = next(n for n in needs if n["status"] == "shipped"
                   and http.get(f"/v1/needs/{n['id']}/notifications").json()["items"])  # fmt: skip
    page, watch = open_page(browser, server, {"width": 360, "height": 800})
    page.click("#tab-needs")
    for need, table in ((undecided, "#recipients"), (shipped, "#notifications")):
        page.locator("#needs-table").get_by_role("button", name=need["title"], exact=True).click()
        expect(page.locator(f"{table} tbody tr").first).to_be_visible()
        for check in (CELLS_OUT_OF_SIGHT, CELLS_OVERRUN, CELLS_SQUEEZED):
            assert page.locator(table).evaluate(check) == [], (table, check)
    page.close()
    assert not watch.external and not watch.errors, (watch.external, watch.errors)


def test_the_needs_table_fits_340_px(browser: Browser, server: str) -> None:
    """At 340 px the score, its four factors and the ARR had a sliver each under the need:
    "RICE", "0.79" and "1 default" ran past their cells. Three lines a need there (the need;
    its status, score and ARR; its factors), each cell holding its text, the page no wider."""
    page, watch = open_page(browser, server, {"width": 340, "height": 800})
    page.click("#tab-needs")
    expect(page.locator("#needs-table tbody tr").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert page.locator("#needs-table").evaluate(CELLS_OUT_OF_SIGHT) == []
    assert page.locator("#needs-table").evaluate(CELLS_OVERRUN) == []
    page.close()
    assert not watch.external and not watch.errors, (watch.external, watch.errors)


def test_nps_values_by_segment_keep_off_the_segment_names(
    browser: Browser, server: str, http: httpx.Client
) -> None:
    """On a phone a negative segment's value, written at the end of its bar, ran over the
    segment names of the axis ("mid-market" under "-80 (5 answers)"). Then a long segment name
    took the chart's width for its margin, the bars shrank to a sliver, and the values beside the
    zero line ran over the names: a long name is cut on the axis, whole in the hover."""
    segment_answers(http, "long-segment", LONG_SEGMENT)
    page, watch = open_page(browser, server, NARROW)
    page.click("#tab-voc")
    chart = page.locator("#chart-nps-segment")
    ticks = chart.locator(".ytick text")
    expect(ticks.filter(has_text="Grands comptes")).to_have_text(LONG_SEGMENT[:15] + "…")
    values = chart.locator("text", has_text=re.compile(r"\(\d+ answers?\)$"))
    expect(values.first).to_be_visible()
    names = [ticks.nth(i).bounding_box() for i in range(ticks.count())]
    for i in range(values.count()):
        value = values.nth(i).bounding_box()
        for name in names:
            apart = (value["x"] >= name["x"] + name["width"] or name["x"] >= value["x"] + value["width"]
                     or value["y"] >= name["y"] + name["height"]
                     or name["y"] >= value["y"] + value["height"])  # fmt: skip
            assert apart, (values.nth(i).text_content(), value, name)
    # the bar's hover names the whole segment
    chart.locator(".bars .point path").nth(
        page.evaluate(
            f"document.querySelector('#chart-nps-segment').data[0].y.indexOf({LONG_SEGMENT!r})"
        )
    ).hover(force=True)
    expect(chart.locator(".hoverlayer")).to_contain_text(LONG_SEGMENT)
    page.close()
    assert not watch.external and not watch.errors, (watch.external, watch.errors)


LONG_SEGMENT = "Grands comptes internationaux, Europe du Sud"

# The charts whose export buttons lie over their drawing (its ticks, titles, legend, values),
# with the buttons' and the chart's boxes.
EXPORTS_OVER_CHARTS = """() => [...document.querySelectorAll('.chart-actions')]
  .filter((actions) => actions.getClientRects().length)
  .flatMap((actions) => {
    const chart = document.getElementById(actions.dataset.for).getBoundingClientRect();
    return [...actions.querySelectorAll('button')].map((b) => b.getBoundingClientRect())
      .filter((b) => b.left < chart.right && chart.left < b.right && b.top < chart.bottom
        && chart.top < b.bottom)
      .map((b) => `${actions.dataset.for} (top ${Math.round(chart.top)}) under a button at `
        + `${Math.round(b.left)},${Math.round(b.top)}-${Math.round(b.bottom)}`);
  })"""


@pytest.mark.parametrize("viewport", [NARROW, WIDE], ids=["phone", "wide"])
def test_chart_buttons_leave_the_charts_text_in_sight(
    browser: Browser, server: str, viewport: dict
) -> None:
    """On a phone "Download PNG", floated out of its caption, hung down over the top of "NPS over
    time", its "100" tick: the caption holds its buttons, which lie over no chart of VoC's nor a
    theme's, narrow or wide."""
    page, watch = open_page(browser, server, viewport)
    page.click("#tab-voc")
    drawn = ["chart-nps-time", "chart-nps-segment", "chart-csat-time", "chart-csat-dist"]
    for chart in drawn:
        expect(page.locator(f"#{chart} .main-svg").first).to_be_attached()
    ticks = page.locator("#chart-nps-time .ytick text")
    expect(ticks.filter(has_text=re.compile(r"^100$"))).to_have_count(1)
    assert page.evaluate(EXPORTS_OVER_CHARTS) == []
    page.click("#tab-themes")
    page.locator(".theme-row.theme").first.click()
    expect(page.locator("#chart-theme-trend .main-svg").first).to_be_attached()
    assert page.evaluate(EXPORTS_OVER_CHARTS) == []
    page.close()
    assert not watch.external and not watch.errors, (watch.external, watch.errors)


# The texts under `el` matching a selector that stick out of its box (cut where it is drawn).
TEXTS_OUT = """(el, selector) => {
  const box = el.getBoundingClientRect();
  return [...el.querySelectorAll(selector)].filter((t) => t.textContent.trim()).filter((t) => {
    const r = t.getBoundingClientRect();
    return r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1
      || r.bottom > box.bottom + 1;
  }).map((t) => t.textContent);
}"""
# The axes' texts: a legend entry is as long as a stored segment's name, which a phone cuts.
CHART_TEXTS = ".xtick text, .ytick text, .g-xtitle text, .g-ytitle text"
# The x tick labels a chart's legend lies over.
UNDER_LEGEND = """(el) => {
  const legend = el.querySelector('.legend');
  if (!legend) return [];
  const l = legend.getBoundingClientRect();
  return [...el.querySelectorAll('.xtick text')].filter((t) => {
    const r = t.getBoundingClientRect();
    return r.left < l.right && l.left < r.right && r.top < l.bottom && l.top < r.bottom;
  }).map((t) => t.textContent);
}"""


def in_sight(box, what) -> None:
    """Waits until every label of the chart in `box` is in its box, none under its legend
    (plotly grows the margins in a second layout pass); says which are not if they never are."""
    clear = f"(el) => !({TEXTS_OUT})(el, {json.dumps(CHART_TEXTS)}).length && !({UNDER_LEGEND})(el).length"
    with suppress(PlaywrightTimeout):
        box.page.wait_for_function(clear, arg=box.element_handle(), timeout=EXPECT_S * 1000)
    assert box.evaluate(TEXTS_OUT, CHART_TEXTS) == [], what
    assert box.evaluate(UNDER_LEGEND) == [], what


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["phone", "wide"])
def test_the_voc_charts_keep_their_axes_and_legend_in_sight(
    browser: Browser, server: str, viewport: dict
) -> None:
    """A fixed 36 px under the charts cut "week of 2 Nov 2026" to "week" and "Dec 2026 (to 7
    Dec)" to "Dec 2026 (to 7 D", and the legend lay over the dates; on a phone "CSAT: answers
    by score" ticked 2 and 4 only. Every label is in its chart's box, none under the legend, a
    week is ticked by its day, and the scores are 1 to 5."""
    page, watch = open_page(browser, server, viewport)
    page.click("#tab-voc")
    # a week ticked by its day ("21 Sep"), its whole label in the hover
    for period, tick in (("week", r"^\d{1,2} \w+$"), ("month", r"20\d\d")):
        page.select_option("#voc-filters [name=period]", period)
        expect(page.locator("#chart-nps-time .xtick text").first).to_have_text(re.compile(tick))
        expect(page.locator("#chart-csat-time .xtick text").first).to_have_text(re.compile(tick))
        for chart in ("nps-time", "csat-time", "csat-dist", "response"):
            box = page.locator(f"#chart-{chart}")
            if not box.is_visible():  # no sends in the range: no chart
                continue
            expect(box.locator(".main-svg").first).to_be_attached()
            in_sight(box, (period, chart))
    expect(page.locator("#chart-csat-dist .xtick text")).to_have_text(["1", "2", "3", "4", "5"])
    page.close()
    assert not watch.external and not watch.errors, (watch.external, watch.errors)


def test_a_downloaded_chart_has_its_title(page: Page) -> None:
    """The PNG of a chart had no title: on a slide, nothing said what it was. The image has its
    caption's title, in a room of its own above the chart."""
    page.click("#tab-voc")
    chart = page.locator("#chart-nps-time")
    expect(chart.locator(".main-svg").first).to_be_attached()
    page.evaluate(
        """() => { const drawn = window.Plotly.toImage; window.images = [];
          window.Plotly.toImage = (figure, options) => {
            window.images.push([figure.layout.title?.text, options.height]);
            return drawn(figure, options); }; }"""
    )
    with page.expect_download():
        page.locator('.chart-actions[data-for="chart-nps-time"] button', has_text="PNG").click()
    height = chart.evaluate("el => el.clientHeight")
    assert page.evaluate("window.images") == [["NPS over time", height + 32]]


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["phone", "wide"])
def test_the_matrix_fills_its_box_and_keeps_its_labels_in_sight(
    browser: Browser, server: str, viewport: dict
) -> None:
    """The matrix was 760 units scaled to its box: on a phone its point labels were cut and
    "Big bets" and "Money pits" lay off to the side; on a desktop it stopped at half the box. It
    is drawn at its box's width, every label in sight."""
    page, watch = open_page(browser, server, viewport)
    page.click("#tab-needs")
    expect(page.locator("#needs-table tbody tr").first).to_be_visible()
    page.click("#matrix-box summary")
    box = page.locator("#needs-matrix")
    chart = box.locator("svg.matrix")
    expect(chart).to_have_attribute("width", str(box.evaluate("el => el.clientWidth")))
    assert chart.bounding_box()["width"] == pytest.approx(box.bounding_box()["width"], abs=1)
    expect(box.locator(".quadrant-name")).to_have_text(
        ["Quick wins", "Big bets", "Fill-ins", "Money pits"]
    )
    texts = ".quadrant-name, .matrix-point text, .tick, .axis"
    assert chart.evaluate(TEXTS_OUT, texts) == []
    page.close()
    assert not watch.external and not watch.errors, (watch.external, watch.errors)


def test_the_search_field_keeps_its_room_on_a_phone(browser: Browser, server: str) -> None:
    """At 380 px the buttons beside the query squeezed it to 19 px, a typed query out of sight:
    they go under it there, the field keeps most of the row, and nothing in the row overlaps."""
    page, watch = open_page(browser, server, NARROW)
    page.click("#tab-search")
    row = page.locator(".search-row")
    parts = ["#search-query", "button[type=submit]", "#search-export", ".excel-toggle"]
    boxes = [row.locator(part).bounding_box() for part in parts]
    assert boxes[0]["width"] >= row.bounding_box()["width"] / 2, boxes
    for i, a in enumerate(boxes):
        assert a["x"] >= 0 and a["x"] + a["width"] <= NARROW["width"], (parts[i], a)
        for j, b in enumerate(boxes[:i]):
            apart = (a["x"] >= b["x"] + b["width"] or b["x"] >= a["x"] + a["width"]
                     or a["y"] >= b["y"] + b["height"] or b["y"] >= a["y"] + a["height"])  # fmt: skip
            assert apart, (parts[i], a, parts[j], b)
    page.set_viewport_size(WIDE)  # room for all: still one row
    tops = {round(row.locator(part).bounding_box()["y"]) for part in parts[:3]}
    assert len(tops) == 1, tops
    page.close()
    assert not watch.external and not watch.errors, (watch.external, watch.errors)


def test_a_cleared_query_clears_the_list_and_the_url(page: Page, server: str) -> None:
    """The query cleared and Enter pressed sent nothing: the URL and the list kept the "export"
    quotes while "Export CSV" gave every French insight. The list and the URL now say what the
    file gives."""
    page.goto(f"{server}/app#search?search.query=export&search.language=fr")
    page.reload()  # the link opened as a new visit
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    results = page.locator("#search-results > .quote")
    expect(results.first).to_be_visible()
    page.fill("#search-query", "")
    page.keyboard.press("Enter")
    expect(results).to_have_count(0)
    expect(page.locator("#search-state")).to_have_text(
        "Type a query, or Export CSV gives every insight matching the filters."
    )
    assert "search.query" not in page.evaluate("location.hash")
    assert "search.language=fr" in page.evaluate("location.hash")
    expect(page.locator("#search-more")).to_be_hidden()
    with page.expect_download() as info:
        page.click("#search-export")
    assert info.value.suggested_filename == "boucle-insights.csv"


def test_similar_keeps_the_search_filters(page: Page) -> None:
    """ "Similar" under a French hit listed English quotes: it asks within the search's filters."""
    page.click("#tab-search")
    page.select_option("#search-form [name=language]", "fr")
    page.fill("#search-query", "export plante")
    page.keyboard.press("Enter")
    results = page.locator("#search-results > .quote")
    expect(results.first).to_be_visible()
    with page.expect_request(lambda r: "/similar" in r.url) as asked:
        results.first.get_by_role("button", name=re.compile("^Similar")).click()
    assert "language=fr" in asked.value.url, asked.value.url
    similar = results.first.locator(".nested > .quote")
    expect(similar.first).to_be_visible()
    for meta in similar.locator(".meta").all_inner_texts():
        assert " · FR · " in meta, meta


def mixed_language_theme(http: httpx.Client) -> dict:
    """A theme holding English and French insights, named by discovery (no person's name)."""
    tree = http.get("/v1/themes").json()["items"]
    mixed = [c for p in tree for c in p["children"] if {"en", "fr"} <= set(c["names"])]
    theme = next(
        (c for c in mixed if not http.get(f"/v1/themes/{c['id']}").json()["name_locked"]), None
    )
    assert theme, [c["name"] for p in tree for c in p["children"]]
    return theme


def test_a_french_reader_saving_the_name_unchanged_locks_nothing(
    browser: Browser, server: str, http: httpx.Client
) -> None:
    """In a French browser the rename box holds the French label: "Save name" unchanged made it
    every reader's name, locked. Unchanged, nothing is sent; a name given goes back to the
    discovered one ("Use the discovered name", PATCH {"name": null}), focus kept on the field."""
    theme = mixed_language_theme(http)
    page, watch = open_page(browser, server, locale="fr-FR")
    page.click(f".theme-row.theme[data-theme='{theme['id']}']")
    field = page.locator("#rename-input")
    expect(field).to_have_value(theme["names"]["fr"])
    expect(page.locator("#rename-release")).to_have_count(0)  # discovery's name already
    page.click("#rename-input ~ button[type=submit]")
    expect(page.locator("#toast")).to_have_text("Nothing changed.")
    stored = http.get(f"/v1/themes/{theme['id']}").json()
    assert not stored["name_locked"] and stored["names"] == theme["names"], stored
    field.fill("Exports Excel, équipe produit")
    field.press("Enter")
    expect(page.locator("#toast")).to_contain_text("Renamed to “Exports Excel, équipe produit”")
    expect(field).to_be_focused()
    assert http.get(f"/v1/themes/{theme['id']}").json()["name_locked"]
    page.click("#rename-release")
    expect(page.locator("#toast")).to_contain_text("Named by discovery again")
    expect(page.locator("#theme-detail h2")).to_contain_text(theme["names"]["fr"])
    expect(page.locator("#rename-release")).to_have_count(0)
    expect(field).to_be_focused()
    released = http.get(f"/v1/themes/{theme['id']}").json()
    assert not released["name_locked"] and released["names"] == theme["names"], released
    page.close()
    assert not watch.external and not watch.errors, (watch.external, watch.errors)


def merged_pair(http: httpx.Client, gone: tuple[str, str], into: tuple[str, str]) -> list[dict]:
    """Two themes seeded, each (name, example), the first merged into the second: both."""
    seeded = []
    for name, example in (gone, into):
        answer = http.post("/v1/themes/seed", json={"name": name, "examples": [example]})
        assert answer.status_code == 201, answer.text
        seeded.append(answer.json())
    merged = http.post(
        "/v1/themes/merge", json={"into": seeded[1]["id"], "sources": [seeded[0]["id"]]}
    )
    assert merged.status_code == 200, merged.text
    return seeded


def test_a_merged_theme_opened_by_link_says_where_it_went(
    browser: Browser, server: str, http: httpx.Client
) -> None:
    """A theme merged away (or retired by a refit), opened by a link, looked live: no badge,
    "0 insights", an empty chart, "Create need" and Edit. It says it was merged, into which
    theme (a link there), and offers nothing to act on."""
    gone, into = merged_pair(http, ("Printing receipts", "The receipt printer prints blank pages"),
                             ("Receipts and tills", "Les tickets de caisse sont vides"))  # fmt: skip
    page, watch = open_page(browser, server, view=f"#themes?theme={gone['id']}")
    detail = page.locator("#theme-detail")
    expect(detail.locator("h2")).to_contain_text("Printing receipts")
    expect(detail.locator("h2 .badge")).to_have_text("merged")
    expect(page.locator("#theme-gone")).to_contain_text("Merged into Receipts and tills on ")
    for action in ("#need-from-theme", "#rename-input", "#merge-source", "#chart-theme-trend"):
        expect(detail.locator(action)).to_have_count(0)
    expect(detail).not_to_contain_text("0 insights")
    expect(detail.locator(".lineage")).to_contain_text("merged into")
    page.click("#theme-merged-into")
    expect(detail.locator("h2")).to_contain_text("Receipts and tills")
    expect(page).to_have_url(re.compile(f"theme={into['id']}$"))
    expect(detail.locator("#rename-input")).to_have_count(1)
    page.close()
    assert not watch.external and not watch.errors, (watch.external, watch.errors)


def test_review_them_shows_the_suggestions_and_stays_on_the_need(
    browser: Browser, server: str, http: httpx.Client
) -> None:
    """ "Review them" in a need's impact note was a link to #need-suggestions, which the page
    reads as a view: it opened the Themes tab. It brings the need's suggestions into sight, focus
    on them, the URL still on the need."""
    waiting = [n for n in http.get("/v1/needs").json()["items"] if n["pending_suggestions"]]
    assert waiting, "the demo has suggestions waiting for review"
    need = waiting[0]
    page, watch = open_page(browser, server, view=f"#needs?need={need['id']}")
    page.locator("#need-waiting").get_by_text("Review them").click()
    expect(page.locator("#need-suggestions")).to_be_focused()
    expect(page.locator("#need-suggestions")).to_be_in_viewport()
    expect(page.locator("#tab-needs")).to_have_attribute("aria-selected", "true")
    expect(page).to_have_url(re.compile(f"#needs\\?need={need['id']}$"))
    page.close()
    assert not watch.external and not watch.errors, (watch.external, watch.errors)


def test_a_decided_suggestion_hands_focus_to_the_next(
    browser: Browser, server: str, http: httpx.Client
) -> None:
    """After Accept or Reject the suggestions were drawn again and focus fell to <body>: a
    keyboard reviewer lands on the next suggestion's Accept, then on the heading when none is
    left."""

    def groups(need_id: int) -> int:
        items = http.get("/v1/needs/suggestions", params={"need": need_id, "limit": 1000}).json()
        return len({s["quote"].strip().lower() for s in items["items"]})

    need = next((n for n in http.get("/v1/needs").json()["items"]
                 if n["pending_suggestions"] >= 2 and groups(n["id"]) >= 2), None)  # fmt: skip
    assert need, "the demo has a need with two suggestions waiting"
    page, watch = open_page(browser, server, view=f"#needs?need={need['id']}")
    items = page.locator("#need-suggestions + ul > li")
    expect(items.first).to_be_visible()
    count = items.count()
    items.first.get_by_role("button", name="Accept").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#toast")).to_contain_text("Linked as evidence")
    expect(items).to_have_count(count - 1)
    expect(items.first.get_by_role("button", name="Accept")).to_be_focused()
    items.last.get_by_role("button", name="Reject").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#toast")).to_contain_text("Rejected")
    if count > 2:
        expect(items).to_have_count(count - 2)
        expect(items.last.get_by_role("button", name="Accept")).to_be_focused()
    else:
        expect(page.locator("#need-suggestions")).to_be_focused()
    page.close()
    assert not watch.external and not watch.errors, (watch.external, watch.errors)


def test_the_apis_warnings_are_said_above_the_results(browser: Browser, server: str) -> None:
    """A search on a source no feedback has read "No quotes match…" alone, and its export saved
    an empty file silently, though the API said why (`warnings`, X-Boucle-Warning): the note
    above the results says it, the export's message too; a search without it clears the note."""
    view = "#search?search.query=export&search.source=zendsk"
    page, watch = open_page(browser, server, view=view)
    note = page.locator("#search-warnings")
    expect(note).to_contain_text("No feedback has source 'zendsk'; sources stored: ")
    expect(page.locator("#search-state")).to_contain_text("No quotes match")
    with page.expect_download():
        page.click("#search-export")
    expect(page.locator("#toast")).to_contain_text("Note: no feedback has source 'zendsk'")
    page.fill("#search-form [name=source]", "")
    page.press("#search-query", "Enter")
    expect(page.locator("#search-results .quote").first).to_be_visible()
    expect(note).to_be_hidden()
    page.close()
    assert not watch.external and not watch.errors, (watch.external, watch.errors)


@pytest.mark.parametrize(
    ("view", "select", "note", "said"),
    [
        ("#themes?ranking.segment=nope", "#ranking-filters [name=segment]", "#ranking-warnings",
         "The link's segment “nope” is not one of its choices: all is shown"),
        ("#needs?needs.segment=nope", "#needs-filters [name=segment]", "#needs-warnings",
         "The link's segment “nope” is not one of its choices: all is shown"),
        ("#voc?voc.range=abc", "#voc-filters [name=range]", "#voc-warnings",
         "The link's range “abc” is not one of its choices: last 90 days is shown"),
    ],
)  # fmt: skip
def test_a_links_value_no_choice_holds_is_said_not_offered(
    browser: Browser, server: str, view: str, select: str, note: str, said: str
) -> None:
    """A link's `ranking.segment=nope` put "nope" among the segments, `voc.range=abc` "abc" among
    the ranges, as if they were choices, and said nothing: the select keeps its default, the
    view's note says what the link held, and the link drops it."""
    page, watch = open_page(browser, server, view=view)
    expect(page.locator(note)).to_have_text(said)
    expect(page.locator(select)).to_have_value("" if "segment" in select else "90")
    assert page.locator(select).evaluate("s => [...s.options].map(o => o.value)").count(
        view.rsplit("=", 1)[1]) == 0  # fmt: skip
    if "segment" in select:
        expect(page).not_to_have_url(re.compile("segment=nope"))
    page.close()
    assert not watch.external and not watch.errors, (watch.external, watch.errors)


def test_a_link_to_a_merged_theme_filters_on_the_one_it_went_into(
    browser: Browser, server: str, http: httpx.Client
) -> None:
    """After merging theme A into B, a search link with theme=A read Theme "any" over B's quotes
    (the API follows the merge) with no note: the select shows B, and the note says why."""
    gone, into = merged_pair(http, ("Loyalty card scans (link test)", "The loyalty card scanner fails"),
                             ("Cartes de fidélité (link test)", "La carte de fidélité ne passe pas"))  # fmt: skip
    said = f"The link's theme {gone['id']} was merged into “"
    for view, form, note in (
        (f"#search?search.query=loyalty%20card&search.theme={gone['id']}", "#search-form",
         "#search-warnings"),
        (f"#needs?needs.theme={gone['id']}", "#needs-filters", "#needs-warnings"),
    ):  # fmt: skip
        page, watch = open_page(browser, server, view=view)
        theme = page.locator(f"{form} [name=theme]")
        expect(theme).to_have_value(str(into["id"]))
        expect(page.locator(note)).to_contain_text(said)
        expect(theme.locator(f"option[value='{gone['id']}']")).to_have_count(0)
        page.close()
        assert not watch.external and not watch.errors, (watch.external, watch.errors)


def test_a_refused_date_range_leaves_no_results_of_the_previous_one(page: Page) -> None:
    """From after To: the 422 was said, and the ranking, the VoC cards and charts of the previous
    dates stayed on screen as if they were these dates'."""
    page.watch.expected = ("status of 422 (Unprocessable",)  # the refusals it provokes
    page.click("#ranking-box summary")
    ranked = page.locator("#theme-ranking li")
    expect(ranked.first).to_be_visible()
    form = page.locator("#ranking-filters")
    form.locator("[name='created_from']").fill("2026-11-01")
    form.locator("[name='created_to']").fill("2026-10-01")
    # in the form's words: it read "?created_to: is before created_from"
    expect(page.locator("#toast")).to_contain_text("To: is before From: swap the two dates")
    expect(ranked).to_have_count(0)
    expect(page.locator("#ranking-note")).to_contain_text("Nothing ranked")

    page.click("#tab-voc")
    form = page.locator("#voc-filters")
    expect(page.locator("#voc-kpis .kpi")).to_have_count(VOC_CARDS)
    expect(page.locator("#chart-nps-segment .main-svg").first).to_be_attached()
    form.locator("[name='created_to']").fill("2026-11-01")
    form.locator("[name='created_from']").fill("2026-12-01")
    expect(page.locator("#toast")).to_contain_text("From is after To: swap them")
    expect(page.locator("#voc-refused")).to_be_visible()
    expect(page.locator("#voc-kpis .kpi")).to_have_count(0)
    for chart in ("nps-time", "nps-segment", "csat-time", "csat-dist"):
        expect(page.locator(f"#chart-{chart} .main-svg")).to_have_count(0)
        expect(page.locator(f"#chart-{chart}")).to_have_text("No chart for this range.")
    form.locator("[name='created_from']").fill("2026-09-01")  # a range again: figures again
    expect(page.locator("#voc-kpis .kpi")).to_have_count(VOC_CARDS)
    expect(page.locator("#chart-nps-segment .main-svg").first).to_be_attached()


def test_at_risk_cells_say_what_they_are_on_a_phone(browser: Browser, server: str) -> None:
    """At 380 px the at-risk rows showed health and answers as bare numbers, the column heads a
    row away: each cell says what it is there, and the wide table keeps its heads."""
    page, watch = open_page(browser, server, NARROW)
    page.click("#tab-voc")
    row = page.locator("#at-risk tbody tr").first
    expect(row).to_be_visible()
    said = "row => [...row.cells].map((cell) => getComputedStyle(cell, '::before').content)"
    assert row.evaluate(said)[1:5] == ['"Segment: "', '"ARR: "', '"Health: "', '"Answers: "']
    expect(page.locator("#at-risk thead")).to_be_hidden()
    page.set_viewport_size(WIDE)
    assert set(row.evaluate(said)) == {"none"}
    expect(page.locator("#at-risk thead")).to_be_visible()
    page.close()
    assert not watch.external and not watch.errors, (watch.external, watch.errors)
