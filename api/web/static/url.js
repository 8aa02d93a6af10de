/* The view in the URL, `#tab?key=value&…`: the open theme and need, the emerging window and
   filter, and the fields of the search, needs, VoC and theme ranking forms (`search.query`,
   `needs.status`, `ranking.segment`, …). A link, a reload or a new tab shows the same view;
   back and forward walk the views. */

const FORMS = {
  search: "#search-form", needs: "#needs-filters", voc: "#voc-filters", ranking: "#ranking-filters",
};

export function viewState() {
  const [tab, params = ""] = location.hash.slice(1).split("?");
  return { tab, params: new URLSearchParams(params) };
}

export const viewParam = (key) => viewState().params.get(key);

/** Sets keys of the URL (null or "" removes one), and the tab if given: a new history entry,
 * or the current one replaced (a view restored, not a step the reader took). */
export function setView(changes, { tab = null, replace = false } = {}) {
  const state = viewState();
  for (const [key, value] of Object.entries(changes)) {
    if (value == null || value === "") state.params.delete(key);
    else state.params.set(key, String(value));
  }
  const text = state.params.toString();
  const hash = `#${tab || state.tab || "themes"}${text ? `?${text}` : ""}`;
  if (hash === location.hash) return;
  if (replace) history.replaceState(null, "", hash);
  else history.pushState(null, "", hash);
}

// A range like "last 90 days" is kept, not its dates: the link shows the last 90 days when opened.
const relative = (name, form, field) =>
  name === "voc" && field.type === "date" && form.elements.range.value !== "custom";

/** The form's fields into the URL. */
export function formToView(name, replace = false) {
  const form = document.querySelector(FORMS[name]);
  const changes = {};
  for (const field of form.elements) {
    if (!field.name || field.type === "submit") continue;
    changes[`${name}.${field.name}`] = relative(name, form, field) ? null : field.value.trim();
  }
  setView(changes, { replace });
}

// A link's value that its select does not offer (a range "abc", a segment no account has) is
// never made a choice (the select read "nope" among the segments): the select keeps its default
// and the view's note says what the link held. By form name; the reader's own change clears it.
export const linkNotes = Object.fromEntries(Object.keys(FORMS).map((name) => [name, []]));

const offers = (select, value) => [...select.options].some((o) => o.value === value && !o.dataset.pending);

function noteUnknown(name, select, value) {
  const what = (select.closest("label")?.firstChild?.textContent || select.name).trim().toLowerCase();
  const shown = select.options[select.selectedIndex]?.text ?? "";
  linkNotes[name].push(`the link's ${what} “${value}” is not one of its choices: ${shown} is shown`);
}

/** The URL's values into the forms (a field the URL lacks: its default); the names of the
 * forms that changed. */
export function viewToForms() {
  const { params } = viewState();
  const changed = new Set();
  for (const [name, selector] of Object.entries(FORMS)) {
    const form = document.querySelector(selector);
    linkNotes[name] = [];
    for (const field of form.elements) {
      if (!field.name || field.type === "submit") continue;
      let value = params.get(`${name}.${field.name}`) ?? initial(field);
      if (relative(name, form, field) && !params.has(`${name}.${field.name}`)) continue;
      if (field.tagName === "SELECT" && !offers(field, value)) {
        if ("stored" in field.dataset) {
          // its choices come with the data (themes, segments): held until they do (settleChoice)
          field.querySelector("option[data-pending]")?.remove();
          const held = new Option(value, value);
          held.dataset.pending = "";
          field.append(held);
        } else {
          value = initial(field);
          field.value = value;
          noteUnknown(name, field, params.get(`${name}.${field.name}`));
          changed.add(name);
        }
      }
      if (field.value === value) continue;
      field.value = value;
      changed.add(name);
    }
  }
  return changed;
}

/** A stored-choices select (data-stored) just filled, `chosen` what it held: a link's value none
 * of the stored choices is (a segment no account has, a theme merged away) leaves it, the view's
 * note says so, and the view loads again without it (a `change`, as the reader's would). */
export function settleChoice(select, chosen, instead = null) {
  if (!chosen || offers(select, chosen)) {
    select.value = chosen;
    return;
  }
  const name = Object.keys(FORMS).find((form) => select.form.matches(FORMS[form]));
  // `instead`: {value, said}, the choice that stands for it (the theme it was merged into)
  if (instead && offers(select, instead.value)) {
    select.value = instead.value;
    linkNotes[name].push(instead.said);
  } else {
    select.value = initial(select);
    noteUnknown(name, select, chosen);
  }
  formToView(name, true);  // the link drops it, in place
  select.dispatchEvent(new Event("change", { bubbles: true }));
}

function initial(field) {
  if (field.tagName !== "SELECT") return field.defaultValue;
  const chosen = [...field.options].find((o) => o.defaultSelected) || field.options[0];
  return chosen ? chosen.value : "";
}

export const formNames = Object.keys(FORMS);
