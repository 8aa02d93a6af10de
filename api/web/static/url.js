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

/** The URL's values into the forms (a field the URL lacks: its default); the names of the
 * forms that changed. */
export function viewToForms() {
  const { params } = viewState();
  const changed = new Set();
  for (const [name, selector] of Object.entries(FORMS)) {
    const form = document.querySelector(selector);
    for (const field of form.elements) {
      if (!field.name || field.type === "submit") continue;
      const value = params.get(`${name}.${field.name}`) ?? initial(field);
      if (relative(name, form, field) && !params.has(`${name}.${field.name}`)) continue;
      if (field.value === value) continue;
      if (field.tagName === "SELECT" && ![...field.options].some((o) => o.value === value)) {
        // its options come with the data (themes, segments): kept until they do
        field.append(new Option(value, value));
      }
      field.value = value;
      changed.add(name);
    }
  }
  return changed;
}

function initial(field) {
  if (field.tagName !== "SELECT") return field.defaultValue;
  const chosen = [...field.options].find((o) => o.defaultSelected) || field.options[0];
  return chosen ? chosen.value : "";
}

export const formNames = Object.keys(FORMS);
