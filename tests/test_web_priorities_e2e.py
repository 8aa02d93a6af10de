"""The page's prioritising in a real browser: the needs' impact / effort matrix, a need's RICE
overrides in its editor, and the cold refit. Its own demo server (test_web_e2e.py's fixtures):
the overrides and the refit made here change what that module's tests count."""

import re
import statistics

import httpx
from playwright.sync_api import Page, expect

from tests import test_web_e2e as web

# test_web_e2e.py's fixtures, set up once for this module as for that one
served_data, server, http, browser, page = (
    web.served_data,
    web.server,
    web.http,
    web.browser,
    web.page,
)
written = web.written


def quadrant(impact: float, effort: float, split: float) -> str:
    """Where a need belongs: high impact is 2 or 3 on the RICE scale, low effort at most the
    median of the needs shown."""
    if effort <= split:
        return "quick-win" if impact >= 2 else "fill-in"
    return "big-bet" if impact >= 2 else "money-pit"


def test_the_matrix_places_each_ranked_need_and_opens_it(page: Page, http: httpx.Client) -> None:
    """The priorities' impact and effort were in the API only: the Needs tab draws them, four
    quadrants, each need a labelled point that opens it (by mouse or keyboard)."""
    ranked = http.get("/v1/priorities").json()["items"]
    factors = {n["need_id"]: n["factors"] for n in ranked}
    split = statistics.median(f["effort"]["value"] for f in factors.values())
    page.click("#tab-needs")
    expect(page.locator("#needs-table tbody tr").first).to_be_visible()
    page.click("#matrix-box summary")
    points = page.locator("#needs-matrix .matrix-point")
    expect(points).to_have_count(len(ranked))
    where = {}
    for need in ranked:
        impact, effort = (factors[need["need_id"]][f]["value"] for f in ("impact", "effort"))
        where[need["need_id"]] = quadrant(impact, effort, split)
        point = page.locator(f"#needs-matrix .matrix-point[data-need='{need['need_id']}']")
        expect(point).to_have_attribute("data-quadrant", where[need["need_id"]])
        expect(point.locator("text")).to_have_text(re.compile(re.escape(need["title"][:20])))
    note = page.locator("#matrix-note")
    for kind, name in (("quick-win", "Quick wins"), ("big-bet", "Big bets"),
                       ("fill-in", "Fill-ins"), ("money-pit", "Money pits")):  # fmt: skip
        expect(note).to_contain_text(f"{name} {sum(q == kind for q in where.values())}")
    expect(note).to_contain_text(f"median of these needs, {written(split, 2)} person-month")

    first, second = ranked[0], ranked[1]
    page.locator(f"#needs-matrix [data-need='{first['need_id']}']").click()
    expect(page.locator("#need-title")).to_contain_text(first["title"])
    assert f"need={first['need_id']}" in page.url, page.url
    expect(page.locator(f"#needs-matrix [data-need='{first['need_id']}']")).to_have_attribute(
        "aria-current", "true"
    )
    page.locator(f"#needs-matrix [data-need='{second['need_id']}']").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#need-title")).to_contain_text(second["title"])


def ranked_item(http: httpx.Client, need_id: int) -> dict:
    return next(n for n in http.get("/v1/priorities").json()["items"] if n["need_id"] == need_id)


def shows_score(page: Page, score: float) -> None:
    """The detail's "RICE 2.3 = ..." is `score` to one decimal (JS and Python round a half
    apart: compared as numbers)."""
    line = page.locator("#need-score")

    def shown() -> bool:
        found = re.match(r"RICE (\d+(?:\.\d)?) = ", line.inner_text())
        return bool(found) and abs(float(found[1]) - score) <= 0.05 + 1e-9

    web.wait_until(page, shown, f"the need's score shown as {score}")


def test_rice_overrides_are_edited_and_the_score_follows(page: Page, http: httpx.Client) -> None:
    """The editor set only the effort: impact and confidence can be overridden (and given back
    to the evidence), the score shown follows the save, and a value the API refuses is said
    beside the form, its field marked, nothing saved."""
    page.watch.expected = ("status of 422 (Unprocessable",)  # the refusal it provokes
    ranked = http.get("/v1/priorities").json()["items"]
    need = next(n for n in ranked if n["factors"]["reach"]["value"]  # a score to move
                and not any(f["overridden"] for f in n["factors"].values()))  # fmt: skip
    need["id"] = need["need_id"]
    # an effort override set elsewhere: the editor shows the effort in force
    assert http.patch(f"/v1/needs/{need['id']}", json={"rice_overrides": {"effort": 6}}).is_success
    before = ranked_item(http, need["id"])
    page.click("#tab-needs")
    page.locator("#needs-table").get_by_role("button", name=need["title"], exact=True).click()
    detail = page.locator("#need-detail")
    score = page.locator("#need-score")
    shows_score(page, before["score"])
    expect(page.locator("#need-effort")).to_have_value("6")

    page.fill("#need-effort", "4")
    page.select_option("#need-impact", "3")
    page.fill("#need-confidence", "0,5")  # a decimal comma is read as a point
    page.click("#need-edit button[type=submit]")
    expect(page.locator("#toast")).to_contain_text("Saved")
    expect(detail).not_to_have_attribute("aria-busy", "true")
    stored = http.get(f"/v1/needs/{need['id']}").json()
    assert (stored["effort"], stored["rice_overrides"]) == (4, {"impact": 3, "confidence": 0.5})
    after = ranked_item(http, need["id"])
    reach = after["factors"]["reach"]["value"]
    assert after["score"] == round(reach * 3 * 0.5 / 4, 3) != before["score"], (before, after)
    shows_score(page, after["score"])
    expect(score).to_contain_text("impact 3 ✎ × confidence 0.5 ✎ ÷ effort 4")
    expect(score).to_contain_text("days; ✎ overridden)")
    row = page.locator(f"#needs-table tr[data-need='{need['id']}']")
    expect(row.locator(".badge.override")).to_have_count(2)

    page.fill("#need-confidence", "1.5")
    page.fill("#need-effort", "two")  # sent as typed: the API says what to fix
    page.fill("#need-title-input", " ")  # no title: refused, not left out of the save
    page.click("#need-edit button[type=submit]")
    error = page.locator("#need-edit-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("Confidence (0-1): must be 1 or less (got 1.5)")
    expect(error).to_contain_text("Effort (person-months): ")
    expect(error).to_contain_text("Title: must have at least 1 character")
    # the toast in the editor's words too: it read "rice_overrides.confidence: must be 1 or less"
    toast = page.locator("#toast")
    expect(toast).to_contain_text("Confidence (0-1): must be 1 or less (got 1.5)")
    expect(toast).not_to_contain_text("rice_overrides")
    for field in ("#need-confidence", "#need-effort", "#need-title-input"):
        expect(page.locator(field)).to_have_attribute("aria-invalid", "true")
    kept = http.get(f"/v1/needs/{need['id']}").json()
    assert (kept["title"], kept["effort"], kept["rice_overrides"]["confidence"]) == (
        need["title"], 4, 0.5), kept  # fmt: skip
    page.fill("#need-effort", "4")
    page.fill("#need-title-input", need["title"])

    page.fill("#need-confidence", "")  # both factors back to the evidence
    page.select_option("#need-impact", "")
    page.click("#need-edit button[type=submit]")
    expect(error).to_be_hidden()
    expect(detail).not_to_have_attribute("aria-busy", "true")
    assert http.get(f"/v1/needs/{need['id']}").json()["rice_overrides"] == {}
    back = ranked_item(http, need["id"])
    shows_score(page, back["score"])
    expect(row.locator(".badge.override")).to_have_count(0)
    expect(score).not_to_contain_text("✎")  # no factor overridden: no key to the mark either


def test_a_cold_refit_is_offered_beside_the_refit(page: Page, http: httpx.Client) -> None:
    """The API's cold refit was not on the page: a box beside "Refit themes" asks for it, says
    what it does, asks before starting over, and the message says which refit ran."""
    hint = page.locator("#refit-cold-hint")
    expect(hint).to_be_hidden()
    page.check("#refit-cold")
    expect(hint).to_be_visible()
    expect(hint).to_contain_text("themes a person named or seeded are kept")
    posted: list = []
    page.on("request", lambda r: posted.append(r) if r.url.endswith("/v1/themes/refit") else None)
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("#refit")
    expect(page.locator("#refit")).to_be_enabled()
    assert not posted, "dismissed: nothing started"

    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.click("#refit")
    message = page.locator("#refit-message")
    expect(message).to_have_text(re.compile(r"^Cold refit (done|failed)"), timeout=100_000)
    assert message.inner_text().startswith("Cold refit done"), message.inner_text()
    assert asked and asked[0].startswith("Start the themes over?"), asked
    assert [r.post_data_json for r in posted] == [{"cold": True}]
    job = posted[0].response().json()
    assert http.get(f"/v1/jobs/{job['id']}").json()["result"]["cold"] is True
    expect(page.locator(".theme-row.theme").first).to_be_visible()


def test_a_reach_override_is_seen_and_cleared_in_the_editor(page: Page, http: httpx.Client) -> None:
    """The editor had effort, impact and confidence but no reach: a reach override set through
    the API showed its ✎ and only the API could remove it. Typed, it counts in the table's reach."""
    ranked = http.get("/v1/priorities").json()["items"]
    need = next(n for n in ranked if not any(f["overridden"] for f in n["factors"].values()))
    need_id = need["need_id"]
    assert http.patch(f"/v1/needs/{need_id}", json={"rice_overrides": {"reach": 50}}).is_success
    page.click("#tab-needs")
    page.locator("#needs-table").get_by_role("button", name=need["title"], exact=True).click()
    expect(page.locator("label[for=need-reach]")).to_have_text("Reach (accounts, every segment)")
    expect(page.locator("#need-reach")).to_have_value("50")
    expect(page.locator("#need-score")).to_contain_text("reach 50 ✎")

    def overrides() -> dict:
        return http.get(f"/v1/needs/{need_id}").json()["rice_overrides"]

    page.fill("#need-reach", "")  # given back to the evidence
    page.click("#need-edit button[type=submit]")
    web.wait_until(page, lambda: overrides() == {}, "the reach override removed")
    expect(page.locator("#need-score")).not_to_contain_text("reach 50")
    page.fill("#need-reach", "12")
    page.click("#need-edit button[type=submit]")
    web.wait_until(page, lambda: overrides() == {"reach": 12, "reach_unit": "accounts"},
                   "the reach typed stored in accounts")  # fmt: skip
    expect(page.locator("#need-score")).to_contain_text("reach 12 ✎")
    assert http.patch(f"/v1/needs/{need_id}", json={"rice_overrides": {"reach": None}}).is_success
