/* Boucle's product manager page: tabs, the API key, waiting for the models, then the views.
   Vanilla JS modules; they only call the API (/v1/...). Charts: plotly.js from its package,
   fetched when the first chart is drawn (core.js). */

import {
  $, apiKey, keyRemembered, loadAccess, saveKey,
} from "./core.js";
import { loadNeeds, needs, setupNeeds } from "./needs.js";
import { runSearch, setupSearch } from "./search.js";
import { setupRanking } from "./ranking.js";
import {
  closeTheme, emergingOnly, emergingWindow, loadThemes, openTheme, setupThemes, themes,
} from "./themes.js";
import { formNames, formToView, linkNotes, setView, viewState, viewToForms } from "./url.js";
import { fillRange, loadVoc, setupVoc } from "./voc.js";
import { clearWebhooks, loadWebhooks, setupWebhooks } from "./webhooks.js";

const views = {
  themes: loadThemes, needs: loadNeeds, search: runSearch, voc: loadVoc, webhooks: loadWebhooks,
};
// Views for admin keys only (and the open loopback server): a reading key never asks for them.
const ADMIN_VIEWS = new Set(["webhooks"]);
const allowed = (name) => Boolean(views[name]) &&
  (!ADMIN_VIEWS.has(name) || document.body.dataset.edit === "yes");
const loaded = new Set();
let restoring = false;  // the URL's view being applied: the forms' events write no new entry

function showTab(name, focus = false, byReader = focus) {
  if (!allowed(name)) name = "themes";
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    const active = tab.id === `tab-${name}`;
    tab.setAttribute("aria-selected", String(active));
    $(`#${tab.getAttribute("aria-controls")}`).hidden = !active;
    if (active && focus) tab.focus();
  }
  setView({}, { tab: name, replace: restoring || !byReader });
  if (!loaded.has(name)) {
    loaded.add(name);
    views[name]();
  }
}

function setupTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  tabs.forEach((tab) => {
    tab.addEventListener("click", () => showTab(tab.id.slice(4), false, true));
    tab.addEventListener("keydown", (event) => {
      // tabs this key may not open are hidden: the arrows go past them
      const shown = tabs.filter((t) => allowed(t.id.slice(4)));
      const at = shown.indexOf(tab);
      const moves = { ArrowRight: 1, ArrowLeft: -1, Home: -at, End: shown.length - 1 - at };
      if (!(event.key in moves)) return;
      event.preventDefault();
      const next = shown[(at + moves[event.key] + shown.length) % shown.length];
      showTab(next.id.slice(4), true);
    });
  });
  // back, forward, or a link edited by hand
  window.addEventListener("popstate", () => {
    restoreView(true);
    showTab(viewState().tab);
  });
  for (const name of formNames) {
    const form = $(`#${name === "search" ? "search-form" : `${name}-filters`}`);
    const write = () => formToView(name, restoring);
    // the reader's own choice: what the link held is no longer what the view shows
    form.addEventListener("change", (event) => event.isTrusted && (linkNotes[name] = []));
    // a search is in the URL once run (its results are what the link shows); filters at once
    if (name !== "search") form.addEventListener("change", write);
    form.addEventListener("submit", write);
  }
}

/** The URL's view into the page: forms, the open theme and need, the emerging window and
 * filter; with
 * `reload`, the views it changed load again when shown. */
function restoreView(reload = false) {
  restoring = true;
  try {
    const { params } = viewState();
    const changed = viewToForms();
    if (changed.has("voc")) fillRange();
    const theme = Number(params.get("theme")) || null;
    const need = Number(params.get("need")) || null;
    if (reload) {
      changed.forEach((name) => loaded.delete(name));
      const tree = emergingWindow() !== themes.window || emergingOnly() !== themes.emergingOnly;
      if (tree || changed.has("ranking")) loaded.delete("themes");
      else if (theme !== themes.current) theme ? openTheme(theme) : closeTheme();
      if (need !== needs.current) loaded.delete("needs");
    }
    themes.current = theme;
    needs.current = need;
  } finally {
    restoring = false;
  }
}

function setupKey() {
  const input = $("#api-key");
  const remember = $("#key-remember");
  input.value = apiKey();
  remember.checked = keyRemembered();
  $("#key-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    saveKey(input.value.trim(), remember.checked);
    loaded.clear();
    clearWebhooks();
    // what the last key showed must not stay on screen under a key that may not read it
    if (!(await loadAccess())) return location.reload();
    showTab(viewState().tab || "themes");
  });
}

async function waitUntilReady() {
  const banner = $("#banner");
  for (;;) {
    const response = await fetch("/readyz").catch(() => null);
    if (response && response.ok) break;
    const body = response ? await response.json().catch(() => ({})) : {};
    banner.hidden = false;
    if (body.status === "failed") {
      banner.textContent = `The models failed to load: ${body.error}. See the server log.`;
      return false;
    }
    banner.textContent = "Models are loading: the page fills in when they are ready…";
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  banner.hidden = true;
  return true;
}


async function start() {
  setupTabs();
  setupKey();
  setupThemes();
  setupRanking();
  setupNeeds();
  setupSearch();
  setupVoc();
  setupWebhooks();
  restoreView();
  const name = viewState().tab;
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    const shown = views[name] ? name : "themes";
    $(`#${tab.getAttribute("aria-controls")}`).hidden = tab.id !== `tab-${shown}`;
  }
  // The key first: one the page refuses (a `metrics` key has no read) sends no view's read, whose
  // 403 flashed under the refusal; the key field's line is then the only message.
  if ((await waitUntilReady()) && (await loadAccess())) showTab(name || "themes");
  document.body.dataset.ready = "true";
}

start();
