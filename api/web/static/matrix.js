/* The impact / effort matrix of the ranked needs (GET /v1/priorities): impact on the RICE scale
   up, effort (person-months, log scale) across, in four quadrants; each need a point that opens
   it. Drawn as SVG here, as the sparklines are: no 4.8 MB plotly for one small chart, and each
   point is a button a keyboard reaches. */
import { fill, empty, h, num, plural } from "./core.js";

const SVG = "http://www.w3.org/2000/svg";
// The impact scale's steps, top row first (api/priorities/rice.py IMPACT_STEPS).
const IMPACT_ROWS = [[3, "massive"], [2, "high"], [1, "medium"], [0.5, "low"], [0.25, "minimal"]];
export const impactName = (value) => IMPACT_ROWS.find(([step]) => step === value)?.[1] || "";
const HIGH_IMPACT = 2;  // "high" and "massive": the top half of the matrix
const QUADRANTS = {
  "quick-win": "Quick wins", "big-bet": "Big bets", "fill-in": "Fill-ins", "money-pit": "Money pits",
};
const QUADRANT_ONE = {
  "quick-win": "quick win", "big-bet": "big bet", "fill-in": "fill-in", "money-pit": "money pit",
};
// Room, in the SVG's own units (CSS pixels: it is drawn at its box's width, text at 11 px).
const TOP = 22, BOTTOM = 40, LANE = 17, ROW_MIN = 34;
const CHAR_W = 6.4;  // an 11 px label's width, near enough to keep them apart
const MIN_WIDTH = 320, MAX_WIDTH = 1400, CLOSED_WIDTH = 760;  // closed, the box has no width
const NARROW = 600;  // under it (a phone), shorter labels: the quadrants keep their room

/** The y labels' room on the left, the points' labels' on the right, for a box `boxWidth` wide:
 * a fixed 760 units scaled down to a phone's width cut its labels, and stopped at 60rem on a
 * desktop, half the box. */
function roomFor(boxWidth) {
  const width = Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, boxWidth || CLOSED_WIDTH)));
  const narrow = width < NARROW;
  const chars = narrow ? 14 : 26;
  return { width, narrow, chars, left: narrow ? 60 : 92, right: 16 + chars * CHAR_W };
}
let room = roomFor(CLOSED_WIDTH);  // the one being drawn (drawMatrix sets it)
const R_MIN = 4, R_MORE = 4;  // a point's radius grows with its reach, under half a lane

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) if (value != null) el.setAttribute(name, value);
  el.append(...children);
  return el;
}

/** The middle effort of the needs shown: the line between low and high effort. */
function medianEffort(efforts) {
  const sorted = [...efforts].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Where the split line is drawn: between the efforts on either side of it, so that a need at
 * the median (low effort) is drawn on its side, not on the line. */
function splitEffort(efforts, split) {
  const lower = Math.max(...efforts.filter((e) => e <= split));
  const upper = efforts.filter((e) => e > split);
  return upper.length ? Math.sqrt(lower * Math.min(...upper)) : lower * 1.25;
}

function quadrant(impact, effort, split) {
  const high = impact >= HIGH_IMPACT;
  if (effort <= split) return high ? "quick-win" : "fill-in";
  return high ? "big-bet" : "money-pit";
}

/** Effort across on a log scale (1 to 2 person-months is as wide as 5 to 10). */
function effortScale(efforts) {
  const lo = Math.min(...efforts) / 1.6, hi = Math.max(...efforts) * 1.6;
  const width = room.width - room.left - room.right;
  const x = (effort) => room.left + ((Math.log(effort) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * width;
  const ticks = [];
  for (let decade = 0.1; decade <= 1e4; decade *= 10) {
    for (const step of [1, 2, 5]) {
      const tick = Number((decade * step).toPrecision(1));
      if (tick >= lo && tick <= hi) ticks.push(tick);
    }
  }
  return { x, ticks, left: room.left, right: room.left + width };
}

const labelEnd = (x, title) => x + R_MIN + R_MORE + 4 + labelText(title).length * CHAR_W;
const labelText = (title) => (title.length > room.chars ? `${title.slice(0, room.chars - 1)}…` : title);

/** Each row's points in lanes, so that no label runs over the next point's. */
function laneRows(points, x) {
  return IMPACT_ROWS.map(([impact]) => {
    const lanes = [];  // each lane's right end
    const placed = points.filter((p) => p.impact === impact).sort((a, b) => a.effort - b.effort)
      .map((p) => {
        const left = x(p.effort) - R_MIN - R_MORE - 2;
        let lane = lanes.findIndex((end) => end < left);
        if (lane < 0) lane = lanes.push(0) - 1;
        lanes[lane] = labelEnd(x(p.effort), p.title);
        return { ...p, lane };
      });
    return { impact, placed, lanes: Math.max(1, lanes.length) };
  });
}

// What a reach counts, as GET /v1/priorities names it in the factor's `unit`: [one, many].
const REACH_UNITS = {
  accounts: ["account", "accounts"], customers: ["customer", "customers"], arr: ["thousand ARR", "thousand ARR"],
  people: ["person", "people"], feedback: ["feedback item", "feedback items"],
};

// "reach 7 customers (6 accounts, 1 person)": customers are accounts and people with none.
function reachText(p) {
  const words = REACH_UNITS[p.unit];
  if (!words) return `reach ${num(p.reach)}`;
  const said = `reach ${num(p.reach)} ${words[p.reach === 1 ? 0 : 1]}`;
  if (p.unit !== "customers") return said;
  const people = p.reach - p.accounts;
  return `${said} (${plural(p.accounts, "account")}, ${num(people)} ${people === 1 ? "person" : "people"})`;
}

function pointFor(p, x, y, split, maxReach, onOpen) {
  const where = quadrant(p.impact, p.effort, split);
  const effort = `effort ${plural(p.effort, "person-month")}${p.defaulted ? " (the default: not set yet)" : ""}`;
  const said = `#${p.rank} ${p.title}: impact ${num(p.impact)} (${impactName(p.impact)}), ${effort}, ` +
    `${reachText(p)}, RICE ${num(p.score, 1)}; ${QUADRANT_ONE[where]}`;
  const radius = R_MIN + R_MORE * Math.sqrt(maxReach ? p.reach / maxReach : 0);
  const left = x - R_MIN - R_MORE - 2;
  const point = svg("g", { class: `matrix-point ${where}${p.defaulted ? " defaulted" : ""}`,
    role: "button", tabindex: "0", "aria-label": said, "data-need": p.id, "data-quadrant": where },
  svg("title", {}, said),
  // the point and its label as one target: a click between two letters still opens it
  svg("rect", { class: "hit", x: left.toFixed(1), y: (y - LANE / 2 + 0.5).toFixed(1),
    width: (labelEnd(x, p.title) - left).toFixed(1), height: LANE - 1 }),
  svg("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: radius.toFixed(1) }),
  svg("text", { x: (x + radius + 4).toFixed(1), y: (y + 4).toFixed(1) }, labelText(p.title)));
  point.addEventListener("click", () => onOpen(p.id));
  point.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    onOpen(p.id);
  });
  return point;
}

/** The quadrants' backgrounds and names, the split lines and the axes. */
function frame(scale, splitX, splitY, bottom) {
  const sx = scale.x(splitX);
  const area = (x1, y1, x2, y2, kind) => svg("rect", { class: `quadrant ${kind}`, x: x1, y: y1,
    width: Math.max(0, x2 - x1), height: Math.max(0, y2 - y1) });
  const name = (text, x, y, anchor) => svg("text", { class: "quadrant-name", x, y, "text-anchor": anchor }, text);
  return [
    area(scale.left, TOP, sx, splitY, "quick-win"), area(sx, TOP, scale.right, splitY, "big-bet"),
    area(scale.left, splitY, sx, bottom, "fill-in"), area(sx, splitY, scale.right, bottom, "money-pit"),
    name(QUADRANTS["quick-win"], scale.left + 6, TOP + 13, "start"),
    name(QUADRANTS["big-bet"], scale.right - 6, TOP + 13, "end"),
    name(QUADRANTS["fill-in"], scale.left + 6, bottom - 6, "start"),
    name(QUADRANTS["money-pit"], scale.right - 6, bottom - 6, "end"),
    svg("line", { class: "split", x1: sx, y1: TOP, x2: sx, y2: bottom }),
    svg("line", { class: "split", x1: scale.left, y1: splitY, x2: scale.right, y2: splitY }),
    ...scale.ticks.map((tick) => svg("text", { class: "tick", x: scale.x(tick).toFixed(1),
      y: bottom + 14, "text-anchor": "middle" }, num(tick))),
    svg("text", { class: "axis", x: (scale.left + scale.right) / 2, y: bottom + 32, "text-anchor": "middle" },
      "Effort (person-months, log scale) →"),
    svg("text", { class: "axis", x: 4, y: TOP - 8 }, "Impact ↑"),
  ];
}

const drawnWith = new WeakMap();  // box -> the latest draw's arguments and width
const resized = new ResizeObserver((entries) => {
  for (const { target } of entries) {
    const last = drawnWith.get(target);
    if (!last || roomFor(target.clientWidth).width === last.width) continue;
    // drawn again at the new width (the box opened, the window turned), the open need kept marked
    const current = target.querySelector('.matrix-point[aria-current="true"]')?.dataset.need;
    drawMatrix(target, last.items, last.onOpen);
    if (current) target.querySelector(`.matrix-point[data-need="${current}"]`)?.setAttribute("aria-current", "true");
  }
});

/** `items`: the ranked needs shown, [{id, title, rank, rice}] (rice: a /v1/priorities item). */
export function drawMatrix(target, items, onOpen) {
  room = roomFor(target.clientWidth);
  drawnWith.set(target, { items, onOpen, width: room.width });
  resized.observe(target);
  const points = items.filter((i) => i.rice && i.rice.factors.effort.value).map(({ id, title, rank, rice }) => ({
    id, title, rank, score: rice.score, impact: rice.factors.impact.value, effort: rice.factors.effort.value,
    reach: rice.factors.reach.value || 0, unit: rice.factors.reach.unit, accounts: rice.accounts,
    defaulted: rice.factors.effort.defaulted,
  }));
  if (!points.length) {
    return fill(target, empty("No ranked need to place: shipped and declined needs are not ranked."));
  }
  const split = medianEffort(points.map((p) => p.effort));
  const scale = effortScale(points.map((p) => p.effort));
  const maxReach = Math.max(...points.map((p) => p.reach));
  const rows = laneRows(points, scale.x);
  let y = TOP;
  let splitY = TOP;
  const drawn = [];
  for (const row of rows) {
    const height = Math.max(ROW_MIN, row.lanes * LANE + 10);
    if (row.impact < HIGH_IMPACT && splitY === TOP) splitY = y;
    drawn.push(svg("text", { class: "tick", x: room.left - 8, y: y + height / 2 + 4, "text-anchor": "end" },
      room.narrow ? impactName(row.impact) : `${num(row.impact)} ${impactName(row.impact)}`));
    const first = y + height / 2 - ((row.lanes - 1) * LANE) / 2;
    for (const p of row.placed) drawn.push(pointFor(p, scale.x(p.effort), first + p.lane * LANE, split, maxReach, onOpen));
    y += height;
  }
  const chart = svg("svg", { viewBox: `0 0 ${room.width} ${y + BOTTOM}`, width: room.width, class: "matrix", role: "group",
    "aria-label": `Impact and effort of ${plural(points.length, "ranked need")}` },
  ...frame(scale, splitEffort(points.map((p) => p.effort), split), splitY, y), ...drawn);
  // on a phone the chart keeps a readable size and scrolls sideways in its box
  return fill(target, h("div", { class: "scroll-x" }, chart), h("p", { class: "muted small", id: "matrix-note" }, summary(points, split)));
}

function summary(points, split) {
  const counts = Object.keys(QUADRANTS).map((kind) =>
    `${QUADRANTS[kind]} ${points.filter((p) => quadrant(p.impact, p.effort, split) === kind).length}`);
  return `${counts.join(" · ")}. High impact: 2 (high) or 3 (massive) on the RICE scale; low ` +
    `effort: at most the median of these needs, ${plural(Number(num(split)), "person-month")}. ` +
    "A point's size is its reach; hollow, its effort is not set yet (the default stands in). " +
    "Open a need by its point.";
}
