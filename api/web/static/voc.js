/* Voice of the customer: NPS, CSAT, response rate and the accounts at risk, over a date range
   compared with as many days just before it (the API works the comparison out). */
import {
  $, COLORS, SEGMENT_COLORS, h, money, pct, num, fill, plural, api, query, attempt, chart, loadPlotly,
  chartExports, clearChart, zoneDay, daysBefore, plotText, showWarnings, labelled, formLabels,
} from "./core.js";
import { linkNotes } from "./url.js";

let latest = 0;  // a period changed twice: only the last answer is drawn

const isoDay = (daysAgo) => daysBefore(zoneDay(new Date()), daysAgo);

/** "Last 90 days" fills the dates in (the server's days, BOUCLE_TIMEZONE, as the API reads them:
 * not UTC's, not the browser's); a date typed makes it
 * a custom range. Any change draws the view again. */
export function fillRange() {
  const form = $("#voc-filters");
  if (form.range.value === "custom") return;  // its dates are the reader's
  const days = Number(form.range.value);
  form.created_from.value = days ? isoDay(days - 1) : "";
  form.created_to.value = days ? isoDay(0) : "";
}

export function setupVoc() {
  const form = $("#voc-filters");
  fillRange();
  form.addEventListener("change", (event) => {
    if (event.target === form.range) fillRange();
    else if (event.target.type === "date") form.range.value = "custom";
    loadVoc();
  });
}

export async function loadVoc() {
  const run = ++latest;
  loadPlotly().catch(() => {});  // charts come next: fetched while the API answers (chart() says if it fails)
  const form = $("#voc-filters");
  const period = form.period.value;
  const range = { period, created_from: form.created_from.value, created_to: form.created_to.value };
  const sent = { period, sent_from: range.created_from, sent_to: range.created_to };
  const data = await attempt(() => Promise.all([
    api(`/v1/voc/nps${query(range)}`), api(`/v1/voc/csat${query(range)}`),
    // each survey's sends, named: the cards and the chart say whose rate it is
    api(`/v1/voc/response-rate${query({ survey: "nps", ...sent })}`),
    api(`/v1/voc/response-rate${query({ survey: "csat", ...sent })}`),
    api("/v1/voc/at-risk?limit=200"),
  ]).catch((error) => {  // "To: is before From", not "?created_to: is before created_from"
    throw labelled(error, { ...formLabels(form), sent_from: "From", sent_to: "To" });
  }));
  if (run !== latest) return;
  // A workspace that runs no CSAT survey is not warned of it on every visit ("no send of survey
  // 'csat' is stored"): its card says there are no sends.
  const warned = data?.filter((answer, n) => n !== CSAT_RATE || answer.overall.sends);
  showWarnings($("#voc-warnings"), linkNotes.voc, warned?.flatMap((answer) => answer.warnings || []));
  if (!data) return clearFigures();
  const [nps, csat, response, csatResponse, risk] = data;
  // The segments are known now: their NPS calls go out together while the rest is drawn.
  const bySegment = Promise.all(nps.segments.map((s) =>
    api(`/v1/voc/nps${query({ ...range, segment: s.segment })}`).catch(() => null)));
  fill($("#voc-kpis"),
    kpi("NPS", nps.overall.nps == null ? "—" : num(nps.overall.nps, 1),
      `${plural(nps.overall.responses, "answer")}: ${plural(nps.overall.promoters, "promoter")}, ${plural(nps.overall.detractors, "detractor")}`,
      versus(nps, (c) => `${num(c, 1)} points`, (p) => num(p.nps, 1))),
    kpi("CSAT", csat.overall.average == null ? "—" : `${num(csat.overall.average)} / 5`,
      `${plural(csat.overall.responses, "answer")}, ${pct(csat.overall.satisfied_share)} satisfied`,
      versus(csat, (c) => num(c), (p) => `${num(p.average)} / 5`)),
    rateKpi("NPS", response), rateKpi("CSAT", csatResponse),
    kpi("At risk", String(risk.at_risk),
      `under 50 / 100 of ${plural(risk.items.length, "account")} with a health score; ` +
      `ARR at risk ${money(risk.arr_at_risk)}`));
  // Every account the card counts (under AT_RISK), then the few lowest of the others: a cut at
  // 15 rows left one counted out while listing healthy ones.
  const counted = risk.items.filter((a) => a.score < AT_RISK);
  const others = risk.items.filter((a) => a.score >= AT_RISK).slice(0, OTHERS_SHOWN);
  $("#at-risk tbody").replaceChildren(...[...counted, ...others].map((a) => h("tr", {},
    // data-label: each cell's name on a phone, where the column heads are not shown (app.css)
    h("td", {}, a.name || a.account_id), h("td", { "data-label": "Segment" }, a.segment || "—"),
    h("td", { "data-label": "ARR" }, money(a.arr)),
    // the order is ranked_score's: a score from few answers is weighed against the workspace's
    h("td", { title: `ranked as ${num(a.ranked_score, 0)}`, "data-label": "Health" }, h("meter", { min: 0, max: 100, low: 50, high: 70, optimum: 100, value: a.score,
      "aria-label": `health ${a.score}` }), ` ${num(a.score, 0)}`),
    // how many survey answers the score rests on: "NPS -100" from 1 answer is one customer
    h("td", { "data-label": "Answers" }, String(a.answers)),
    h("td", {}, whyListed(a)))));
  if (risk.at_risk > counted.length) {  // beyond the accounts the API ranked for the page
    $("#at-risk tbody").append(h("tr", {}, h("td", { colspan: 6 },
      `${plural(risk.at_risk - counted.length, "more account")} under ${AT_RISK} not listed here ` +
      "(GET /v1/voc/at-risk lists them all).")));
  }
  if (!risk.items.length) {
    $("#at-risk tbody").append(h("tr", {}, h("td", { colspan: 6 }, "No account has a health score yet.")));
  }
  // A point from 3 answers swings from -100 to +100: its count is in the hover, its marker grows
  // with it, and one from too few answers (few_answers) is a ring, big enough to be seen as one.
  // Segments start hidden: their legend entries add them.
  const line = (name, periods, color, width = 2, visible = true) => ({
    type: "scatter", mode: "lines+markers", name: plotText(name), visible, line: { color, width },
    x: periods.map(periodName), y: periods.map((p) => p.nps),
    customdata: periods.map((p) => `${plural(p.responses, "answer")}${p.few_answers ? ": too few to rely on" : ""}`),
    marker: {
      size: periods.map((p) => (p.few_answers ? 9 : Math.min(14, 4 + Math.sqrt(p.responses || 0)))),
      symbol: periods.map((p) => (p.few_answers ? "circle-open" : "circle")),
    },
    hovertemplate: "%{fullData.name}, %{x}: NPS %{y:.0f} from %{customdata}<extra></extra>",
  });
  // Each chart's PNG, and the report it is drawn from as CSV (the NPS file holds the periods and
  // the segments, the CSAT file the periods and the distribution); response rates have no CSV.
  const csv = (path) => `${path}${query({ ...range, format: "csv" })}`;
  chartExports("#chart-nps-time", "boucle-nps-over-time", csv("/v1/voc/nps"));
  chartExports("#chart-nps-segment", "boucle-nps-by-segment", csv("/v1/voc/nps"));
  chartExports("#chart-csat-time", "boucle-csat-over-time", csv("/v1/voc/csat"));
  chartExports("#chart-csat-dist", "boucle-csat-by-score", csv("/v1/voc/csat"));
  chartExports("#chart-response", "boucle-response-rate");
  // Horizontal bars: a segment's whole name fits beside its bar ("Grands comptes" was cut).
  chart("#chart-nps-segment", [{
    type: "bar", orientation: "h", y: nps.segments.map((s) => plotText(s.segment)), x: nps.segments.map((s) => s.nps),
    marker: {
      color: nps.segments.map((s) => (s.nps >= 0 ? COLORS.positive : COLORS.negative)),
      opacity: nps.segments.map((s) => (s.few_answers ? 0.45 : 1)),
    },
    // the hover names the segment whole (the axis may cut it): as data, never pasted in
    customdata: nps.segments.map((s) => plotText(s.segment)),
    text: nps.segments.map(npsValue), textposition: "none", hovertemplate: "%{customdata}: %{text}<extra></extra>",
  }], {
    height: Math.max(260, 60 + 32 * nps.segments.length),
    xaxis: { range: [-105, 105], zeroline: true, title: { text: "NPS" } },
    // On a phone a long name is cut on the axis (whole in the hover): left whole, the margin it
    // took squeezed the bars to a sliver and their values ran over the names.
    yaxis: {
      automargin: true, autorange: "reversed", tickmode: "array",
      tickvals: nps.segments.map((s) => plotText(s.segment)),
      ticktext: nps.segments.map((s) => plotText(axisName(s.segment))),
    },
    // Each value beside the zero line, on the side its bar leaves free: written at the end of a
    // negative bar, it ran over the segment names on a narrow screen.
    annotations: nps.segments.filter((s) => s.nps != null).map((s) => ({
      x: 0, y: plotText(s.segment), text: npsValue(s), showarrow: false, font: { size: 11 },
      xanchor: s.nps < 0 ? "left" : "right", xshift: s.nps < 0 ? 4 : -4,
    })),
  });
  chart("#chart-csat-time", [{
    type: "bar", x: csat.periods.map(periodName), y: csat.periods.map((p) => p.average),
    marker: { color: "#2f5fb3" }, customdata: csat.periods.map((p) => plural(p.responses, "answer")),
    hovertemplate: "%{x}: %{y:.2f} / 5 from %{customdata}<extra></extra>",
  }], { height: 260, xaxis: periodAxis(csat.periods), yaxis: { range: [0, 5], title: { text: "average (1–5)" } } });
  const scores = ["1", "2", "3", "4", "5"];
  chart("#chart-csat-dist", [{
    type: "bar", x: scores, y: scores.map((k) => (csat.overall.distribution || {})[k] || 0),
    marker: { color: ["#c0392b", "#d9763c", "#8a8f98", "#58a36b", "#1e8449"] },
    text: scores.map((k) => String((csat.overall.distribution || {})[k] || 0)), textposition: "outside",
    cliponaxis: false,
  }], {
    // categories: read as numbers, a narrow chart ticked 2 and 4 only
    height: 260, xaxis: { type: "category", title: { text: "score" } }, yaxis: { title: { text: "answers" } },
  });
  $("#response-box").hidden = !response.periods.length;
  if (response.periods.length) {
    chart("#chart-response", [{
      type: "bar", x: response.periods.map(periodName),
      y: response.periods.map((p) => (p.rate == null ? null : p.rate * 100)), marker: { color: "#0f7c6c" },
    }], { height: 260, xaxis: periodAxis(response.periods), yaxis: { range: [0, 100], title: { text: "% answered" } } });
  }
  const npsTime = $("#chart-nps-time");
  if (!npsTime.data) fill(npsTime, h("p", { class: "muted chart-note" }, "Loading the chart…"));
  const segments = await bySegment;
  if (run !== latest) return;
  chart("#chart-nps-time", [line("overall", nps.periods, "#1d2330", 3),
    ...segments.map((r, i) => r && line(nps.segments[i].segment, r.periods,
      SEGMENT_COLORS[i % SEGMENT_COLORS.length], 2, "legendonly")).filter(Boolean)],
    { height: 260, xaxis: periodAxis(nps.periods), yaxis: { range: [-105, 105], zeroline: true, title: { text: "NPS" } } });
}

/** A period as the API labels it, the x axis's category: "Nov 2026", and a period the range cuts
    says which part it holds ("Sep 2026 (from 8 Sep)"). On a date axis a single period's bar was
    drawn a millisecond wide, under clock times ("23:59:59 Nov…"). */
const periodName = (period) => plotText(period.label);
// In the order drawn: the overall line first, which has every period a segment's line has.
const PERIOD_AXIS = { type: "category", categoryorder: "trace" };
/** The period axis of `periods`, a week ticked by its day ("21 Sep"): 13 "week of 21 Sep 2026"
 * stood on end took a phone's chart; the hover keeps the whole label. A cut period's part goes
 * under its month ("Sep 2026" over "(from 9 Sep)"): on one line, plotly stood the ticks on end
 * at a phone's width and the first one stuck out of the chart. */
const periodAxis = (periods) => ({
  ...PERIOD_AXIS, tickvals: periods.map(periodName),
  ticktext: periods.map((p) => plotText(String(p.label).replace(/^week of (\d{1,2} \S+) \d{4}$/, "$1"))
    .replace(/ \((from|to) /, "<br>($1 ")),
});

const CHARTS = ["#chart-nps-time", "#chart-nps-segment", "#chart-csat-time", "#chart-csat-dist",
  "#chart-response"];

/** The range was refused (a 422: From after To) or the figures could not be read: the previous
 * range's cards and charts are not left on screen under the new dates. The accounts' health
 * does not depend on the range: it stays. */
function clearFigures() {
  fill($("#voc-kpis"), h("p", { class: "note", id: "voc-refused" },
    "No figures for this range: it could not be read (see the message). Change the dates to see them."));
  for (const id of CHARTS) clearChart(id, "No chart for this range.");
}

const PHONE = "(max-width: 600px)";
const PHONE_NAME_ROOM = 16;  // characters of a segment's name beside its bar on a phone

/** A segment's name as the NPS bars' axis writes it: cut on a phone. */
const axisName = (name) => {
  const text = String(name ?? "");
  if (!window.matchMedia(PHONE).matches || text.length <= PHONE_NAME_ROOM) return text;
  return `${text.slice(0, PHONE_NAME_ROOM - 1)}…`;
};

const npsValue = (segment) => `${num(segment.nps, 1)} (${plural(segment.responses, "answer")})`;

const AT_RISK = 50;  // api/voc/health.py AT_RISK_BELOW: the card counts the accounts under it
const OTHERS_SHOWN = 3;  // healthy accounts listed after the at-risk ones, lowest first

const PRIOR_ANSWERS = 5;  // api/voc/health.py: the workspace's mean counts as this many answers

/** An at-risk account's reasons; a healthy one (listed as one of the lowest others) says it is
 * not counted, and what ranked it low: its reasons, and its ranked score where its few survey
 * answers moved it (the API says so only under the at-risk line: 73.2 ranked 50.5 said nothing). */
export function whyListed(account) {
  const reasons = account.reasons || [];
  if (account.score < AT_RISK) return reasons.join("; ");
  const ranked = account.ranked_score;
  const said = reasons.some((reason) => reason.startsWith("ranked at"));
  const moved = ranked != null && Math.abs(ranked - account.score) >= 1 && !said
    ? `, ranked at ${num(ranked, 1)}: its survey signals rest on ${plural(account.answers, "answer")}, ` +
      `weighed with ${PRIOR_ANSWERS} at the workspace's mean` : "";
  return [`not at risk (${num(account.score, 1)} ≥ ${AT_RISK}): one of the lowest others${moved}`,
    ...reasons].join("; ");
}

const CSAT_RATE = 3;  // the CSAT response rate's place among the answers loadVoc reads

/** A survey's response-rate card ("NPS", "CSAT"): the rate, what it is out of, and the change. */
function rateKpi(survey, report) {
  const sends = report.overall.sends;
  return kpi(`${survey} response rate`, pct(report.overall.rate),
    sends ? rateLine(report.overall, survey, report.window_days)
      : `no ${survey} survey sends recorded yet: your survey tool can report them (see the API docs)`,
    sends > 0 && versus(report, (c) => `${Math.round(c * 100)} points`, (p) => pct(p.rate)));
}

// The rate is out of the sends counted: those still inside their answer window are said apart
// ("166 of 275 sends answered" beside 64% read as a wrong sum), with the answers already in for
// them, which the rate leaves out until their window closes: on a line of their own, the
// parentheses in parentheses of one line read as a puzzle. So are the sends answered after
// their window (answered_late): in the survey's score, not in the rate; unsaid, a CS lead read
// the customers who did answer as silent.
export function rateLine(stats, survey, windowDays) {
  const sends = `${stats.counted.toLocaleString("en")} ${survey} send${stats.counted === 1 ? "" : "s"}`;
  const open = stats.awaiting ? ` · ${stats.awaiting.toLocaleString("en")} still open` : "";
  const early = stats.answered_so_far
    ? h("span", { class: "kpi-line" },
      `${stats.answered_so_far.toLocaleString("en")} of the open ones answered so far`) : null;
  const late = stats.answered_late
    ? h("span", { class: "kpi-line" }, `${stats.answered_late.toLocaleString("en")} more answered ` +
      `late, after the ${windowDays}-day window: in ${survey}, not in the rate`) : null;
  return [h("span", { class: "kpi-line" },
    `${stats.responses.toLocaleString("en")} of ${sends} answered${open}`), early, late];
}

function kpi(name, value, detail, change) {
  return h("div", { class: "kpi" }, h("div", { class: "kpi-name" }, name),
    h("div", { class: "kpi-value" }, value), h("div", { class: "kpi-detail" }, detail), change);
}

/** "+4.2 points vs the previous 90 days (was 12.0)": the report's change against the window
 * just before its own, and that window's value ("-33.7 vs previous 90 days" read as the value). */
function versus(report, written, before) {
  const previous = report.previous;
  const text = !previous ? "whole history: pick a range to compare"
    : report.change == null ? `nothing to compare with in the previous ${plural(previous.days, "day")}`
      : `${report.change > 0 ? "+" : ""}${written(report.change)} vs the previous ` +
        `${plural(previous.days, "day")} (was ${before(previous.overall)})`;
  const trend = report.change > 0 ? "up" : report.change < 0 ? "down" : "";
  return h("div", { class: `kpi-change ${trend}` }, text);
}
