/* The segments stored on accounts (GET /v1/segments): what the ranking's and the needs' segment
   pickers offer, whether or not any need's evidence comes from them. */
import { h, api, attempt, fill, plural } from "./core.js";

/** The stored segments, most accounts first; null when the call failed (already said). */
export function loadSegments() {
  return attempt(() => api("/v1/segments")).then((segments) => segments && segments.items);
}

/** A segment <select>: "all", then each stored segment with its accounts, the choice kept. */
export function fillSegments(select, segments) {
  const chosen = select.value;
  fill(select, h("option", { value: "" }, "all"),
    segments.map((s) => h("option", { value: s.segment }, `${s.segment} (${plural(s.accounts, "account")})`)),
    // a segment the URL names that no account holds any more: kept, so the filter says none
    chosen && !segments.some((s) => s.segment === chosen) ? h("option", { value: chosen }, chosen) : null);
  select.value = chosen;
}
