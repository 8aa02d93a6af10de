/* Themes: the tree (parents > themes) with size, trend, sentiment and emerging badges, and a new
   topic no theme knows yet when it rises; one theme's keywords, quotes, intents, accounts and
   lineage; rename, merge, seed and refit. */
import {
  $, SENTIMENTS, COLORS, h, money, day, label, num, fill, plural, markCurrent, accountText, badge,
  empty, api, notify, attempt, chart, loadPlotly, weeklySentiment, sparkline, sentimentBar, reveal,
  exportButton, readOnlyNote, chartExports, statusBadge, latestOnly,
} from "./core.js";
import { loadNeeds, needs } from "./needs.js";
import { loadRanking } from "./ranking.js";
import { settleChoice, setView, viewParam, viewState } from "./url.js";

const WINDOWS = [7, 30, 90];  // days the emerging test looks back (the selector's choices)
const ACCOUNTS_SHOWN = 10;  // then "and N more"
const ACCOUNTS_LIMIT = 500;  // the accounts with the most ARR the detail asks for
const QUOTES_PAGE = 20;

/** Whether the URL asks for the emerging themes only (the summary's "N emerging" pressed). */
export const emergingOnly = () => viewParam("emerging") === "1";

/** The emerging window the URL asks for (7 days when it asks for none, or for another). */
export function emergingWindow() {
  const days = Number(viewParam("window"));
  return WINDOWS.includes(days) ? days : 7;
}

export const themes = {
  byId: new Map(), emerging: new Map(), window: 7, baselineDays: 56, current: null, shown: null,
  emergingOnly: false, nothingEmerging: null,
};

export async function loadThemes() {
  const window = emergingWindow();
  $("#emerging-window").value = String(window);
  const [tree, emerging, alerts] = await Promise.all([
    attempt(() => api("/v1/themes")),
    // the API's own window (7 days) unless the reader chose another
    attempt(() => api(`/v1/themes/emerging${window === 7 ? "" : `?window_days=${window}`}`)),
    attempt(() => api("/v1/themes/alerts?limit=10")),
  ]);
  if (!tree) return;
  themes.byId.clear();
  tree.items.forEach(remember);  // all of them: the filtered tree still opens, merges, moves any
  themes.emergingOnly = emergingOnly();
  themes.emerging = new Map((emerging ? emerging.items : []).map((e) => [e.theme.id, e]));
  themes.window = emerging ? emerging.window_days : window;
  themes.baselineDays = emerging ? emerging.baseline_days : 56;
  themes.nothingEmerging = emerging ? emerging.note : null;  // what the test lacked, if found none
  const growth = emerging ? emerging.unthemed : null;  // the API sends it only when significant
  const list = $("#theme-tree");
  const shown = themes.emergingOnly ? emergingTree(tree.items) : tree.items;
  list.replaceChildren(...(themes.emergingOnly ? [emergingNotice(shown)] : []), ...shown.map(themeNode));
  if (!tree.items.length) list.append(h("li", {}, empty("No themes yet: refit, or seed one from examples.")));
  const count = [...themes.byId.values()].filter((t) => t.level === "theme").length;
  fill($("#themes-summary"),
    `${plural(count, "theme")}, `, unthemedLink(tree.unthemed),
    themes.emerging.size || themes.emergingOnly ? [", ", emergingToggle()] : null,
    growth ? ", a new topic rising" : "");
  loadRanking();  // its links open themes of the tree just read
  showUnthemedGrowth(growth);
  showAlerts(alerts || { items: [], webhook: false });
  fillThemeFilter();
  // one out of the tree too (a link to a theme a refit retired or merged): it says what became
  // of it; the promise lets a caller act on the detail drawn again (focus back on a field)
  if (themes.current) return openTheme(themes.current);
}

function remember(theme) {
  themes.byId.set(theme.id, theme);
  (theme.children || []).forEach((child) => themes.byId.set(child.id, child));
}

/* "N emerging" in the summary: pressed, the tree keeps the emerging themes only (in the URL,
   `emerging=1`), so they are the first rows rather than scattered by size below the fold. */
function emergingToggle() {
  const on = themes.emergingOnly;
  return h("button", {
    type: "button", class: "link", id: "emerging-only", "aria-pressed": String(on),
    title: on ? "Show every theme" : "Show the emerging themes only",
    onclick: async () => {
      setView({ emerging: on ? null : "1" });
      await loadThemes();
      // the few rows kept are what was asked for: in sight, whatever stands above the tree
      if (!on) $("#theme-tree").scrollIntoView({ block: "nearest" });
    },
  }, `${themes.emerging.size} emerging`);
}

const significance = (theme) => (themes.emerging.get(theme.id) || { p_value: 1 }).p_value;

/** The tree cut to the emerging themes (a parent stays for those under it), most significant
 * first. */
function emergingTree(items) {
  const kept = items.map((item) => {
    const children = (item.children || []).filter((child) => themes.emerging.has(child.id))
      .sort((a, b) => significance(a) - significance(b));
    return themes.emerging.has(item.id) || children.length ? { ...item, children } : null;
  }).filter(Boolean);
  const best = (item) => Math.min(significance(item), ...item.children.map(significance));
  return kept.sort((a, b) => best(a) - best(b));
}

function emergingNotice(shown) {
  return h("li", { class: "tree-note", id: "emerging-notice" },
    shown.length ? `Emerging over the last ${plural(themes.window, "day")} only, most significant first. `
      // what is missing, as the API says it (a refit helps only when there is no theme yet)
      : `No theme is emerging over the last ${plural(themes.window, "day")}` +
        (themes.nothingEmerging ? `: ${themes.nothingEmerging}. ` : ". "),
    h("button", { type: "button", class: "link", onclick: () => {
      setView({ emerging: null });
      loadThemes();
    } }, "Show all themes"));
}

function themeNode(theme) {
  const rising = themes.emerging.get(theme.id);
  const row = h(
    "button",
    {
      type: "button",
      class: `theme-row ${theme.level}${rising ? " rising" : ""}`,
      "data-theme": theme.id,
      "aria-current": themes.current === theme.id ? "true" : null,
      onclick: () => openTheme(theme.id, true),
    },
    h("span", { class: "theme-name" }, theme.name,
      rising ? badge(rising.new ? "new" : "emerging", "emerging") : null),
    h("span", { class: "theme-size", title: "insights" }, theme.size.toLocaleString("en")),
    sparkline(theme.trend && theme.trend.length ? theme.trend
      : (theme.children || []).flatMap((child) => child.trend || [])),
    sentimentBar(theme.sentiment)
  );
  const children = theme.children || [];
  return h("li", {}, row,
    children.length ? h("ul", { "aria-label": `Themes under ${theme.name}` }, children.map(themeNode)) : null);
}

// The open theme's detail, as the need's: drawn by the latest question, aria-busy until then.
const themeDetail = latestOnly("#theme-detail");

export async function openTheme(id, fromUser = false) {
  themes.current = id;
  if (fromUser) setView({ theme: id });
  markCurrent(".theme-row", "theme", id);
  const pane = $("#theme-detail");
  const asked = themeDetail.ask();
  loadPlotly().catch(() => {});  // its chart comes next: fetched while the API answers
  const [theme, trends] = await Promise.all([
    attempt(() => api(`/v1/themes/${id}?accounts_limit=${ACCOUNTS_LIMIT}`)),
    attempt(() => api(`/v1/themes/${id}/trends?period=week`)),
  ]);
  // drawn in this same turn once answered: nothing can look between the end of the wait and it
  if (!themeDetail.answered(asked) || !theme) return;
  if (theme.status !== "active") return showGone(theme, fromUser);
  const quotes = theme.quotes;  // each with its language and account: no request per quote
  const children = (themes.byId.get(id) || {}).children || [];
  const rising = themes.emerging.get(id);
  const chartBox = h("div", { class: "chart small", id: "chart-theme-trend" });
  fill(pane,
    h("h2", {}, theme.name, " ", theme.seeded ? badge("seeded") : null,
      rising ? badge(rising.new ? "new theme" : "emerging", "emerging") : null),
    h("p", { class: "muted" },
      `${plural(theme.size, "insight")} · ${plural(theme.accounts, "account")} · ARR ${money(theme.arr)}`,
      theme.level === "parent" ? " · parent theme" : ""),
    rising ? h("p", { class: "note" }, emergingNote(rising)) : null,
    languageNames(theme),
    theme.description ? h("p", {}, theme.description) : null,
    sentimentBar(theme.sentiment),
    h("h3", {}, "Keywords"),
    theme.keywords.length ? h("ul", { class: "chips" }, theme.keywords.map((k) => h("li", {}, k)))
      : empty(theme.seeded ? "Seeded theme: keywords come with the next refit." : "None."),
    h("h3", {}, "Weekly volume by sentiment"),
    chartBox,
    children.length ? [h("h3", {}, "Themes under it"), h("ul", { class: "plain" }, children.map((c) =>
      h("li", {}, h("button", { type: "button", class: "link", onclick: () => openTheme(c.id, true) },
        c.name), ` (${c.size})`)))] : null,
    h("h3", {}, "Representative quotes"),
    quotes.length ? h("ul", { class: "quotes", id: "theme-quotes" }, quotes.map(themeQuote))
      : theme.size ? null : empty("No quotes yet."),
    theme.size > quotes.length ? moreQuotes(theme, children, quotes) : null,
    theme.size ? themeExport(theme, children) : null,
    theme.needs.length ? [h("h3", {}, "Needs it feeds"), h("ul", { class: "plain", id: "theme-needs" },
      theme.needs.map((n) => h("li", {}, needLink(n), " ", statusBadge(n.status),
        ` (${plural(n.insights, "insight")} of this theme)`)))] : null,
    quotes.length ? needFromTheme(theme) : null,
    h("div", { class: "columns" },
      h("div", {}, h("h3", {}, "By segment"), segmentTable(theme.by_segment)),
      h("div", {}, h("h3", {}, "By language"), h("ul", { class: "plain", id: "theme-languages" },
        theme.by_language.map((l) => h("li", {},
          `${l.language ? l.language.toUpperCase() : "unknown"}: ${plural(l.insights, "insight")}`))))),
    h("div", { class: "columns" },
      h("div", {}, h("h3", {}, "Top intents"),
        h("ul", { class: "plain" }, theme.top_intents.map((i) => h("li", {}, `${label(i.label)}: ${i.count}`)))),
      h("div", {}, h("h3", {}, "Accounts"), accountList(theme))),
    h("h3", {}, "Lineage"),
    h("ol", { class: "plain lineage" }, theme.lineage.map(lineageItem)),
    themeEditor(theme)
  );
  if (themes.shown !== id) pane.scrollTop = 0;  // a refresh keeps the reader's place
  themes.shown = id;
  if (fromUser) reveal(pane);
  // A parent's volume is its themes' together (their 8-week trends from the tree).
  const points = trends && trends.points.length ? trends.points : weeklySentiment(children);
  chartExports(chartBox, `boucle-theme-${id}-weekly`);  // no CSV form of a theme's trend yet
  chart(chartBox, SENTIMENTS.map((s) => ({
    type: "bar", name: s, marker: { color: COLORS[s] },
    x: points.map((p) => p.period_start), y: points.map((p) => (p.sentiment || {})[s] || 0),
  })), { barmode: "stack", height: 180, showlegend: false });
}

/* A theme a refit retired or merged, or a person merged (opened by a link, or open during the
   refit): what became of it and its history, nothing that reads as current. Its figures are
   0 (its insights are elsewhere), its quotes, when the API keeps them, are from before, and the
   API refuses to edit it or grow a need from it. */
function showGone(theme, fromUser) {
  const pane = $("#theme-detail");
  const quotes = theme.quotes;
  fill(pane,
    h("h2", {}, theme.name, " ", badge(theme.status, `status-${theme.status}`)),
    h("p", { class: "note gone", id: "theme-gone", role: "status" }, goneNote(theme)),
    theme.keywords.length ? [h("h3", {}, "Its keywords then"),
      h("ul", { class: "chips" }, theme.keywords.map((k) => h("li", {}, k)))] : null,
    quotes.length ? [h("h3", {}, `Quotes it held before it was ${theme.status}`),
      h("p", { class: "muted small" }, "They are in other themes now, or in none."),
      h("ul", { class: "quotes" }, quotes.map(themeQuote))] : null,
    h("h3", {}, "Lineage"),
    h("ol", { class: "plain lineage" }, theme.lineage.map(lineageItem)));
  pane.scrollTop = 0;
  themes.shown = theme.id;
  if (fromUser) reveal(pane);
}

/** "Merged into <link> on 2026-11-20 by refit." or "Retired on 2026-11-20 by refit." */
function goneNote(theme) {
  const last = [...theme.lineage].reverse()
    .find((e) => e.event === (theme.status === "merged" ? "merged_into" : "retired")) || {};
  const when = [last.at ? ` on ${day(last.at)}` : "", last.by ? ` by ${last.by}` : "",
    last.reason ? ` (${last.reason})` : ""].join("");
  if (theme.status !== "merged") {
    return `Retired${when}: it is no longer in the tree, and its insights are in other themes ` +
      "or in none.";
  }
  const into = theme.merged_into_id;
  const name = themes.byId.get(into)?.name ?? `theme #${into}`;
  return ["Merged into ", h("button", { type: "button", class: "link", id: "theme-merged-into",
    "data-theme": into, onclick: () => openTheme(into, true) }, name), `${when}: its insights are there now.`];
}

/** Back to no theme open (back/forward to a view without one). */
export function closeTheme() {
  themes.current = themes.shown = null;
  markCurrent(".theme-row", "theme", null);
  fill($("#theme-detail"),
    h("p", { class: "muted" }, "Choose a theme to see its keywords, quotes, accounts and lineage."));
}

function segmentTable(segments) {
  return h("table", { class: "table", id: "theme-segments" },
    h("thead", {}, h("tr", {}, ["Segment", "Insights", "Accounts", "ARR"].map((c) => h("th", {}, c)))),
    h("tbody", {}, segments.map((s) => h("tr", {},
      h("td", {}, s.segment || (s.accounts ? "no segment" : "no account")),
      h("td", {}, s.insights.toLocaleString("en")), h("td", {}, s.accounts.toLocaleString("en")),
      h("td", {}, money(s.arr))))));
}

/** The first accounts, then "and N more" that shows the rest the API sent. */
function accountList(theme) {
  const item = (a) => h("li", {}, `${a.name || a.account_id}: ARR ${money(a.arr)}`);
  const list = h("ul", { class: "plain", id: "theme-accounts" },
    theme.top_accounts.slice(0, ACCOUNTS_SHOWN).map(item));
  const rest = theme.top_accounts.slice(ACCOUNTS_SHOWN);
  if (!rest.length) return list;
  const cut = theme.accounts > theme.top_accounts.length;  // more than the API sends
  const button = h("button", { type: "button", class: "link", id: "theme-accounts-more" },
    `and ${(cut ? theme.accounts - ACCOUNTS_SHOWN : rest.length).toLocaleString("en")} more`);
  button.addEventListener("click", () => {
    list.append(...rest.map(item));
    button.replaceWith(h("p", { class: "muted" }, cut
      ? `The ${theme.top_accounts.length} with the most ARR of ${theme.accounts.toLocaleString("en")}.` : ""));
  });
  return [list, button];
}

// What makes two quotes one, as the API reads it: case, spacing, emoji and end punctuation aside.
const quoteKey = (text) => text.replace(/[\p{So}\p{Sk}\p{Cf}\uFE0E\uFE0F]/gu, "").toLowerCase()
  .split(/\s+/).filter(Boolean).join(" ").replace(/^[ .,;:!?"'«»“”]+|[ .,;:!?"'«»“”]+$/g, "");

/** "More quotes": the theme's insights a page of messages at a time (GET /v1/feedback with the
 * theme), each text once. */
function moreQuotes(theme, children, quotes) {
  const ids = new Set(children.length ? children.map((c) => c.id) : [theme.id]);
  const seen = new Set(quotes.map((q) => quoteKey(q.text)));
  let cursor = null;
  // A parent keeps no quotes of its own: "More quotes" under none read as a contradiction.
  const button = h("button", { type: "button", class: "secondary small", id: "theme-quotes-more" },
    quotes.length ? "More quotes" : children.length ? "Show its themes' quotes" : "Show its quotes");
  button.addEventListener("click", async () => {
    const added = [];
    for (let pages = 0; !added.length && pages < 5; pages++) {  // a page of repeats: read on
      const path = `/v1/feedback?theme=${theme.id}&limit=${QUOTES_PAGE}${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await attempt(() => api(path), button);
      if (!page) return;
      cursor = page.next_cursor;
      for (const item of page.items) {
        for (const insight of item.insights.filter((i) => ids.has(i.theme_id))) {
          const key = quoteKey(insight.text);
          if (seen.has(key)) continue;
          seen.add(key);
          const account = item.account || {};
          added.push({ text: insight.text, source: item.source, created_at: item.created_at,
            language: item.language, account_id: account.id, account_name: account.name,
            segment: account.segment, arr: account.arr });
        }
      }
      if (cursor == null) break;
    }
    let list = $("#theme-quotes");
    if (!list && added.length) box.before(list = h("ul", { class: "quotes", id: "theme-quotes" }));
    list?.append(...added.map(themeQuote));
    button.textContent = "More quotes";
    if (cursor == null) {
      box.replaceWith(list ? h("p", { class: "muted" }, "All its quotes are shown.") : empty("No quotes yet."));
    }
  });
  const box = h("p", {}, button);
  return box;
}

function emergingNote(rising) {
  return `${plural(rising.recent, "insight")} in the last ${plural(themes.window, "day")}, ` +
    `${num(rising.expected, 1)} expected (×${num(rising.ratio, 1)}, ${pValue(rising.p_value)}).`;
}

function pValue(p) {
  return p < 0.0001 ? "p < 0.0001" : `p = ${num(p, 4)}`;
}

/* Insights in no theme, and a burst that joined unrelated themes at ingest (`loose`), rising
   together: a topic no theme knows. Hidden when the API sends none (not significant). */
function showUnthemedGrowth(growth) {
  const card = $("#unthemed-growth");
  card.hidden = !growth;
  if (!growth) return card.replaceChildren();
  const inThemes = growth.recent - growth.in_no_theme;
  fill(card,
    h("h2", {}, "New topic, not yet a theme ", badge("emerging", "emerging")),
    h("p", { class: "note" }, `${plural(growth.recent, "insight")} in the last ${plural(themes.window, "day")} ` +
      `(${growth.in_no_theme} in no theme${inThemes ? `, ${inThemes} in themes they are unlike` : ""}), ` +
      `${num(growth.expected, 1)} expected from ${plural(growth.baseline, "insight")} in no theme ` +
      `in the ${plural(themes.baselineDays, "day")} before (×${num(growth.ratio, 1)}, ${pValue(growth.p_value)}).`),
    growth.loose.length ? h("p", { class: "loose" }, "Joined themes it is unlike: ",
      growth.loose.map((t, i) => [i ? ", " : "", looseTheme(t), ` (${t.recent})`])) : null,
    growth.quotes.length ? h("ul", { class: "quotes" }, growth.quotes.map(themeQuote)) : null,
    h("p", { class: "muted" }, "A refit can make it a theme of its own."));
}

/* The alerts the worker wrote (emerging or new themes, and a new topic in no theme), newest
   first, with their delivery: what the webhook was told. Hidden when there are none. */
function showAlerts({ items, webhook }) {
  const box = $("#theme-alerts");
  box.hidden = !items.length;
  if (!items.length) return box.replaceChildren();
  fill(box,
    h("h2", {}, "Alerts"),
    h("ul", { class: "plain alerts" }, items.map(alertItem)),
    webhook ? null : h("p", { class: "muted" },
      "No webhook is set (BOUCLE_THEME_ALERT_WEBHOOK_URL): alerts wait here, unsent, or go only "
      + "to the webhooks registered for theme.emerging (not sent)."));
}

const ALERT_BADGES = { emerging: "emerging", new: "new theme", unthemed: "new topic" };

function alertItem(alert) {
  const payload = alert.payload || {};
  const what = alert.kind === "unthemed"
    ? [`not yet a theme: ${payload.recent} insights in ${payload.window_days} days ` +
        `(${payload.in_no_theme} in no theme)`,
      (payload.loose || []).length ? [", joined ",
        payload.loose.map((t, i) => [i ? ", " : "", looseTheme(t)])] : null]
    : [looseTheme({ id: alert.theme_id, name: (payload.theme || {}).name || `#${alert.theme_id}` }),
      `: ${payload.recent} insights in ${payload.window_days} days`];
  return h("li", { class: "alert-item", "data-kind": alert.kind },
    `${day(alert.created_at)} `, badge(ALERT_BADGES[alert.kind] || label(alert.kind), "emerging"), " ",
    what, " ", statusBadge(alert.status));
}

function looseTheme(theme) {
  if (!themes.byId.has(theme.id)) return theme.name;
  return h("button", { type: "button", class: "link", "data-theme": theme.id,
    onclick: () => openTheme(theme.id, true) }, theme.name);
}

/** "2026-11-20: merged (themes 4, 7) by api": the event, then whatever else it recorded. */
// A theme mixing languages has a label per language; the page shows the reader's (the browser's
// Accept-Language) as the title and the others here.
function languageNames(theme) {
  const names = Object.entries(theme.names || {});
  if (theme.name_locked || names.length < 2) return null;
  return h("p", { class: "muted", id: "theme-names" }, "Label by language: ",
    names.map(([code, label], i) => [i ? " · " : "", h("span", { lang: code }, `${code} “${label}”`)]));
}

function lineageItem(event) {
  const details = Object.entries(event).filter(([key]) => !["at", "event", "by"].includes(key))
    .map(([key, value]) => `${label(key)} ${[].concat(value).map(String).join(", ")}`);
  return h("li", {}, `${day(event.at)}: ${label(event.event)}`,
    details.length ? ` (${details.join("; ")})` : "", event.by ? ` by ${event.by}` : "");
}

/* Every insight of the theme (a parent's are on its themes) as CSV, for a spreadsheet. */
function themeExport(theme, children) {
  const ids = children.length ? children.map((c) => c.id) : [theme.id];
  return h("p", {}, exportButton("Export all quotes (CSV)",
    `/v1/insights/export?${ids.map((i) => `theme=${i}`).join("&")}`, `boucle-theme-${theme.id}.csv`,
    `The ${plural(theme.size, "insight")} of “${theme.name}”, as CSV.`));
}

/* A theme worth acting on becomes a need: its representative quotes are linked as evidence (as
   POST /v1/needs links insight_ids); the need then claims similar insights as any need does,
   linked above the auto threshold, suggested for review under it. */
function needFromTheme(theme) {
  const form = h("form", { class: "inline-form edit-only", id: "need-from-theme" },
    h("label", { for: "need-from-theme-title" }, "Create need from this theme"),
    h("input", { id: "need-from-theme-title", name: "title", value: theme.name, required: true,
      maxlength: "300" }),
    h("button", { type: "submit" }, "Create need"));
  const insight_ids = [...new Set(theme.quotes.map((q) => q.insight_id))];
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const title = form.elements.title.value.trim();
    if (!title) return notify("Give the need a title.");
    const need = await attempt(() => api("/v1/needs", { method: "POST", body: { title, insight_ids } }),
      form.querySelector("button"));
    if (!need) return;
    // the theme's quotes, then what the need claimed beside them: "4 quotes" read as a miscount
    const claimed = need.evidence_count - insight_ids.length;
    notify(`Created need “${need.title}” with the theme's ${plural(insight_ids.length, "representative quote")}` +
      `${claimed > 0 ? ` and ${plural(claimed, "similar quote")}` : ""} as evidence; ` +
      "similar feedback under the match threshold is suggested for review.", "ok");
    await showNeed(need.id);
  });
  // A need already holding most of the theme's insights: a second one would be a duplicate.
  const holder = theme.needs.find((n) => 2 * n.insights > theme.size);
  return [form, holder ? h("p", { class: "note edit-only", id: "need-from-theme-holder" },
    "Already feeds: ", needLink(holder), ` (${holder.insights} of its ${plural(theme.size, "insight")})`) : null,
  h("p", { class: "muted small edit-only" },
    `Its ${plural(insight_ids.length, "representative quote")} ${insight_ids.length === 1 ? "becomes" : "become"} the need's evidence, with ` +
    "the similar feedback the need then finds (linked, or suggested for review).")];
}

/* The needs tab with this need open. */
async function showNeed(id) {
  needs.current = id;
  $("#tab-needs").click();
  setView({ need: id }, { replace: true });  // in the link too, as a need opened from the table
  await loadNeeds();  // the tab was loaded before, or its first load missed this need
}

function needLink(need) {
  return h("a", { href: `#needs?need=${need.id}`, class: "need-link", "data-need": need.id,
    onclick: (event) => { event.preventDefault(); showNeed(need.id); } }, `need #${need.id} “${need.title}”`);
}

function themeQuote(quote) {
  return h("li", { class: "quote" },
    h("blockquote", {}, quote.text),
    h("p", { class: "meta" }, [
      label(quote.source),
      quote.account_id ? accountText({ id: quote.account_id, name: quote.account_name,
        segment: quote.segment }) : "no account",
      quote.arr != null ? `ARR ${money(quote.arr)}` : null,
      day(quote.created_at),
      quote.language ? quote.language.toUpperCase() : null,
    ].filter(Boolean).join(" · ")));
}

function themeEditor(theme) {
  const others = [...themes.byId.values()].filter((t) => t.id !== theme.id && t.level === theme.level);
  // Discovery's name is the reader's language's label (a French browser reads "Export Excel
  // plante"): saved unchanged, that label became everyone's name, locked. Unchanged, nothing is
  // sent; a name a person gave can go back to discovery's (PATCH {"name": null}).
  const rename = h("form", { class: "inline-form" },
    h("label", { for: "rename-input" }, "Rename"),
    h("input", { id: "rename-input", name: "name", value: theme.name, required: true, maxlength: 200 }),
    h("button", { type: "submit" }, "Save name"),
    theme.name_locked ? h("button", { type: "button", class: "secondary", id: "rename-release",
      title: "Let refits name it again, in each reader's language", onclick: () => saveName(null) },
    "Use the discovered name") : null);
  const saveName = async (name) => {
    const done = await attempt(() => api(`/v1/themes/${theme.id}`, { method: "PATCH", body: { name } }),
      rename.querySelector("button"));
    if (!done) return;
    notify(name == null ? `Named by discovery again: “${done.name}”.` : `Renamed to “${done.name}”.`, "ok");
    await loadThemes();
    refocus("#rename-input");
  };
  rename.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = rename.elements.name.value.trim();
    if (name === theme.name) return notify("Nothing changed.", "ok");
    saveName(name);
  });
  const merge = h("form", { class: "inline-form" },
    h("label", { for: "merge-source" }, "Merge into this theme"),
    h("select", { id: "merge-source", name: "source" },
      h("option", { value: "" }, "choose a theme…"),
      others.map((t) => h("option", { value: t.id }, `${t.name} (${t.size})`))),
    h("button", { type: "submit" }, "Merge"));
  merge.addEventListener("submit", async (event) => {
    event.preventDefault();
    const source = Number(merge.elements.source.value);
    if (!source) return notify("Choose the theme to merge into this one.");
    const name = themes.byId.get(source)?.name ?? `#${source}`;
    if (!window.confirm(`Merge “${name}” into “${theme.name}”? Its insights move here; the ` +
      "merge is kept in the lineage and survives refits.")) return;
    const done = await attempt(() => api("/v1/themes/merge",
      { method: "POST", body: { into: theme.id, sources: [source] } }), merge.querySelector("button"));
    if (done) { notify(`Merged into “${done.name}”.`, "ok"); loadThemes(); }
  });
  // Only themes merge (the API refuses parents): a parent offers a rename alone.
  const mergeable = theme.level === "theme" && others.length;
  return [h("div", { class: "box editor edit-only" }, h("h3", {}, "Edit"), rename, mergeable ? merge : null,
    theme.level === "theme" ? moveForm(theme) : null, deletable(theme) ? deleteButton(theme) : null),
    readOnlyNote()];
}

/* What DELETE /v1/themes/{id} takes (api/themes/removal.py deletable): an active seeded theme,
   not a parent. One discovery found is a 409 (a refit would find it again): merge it instead. */
function deletable(theme) {
  return theme.seeded && theme.level === "theme" && theme.status === "active";
}

/* A theme seeded by mistake leaves the tree as retired; its insights go to the nearest theme. */
function deleteButton(theme) {
  const button = h("button", { type: "button", class: "secondary danger", id: "delete-theme" },
    "Delete this seeded theme");
  button.addEventListener("click", async () => {
    if (!window.confirm(`Delete “${theme.name}”? Its insights go to the nearest other theme, or ` +
      "to none; it stays in the lineage as retired. There is no undo.")) return;
    const done = await attempt(() => api(`/v1/themes/${theme.id}`, { method: "DELETE" }), button);
    if (done) { notify(`Deleted “${theme.name}”.`, "ok"); loadThemes(); }
  });
  return h("p", { class: "inline-form" }, button);
}

/* A theme goes under another parent, or to the top level (PATCH parent_id; refits keep it). */
function moveForm(theme) {
  const parents = [...themes.byId.values()].filter((t) => t.level === "parent");
  const form = h("form", { class: "inline-form", id: "move-theme" },
    h("label", { for: "move-parent" }, "Move under"),
    h("select", { id: "move-parent", name: "parent" },
      h("option", { value: "", selected: theme.parent_id == null }, "no parent (top level)"),
      parents.map((p) => h("option", { value: p.id, selected: p.id === theme.parent_id }, p.name))),
    h("button", { type: "submit" }, "Move"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const parent_id = Number(form.elements.parent.value) || null;
    if (parent_id === theme.parent_id) return notify("It is there already.");
    const done = await attempt(() => api(`/v1/themes/${theme.id}`,
      { method: "PATCH", body: { parent_id } }), form.querySelector("button"));
    if (!done) return;
    notify(parent_id ? `Moved under “${themes.byId.get(parent_id)?.name ?? `#${parent_id}`}”.`
      : "Moved to the top level.", "ok");
    await loadThemes();
    refocus("#move-parent");
  });
  return form;
}

/** The detail is drawn again after an edit, and focus fell to <body>: back on the field saved. */
function refocus(selector) {
  $(selector)?.focus({ preventScroll: true });
}

export function setupThemes() {
  $("#seed-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const body = {
      name: form.elements.name.value.trim(),
      description: form.elements.description.value.trim() || null,
      examples: form.elements.examples.value.split("\n").map((s) => s.trim()).filter(Boolean),
    };
    const theme = await attempt(() => api("/v1/themes/seed", { method: "POST", body }),
      form.querySelector("button"));
    if (!theme) return;
    form.reset();
    $("#seed-box").open = false;
    notify(`Seeded “${theme.name}”: ${plural(theme.size, "insight")} collected.`, "ok");
    themes.current = theme.id;
    await loadThemes();
  });
  $("#refit").addEventListener("click", () => refit($("#refit"), $("#refit-cold").checked));
  $("#refit-cold").addEventListener("change", (event) => {
    $("#refit-cold-hint").hidden = !event.target.checked;
  });
  $("#emerging-window").addEventListener("change", (event) => {
    setView({ window: event.target.value === "7" ? null : event.target.value });
    loadThemes();
  });
}

// A cold refit regroups the whole tree: asked first, as a merge is.
const COLD_QUESTION = "Start the themes over? A cold refit discovers them from scratch and " +
  "regroups the parents; themes a person named or seeded are kept.";

async function refit(button, cold) {
  if (cold && !window.confirm(COLD_QUESTION)) return;
  const job = await attempt(() => api("/v1/themes/refit", { method: "POST", body: { cold } }), button);
  if (!job) return;
  button.disabled = true;
  const state = $("#refit-state");
  state.hidden = false;
  state.classList.remove("failed");
  let current = job;
  while (current && (current.status === "queued" || current.status === "running")) {
    $("#refit-progress").value = current.progress;
    $("#refit-message").textContent = `${refitName(current, cold)} ${current.status}: ${current.message || "waiting"}`;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    current = await attempt(() => api(`/v1/jobs/${job.id}`));
  }
  button.disabled = false;
  if (!current) return;
  $("#refit-progress").value = current.progress;
  if (current.status === "done") {
    $("#refit-message").textContent = refitDone(current.result || {});
    await loadThemes();
  } else {
    state.classList.add("failed");
    $("#refit-message").textContent = `${refitName(current, cold)} failed: ${current.message}`;
  }
}

// What the job was: a refit already running when this one was asked is answered instead.
const refitName = (job, cold) => ((job.result?.cold ?? cold) ? "Cold refit" : "Refit");

/** "Refit done: 40 themes from 955 insights in 6.09 s: 35 kept, 3 new, 1 merged, 1 retired."
 * What changed is the job's summary (api/themes/refit.py write_themes). */
function refitDone(r) {
  const name = r.cold ? "Cold refit" : "Refit";
  const changes = [["kept", r.kept], ["new", r.new], ["merged", r.merged], ["retired", r.retired]]
    .filter(([, count]) => count != null).map(([what, count]) => `${count.toLocaleString("en")} ${what}`);
  return `${name} done: ${r.themes == null ? "? themes" : plural(r.themes, "theme")} from ` +
    `${plural(r.insights ?? 0, "insight")} in ${r.seconds ?? "?"} s` +
    `${changes.length ? `: ${changes.join(", ")}` : ""}.`;
}

/** The search form's theme for insights in no theme: sent as `unthemed: true`. */
export const UNTHEMED = "none";

/** "21 insights in no theme": a link to the search of them (its Export CSV lists them all). */
function unthemedLink(count) {
  const text = `${plural(count, "insight")} in no theme`;
  if (!count) return text;
  return h("a", { href: `#search?search.theme=${UNTHEMED}`, id: "unthemed-link",
    onclick: (event) => { event.preventDefault(); searchUnthemed(); } }, text);
}

// The search alone is replaced (the other views' keys kept, unlike the link's own URL), then
// applied as Back applies a view.
function searchUnthemed() {
  const { params } = viewState();
  const search = [...params.keys()].filter((key) => key.startsWith("search."));
  setView({ ...Object.fromEntries(search.map((key) => [key, null])), "search.theme": UNTHEMED },
    { tab: "search" });
  window.dispatchEvent(new PopStateEvent("popstate"));
}

function fillThemeFilter() {
  for (const select of document.querySelectorAll('#needs-filters [name="theme"], #search-form [name="theme"]')) {
    fillThemeSelect(select);
  }
}

function fillThemeSelect(select) {
  const chosen = select.value;
  const option = (t, text) => h("option", { value: t.id, selected: String(t.id) === chosen }, text);
  const all = [...themes.byId.values()];
  const parents = all.filter((t) => t.level === "parent");
  const grouped = new Set(parents.flatMap((p) => (p.children || []).map((c) => c.id)));
  const loose = all.filter((t) => t.level === "theme" && !grouped.has(t.id));
  // grouped under their parents, as the tree shows them; a parent stands for all its themes
  const search = select.form.id === "search-form";
  fill(select, h("option", { value: "" }, search ? "any" : "all"),
    search ? h("option", { value: UNTHEMED, selected: chosen === UNTHEMED }, "in no theme") : null,
    parents.map((p) => h("optgroup", { label: p.name },
      option(p, `all of “${p.name}”`), (p.children || []).map((c) => option(c, c.name)))),
    loose.length ? h("optgroup", { label: "other themes" }, loose.map((t) => option(t, t.name))) : null);
  const offered = [...select.options].some((o) => o.value === chosen);
  if (!chosen || offered) return settleChoice(select, chosen);
  // a link's theme merged away: the one it went into stands for it (as the API's filters follow
  // merges), said; retired or unknown: not offered, said
  api(`/v1/themes/${chosen}`).catch(() => null).then((gone) => {
    const into = gone?.merged_into_id != null ? themes.byId.get(gone.merged_into_id) : null;
    settleChoice(select, chosen, into && { value: String(into.id),
      said: `the link's theme ${chosen} was merged into “${into.name}”: filtered on that one` });
  });
}
