/* The segments stored on accounts (GET /v1/segments): what the ranking's and the needs' segment
   pickers offer, whether or not any need's evidence comes from them. */
import { h, api, attempt, fill, plural } from "./core.js";
import { settleChoice } from "./url.js";

/** The stored segments, most accounts first; null when the call failed (already said). */
export function loadSegments() {
  return attempt(() => api("/v1/segments")).then((segments) => segments && segments.items);
}

/** A segment <select>: "all", then each stored segment with its accounts, the choice kept; a
 * segment the link names that no account holds is not made a choice: the note says so. */
export function fillSegments(select, segments) {
  const chosen = select.value;
  fill(select, h("option", { value: "" }, "all"),
    segments.map((s) => h("option", { value: s.segment }, `${s.segment} (${plural(s.accounts, "account")})`)));
  settleChoice(select, chosen);
}
