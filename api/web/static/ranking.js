/* Themes ranked among the insights of a segment or a period (GET /v1/themes/ranking): which
   themes enterprise accounts raise, or what last month was about. Its filters are in the URL
   (`ranking.segment`, `ranking.created_from`, …) as the other forms'. */
import {
  $, h, api, attempt, fill, plural, pct, query, sentimentBar, showWarnings, labelled, formLabels,
} from "./core.js";
import { fillSegments, loadSegments } from "./segments.js";
import { openTheme, themes } from "./themes.js";  // used when called: the cycle is harmless
import { linkNotes } from "./url.js";

const SHOWN = 10;  // a compact top list beside the tree
let asked = 0;  // filters changed quickly: only the latest answer is shown

/** The ranking for the form's filters; the segment picker from the stored segments. */
export async function loadRanking() {
  const mine = ++asked;
  const form = $("#ranking-filters");
  const { segment, created_from, created_to, level } = Object.fromEntries(new FormData(form));
  // a link with filters opens the box: what it shows is the point of the link
  if (segment || created_from || created_to || level !== "theme") $("#ranking-box").open = true;
  const [ranking, segments] = await Promise.all([
    attempt(() => api(`/v1/themes/ranking${query({ segment, created_from, created_to, level, limit: SHOWN })}`)
      .catch((error) => { throw labelled(error, formLabels(form)); })),  // "To: …", not "?created_to: …"
    loadSegments(),
  ]);
  if (mine !== asked) return;
  if (segments) fillSegments(form.elements.segment, segments);
  const list = $("#theme-ranking");
  showWarnings($("#ranking-warnings"), linkNotes.ranking, ranking?.warnings);
  if (!ranking) {  // refused (From after To): the previous filters' ranking is not left under these
    list.replaceChildren();
    $("#ranking-note").textContent = "Nothing ranked: these filters could not be read (see the message).";
    return;
  }
  fill(list, ranking.items.map((item, i) => h("li", { "data-theme": item.id },
    h("span", { class: "rank" }, `${i + 1}.`),
    themes.byId.has(item.id)
      ? h("button", { type: "button", class: "link", onclick: () => openTheme(item.id, true) }, item.name)
      : item.name,
    h("span", { class: "muted", title: "its insights matching, and their share" },
      `${item.insights.toLocaleString("en")} (${pct(item.share)})`),
    sentimentBar(item.sentiment))));
  $("#ranking-note").replaceChildren(ranking.insights
    ? `Of ${plural(ranking.insights, "insight")} matching, ${ranking.unthemed.toLocaleString("en")} in no theme` +
      `${ranking.items.length < SHOWN ? "" : `; the ${SHOWN} with the most are listed`}.`
    : "No insight matches these filters.");
}

export function setupRanking() {
  $("#ranking-filters").addEventListener("change", () => loadRanking());
}
