/* A need's RICE in its detail: the score as ranked now, and in the editor the factors a person
   sets (PATCH /v1/needs/{id}: `effort`, and `rice_overrides` for reach, impact and confidence; an
   override left empty gives the factor back to the evidence). A reach override counts in the
   reach the table ranks by (`reach_unit`), over every segment: the API uses it only there. */
import { h, num } from "./core.js";
import { impactName } from "./matrix.js";
import { titleInput } from "./titles.js";

const IMPACT_STEPS = [0.25, 0.5, 1, 2, 3];
// What a reach override counts, by its `reach_unit` (the ranking's `reach`).
const REACH_IN = { accounts: "accounts", arr: "ARR, thousands", contacts: "people", feedback: "feedback items" };
// The API's fields at fault (a 422's `errors`) as the editor's inputs.
const INPUTS = {
  title: "title", description: "description", status: "status",
  effort: "effort", "rice_overrides.effort": "effort", "rice_overrides.impact": "impact",
  "rice_overrides.confidence": "confidence", "rice_overrides.reach": "reach",
  "rice_overrides.reach_unit": "reach", rice_overrides: "reach",
};

/** "RICE 12.5 = reach 25 × impact 2 × confidence 0.5 ÷ effort 2", overrides marked ✎. */
export function scoreLine(rice, windowDays) {
  if (!rice) return h("p", { id: "need-score", class: "muted" }, "Not ranked: only open, planned and in-progress needs are.");
  const f = rice.factors;
  const factor = (name, value) => `${name} ${num(value.value)}${value.overridden ? " ✎" : ""}`;
  // the ✎ key only where a factor carries one: under every line it read as "something overridden"
  const overridden = ["reach", "impact", "confidence", "effort"].some((name) => f[name].overridden);
  return h("p", { id: "need-score" },
    h("strong", {}, `RICE ${rice.score == null ? "—" : num(rice.score, 1)}`), " = ",
    [factor("reach", f.reach), factor("impact", f.impact), factor("confidence", f.confidence)].join(" × "),
    ` ÷ ${factor("effort", f.effort)}${f.effort.defaulted ? " (default)" : ""}`,
    h("span", { class: "muted small" },
      ` (evidence of the last ${windowDays} days${overridden ? "; ✎ overridden" : ""})`));
}

/** The editor's RICE inputs: effort as in force, reach, impact and confidence overrides; `reach`
 * is what the table ranks by, the unit a reach typed here counts in. */
export function riceFields(need, rice, reach) {
  const overrides = need.rice_overrides || {};
  const derived = (name) => rice?.factors[name]?.derived;
  const fromEvidence = derived("impact") == null ? "from the evidence"
    : `from the evidence (${num(derived("impact"))} ${impactName(derived("impact"))})`;
  const effort = rice?.factors.effort;
  return h("fieldset", { class: "rice-fields" },
    h("legend", {}, "RICE factors: left empty, the evidence decides (effort: the default)"),
    h("label", { for: "need-effort" }, "Effort (person-months)"),
    h("input", { id: "need-effort", name: "effort", inputmode: "decimal", autocomplete: "off",
      value: overrides.effort ?? need.effort ?? "", class: "short",
      placeholder: effort?.defaulted ? `default: ${num(effort.value)}` : null }),
    h("label", { for: "need-reach" }, `Reach (${REACH_IN[reach] || reach}, every segment)`),
    h("input", { id: "need-reach", name: "reach", inputmode: "decimal", autocomplete: "off",
      value: overrides.reach ?? "", class: "short",
      placeholder: derived("reach") == null ? "evidence" : `evidence: ${num(derived("reach"))}` }),
    reachNote(overrides, reach),
    h("label", { for: "need-impact" }, "Impact"),
    h("select", { id: "need-impact", name: "impact" },
      h("option", { value: "" }, fromEvidence),
      IMPACT_STEPS.map((step) => h("option", { value: step, selected: overrides.impact === step },
        `${num(step)} ${impactName(step)}`))),
    h("label", { for: "need-confidence" }, "Confidence (0-1)"),
    h("input", { id: "need-confidence", name: "confidence", inputmode: "decimal",
      autocomplete: "off", value: overrides.confidence ?? "", class: "short",
      placeholder: derived("confidence") == null ? "evidence" : `evidence: ${num(derived("confidence"))}` }));
}

// A reach override stated in another unit than the table's: shown, not used by this ranking.
function reachNote(overrides, reach) {
  const unit = overrides.reach_unit;
  if (overrides.reach == null || !unit || unit === reach) return null;
  return h("span", { id: "need-reach-note", class: "muted small" },
    `set to ${num(overrides.reach)} ${REACH_IN[unit] || unit}: used when ranking by that reach`);
}

/** What the RICE inputs change, as PATCH fields. An effort entered replaces an effort override
 * too: the value typed is the one in force. A reach typed counts in `reach`, the table's. */
export function riceChanges(form, need, reach) {
  const body = {};
  const overrides = {};
  const current = need.rice_overrides || {};
  const shown = current.effort ?? need.effort ?? null;
  const effort = entered(form.elements.effort);
  if (effort !== shown) {
    if (effort !== need.effort) body.effort = effort;  // null: cleared, no effort set
    if (current.effort != null) overrides.effort = null;
  }
  for (const name of ["impact", "confidence"]) {
    const value = entered(form.elements[name]);
    if (value !== (current[name] ?? null)) overrides[name] = value;  // null: the evidence's again
  }
  const typed = entered(form.elements.reach);
  if (typed !== (current.reach ?? null)) {
    overrides.reach = typed;  // null: the evidence's again, its unit with it
    if (typed !== null) overrides.reach_unit = reach;
  }
  if (Object.keys(overrides).length) body.rice_overrides = overrides;
  return body;
}

// A number as typed ("1.5" or "1,5" -> 1.5), empty as null; what is not a number goes to the
// API as typed, whose answer says what to fix (a number input sent "" for "1e", silently).
function entered(input) {
  const text = input.value.trim();
  if (text === "") return null;
  const number = Number(text.replace(",", "."));
  return Number.isFinite(number) ? number : text;
}

/** A refused save said in the editor, each field at fault marked (aria-invalid). */
export function showEditError(form, error) {
  const line = form.querySelector("#need-edit-error");
  for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  if (!error) {
    line.hidden = true;
    return;
  }
  const fields = (error.errors || []).map((e) => ({ ...e, input: form.elements[INPUTS[e.field] ?? titleInput(e.field)] }));
  for (const { input } of fields) input?.setAttribute("aria-invalid", "true");
  const named = fields.filter((f) => f.input);
  line.textContent = named.length
    ? `Not saved: ${named.map((f) => `${labelOf(form, f.input)}: ${f.message}`).join("; ")}.`
    : `Not saved: ${error.message}`;
  line.hidden = false;
}

const labelOf = (form, input) => form.querySelector(`label[for="${input.id}"]`)?.textContent || input.name;

/** The editor's fields as the API names them, with their labels ("rice_overrides.confidence" ->
 * "Confidence (0-1)"): a refused save's toast says what the editor shows. */
export function editLabels(form) {
  const labels = {};
  for (const [field, name] of Object.entries(INPUTS)) {
    const input = form.elements[name];
    if (input?.id) labels[field] = labelOf(form, input);
  }
  return labels;
}
