/* Needs: ranked by RICE with each factor; one need's impact, evidence, suggestions and the
   notifications that close the loop when it ships. */
import {
  $, STATUSES, h, money, day, label, pct, num, fill, plural, markCurrent, accountText, badge,
  statusBadge, empty, api, query, notify, attempt, reveal, exportButton, readOnlyNote,
} from "./core.js";
import { loadThemes, themes } from "./themes.js";

export const needs = { current: null, shown: null, segments: new Set(), titles: new Map() };

export async function loadNeeds() {
  const form = $("#needs-filters");
  const { status, segment, theme, reach } = Object.fromEntries(new FormData(form));
  if (!themes.byId.size) await loadThemes();
  const result = await attempt(() => Promise.all([
    api(`/v1/needs${query({ status, segment, theme, sort: "arr" })}`),
    api(`/v1/priorities${query({ segment, reach })}`),
  ]));
  if (!result) return;
  const [list, ranked] = result;
  const rank = new Map(ranked.items.map((p) => [p.need_id, p]));
  // A segment narrows the list to needs with evidence from it (the API counts only that evidence).
  let rows = list.items.filter((n) => !segment || n.impact.insights);
  rows = rows.map((n) => ({ need: n, rice: rank.get(n.id) }))
    .sort((a, b) => (a.rice ? a.rice.rank : 1e9) - (b.rice ? b.rice.rank : 1e9) ||
      (b.need.impact.arr || 0) - (a.need.impact.arr || 0));
  for (const n of list.items) needs.titles.set(n.id, n.title);
  for (const n of list.items) Object.keys(n.impact.by_segment || {}).forEach((s) => needs.segments.add(s));
  fillSegments();
  $("#needs-table tbody").replaceChildren(...rows.map(needRow));
  $("#needs-note").textContent = rows.length
    ? `${plural(rows.length, "need")}${theme ? " with evidence in this theme" : ""}` +
      `${segment ? ` with evidence from ${segment} accounts` : ""}. ` +
      "Shipped and declined needs are not ranked. ✎ marks a factor a person overrode; " +
      "hover a factor to see how it was derived."
    : "No needs match these filters.";
  if (needs.current) openNeed(needs.current);
}

function fillSegments() {
  const select = $('#needs-filters [name="segment"]');
  const chosen = select.value;
  const sorted = [...needs.segments].sort();
  fill(select, h("option", { value: "" }, "all"),
    sorted.map((s) => h("option", { value: s, selected: s === chosen }, s)));
  $("#segments").replaceChildren(...sorted.map((s) => h("option", { value: s })));
}

function factorCell(factor) {
  if (!factor) return h("td", {}, "—");
  return h("td", { title: factor.how },
    factor.value == null ? "—" : num(factor.value),
    factor.overridden ? badge("✎", "override") : null,
    factor.overridden ? h("span", { class: "sr-only" }, "overridden") : null);
}

function needRow({ need, rice }) {
  const f = rice ? rice.factors : {};
  return h("tr", { "aria-current": needs.current === need.id ? "true" : null, "data-need": need.id },
    h("td", {}, rice ? rice.rank : "—"),
    h("td", {}, h("button", { type: "button", class: "link", onclick: () => openNeed(need.id, true) },
      need.title)),
    h("td", {}, statusBadge(need.status)),
    h("td", {}, rice && rice.score == null ? h("span", { class: "muted small" }, "set effort")
      : rice ? h("strong", {}, num(rice.score, 1)) : "—"),
    factorCell(f.reach), factorCell(f.impact), factorCell(f.confidence), factorCell(f.effort),
    h("td", { title: plural(need.impact.accounts, "account") }, money(need.impact.arr)));
}

async function openNeed(id, fromUser = false) {
  needs.current = id;
  markCurrent("#needs-table tbody tr", "need", id);
  const data = await attempt(() => Promise.all([
    api(`/v1/needs/${id}?limit=50`),
    api(`/v1/needs/${id}/impact`),
    api(`/v1/needs/suggestions?need=${id}&limit=1000`),
    api(`/v1/needs/${id}/notifications`),
  ]));
  if (!data) return;
  const [need, impact, suggestions, notifications] = data;
  const mine = suggestions.items;
  fill($("#need-detail"),
    h("h2", { id: "need-title" }, need.title, " ", statusBadge(need.status)),
    need.description ? h("p", {}, need.description) : null,
    needEditor(need),
    readOnlyNote(),
    h("h3", {}, "Impact"),
    impactView(impact),
    h("h3", {}, "Closing the loop"),
    h("div", { id: "loop" }, loopView(need, notifications.items)),
    h("h3", {}, `Suggested evidence (${mine.length})`),
    mine.length ? h("ul", { class: "quotes" }, mine.map((s) => suggestionItem(s, id)))
      : empty("No suggestions waiting for this need."),
    h("h3", {}, `Evidence (${need.evidence_count})`),
    need.evidence_count ? h("p", {}, exportButton("Export all evidence (CSV)",
      `/v1/insights/export?need=${id}`, `boucle-need-${id}.csv`,
      `The ${need.evidence_count} insights behind “${need.title}”, as CSV.`)) : null,
    h("ul", { class: "quotes" }, need.evidence.map((e) => h("li", { class: "quote" },
      h("blockquote", {}, e.quote),
      h("p", { class: "meta" }, [label(e.source),
        e.account_name ? accountText({ name: e.account_name, segment: e.segment }) : "no account",
        day(e.created_at), e.language ? e.language.toUpperCase() : null, `${e.how} ${num(e.score)}`]
        .filter(Boolean).join(" · ")))))
  );
  if (needs.shown !== id) $("#need-detail").scrollTop = 0;  // a refresh keeps the reader's place
  needs.shown = id;
  if (fromUser) reveal($("#need-detail"));
}

function needEditor(need) {
  const form = h("form", { class: "inline-form edit-only", id: "need-edit" },
    h("label", { for: "need-status" }, "Status"),
    h("select", { id: "need-status", name: "status" },
      STATUSES.map((s) => h("option", { value: s, selected: s === need.status }, label(s)))),
    h("label", { for: "need-effort" }, "Effort (person-months)"),
    h("input", { id: "need-effort", name: "effort", type: "number", min: "0.1", step: "0.1",
      value: need.effort ?? "", class: "short" }),
    h("button", { type: "submit" }, "Save"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {};
    const status = form.elements.status.value;
    const effort = form.elements.effort.value;
    if (status !== need.status) body.status = status;
    if (effort !== "" && Number(effort) !== need.effort) body.effort = Number(effort);
    if (!Object.keys(body).length) return notify("Nothing changed.", "ok");
    const done = await attempt(() => api(`/v1/needs/${need.id}`, { method: "PATCH", body }),
      form.querySelector("button"));
    if (!done) return;
    notify(body.status === "shipped" || body.status === "declined"
      ? `Marked ${body.status}: telling the customers behind it.` : "Saved.", "ok");
    await loadNeeds();
    if (body.status === "shipped" || body.status === "declined") watchLoop(need.id);
  });
  return form;
}

function impactView(impact) {
  const segments = Object.entries(impact.by_segment || {});
  const growth = impact.growth || {};
  return h("div", {},
    h("dl", { class: "facts" },
      [["Insights", impact.insights], ["Accounts", impact.accounts], ["Contacts", impact.contacts],
        ["ARR", money(impact.arr)], ["Urgent", pct(impact.urgent_share)],
        ["Mean sentiment", num(impact.mean_sentiment)], ["First seen", day(impact.first_seen)],
        ["Last seen", day(impact.last_seen)],
        ["Growth", `${growth.recent ?? 0} in the last ${growth.days ?? 30} days ` +
          `(${growth.previous ?? 0} before)`]]
        .map(([k, v]) => h("div", {}, h("dt", {}, k), h("dd", {}, v)))),
    segments.length ? h("p", { class: "muted" }, "By segment: ",
      segments.map(([s, v]) => `${s} ${plural(v.accounts, "account")}, ARR ${money(v.arr)}`).join(" · ")) : null);
}

function loopView(need, items) {
  if (!items.length) {
    return empty(need.status === "shipped" || need.status === "declined"
      ? "No one to tell: no contact is behind this need's evidence."
      : "When this need is shipped or declined, each contact behind its evidence is told, " +
        "in their language.");
  }
  const sent = items.filter((n) => n.status === "sent").length;
  const waiting = items.every((n) => n.status === "pending" && !n.channel && !n.attempts);
  return h("div", {},
    h("p", { class: "muted" },
      `${plural(items.length, "notification")} written ${day(items[0].created_at)}, ${sent} delivered.`,
      waiting ? " They wait in the outbox until a channel is set (BOUCLE_NOTIFY_CHANNEL)." : ""),
    h("div", { class: "scroll-x" }, h("table", { class: "table", id: "notifications" },
      h("thead", {}, h("tr", {}, ["Contact and message", "Lang.", "Status", "Tries"]
        .map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, items.map((n) => h("tr", {},
        h("td", {}, n.email || n.contact_id, h("div", { class: "muted small" }, n.subject)),
        h("td", {}, n.language.toUpperCase()),
        h("td", { title: n.last_error || null }, statusBadge(n.status),
          n.channel ? h("div", { class: "muted small" }, n.channel) : null),
        h("td", {}, n.attempts)))))));
}

/** After shipping, refresh the loop a few times while the worker delivers. */
async function watchLoop(id) {
  for (let i = 0; i < 6 && needs.current === id; i++) {
    const data = await attempt(() =>
      Promise.all([api(`/v1/needs/${id}`), api(`/v1/needs/${id}/notifications`)]));
    if (!data || needs.current !== id || !$("#loop")) return;
    $("#loop").replaceChildren(loopView(data[0], data[1].items));
    if (data[1].items.every((n) => n.status !== "pending")) return;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

function suggestionItem(suggestion, needId) {
  const decide = (verdict) => async (event) => {
    const done = await attempt(() => api(`/v1/needs/suggestions/${suggestion.id}/${verdict}`,
      { method: "POST" }), event.target);
    if (done === undefined) return;
    notify(verdict === "accept" ? "Linked as evidence." : "Rejected: it will not be proposed again.", "ok");
    openNeed(needId);
  };
  return h("li", { class: "quote" },
    h("blockquote", {}, suggestion.quote),
    h("p", { class: "meta" }, `similarity ${num(suggestion.score)} · ${day(suggestion.created_at)}`),
    h("div", { class: "actions edit-only" },
      h("button", { type: "button", onclick: decide("accept") }, "Accept"),
      h("button", { type: "button", class: "secondary", onclick: decide("reject") }, "Reject")));
}

export function setupNeeds() {
  $("#needs-filters").addEventListener("change", () => loadNeeds());
  $("#needs-filters").addEventListener("submit", (event) => { event.preventDefault(); loadNeeds(); });
}
