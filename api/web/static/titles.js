/* A need's title in each language its customers are told in (the loop's message languages, the
   body's data-message-languages; English reads the title itself): PATCH /v1/needs/{id}'s
   `titles`, only those changed, an emptied one null (its title removed). */
import { h } from "./core.js";

const NAMES = new Intl.DisplayNames(["en"], { type: "language" });

const languages = () => (document.body.dataset.messageLanguages || "").split(" ")
  .filter((code) => code && code !== "en");

/** The editor's input for a 422's field at fault ("titles.de" -> "title_de"). */
export const titleInput = (field) => field.startsWith("titles.") ? `title_${field.slice(7)}` : null;

/** One input per language, on their own line of the editor. */
export function titleFields(need) {
  return h("fieldset", { class: "rice-fields", id: "need-titles" },
    h("legend", {}, "Title customers read in their language: left empty, the title above"),
    languages().map((code) => [
      h("label", { for: `need-title-${code}` }, NAMES.of(code)),
      h("input", { id: `need-title-${code}`, name: `title_${code}`, lang: code,
        value: need.titles?.[code] || "", maxlength: "300" })]));
}

/** The titles typed that differ from the need's, as PATCH fields ({} when none did). */
export function titleChanges(form, need) {
  const titles = {};
  for (const code of languages()) {
    const typed = form.elements[`title_${code}`].value.trim();
    if (typed !== (need.titles?.[code] || "")) titles[code] = typed || null;  // null: removed
  }
  return Object.keys(titles).length ? { titles } : {};
}
