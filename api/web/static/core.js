/* Shared by every view: DOM building, formatting, the API client, messages, charts. The DOM is
   built from text nodes, never from HTML strings, so feedback text cannot inject markup. */

export const $ = (selector, root = document) => root.querySelector(selector);
export const KEY_STORE = "boucle.apiKey";
export const STATUSES = ["open", "planned", "in_progress", "shipped", "declined"];
export const SENTIMENTS = ["negative", "neutral", "positive"];
export const COLORS = { negative: "#c0392b", neutral: "#8a8f98", positive: "#1e8449" };
export const SEGMENT_COLORS = ["#2f5fb3", "#b35c00", "#6b3fa0", "#0f7c6c", "#a0306b"];

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (name === "class") el.className = value;
    else if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child != null && child !== false) el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/* Every amount of the page (ARR): compact, in the server's currency (BOUCLE_CURRENCY, the body's
   data-currency), in the page's language: "€310K". The digest writes the same (api/money.py). */
let moneyFormat = null;
export function money(value) {
  if (value == null) return "—";
  moneyFormat ??= new Intl.NumberFormat(document.documentElement.lang || "en", {
    style: "currency", currency: document.body.dataset.currency || "EUR",
    notation: "compact", minimumFractionDigits: 0, maximumFractionDigits: 1,
  });
  return moneyFormat.format(value);
}
/* Days are the server's (BOUCLE_TIMEZONE, the body's data-timezone), whatever the browser's zone:
   the API reads a day and buckets every period in it, so a date range, a week and a date shown
   are the same days there and here. */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;
let dayParts = null;
/** The calendar day of an instant in the server's zone, as 2026-03-01. */
export function zoneDay(instant) {
  dayParts ??= new Intl.DateTimeFormat("en-US", {
    timeZone: document.body.dataset.timezone || "UTC", year: "numeric", month: "2-digit", day: "2-digit",
  });
  const part = Object.fromEntries(dayParts.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day}`;
}
/** The day `days` before `iso` (a calendar day): calendar arithmetic, no zone or DST in it. */
export function daysBefore(iso, days) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d) - days * 86400000).toISOString().slice(0, 10);
}
/** A date as the server's day: a day stays as sent, an instant is written in the server's zone
 * (a time without a zone is UTC, as the API writes it). */
export function day(iso) {
  if (!iso) return "—";
  const text = String(iso);
  if (DATE_ONLY.test(text)) return text;
  const instant = new Date(HAS_ZONE.test(text) ? text : `${text}Z`);
  return Number.isNaN(instant.getTime()) ? text.slice(0, 10) : zoneDay(instant);
}
let timeParts = null;
/** An instant's time in the server's zone, as the other dates: "14:05" today there, with its day
 * otherwise ("2026-03-09 01:30"). */
export function zoneTime(iso) {
  if (!iso) return "—";
  const text = String(iso);
  const instant = new Date(HAS_ZONE.test(text) ? text : `${text}Z`);
  if (Number.isNaN(instant.getTime())) return text;
  timeParts ??= new Intl.DateTimeFormat("en-GB", {
    timeZone: document.body.dataset.timezone || "UTC", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  });
  const part = Object.fromEntries(timeParts.formatToParts(instant).map((p) => [p.type, p.value]));
  const time = `${part.hour}:${part.minute}`;
  const on = zoneDay(instant);
  return on === zoneDay(new Date()) ? time : `${on} ${time}`;
}
export const label = (text) => String(text || "").replaceAll("_", " ");
export const pct = (share) => (share == null ? "—" : `${Math.round(share * 100)}%`);
// Trailing zeros go only after a decimal point: num(30, 0) is "30", num(2.50) "2.5".
export const num = (value, digits = 2) =>
  value == null ? "—" : Number(value).toFixed(digits).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");

/** Replace an element's content, skipping empty children (null, false, undefined). */
export function fill(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter((c) => c != null && c !== false));
  return el;
}

/** A pane drawn by its latest question only, aria-busy until that one is answered: an earlier
    answer arriving last would draw what was asked before, and a test (or a screen reader) waits
    on aria-busy, not on "networkidle", which the first load reached long ago. */
export function latestOnly(selector) {
  let asked = 0;
  return {
    ask() {
      $(selector).setAttribute("aria-busy", "true");
      return ++asked;
    },
    /** Whether `question` is the latest; its answer (or failure) ends the wait. */
    answered(question) {
      if (question !== asked) return false;
      $(selector).removeAttribute("aria-busy");
      return true;
    },
  };
}

export const plural = (count, word) => `${count.toLocaleString("en")} ${word}${count === 1 ? "" : "s"}`;

export function markCurrent(selector, key, id) {
  for (const el of document.querySelectorAll(selector)) {
    if (Number(el.dataset[key]) === id) el.setAttribute("aria-current", "true");
    else el.removeAttribute("aria-current");
  }
}

/** "Acme (enterprise)" */
export const accountText = (account) =>
  `${account.name || account.id}${account.segment ? ` (${account.segment})` : ""}`;

export function badge(text, kind = "") {
  return h("span", { class: `badge ${kind}` }, text);
}

export function statusBadge(status) {
  return badge(label(status), `status-${status}`);
}

export function empty(text) {
  return h("p", { class: "muted empty" }, text);
}

/** What the API warned of for a view's filters (`warnings`: a value nothing stored has, a theme
 * merged away and followed), and what a link held that its select does not offer, said in the
 * view's note above its list: a silent "No quotes match" read as no feedback. None: hidden. */
export function showWarnings(el, ...lists) {
  const lines = [...new Set(lists.flat().filter(Boolean))];
  fill(el, lines.map((line) => h("p", {}, line[0].toUpperCase() + line.slice(1))));
  el.hidden = !lines.length;
}

/** A file's X-Boucle-Warning headers (the API's `warnings` for an export), after `done`:
 * percent-encoded UTF-8 beyond printable ASCII (a source named in Japanese). */
export function withFileWarnings(done, response) {
  const warned = response?.headers?.get("X-Boucle-Warning");
  return warned ? `${done} Note: ${decodeURIComponent(warned)}.` : done;
}

/* ---------- the API ---------- */

export class ApiError extends Error {
  /** `errors`: a 422's fields at fault, [{field, message}], so a form can point at its inputs. */
  constructor(status, message, errors = []) {
    super(message);
    this.status = status;
    this.errors = errors;
  }
}

/** A refused request's message in the form's words: the API names its fields
 * ("rice_overrides.confidence: must be 1 or less", "?created_to: is before created_from"), the
 * reader sees labels ("Confidence (0-1): must be 1 or less", "To: is before From"). `labels`:
 * a field's name (as the API or the form has it) -> its label; a field without one stays. */
export function labelled(error, labels) {
  if (!(error instanceof ApiError) || !error.errors.length) return error;
  const own = (name) => (Object.hasOwn(labels, name) ? labels[name] : undefined);  // not "constructor"
  const bare = (field) => String(field).replace(/^\?|^filters\./, "");
  const named = (field) => own(field) ?? own(bare(field));
  const words = (text) => String(text).replace(/[\w.]+/g, (word) => named(word) ?? word);
  // "created_from is after created_to: swap them" names its field already: "From is after To: …"
  const line = (e) => (String(e.message).startsWith(`${bare(e.field)} `) ? words(e.message)
    : `${named(e.field) ?? e.field}: ${words(e.message)}`);
  const lines = error.errors.map(line);
  return new ApiError(error.status, `${[...new Set(lines)].join("; ")}.`, error.errors);
}

/** A filter form's fields by name and the label each sits in ("created_to" -> "To"). */
export function formLabels(form) {
  const labels = {};
  for (const field of form.elements) {
    const text = field.name ? field.closest("label")?.firstChild?.textContent.trim() : "";
    if (text) labels[field.name] = text;
  }
  return labels;
}

/* A CSV export's path, as Excel opens it in French (BOM, ";", decimal commas) when the page's
   "for Excel (FR)" box is ticked: the choice is kept in this browser. */
export const EXCEL_STORE = "boucle.csvForExcel";
export function csvPath(path) {
  if (localStorage.getItem(EXCEL_STORE) !== "1") return path;
  return `${path}${path.includes("?") ? "&" : "?"}excel=true`;
}

/* The API key lives in this tab's sessionStorage (gone when the browser closes) unless the
   person ticks "remember on this device" (localStorage: kept across restarts, on this device).
   Either store is readable by any script of this origin: remembering is an explicit choice. */
export function apiKey() {
  return sessionStorage.getItem(KEY_STORE) || localStorage.getItem(KEY_STORE) || "";
}

export const keyRemembered = () => Boolean(localStorage.getItem(KEY_STORE));

/** Keep `key` in one store (the device's when `remember`), never both; empty clears both. */
export function saveKey(key, remember) {
  sessionStorage.removeItem(KEY_STORE);
  localStorage.removeItem(KEY_STORE);
  if (key) (remember ? localStorage : sessionStorage).setItem(KEY_STORE, key);
}

/* What the key may do: edits need the admin scope, so a reading key sees no edit controls
   (everything marked .edit-only) and a line saying why. Unknown (no answer): shown. */
// Every view reads (GET /v1/themes, /v1/needs, ...): a key without `read` (a `metrics` key for
// Prometheus, a `tag` or `ingest` one for a connector) was taken, then every call got 403.
const PAGE_SCOPES = ["read", "admin"];

/** Why the key field refuses `access` (the answer of GET /v1/key), or "" when the page may use it. */
function scopeRefusal(access) {
  if (!access || access.scopes.some((scope) => PAGE_SCOPES.includes(scope))) return "";
  const held = access.scopes.length ? access.scopes.join(", ") : "none";
  return `this key cannot open the page (its scopes: ${held}): it needs the read scope, admin to edit`;
}

/** What the page's key may do. A refused key (unknown, none where the server needs one, or one
 * without the read scope) may do nothing: edit controls go, and the key field says so. */
let accessAsked = 0;

export async function loadAccess() {
  let refused = false;
  const mine = ++accessAsked;
  const access = await api("/v1/key").catch((error) => {
    refused = error.status === 401;
    return null;
  });
  const lacking = scopeRefusal(access);
  refused ||= Boolean(lacking);
  // A key entered while the page starts: the start's answer, arriving last, said "key saved"
  // for a key already removed. Only the latest question decides.
  if (mine !== accessAsked) return !refused;
  const reads = access && !access.scopes.includes("admin");
  document.body.dataset.edit = reads || refused ? "no" : "yes";
  const kept = keyRemembered() ? "key kept on this device" : "key kept until the browser closes";
  $("#key-state").textContent = lacking || (refused
    ? (apiKey() ? "this key is not accepted: check it" : "this server needs an API key")
    // a keyless server takes any key: "key kept" read as if it had been checked
    : (apiKey() ? (access?.open ? `no key needed: this server's API is open (${kept})` : kept)
      : "no key sent"));
  $("#key-state").classList.toggle("refused", refused);
  return !refused;
}

export const readOnlyNote = () =>
  h("p", { class: "muted read-only-note" }, "This API key can read, not edit: editing needs the admin scope.");

function explain(status, method, detail) {
  const scope = /'(\w+)' scope/.exec(detail || "");
  if (status === 401) return "API key missing or unknown: enter a valid key in the API key field.";
  if (status === 403) {
    const verb = method === "GET" ? "read this" : "edit";
    return `This key cannot ${verb}: needs ${scope ? scope[1] : "another"} scope.`;
  }
  if (status === 429 && /API key/.test(detail || "")) {
    return "Too many requests without a valid API key: enter a valid key in the API key field, then wait a minute.";
  }
  if (status === 429) return "Too many requests for now: wait a few seconds and try again.";
  // 503 is also "the database is unavailable" and "the service failed to start": say which
  if (status === 503 && !/models are still loading/.test(detail || "")) {
    return detail ? detail[0].toUpperCase() + detail.slice(1) : "The service is unavailable: retry in a few seconds.";
  }
  if (status === 503) return "Models are still loading: this fills in when they are ready.";
  return detail || `HTTP ${status}`;
}

function refusal(response, method, data) {
  const detail = data && (data.message || (typeof data.detail === "string" ? data.detail : ""));
  const errors = Array.isArray(data?.errors) ? data.errors : [];
  return new ApiError(response.status, explain(response.status, method, detail), errors);
}

export async function api(path, options = {}) {
  const method = options.method || "GET";
  const headers = { Accept: "application/json" };
  if (apiKey()) headers.Authorization = `Bearer ${apiKey()}`;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {  // the server is down or unreachable: it read "Unexpected error: Failed to fetch"
    throw new ApiError(0, "The Boucle server cannot be reached: check that it is running, then reload the page.");
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) throw refusal(response, method, data);
  return data;
}

/* A request whose answer is a file: fetched with the key (a plain link could not send it), then
   saved under `filename`. A `body` makes it a POST of that JSON. */
export async function download(path, filename, body) {
  const headers = apiKey() ? { Authorization: `Bearer ${apiKey()}` } : {};
  const method = body === undefined ? "GET" : "POST";
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) throw refusal(response, method, await response.json().catch(() => null));
  const url = URL.createObjectURL(await response.blob());
  save(url, filename);
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return response;  // its headers say more (a search's file: X-Next-Offset)
}

/* The browser saves what `url` holds (a blob: or data: URL) as `filename`. */
function save(url, filename) {
  const link = h("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
}

/* A button that saves the CSV at `path` as `filename`, then says `done`. */
export function exportButton(text, path, filename, done) {
  const button = h("button", { type: "button", class: "secondary small" }, text);
  button.addEventListener("click", async () => {
    const saved = await attempt(() => download(csvPath(path), filename), button);
    if (saved) notify(withFileWarnings(done, saved), "ok");
  });
  return button;
}

export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== "" && value != null) search.append(name, value);
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

let toastTimer = null;
// It lets clicks through (app.css) and Escape puts it away at once.
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") $("#toast").hidden = true;
});
export function notify(message, kind = "error") {
  const toast = $("#toast");
  toast.textContent = message;
  toast.className = `toast ${kind}`;
  toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (toast.hidden = true), kind === "error" ? 8000 : 4000);
}

/** Run an async action; errors become a message, and the button waits while it runs.
 * `onError(error)`, when given, also says it where the action was asked (a form's own line). */
export async function attempt(action, button, onError) {
  if (button) button.disabled = true;
  try {
    return await action();
  } catch (error) {
    notify(error instanceof ApiError ? error.message : `Unexpected error: ${error.message}`);
    onError?.(error);
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

/* ---------- charts (plotly.js, fetched on first use) ---------- */

/** Stored text (a segment's name) as plotly shows it: plotly renders a little HTML in names,
 * labels and hover text (a link, bold), so <, > and & go as entities, which it writes back as
 * plain characters. Hover templates name such text by %{fullData.name} or %{y}, never pasted
 * in, where a "%{...}" of its own would be read as a field. */
export const plotText = (text) =>
  String(text ?? "").replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

const FONT = { family: "system-ui, -apple-system, 'Segoe UI', sans-serif", size: 12, color: "#1d2330" };

// plotly.js is 4.8 MB: loaded up front it held every list back for seconds. It is fetched once,
// when a chart is about to be drawn, while the rest of the page keeps working; a failure is
// said once, and each chart box says it too (a reload tries again).
let plotly = null;

export function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (plotly) return plotly;
  const script = h("script", { src: document.body.dataset.plotly });  // inserted: async
  plotly = new Promise((resolve, reject) => {
    script.addEventListener("load", () =>
      (window.Plotly ? resolve(window.Plotly) : reject(new Error("plotly.js did not start"))));
    script.addEventListener("error", () => reject(new Error("plotly.js could not be fetched")));
    document.head.append(script);
  }).catch((error) => {
    notify(`Charts unavailable: ${error.message}. Lists and tables still work; reload to try again.`);
    throw error;
  });
  return plotly;
}

const drawing = new WeakMap();  // element -> its latest chart: an earlier one still waiting is dropped

export async function chart(target, traces, layout = {}) {
  const el = typeof target === "string" ? $(target) : target;
  const mine = {};
  drawing.set(el, mine);
  if (!window.Plotly) el.replaceChildren(h("p", { class: "muted chart-note" }, "Loading the chart…"));
  let Plotly;
  try {
    Plotly = await loadPlotly();
  } catch (error) {
    if (drawing.get(el) === mine) {
      el.replaceChildren(h("p", { class: "muted chart-note failed" },
        `Chart unavailable: ${error.message}. Reload the page to try again.`));
    }
    return;
  }
  if (drawing.get(el) !== mine || !el.isConnected) return;
  el.replaceChildren();
  const { xaxis = {}, yaxis = {}, ...rest } = layout;
  Plotly.newPlot(
    el,
    traces,
    {
      font: FONT,
      margin: { l: 44, r: 12, t: 8, b: 36 },
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      // above the plot: below it, it ran over the x axis's dates
      legend: { orientation: "h", x: 0, xanchor: "left", y: 1.02, yanchor: "bottom" },
      ...rest,
      // the margins grow to the labels: "week of 2 Nov 2026" was cut to "week", and "Dec 2026
      // (to 7 Dec)" to "Dec 2026 (to 7 D", by a fixed 36 px
      xaxis: { automargin: true, ...xaxis },
      yaxis: { automargin: true, ...yaxis },
    },
    { displayModeBar: false, responsive: true }
  );
}

/** A chart of results no longer asked for (the API refused the new filters): gone, with its
 * export buttons, and `text` in its place; a chart still waiting for plotly is dropped too. */
export function clearChart(target, text) {
  const el = typeof target === "string" ? $(target) : target;
  drawing.set(el, {});
  if (window.Plotly) window.Plotly.purge(el);
  el.parentElement.querySelector(`.chart-actions[data-for="${el.id}"]`)?.remove();
  el.replaceChildren(h("p", { class: "muted chart-note" }, text));
}

const TITLE_ROOM = 32;  // px above a downloaded chart for its title

/** A chart's title, as its figure's caption writes it before its notes and buttons. */
function chartTitle(el) {
  const caption = el.closest("figure")?.querySelector("figcaption");
  const first = caption?.firstChild;
  return first && first.nodeType === Node.TEXT_NODE ? first.textContent.trim() : "";
}

/* A chart's exports, for a slide or a spreadsheet: "Download PNG" (plotly draws the chart
   again as an image, on white, at twice its size on screen) and, where the API has the chart's
   data as CSV, a "CSV" button for that file. Put in the chart's caption, or just before it. */
export function chartExports(target, name, csv) {
  const el = typeof target === "string" ? $(target) : target;
  const png = h("button", { type: "button", class: "secondary small", title: `${name}.png` }, "Download PNG");
  png.addEventListener("click", () => attempt(async () => {
    const Plotly = await loadPlotly();
    if (!el.data) throw new Error("the chart is not drawn yet: try again in a moment");
    const white = { paper_bgcolor: "#fff", plot_bgcolor: "#fff" };
    // the image alone on a slide says what it is: the caption's title, above a room of its own
    const title = chartTitle(el);
    const named = title ? {
      title: { text: plotText(title), x: 0, xanchor: "left", xref: "paper", y: 1, yanchor: "top", yref: "container", pad: { t: 8 } },
      margin: { ...el.layout.margin, t: (el.layout.margin?.t || 0) + TITLE_ROOM },
    } : {};
    const height = (el.clientHeight || 300) + (title ? TITLE_ROOM : 0);
    save(await Plotly.toImage({ data: el.data, layout: { ...el.layout, ...white, ...named } },
      { format: "png", width: el.clientWidth || 700, height, scale: 2 }),
    `${name}.png`);
  }, png));
  const actions = h("span", { class: "chart-actions" }, png,
    csv ? exportButton("CSV", csv, `${name}.csv`, `The chart's data, as CSV: ${name}.csv.`) : null);
  const caption = el.closest("figure")?.querySelector("figcaption");
  const place = caption || el.parentElement;
  place.querySelector(`.chart-actions[data-for="${el.id}"]`)?.remove();  // drawn again: new paths
  actions.dataset.for = el.id;
  if (caption) caption.append(actions);
  else el.before(actions);
  return actions;
}

/** The Mondays (in the server's zone, as the API's weeks start) of the last `weeks` weeks,
 * oldest first, as 2026-11-23. */
export function weekStarts(weeks = 8) {
  const today = zoneDay(new Date());
  const [y, m, d] = today.split("-").map(Number);
  const monday = daysBefore(today, (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7);
  return Array.from({ length: weeks }, (_, i) => daysBefore(monday, (weeks - 1 - i) * 7));
}

/** The Mondays of the last `weeks` whole weeks, oldest first: the week in progress left out (on a
 * Monday it held a day's insights, and every sparkline ended in a drop to 0). */
export const fullWeekStarts = (weeks = 8) => weekStarts(weeks + 1).slice(0, -1);

/** Eight weekly counts ending last week (the last whole one); weeks with no insights are zeros. */
export function weekly(trend, weeks = 8) {
  const volume = new Map();  // summed: a parent's trend may be its children's points together
  for (const p of trend || []) {
    const start = String(p.period_start).slice(0, 10);
    volume.set(start, (volume.get(start) || 0) + p.volume);
  }
  return fullWeekStarts(weeks).map((start) => volume.get(start) || 0);
}

export function weeklySentiment(children) {
  const weeks = new Map();
  for (const point of children.flatMap((c) => c.trend || [])) {
    const week = weeks.get(point.period_start) || { period_start: point.period_start, sentiment: {} };
    for (const s of SENTIMENTS) {
      week.sentiment[s] = (week.sentiment[s] || 0) + ((point.sentiment || {})[s] || 0);
    }
    weeks.set(point.period_start, week);
  }
  return [...weeks.values()].sort((a, b) => a.period_start.localeCompare(b.period_start));
}

export function sparkline(trend) {
  const counts = weekly(trend);
  const width = 72, height = 20, max = Math.max(1, ...counts);
  const points = counts
    .map((c, i) => {
      const x = (i * width) / (counts.length - 1);
      const y = height - 2 - (c / max) * (height - 4);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(" ");
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("class", "spark");
  svg.setAttribute("role", "img");
  const starts = fullWeekStarts(counts.length);
  const until = daysBefore(starts.at(-1), -6);  // the Sunday that ends the last one
  svg.setAttribute("aria-label",
    `weekly volume, the ${counts.length} whole weeks from ${starts[0]} to ${until}: ${counts.join(", ")}`);
  const line = document.createElementNS("http://www.w3.org/2000/svg", "polyline");
  line.setAttribute("points", points);
  svg.append(line);
  // a band per week, so hovering a point says its days ("12 insights from 2026-11-23 to 2026-11-29")
  const step = width / (counts.length - 1);
  starts.forEach((start, i) => {
    const band = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    Object.entries({ x: Math.max(0, (i - 0.5) * step), y: 0, width: step, height, class: "spark-week" })
      .forEach(([key, value]) => band.setAttribute(key, value));
    const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
    title.textContent = `${plural(counts[i], "insight")} from ${start} to ${daysBefore(start, -6)}`;
    band.append(title);
    svg.append(band);
  });
  return svg;
}

export function sentimentBar(mix) {
  const total = SENTIMENTS.reduce((sum, s) => sum + ((mix || {})[s] || 0), 0);
  const text = SENTIMENTS.map((s) => `${(mix || {})[s] || 0} ${s}`).join(", ");
  const bar = h("span", { class: "mix", role: "img", "aria-label": `sentiment: ${text}`, title: text });
  for (const s of SENTIMENTS) {
    const share = total ? ((mix || {})[s] || 0) / total : 0;
    if (share) bar.append(h("span", { class: `mix-${s}`, style: `width:${(share * 100).toFixed(1)}%`,
      title: `${mix[s]} ${s} of ${plural(total, "insight")} (${Math.round(share * 100)}%)` }));
  }
  return bar;
}

/** Focus goes to the detail the reader opened, so its controls are the next Tab stops (on a
 * wide screen they were 50 Tabs away, past the whole list); on a narrow screen the detail is
 * below the list: the page scrolls there too. */
export function reveal(pane) {
  const narrow = window.matchMedia("(max-width: 959px)").matches;
  const heading = pane.querySelector("h2");
  heading.tabIndex = -1;
  heading.focus({ preventScroll: !narrow });
}
