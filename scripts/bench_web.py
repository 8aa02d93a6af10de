"""How fast the product manager's page becomes usable, in Debian's headless Chromium (Playwright),
against a server that is already running (e.g. `boucle serve` on a 100k-item workspace).

Each load is a fresh browser context (a first visit: nothing cached), and the page records in
itself (a MutationObserver installed before any script runs) when each milestone appeared:
- themes: /app -> the first theme row; then a click on it -> its weekly chart drawn;
- voc: /app#voc -> the first KPI, the first at-risk row, the first chart drawn.
Prints the median of --loads runs per milestone (ms from navigation start, or from the click), and
for each request the page made (API, readiness, plotly.js) when it went out and when its answer
was in. Writes nothing.

    python scripts/bench_web.py --base http://127.0.0.1:8130 [--loads 5]
"""

import argparse
import statistics
from collections import defaultdict

from playwright.sync_api import Browser, sync_playwright

CHROMIUM = "/usr/bin/chromium"  # from apt; never `playwright install` (a CDN download)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TIMEOUT_MS = 120_000

# Records performance.now() the first time each selector matches.
WATCH = """
window.__seen = {};
const marks = %s;
new MutationObserver(() => {
  for (const [name, selector] of Object.entries(marks)) {
    if (!(name in window.__seen) && document.querySelector(selector)) {
      window.__seen[name] = performance.now();
    }
  }
}).observe(document, { childList: true, subtree: true });
"""
MARKS = {
    "theme list": ".theme-row",
    "theme chart": "#chart-theme-trend .main-svg",
    "voc kpi": "#voc-kpis .kpi",
    "voc table": "#at-risk tbody tr",
    "voc chart": "#view-voc .main-svg",
}


def api_times(page) -> dict[str, tuple[float, float]]:
    """Each request the page made for data or plotly: when it went out, when its answer was in."""
    entries = page.evaluate(
        "performance.getEntriesByType('resource').map(e => [e.name, e.startTime, e.responseEnd])"
    )
    return {
        url.split("//", 1)[1].split("/", 1)[1].split("?v=")[0]: (sent, done)
        for url, sent, done in entries
        if "/v1/" in url or "/readyz" in url or "plotly" in url
    }


def one_load(browser: Browser, base: str, view: str) -> tuple[dict, dict]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.add_init_script(WATCH % repr(MARKS).replace("'", '"'))
    page.goto(f"{base}/app#{view}")
    times: dict[str, float] = {}
    if view == "themes":
        page.wait_for_selector(".theme-row", timeout=TIMEOUT_MS)
        times["theme list"] = page.evaluate("__seen['theme list']")
        clicked = page.evaluate(
            "document.querySelector('.theme-row.theme').click(), performance.now()"
        )
        page.wait_for_selector("#chart-theme-trend .main-svg", state="attached", timeout=TIMEOUT_MS)
        times["theme chart (after click)"] = page.evaluate("__seen['theme chart']") - clicked
    else:
        page.wait_for_selector("#chart-nps-time .main-svg", state="attached", timeout=TIMEOUT_MS)
        page.wait_for_selector("#at-risk tbody tr", state="attached", timeout=TIMEOUT_MS)
        for name in ("voc kpi", "voc table", "voc chart"):
            times[name] = page.evaluate(f"__seen['{name}']")
    calls = api_times(page)
    context.close()
    return times, calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8130")
    parser.add_argument("--loads", type=int, default=5)
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for view in ("themes", "voc"):
            milestones: dict[str, list[float]] = defaultdict(list)
            calls: dict[str, list[tuple[float, float]]] = defaultdict(list)
            for _ in range(args.loads):
                times, made = one_load(browser, args.base, view)
                for name, ms in times.items():
                    milestones[name].append(ms)
                for path, span in made.items():
                    calls[path].append(span)
            print(f"/app#{view}, {args.loads} loads, median (min-max) ms:")
            for name, values in milestones.items():
                print(f"  {name:28} {statistics.median(values):7.0f}"
                      f"  ({min(values):.0f}-{max(values):.0f})")  # fmt: skip
            print("  requests, median ms from navigation start: sent -> answered (took)")
            for path, spans in sorted(
                calls.items(), key=lambda kv: statistics.median(s for s, _ in kv[1])
            ):
                sent = statistics.median(s for s, _ in spans)
                done = statistics.median(d for _, d in spans)
                took = statistics.median(d - s for s, d in spans)
                print(f"  {path:45} {sent:7.0f} -> {done:7.0f}  ({took:.0f})")
        browser.close()


if __name__ == "__main__":
    main()
