/* Boucle's product manager page: tabs, the API key, waiting for the models, then the views.
   Vanilla JS modules; they only call the API (/v1/...). Charts: plotly.js from its package,
   fetched when the first chart is drawn (core.js). */

import {
  $, KEY_STORE, apiKey, loadAccess,
} from "./core.js";
import { loadNeeds, setupNeeds } from "./needs.js";
import { setupSearch } from "./search.js";
import { loadThemes, setupThemes } from "./themes.js";
import { loadVoc, setupVoc } from "./voc.js";

const views = { themes: loadThemes, needs: loadNeeds, search: () => {}, voc: loadVoc };
const loaded = new Set();

function showTab(name, focus = false) {
  if (!views[name]) name = "themes";
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    const active = tab.id === `tab-${name}`;
    tab.setAttribute("aria-selected", String(active));
    $(`#${tab.getAttribute("aria-controls")}`).hidden = !active;
    if (active && focus) tab.focus();
  }
  if (location.hash !== `#${name}`) history.replaceState(null, "", `#${name}`);
  if (!loaded.has(name)) {
    loaded.add(name);
    views[name]();
  }
}

function setupTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  tabs.forEach((tab, index) => {
    tab.addEventListener("click", () => showTab(tab.id.slice(4)));
    tab.addEventListener("keydown", (event) => {
      const moves = { ArrowRight: 1, ArrowLeft: -1, Home: -index, End: tabs.length - 1 - index };
      if (!(event.key in moves)) return;
      event.preventDefault();
      const next = tabs[(index + moves[event.key] + tabs.length) % tabs.length];
      showTab(next.id.slice(4), true);
    });
  });
  window.addEventListener("hashchange", () => showTab(location.hash.slice(1)));
}

function setupKey() {
  const input = $("#api-key");
  input.value = apiKey();
  $("#key-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (input.value.trim()) localStorage.setItem(KEY_STORE, input.value.trim());
    else localStorage.removeItem(KEY_STORE);
    loaded.clear();
    // what the last key showed must not stay on screen under a key that may not read it
    if (!(await loadAccess())) return location.reload();
    showTab(location.hash.slice(1) || "themes");
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
  setupNeeds();
  setupSearch();
  setupVoc();
  const name = location.hash.slice(1);
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    const shown = views[name] ? name : "themes";
    $(`#${tab.getAttribute("aria-controls")}`).hidden = tab.id !== `tab-${shown}`;
  }
  if (await waitUntilReady()) {
    showTab(name || "themes");  // its calls go out beside the key's (edit controls wait for it)
    await loadAccess();
  }
  document.body.dataset.ready = "true";
}

start();
