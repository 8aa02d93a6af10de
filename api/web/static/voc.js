/* Voice of the customer: NPS, CSAT, response rate and the accounts at risk. */
import {
  $, COLORS, SEGMENT_COLORS, h, money, pct, num, fill, plural, api, query, attempt, chart, loadPlotly,
} from "./core.js";

let latest = 0;  // a period changed twice: only the last answer is drawn

export async function loadVoc() {
  const run = ++latest;
  loadPlotly().catch(() => {});  // charts come next: fetched while the API answers (chart() says if it fails)
  const period = $('#voc-filters [name="period"]').value;
  const data = await attempt(() => Promise.all([
    api(`/v1/voc/nps?period=${period}`), api(`/v1/voc/csat?period=${period}`),
    api(`/v1/voc/response-rate?period=${period}`), api("/v1/voc/at-risk?limit=200"),
  ]));
  if (!data || run !== latest) return;
  const [nps, csat, response, risk] = data;
  // The segments are known now: their NPS calls go out together while the rest is drawn.
  const bySegment = Promise.all(nps.segments.map((s) =>
    api(`/v1/voc/nps${query({ period, segment: s.segment })}`).catch(() => null)));
  fill($("#voc-kpis"),
    kpi("NPS", nps.overall.nps == null ? "—" : num(nps.overall.nps, 1),
      `${nps.overall.responses} answers: ${nps.overall.promoters} promoters, ${nps.overall.detractors} detractors`),
    kpi("CSAT", csat.overall.average == null ? "—" : `${num(csat.overall.average)} / 5`,
      `${csat.overall.responses} answers, ${pct(csat.overall.satisfied_share)} satisfied`),
    kpi("Response rate", pct(response.overall.rate),
      response.overall.sends ? rateLine(response.overall)
        : "no survey sends recorded yet: your survey tool can report them (see the API docs)"),
    kpi("At risk", String(risk.at_risk),
      `under 50 / 100 of ${plural(risk.items.length, "account")} with a health score; ` +
      `ARR at risk ${money(risk.arr_at_risk)}`));
  $("#at-risk tbody").replaceChildren(...risk.items.slice(0, 15).map((a) => h("tr", {},
    h("td", {}, a.name || a.account_id), h("td", {}, a.segment || "—"), h("td", {}, money(a.arr)),
    h("td", {}, h("meter", { min: 0, max: 100, low: 50, high: 70, optimum: 100, value: a.score,
      "aria-label": `health ${a.score}` }), ` ${num(a.score, 0)}`),
    // how many survey answers the score rests on: "NPS -100" from 1 answer is one customer
    h("td", {}, String(a.answers)),
    h("td", {}, (a.reasons || []).join("; ")))));
  if (!risk.items.length) {
    $("#at-risk tbody").append(h("tr", {}, h("td", { colspan: 6 }, "No account has a health score yet.")));
  }
  // A point from 3 answers swings from -100 to +100: its count is in the hover, its marker
  // grows with it, so thin periods look thin.
  const line = (name, periods, color, width = 2) => ({
    type: "scatter", mode: "lines+markers", name, line: { color, width },
    x: periods.map((p) => p.period_start), y: periods.map((p) => p.nps),
    customdata: periods.map((p) => p.responses),
    marker: { size: periods.map((p) => Math.min(14, 4 + Math.sqrt(p.responses || 0))) },
    hovertemplate: `${name}, %{x}: NPS %{y:.0f} from %{customdata} answers<extra></extra>`,
  });
  chart("#chart-nps-segment", [{
    type: "bar", x: nps.segments.map((s) => s.segment), y: nps.segments.map((s) => s.nps),
    marker: { color: nps.segments.map((s) => (s.nps >= 0 ? COLORS.positive : COLORS.negative)) },
    text: nps.segments.map((s) => `${num(s.nps, 1)} (${s.responses} answers)`), textposition: "outside",
    cliponaxis: false,
  }], { height: 260, yaxis: { range: [-105, 105], title: { text: "NPS" } } });
  chart("#chart-csat-time", [{
    type: "bar", x: csat.periods.map((p) => p.period_start), y: csat.periods.map((p) => p.average),
    marker: { color: "#2f5fb3" }, customdata: csat.periods.map((p) => p.responses),
    hovertemplate: "%{x}: %{y:.2f} / 5 from %{customdata} answers<extra></extra>",
  }], { height: 260, yaxis: { range: [0, 5], title: { text: "average (1–5)" } } });
  const scores = ["1", "2", "3", "4", "5"];
  chart("#chart-csat-dist", [{
    type: "bar", x: scores, y: scores.map((k) => (csat.overall.distribution || {})[k] || 0),
    marker: { color: ["#c0392b", "#d9763c", "#8a8f98", "#58a36b", "#1e8449"] },
    text: scores.map((k) => String((csat.overall.distribution || {})[k] || 0)), textposition: "outside",
    cliponaxis: false,
  }], { height: 260, xaxis: { title: { text: "score" } }, yaxis: { title: { text: "answers" } } });
  $("#response-box").hidden = !response.periods.length;
  if (response.periods.length) {
    chart("#chart-response", [{
      type: "bar", x: response.periods.map((p) => p.period_start),
      y: response.periods.map((p) => (p.rate == null ? null : p.rate * 100)), marker: { color: "#0f7c6c" },
    }], { height: 260, yaxis: { range: [0, 100], title: { text: "% answered" } } });
  }
  const npsTime = $("#chart-nps-time");
  if (!npsTime.children.length) fill(npsTime, h("p", { class: "muted chart-note" }, "Loading the chart…"));
  const segments = await bySegment;
  if (run !== latest) return;
  chart("#chart-nps-time", [line("overall", nps.periods, "#1d2330", 3),
    ...segments.map((r, i) => r && line(nps.segments[i].segment, r.periods,
      SEGMENT_COLORS[i % SEGMENT_COLORS.length])).filter(Boolean)],
    { height: 260, yaxis: { range: [-105, 105], zeroline: true, title: { text: "NPS" } } });
}

// The rate is out of the sends counted: those still inside their answer window are said apart
// ("166 of 275 sends answered" beside 64% read as a wrong sum).
export function rateLine(stats) {
  const open = stats.awaiting ? ` (${stats.awaiting} still open)` : "";
  return `${stats.responses.toLocaleString("en")} of ${plural(stats.counted, "send")} answered${open}`;
}

function kpi(name, value, detail) {
  return h("div", { class: "kpi" }, h("div", { class: "kpi-name" }, name),
    h("div", { class: "kpi-value" }, value), h("div", { class: "kpi-detail" }, detail));
}
