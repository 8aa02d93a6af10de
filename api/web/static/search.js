/* Search by meaning with filters; "similar" under each quote. */
import {
  $, h, money, day, label, num, fill, accountText, badge, empty, api, notify, attempt, download,
  query, csvPath, EXCEL_STORE, plural, showWarnings, withFileWarnings, labelled, formLabels,
} from "./core.js";
import { needs } from "./needs.js";
import { UNTHEMED, loadThemes, themes } from "./themes.js";
import { linkNotes, settleChoice } from "./url.js";

// A refused search said with the form's labels: "To: is before From", not "?created_to: …".
const inForm = (asked) => asked.catch((error) => {
  throw labelled(error, formLabels($("#search-form")));
});

function searchFilters(form) {
  const values = Object.fromEntries(new FormData(form));
  const filters = {};
  // every filter of POST /v1/search the form holds; "high,critical" is a comma list the API splits
  for (const name of ["language", "sentiment", "intent", "urgency", "source", "account", "segment",
    "theme", "need"]) {
    if (values[name] && values[name].trim()) filters[name] = values[name].trim();
  }
  // Days as picked, without a zone: the API reads them in BOUCLE_TIMEZONE, from the first
  // instant of the "from" day to the last of the "to" day, as it buckets every period.
  if (values.created_from) filters.created_from = values.created_from;
  if (values.created_to) filters.created_to = values.created_to;
  if (filters.theme === UNTHEMED) {  // the theme list's "in no theme"
    delete filters.theme;
    filters.unthemed = true;
  }
  return { query: values.query.trim(), filters };
}

// Top hits can be selected (and linked to a need); the similar quotes under one cannot.
function hitItem(hit, filters, selectable = false) {
  const account = hit.account;
  const similar = h("ol", { class: "quotes nested", hidden: true, "aria-label": "Similar quotes" });
  const button = h("button", { type: "button", class: "secondary small", "aria-expanded": "false",
    "aria-label": `Similar to: ${hit.text.slice(0, 60)}` }, "Similar");
  button.addEventListener("click", async () => {
    if (button.getAttribute("aria-expanded") === "true") {
      button.setAttribute("aria-expanded", "false");
      similar.hidden = true;
      return;
    }
    // the unrelated tail is left out as under the search itself
    const data = await attempt(
      () => api(`/v1/insights/${hit.insight_id}/similar${query({ ...filters, limit: 5, min_score: RELATED })}`),
      button);  // within the filters of the search that listed it, as the export is
    if (!data) return;
    fill(similar, data.items.length ? data.items.map((item) => hitItem(item, filters))
      : h("li", {}, empty("Nothing similar.")));
    similar.hidden = false;
    button.setAttribute("aria-expanded", "true");
  });
  const theme = hit.theme_id != null ? themes.byId.get(hit.theme_id) : null;
  const need = hit.need_id ? needs.titles.get(hit.need_id) : null;
  const pick = selectable ? h("input", { type: "checkbox", class: "edit-only hit-pick",
    value: hit.insight_id, "aria-label": `Select: ${hit.text.slice(0, 60)}`,
    onchange: countSelected }) : null;
  return h("li", { class: "quote" },
    h("div", { class: "quote-head" }, pick, h("blockquote", {}, hit.text), button),
    h("p", { class: "meta" },
      hit.sentiment ? badge(hit.sentiment.label, `sent-${hit.sentiment.label}`) : null,
      (hit.intents || []).map((i) => badge(label(i.label))),
      hit.urgency && ["high", "critical"].includes(hit.urgency.level)
        ? badge(`${hit.urgency.level} urgency`, "urgent") : null,
      " ",
      [label(hit.feedback.source),
        account ? accountText(account) : "no account",
        account && account.arr != null ? `ARR ${money(account.arr)}` : null,
        day(hit.feedback.created_at),
        hit.feedback.language ? hit.feedback.language.toUpperCase() : null,
        theme ? `theme “${theme.name}”` : null,
        hit.need_id ? `need “${need || `#${hit.need_id}`}”` : null,
        `similarity ${num(hit.score)}`,
        hit.same_text ? `+${hit.same_text} more with the same text` : null].filter(Boolean).join(" · ")),
    similar);
}

const selected = () => [...document.querySelectorAll("#search-results .hit-pick:checked")]
  .map((box) => Number(box.value));

function countSelected() {
  const count = selected().length;
  $("#search-selected").textContent = count ? `${count} selected` : "select quotes with their boxes";
}

function linkForm(hits) {
  const form = $("#search-link");
  form.hidden = !hits;
  fill(form.elements.need, h("option", { value: "" }, "choose a need…"),
    [...needs.titles].map(([id, title]) => h("option", { value: id }, `#${id} ${title}`)));
  countSelected();
}

// Quotes a PM found are evidence of a need: linked by hand (moved from any need they were on).
async function linkSelected(event) {
  event.preventDefault();
  const form = event.target;
  const need = Number(form.elements.need.value);
  const insight_ids = [...new Set(selected())];
  if (!insight_ids.length) return notify("Select the quotes to link with their boxes first.");
  if (!need) return notify("Choose the need to link them to.");
  const done = await attempt(() => api(`/v1/needs/${need}/links`,
    { method: "POST", body: { insight_ids } }), form.querySelector("button"));
  if (!done) return;
  notify(`Linked ${insight_ids.length === 1 ? "1 quote" : `${insight_ids.length} quotes`} to ` +
    `“${done.title}”: it now has ${done.evidence_count} as evidence.`, "ok");
  for (const box of document.querySelectorAll("#search-results .hit-pick:checked")) box.checked = false;
  countSelected();
}

/** The search the form holds (restored from a link), run when its tab opens; the filters'
 * choices (stored sources, accounts, needs) fetched beside it. An empty query is submitted too:
 * it clears the hits of the last one (a link or Back to filters alone left them listed). */
export function runSearch() {
  loadChoices();
  $("#search-form").requestSubmit();
}

// The account picker offers, as one types, the accounts whose id or name (or a word of it)
// starts with what is typed, among all of them: the first 1,000 by id left the others out.
const ACCOUNT_CHOICES = 20;
const TYPING_PAUSE_MS = 150;  // one request once typing pauses, not one a keystroke

// Suggestions only: a failure leaves them empty (any value can still be typed), and the search's
// own call says what is wrong (a key, the server).
const quietly = (path) => api(path).catch(() => null);

async function loadChoices() {
  const [sources, segments] = await Promise.all([
    quietly("/v1/feedback/sources"),
    quietly("/v1/segments"),  // every stored segment, not only those of needs' evidence
    suggestAccounts(),
    loadNeedTitles(),
  ]);
  if (sources) {
    $("#sources").replaceChildren(...sources.items.map((s) =>
      h("option", { value: s.source }, plural(s.feedback, "message"))));
  }
  if (segments) {
    $("#segments").replaceChildren(...segments.items.map((s) =>
      h("option", { value: s.segment }, plural(s.accounts, "account"))));
  }
  fillNeedFilter();
}

// Answers may come back out of order: only the latest request's fills the list.
let accountAsked = 0;
async function suggestAccounts() {
  const typed = $('#search-form [name="account"]').value.trim();
  const asked = ++accountAsked;
  const match = typed ? `&q=${encodeURIComponent(typed)}` : "";
  const accounts = await quietly(`/v1/accounts?limit=${ACCOUNT_CHOICES}${match}`);
  if (!accounts || asked !== accountAsked) return;
  $("#accounts").replaceChildren(...accounts.items.map((a) =>
    h("option", { value: a.id }, accountText({ id: a.id, name: a.name, segment: a.segment }))));
}

// The account filter takes an id; a whole name typed (any case) stands for the one account of
// that name. None matching either: the search says so, not "No quotes match".
const ACCOUNT_MATCHES = 100;
async function accountFilter(filters) {
  const typed = filters.account;
  if (!typed) return { filters };
  const found = await quietly(`/v1/accounts?limit=${ACCOUNT_MATCHES}&q=${encodeURIComponent(typed)}`);
  if (!found || found.items.some((a) => a.id === typed)) return { filters };  // an id (or unknown)
  const named = found.items.filter((a) => (a.name || "").toLowerCase() === typed.toLowerCase());
  if (named.length === 1) return { filters: { ...filters, account: named[0].id } };
  const problem = named.length ? `${named.length} accounts are named “${typed}”: pick one by its id`
    : found.items.length ? `no account is named or has the id “${typed}”: pick one the field suggests`
      : `no account named or with id “${typed}”`;
  return { filters, problem };
}

let typingPause = null;
function suggestAccountsOnPause() {
  clearTimeout(typingPause);
  typingPause = setTimeout(suggestAccounts, TYPING_PAUSE_MS);
}

// Need titles label the hits and fill the need filter: fetched once, by whichever asks first.
let titlesLoading = null;
function loadNeedTitles() {
  if (needs.titles.size) return null;
  titlesLoading ??= quietly("/v1/needs").then((list) => {
    for (const n of list ? list.items : []) needs.titles.set(n.id, n.title);
  }).finally(() => (titlesLoading = null));
  return titlesLoading;
}

// The chosen need (one a link restored, too) stays chosen when the titles come.
function fillNeedFilter() {
  const select = $('#search-form [name="need"]');
  const chosen = select.value;
  fill(select, h("option", { value: "" }, "any"),
    [...needs.titles].map(([id, title]) =>
      h("option", { value: id, selected: String(id) === chosen }, `#${id} ${title}`)));
  settleChoice(select, chosen);  // a link's need merged away or deleted: said, not offered
}

export function setupSearch() {
  $("#search-link").addEventListener("submit", linkSelected);
  $('#search-form [name="account"]').addEventListener("input", suggestAccountsOnPause);
  const excel = $("#csv-excel");
  excel.checked = localStorage.getItem(EXCEL_STORE) === "1";
  excel.addEventListener("change", () => {
    if (excel.checked) localStorage.setItem(EXCEL_STORE, "1");
    else localStorage.removeItem(EXCEL_STORE);
  });
  $("#search-export").addEventListener("click", async (event) => {
    const button = event.currentTarget;  // null once an await has returned
    const { query: text, filters: typed } = searchFilters($("#search-form"));
    const { filters } = await accountFilter(typed);  // the account the page searched, by its id
    // With a query: the hits the page lists (closest first, RELATED and up), up to FILE_HITS:
    // without min_score the file went on into the unrelated tail the page leaves out;
    // without a query: every insight the filters match.
    // Not distinct: a file lists every repeat the page folds into one quote (a file's default),
    // so that its accounts and ARR add up, as the README promises of files.
    const hits = { query: text, limit: FILE_HITS, filters, min_score: RELATED };
    const saved = await attempt(() => inForm(text
      ? download(csvPath("/v1/search?format=csv"), "boucle-search.csv", hits)
      : download(csvPath(`/v1/insights/export${query(filters)}`), "boucle-insights.csv")), button);
    if (!saved) return;
    if (!text) {
      return notify(withFileWarnings("Every insight matching the filters, as CSV: see your downloads.", saved), "ok");
    }
    const cut = saved.headers.get("X-Next-Offset") !== null;  // more hits than the file holds
    notify(withFileWarnings(cut ? `The ${FILE_HITS.toLocaleString("en")} closest quotes to “${text}” (more match: narrow the filters for the rest), as CSV: see your downloads.`
      : `Every quote the search lists for “${text}” (scoring ${RELATED} or more), closest first, each repeat on its own row, as CSV: see your downloads.`, saved), "ok");
  });
  $("#search-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    clearTimeout(filterPause);  // a filter changed just before: this search has it
    const { query: text, filters: typed } = searchFilters(form);
    const run = ++searches;  // a search still coming is not drawn over what follows
    if (!text) return clearHits();
    $("#search-state").textContent = "Searching…";
    const { filters, problem } = await accountFilter(typed);
    const body = { query: text, limit: PAGE, filters, min_score: RELATED };
    // Theme and need names label the hits: fetched (once) beside the search, not before it.
    const [data] = await Promise.all([
      attempt(() => inForm(api("/v1/search", { method: "POST", body })), form.querySelector('button[type="submit"]')),
      themes.byId.size ? null : loadThemes(),
      loadNeedTitles(),
    ]);
    if (run !== searches) return;  // a filter changed meanwhile: the later search draws
    if (!data) return clearHits("");  // the toast says what to fix; earlier results would mislead
    $("#search-results").replaceChildren(...data.items.map((hit) => hitItem(hit, filters, true)));
    showWarnings($("#search-warnings"), linkNotes.search, data.warnings);
    linkForm(data.items.length);
    shown.count = 0;
    showPage(body, data.items.length, data.next_offset);
    if (!data.items.length && problem) $("#search-state").textContent = `No quotes: ${problem}.`;
  });
  // A filter changed after a search re-runs it (once the changes pause): the list kept the old
  // filters' quotes while "Export CSV" used the new ones. With the query emptied too, the submit
  // clears the old quotes and writes the filters into the URL.
  $("#search-form").addEventListener("change", (event) => {
    const form = event.currentTarget;
    if (!event.target.closest(".filters")) return;
    clearTimeout(filterPause);
    filterPause = setTimeout(() => form.requestSubmit(), FILTER_PAUSE_MS);
  });
  $("#search-more").addEventListener("click", async (event) => {
    const body = { ...shown.body, offset: shown.count };
    const run = searches;
    const asked = JSON.stringify(searchFilters($("#search-form")));
    const data = await attempt(() => api("/v1/search", { method: "POST", body }), event.currentTarget);
    // A search started, or the query or a filter changed, while the page came: it belongs to the
    // list that is going, not to the one coming.
    if (!data || run !== searches || asked !== JSON.stringify(searchFilters($("#search-form")))) return;
    $("#search-results").append(...data.items.map((hit) => hitItem(hit, body.filters, true)));
    showPage(shown.body, shown.count + data.items.length, data.next_offset);
  });
}

// Quotes under this similarity are unrelated to the query (README, "Search"): left out, so the
// list ends where meaning does instead of at a fixed count.
const RELATED = 0.2;
const PAGE = 20;
const FILE_HITS = 1000;  // a search's CSV: the API gives up to 5,000, a spreadsheet reads 1,000 well
const shown = { body: null, count: 0 };
const FILTER_PAUSE_MS = 300;  // filters changed in a row: one search once they pause
let filterPause = null;
let searches = 0;  // searches started: only the latest one's answer is drawn

// A query cleared: the quotes of the last one are no longer what "Export CSV" gives.
const NO_QUERY = "Type a query, or Export CSV gives every insight matching the filters.";
function clearHits(state = NO_QUERY) {
  $("#search-results").replaceChildren();
  showWarnings($("#search-warnings"), linkNotes.search);
  $("#search-more").hidden = true;
  $("#search-link").hidden = true;
  $("#search-state").textContent = state;
}

function showPage(body, count, nextOffset) {
  shown.body = body;
  const more = nextOffset != null;  // the API says whether a hit is left after this page
  shown.count = count;
  // The API says whether more match, not how many: "20 quotes" above "More quotes" read as all.
  $("#search-state").textContent = !count ? "No quotes match: loosen the filters, or say it another way."
    : more ? `The first ${plural(count, "quote")}, closest first: more match (“More quotes” lists the next).`
      : `${plural(count, "quote")}, closest first (the rest score under ${RELATED}: unrelated).`;
  $("#search-more").hidden = !more;
}
