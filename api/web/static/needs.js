/* Needs: ranked by RICE with each factor; one need's impact, evidence, suggestions and the
   notifications that close the loop when it ships. */
import {
  $, STATUSES, h, money, day, label, pct, num, fill, plural, markCurrent, accountText, badge,
  statusBadge, empty, api, query, notify, attempt, reveal, exportButton, readOnlyNote, latestOnly,
  showWarnings, labelled,
} from "./core.js";
import { loadThemes, themes } from "./themes.js";
import { fillSegments, loadSegments } from "./segments.js";
import { linkNotes, setView } from "./url.js";
import { drawMatrix } from "./matrix.js";
import { editLabels, riceChanges, riceFields, scoreLine, showEditError } from "./rice.js";
import { titleChanges, titleFields } from "./titles.js";

// `rice`: each ranked need's /v1/priorities item, for its detail's score and editor
export const needs = { current: null, shown: null, titles: new Map(), rice: new Map() };

// The open need's detail is drawn by the latest question only, and says aria-busy until then: a
// save draws it again after the list, and an earlier answer arriving last drew the need as it
// was before (an unlinked quote back, a merge form replaced while one picked in it).
const needDetail = latestOnly("#need-detail");
const askDetail = () => needDetail.ask();
const latestDetail = (asked) => needDetail.answered(asked);

export async function loadNeeds() {
  // the open need is drawn again once the list is in: busy from now, not from then
  const asked = needs.current ? askDetail() : null;
  const form = $("#needs-filters");
  const { status, segment, theme, reach } = Object.fromEntries(new FormData(form));
  // The themes only fill the theme filter (loadThemes does): fetched beside the needs, not awaited.
  if (!themes.byId.size) loadThemes();
  // the stored segments, not only those of needs' evidence: a segment with none yet is offered
  loadSegments().then((segments) => segments && fillSegments(form.elements.segment, segments));
  const result = await attempt(() => Promise.all([
    api(`/v1/needs${query({ status, segment, theme, sort: "arr" })}`),
    api(`/v1/priorities${query({ segment, reach })}`),
  ]));
  if (!result) {
    showWarnings($("#needs-warnings"), linkNotes.needs);
    if (asked) latestDetail(asked);
    return;
  }
  const [list, ranked] = result;
  showWarnings($("#needs-warnings"), linkNotes.needs, list.warnings, ranked.warnings);
  const rank = new Map(ranked.items.map((p) => [p.need_id, p]));
  needs.rice = rank;
  needs.windowDays = ranked.window_days;
  needs.reach = ranked.reach;  // what a reach override typed in the editor counts in
  needs.reachUnit = ranked.reach === "contacts" ? "people" : ranked.reach;
  // A segment narrows the list to needs with evidence from it (the API counts only that evidence).
  let rows = list.items.filter((n) => !segment || n.impact.insights);
  rows = rows.map((n) => ({ need: n, rice: rank.get(n.id) }))
    .sort((a, b) => (a.rice ? a.rice.rank : 1e9) - (b.rice ? b.rice.rank : 1e9) ||
      (b.need.impact.arr || 0) - (a.need.impact.arr || 0));
  $("#needs-arr-head").textContent = `ARR, ${ranked.window_days} d`;
  for (const n of list.items) needs.titles.set(n.id, n.title);
  // Ranks as shown: a filter that hides needs must not leave gaps (1-5 then 7).
  let shown = 0;
  rows = rows.map((row) => ({ ...row, rank: row.rice ? ++shown : null }));
  $("#needs-table tbody").replaceChildren(...rows.map(needRow));
  drawMatrix($("#needs-matrix"), rows.map(({ need, rice, rank: shownRank }) =>
    ({ id: need.id, title: need.title, rank: shownRank, rice })), (id) => openNeed(id, true));
  $("#needs-note").textContent = rows.length
    ? `${plural(rows.length, "need")}${theme ? " with evidence in this theme" : ""}` +
      `${segment ? ` with evidence from ${segment} accounts` : ""}. ` +
      `Ranks, factors and ARR count the evidence of the last ${plural(ranked.window_days, "day")} ` +
      "(all-time figures are in each need's impact). " +
      "Shipped and declined needs are not ranked: their ARR, marked “all time”, counts all " +
      "their evidence. ✎ marks a factor a person overrode; " +
      "“default” an effort not set yet (the default stands in, so every need has a score). " +
      "Needs with no evidence in the window rank last; a reach in people counts each " +
      "feedback item without a contact as one person (anonymous reviews), one in customers " +
      "the accounts and each person with no account. " +
      "Hover a factor to see how it was derived. Suggestions waiting for review are not " +
      "counted until accepted."
    : "No needs match these filters.";
  if (needs.current) openNeed(needs.current, false, asked || askDetail());
}

// "customers" is wider than a phone's factor column (72 px in 54): shortened, named in full on hover.
function unitLabel(unit) {
  return unit === "customers"
    ? h("abbr", { title: "customers: accounts and people with no account" }, "cust.")
    : unit;
}

function factorCell(factor) {
  if (!factor) return h("td", {}, "—");
  // the reach's unit where it is not the one asked for: people or customers for accounts
  const unit = factor.unit && factor.unit !== needs.reachUnit ? factor.unit : "";
  return h("td", { title: factor.how },
    factor.value == null ? "—" : num(factor.value),
    unit ? h("div", { class: "muted small" }, unitLabel(unit)) : null,
    factor.overridden ? badge("✎", "override") : null,
    factor.overridden ? h("span", { class: "sr-only" }, "overridden") : null,
    factor.defaulted ? badge("default", "default-effort") : null);
}

// Customers behind a need its figures leave out until a person accepts them.
function waitingNote(need, onReview) {
  if (!need.pending_suggestions) return null;
  const text = `${plural(need.pending_suggestions, "suggestion")} waiting for review ` +
    `(latest ${day(need.pending_latest)})`;
  return h("div", { class: "muted small pending-note" }, onReview
    ? h("button", { type: "button", class: "link", onclick: onReview }, text) : text);
}

function reviewSuggestions(id) {
  return async () => {
    await openNeed(id, true);
    focusSuggestions();
  };
}

/** The open need's suggestions in sight, and the next Tab stop their first Accept. */
function focusSuggestions() {
  $("#need-suggestions")?.focus();  // focus scrolls it into view
}

function needRow({ need, rice, rank }) {
  const f = rice ? rice.factors : {};
  return h("tr", { "aria-current": needs.current === need.id ? "true" : null, "data-need": need.id },
    h("td", {}, rank ?? "—"),
    h("td", {}, h("button", { type: "button", class: "link", onclick: () => openNeed(need.id, true) },
      need.title), waitingNote(need, reviewSuggestions(need.id)),
      rice?.no_evidence ? h("div", { class: "muted small" },
        `no evidence in the last ${plural(needs.windowDays, "day")}`) : null),
    h("td", {}, statusBadge(need.status)),
    h("td", {}, rice && rice.score == null ? h("span", { class: "muted small" }, "set effort")
      : rice ? h("strong", {}, num(rice.score, 1)) : "—"),
    factorCell(f.reach), factorCell(f.impact), factorCell(f.confidence), factorCell(f.effort),
    arrCell(need, rice));
}

// Ranked needs show the ARR their rank was computed from (the window's); the rest, all time,
// said under the value: greyed with a hover alone, it read as the header's window ("ARR, 90 d").
function arrCell(need, rice) {
  const allTime = `all time: ${money(need.impact.arr)}, ${plural(need.impact.accounts, "account")}`;
  if (!rice) {
    return h("td", { title: allTime }, h("span", { class: "muted" }, money(need.impact.arr)),
      h("div", { class: "muted small" }, "all time"));
  }
  return h("td", { title: `last ${plural(needs.windowDays, "day")}: ${plural(rice.accounts, "account")}; ${allTime}` },
    money(rice.arr));
}

async function openNeed(id, fromUser = false, asked = askDetail()) {
  needs.current = id;
  if (fromUser) setView({ need: id });
  markCurrent("#needs-table tbody tr", "need", id);
  markCurrent("#needs-matrix [data-need]", "need", id);
  const data = await attempt(() => Promise.all([
    api(`/v1/needs/${id}?limit=50`),
    api(`/v1/needs/${id}/impact`),
    api(`/v1/needs/suggestions?need=${id}&limit=1000`),
    api(`/v1/needs/${id}/notifications`),
    api(`/v1/needs/${id}/recipients`),
  ]));
  if (!latestDetail(asked) || !data) return;
  const [need, impact, suggestions, notifications, recipients] = data;
  const mine = suggestions.items;
  fill($("#need-detail"),
    h("h2", { id: "need-title" }, need.title, " ", statusBadge(need.status)),
    need.description ? h("p", {}, need.description) : null,
    scoreLine(needs.rice.get(id), needs.windowDays),
    needEditor(need, needs.rice.get(id)),
    readOnlyNote(),
    h("h3", {}, "Impact"),
    need.pending_suggestions ? h("p", { class: "note", id: "need-waiting" },
      `${plural(need.pending_suggestions, "suggestion")} waiting for review (latest ` +
      `${day(need.pending_latest)}): not counted in these figures or in RICE until accepted. `,
      // a button, not a link to #need-suggestions: the URL's hash is the view (url.js), so that
      // link opened the themes tab
      h("button", { type: "button", class: "link", onclick: focusSuggestions }, "Review them")) : null,
    impactView(impact),
    h("h3", {}, "Closing the loop"),
    h("div", { id: "loop" }, loopView(need, notifications, recipients)),
    h("h3", { id: "need-suggestions", tabindex: "-1" }, `Suggested evidence (${mine.length})`),
    mine.length ? h("ul", { class: "quotes", id: "need-suggestion-list" },
      foldRepeats(mine).map((group, at) => suggestionItem(group, id, at)))
      : empty("No suggestions waiting for this need."),
    h("h3", {}, `Evidence (${need.evidence_count})`),
    need.evidence_count ? h("p", {}, exportButton("Export all evidence (CSV)",
      `/v1/insights/export?need=${id}`, `boucle-need-${id}.csv`,
      `The ${plural(need.evidence_count, "insight")} behind “${need.title}”, as CSV.`)) : null,
    h("ul", { class: "quotes" }, need.evidence.map((e) => h("li", { class: "quote" },
      h("blockquote", {}, e.quote),
      h("p", { class: "meta" }, [...evidenceMeta(e), `${e.how} ${num(e.score)}`]
        .filter(Boolean).join(" · ")),
      h("div", { class: "actions edit-only" },
        h("button", { type: "button", class: "secondary", onclick: unlink(need, e) },
          "Not this need"))))),
    mergeForm(need)
  );
  if (needs.shown !== id) $("#need-detail").scrollTop = 0;  // a refresh keeps the reader's place
  needs.shown = id;
  if (fromUser) reveal($("#need-detail"));
}

function needEditor(need, rice) {
  // the API says what a value may be (a 422 naming the field): the page does not guess first
  const form = h("form", { class: "inline-form edit-only", id: "need-edit", novalidate: true },
    h("label", { for: "need-title-input" }, "Title"),
    h("input", { id: "need-title-input", name: "title", value: need.title, required: true,
      maxlength: "200" }),
    h("label", { for: "need-description" }, "Description"),
    h("textarea", { id: "need-description", name: "description", rows: "2" }, need.description || ""),
    h("label", { for: "need-status" }, "Status"),
    h("select", { id: "need-status", name: "status" },
      STATUSES.map((s) => h("option", { value: s, selected: s === need.status }, label(s)))),
    titleFields(need),  // what customers read when it ships or is declined
    riceFields(need, rice, needs.reach),
    h("button", { type: "submit" }, "Save"),
    h("p", { id: "need-edit-error", class: "form-error", role: "alert", hidden: true }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {};
    const status = form.elements.status.value;
    const title = form.elements.title.value.trim();
    const description = form.elements.description.value.trim();
    if (title !== need.title) body.title = title;  // emptied: the API says it needs one
    Object.assign(body, titleChanges(form, need));
    if (description !== (need.description || "")) body.description = description || null;
    if (status !== need.status) body.status = status;
    Object.assign(body, riceChanges(form, need, needs.reach));
    showEditError(form, null);
    if (!Object.keys(body).length) return notify("Nothing changed.", "ok");
    const waiting = need.pending_suggestions;
    if (body.status === "shipped" && waiting && !window.confirm(
      `${waiting} ${waiting === 1 ? "person is" : "people are"} behind this need but not linked yet ` +
      `(pending suggestions): they will not be told it shipped. Mark it shipped anyway?`)) return;
    // the toast in the editor's words: "Confidence (0-1): …", not "rice_overrides.confidence: …"
    const done = await attempt(() => api(`/v1/needs/${need.id}`, { method: "PATCH", body })
      .catch((error) => { throw labelled(error, editLabels(form)); }),
    form.querySelector("button"), (error) => showEditError(form, error));
    if (!done) return;
    notify(body.status === "shipped" || body.status === "declined"
      ? `Marked ${body.status}: telling the customers behind it.` : "Saved.", "ok");
    await loadNeeds();
    if (body.status === "shipped" || body.status === "declined") watchLoop(need.id);
  });
  return form;
}

function unlink(need, evidence) {
  return async (event) => {
    const done = await attempt(() => api(`/v1/needs/${need.id}/links/${evidence.insight_id}`,
      { method: "DELETE" }), event.target);
    if (done === undefined) return;
    notify("Unlinked: that quote is no longer evidence of this need.", "ok");
    await loadNeeds();
  };
}

// Two needs that are one: the others' evidence and lineage move into this one.
function mergeForm(need) {
  const others = [...needs.titles].filter(([id]) => id !== need.id);
  if (!others.length) return null;
  const form = h("form", { class: "inline-form edit-only", id: "need-merge" },
    h("label", { for: "need-merge-source" }, "Merge into this need"),
    h("select", { id: "need-merge-source", name: "source", required: true },
      h("option", { value: "" }, "choose a need…"),
      others.map(([id, title]) => h("option", { value: id }, `#${id} ${title}`))),
    h("button", { type: "submit", class: "secondary" }, "Merge"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const source = Number(form.elements.source.value);
    if (!source) return;
    const name = needs.titles.get(source);
    if (!window.confirm(`Merge “${name}” into “${need.title}”? Its evidence moves here and it stops matching new feedback.`)) return;
    const done = await attempt(() => api(`/v1/needs/${need.id}/merge`,
      { method: "POST", body: { sources: [source] } }), form.querySelector("button"));
    if (!done) return;
    notify(`Merged “${name}” into “${need.title}”.`, "ok");
    await loadNeeds();
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
        ["Growth", `${growth.recent ?? 0} in the last ${plural(growth.days ?? 30, "day")} ` +
          `(${growth.previous ?? 0} before)`]]
        .map(([k, v]) => h("div", {}, h("dt", {}, k), h("dd", {}, v)))),
    segments.length ? h("p", { class: "muted" }, "By segment: ",
      segments.map(([s, v]) => `${s} ${plural(v.accounts, "account")}, ARR ${money(v.arr)}`).join(" · ")) : null);
}

// `notifications`: GET /v1/needs/{id}/notifications (its items, and its counts by decision).
function loopView(need, notifications, recipients) {
  const items = notifications.items;
  if (!items.length) {
    if (recipients && recipients.recipients.length) return recipientsView(recipients);
    return empty(need.status === "shipped" || need.status === "declined"
      ? "No one to tell: no contact is behind this need's evidence."
      : "When this need is shipped or declined, each contact behind its evidence is told, " +
        "in their language.");
  }
  // counted by the decision each message tells (a decline told before it shipped is no
  // shipped message delivered); left out as the preview counts them: never sent (example
  // address, no address, refused) or withdrawn
  const { kind, delivered: sent, waiting: pendingCount, left_out: leftOut, told_before: before } = notifications.counts;
  const pending = items.filter((n) => n.status === "pending" && (!kind || n.kind === kind));
  const waiting = pending.length && pending.every((n) => !n.channel && !n.attempts);
  const told = Object.entries(before || {}).map(([k, n]) => `${n} told earlier it was ${k}`);
  return h("div", {},
    h("p", { class: "muted", id: "loop-summary" },
      `${plural(sent + pendingCount + leftOut, kind ? `${kind} notification` : "notification")} written ` +
      `${day(items[0].created_at)}: ${sent} delivered, ${pendingCount} waiting, ${leftOut} left out (see each status).`,
      told.length ? ` ${told.join("; ")}.` : "",
      waiting ? ` The ${pending.length} waiting stay in the outbox until a channel is set ` +
        "(BOUCLE_NOTIFY_CHANNEL)." : ""),
    h("div", { class: "scroll-x" }, h("table", { class: "table", id: "notifications" },
      h("thead", {}, h("tr", {}, ["Contact and message", "Lang.", "Status", "Tries"]
        .map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, items.map((n) => h("tr", {},
        h("td", {}, personText(n.contact_name, n.email || n.contact_id),
          h("div", { class: "muted small" }, [whoAccount(n), n.subject].filter(Boolean).join(" · "))),
        h("td", {}, n.language.toUpperCase()),
        // why it is not sent yet, said in the row (a hover alone hid it): ours, no secret
        h("td", {}, statusBadge(n.status),
          n.channel ? h("div", { class: "muted small" }, n.channel) : null,
          n.last_error && n.status !== "sent"
            ? h("div", { class: "muted small last-error" }, n.last_error) : null),
        h("td", { "data-label": "Tries" }, n.attempts)))))));
}

const personText = (name, address) => (name && address ? `${name} <${address}>` : name || address || "—");
const whoAccount = (row) => row.account_id
  ? `${accountText({ id: row.account_id, name: row.account_name, segment: row.segment })}, ARR ${money(row.arr)}`
  : null;

// Before a decision: whom it would tell (GET /v1/needs/{id}/recipients, the send's own pick).
function recipientsView(preview) {
  const { recipients: people, to_notify: told, excluded, without_contact: nobody } = preview;
  return h("div", {},
    h("p", { class: "muted" },
      `${preview.kind === "declined" ? "Declining" : "Shipping"} it would tell ${told} ` +
        `${told === 1 ? "person" : "people"}`,
      excluded ? `; ${excluded} left out (see why)` : "",
      nobody ? `; ${plural(nobody, "quote")} name no contact` : "", "."),
    h("div", { class: "scroll-x" }, h("table", { class: "table", id: "recipients" },
      h("thead", {}, h("tr", {}, ["Person", "Account", "Their words", "Left out"]
        .map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, people.map((p) => h("tr", {},
        h("td", {}, personText(p.name, p.email || p.contact_id),
          h("div", { class: "muted small" }, p.language.toUpperCase())),
        h("td", {}, whoAccount(p) || "no account"),
        h("td", { "data-label": "Their words" },
          h("span", { title: p.quotes.map((q) => q.text).join("\n") }, p.quotes[0].text),
          p.quotes.length > 1 ? h("div", { class: "muted small" }, `+${p.quotes.length - 1} more`) : null),
        h("td", { "data-label": "Left out" }, p.excluded || "—")))))));
}

/** After shipping, refresh the loop a few times while the worker delivers. */
async function watchLoop(id) {
  for (let i = 0; i < 6 && needs.current === id; i++) {
    const data = await attempt(() =>
      Promise.all([api(`/v1/needs/${id}`), api(`/v1/needs/${id}/notifications`)]));
    if (!data || needs.current !== id || !$("#loop")) return;
    $("#loop").replaceChildren(loopView(data[0], data[1]));
    if (data[1].items.every((n) => n.status !== "pending")) return;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

// The same words from several customers are one thing to judge: one item, decided for all.
function foldRepeats(suggestions) {
  const groups = new Map();
  for (const s of suggestions) {
    const key = s.quote.trim().toLowerCase();
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(s);
  }
  return [...groups.values()];
}

function evidenceMeta(e) {
  return [label(e.source),
    e.account_name ? accountText({ name: e.account_name, segment: e.segment }) : "no account",
    day(e.written_at ?? e.created_at), e.language ? e.language.toUpperCase() : null];
}

function suggestionItem(group, needId, at) {
  const [suggestion] = group;
  const decide = (verdict) => async (event) => {
    for (const s of group) {
      const done = await attempt(() => api(`/v1/needs/suggestions/${s.id}/${verdict}`,
        { method: "POST" }), event.target);
      if (done === undefined) return;
    }
    notify(verdict === "accept" ? `Linked as evidence${group.length > 1 ? ` (${group.length} insights)` : ""}.`
      : "Rejected: it will not be proposed again.", "ok");
    await loadNeeds();  // the table's evidence, reach and ARR change too
    await openNeed(needId);
    if (needs.current === needId) focusNextSuggestion(at);
  };
  const more = group.length > 1 ? `+${group.length - 1} more with the same words` : null;
  return h("li", { class: "quote" },
    h("blockquote", {}, suggestion.quote),
    h("p", { class: "meta" }, [`similarity ${num(suggestion.score)}`, ...evidenceMeta(suggestion), more]
      .filter(Boolean).join(" · ")),
    h("div", { class: "actions edit-only" },
      h("button", { type: "button", onclick: decide("accept") }, "Accept"),
      h("button", { type: "button", class: "secondary", onclick: decide("reject") }, "Reject")));
}

/** After a decision the list is drawn again and focus fell to <body>: a keyboard reviewer goes
 * on with the suggestion now at that place (the next one), or the heading when none is left. */
function focusNextSuggestion(at) {
  const items = document.querySelectorAll("#need-suggestion-list > li");
  const next = items[Math.min(at, items.length - 1)];
  (next?.querySelector(".actions button") || $("#need-suggestions"))?.focus();
}

export function setupNeeds() {
  $("#needs-filters").addEventListener("change", () => loadNeeds());
  $("#needs-filters").addEventListener("submit", (event) => { event.preventDefault(); loadNeeds(); });
}
