// Follow-up questions a result asks (such as which practices of the guidance the reader follows):
// a select for each item, put into the form's mapping field, keeping any answer already given.

import { el } from "./dom.js";

// m: {input, question, choices: [{value, label}], items: [{key, label, value, group, hint, stage, count, href}]}
// saved(key) is the reader's saved answer for an item ("<input>:<key>"), if any. Returns the
// callout for the results, or null when the form has no such field.
export function showMapping(m, { form, calculator, href, saved }) {
  const fieldset = form.querySelector(`[data-tk-mapping="${CSS.escape(m.input)}"]`);
  if (!fieldset) return null;
  const items = fieldset.querySelector("[data-tk-mapping-items]");
  const previous = Object.fromEntries([...items.querySelectorAll("select")].map((s) => [s.dataset.key, s.value]));
  items.replaceChildren();
  let group = null;
  let container = items;
  m.items.forEach((item, i) => {
    if (item.group && item.group !== group) {
      group = item.group;
      container = el("div", { class: "tk-mapping-group" });
      items.append(el("h3", { class: "tk-mapping-group__title", text: group }), container);
    }
    const id = `tk-${calculator}-${m.input}-${i}`;
    const chosen = previous[item.key] || saved(`${m.input}:${item.key}`) || item.value || "";
    const select = el("select", { id, class: "tk-select", "data-key": item.key, "aria-describedby": item.hint ? `${id}-hint` : null },
      el("option", { value: "", text: "Choose…" }),
      ...m.choices.map((c) => el("option", { value: c.value, text: c.label })));
    select.value = chosen; // a value, not a `selected` default, so "Clear my data" (form.reset) empties it
    const label = el("label", { for: id, text: `${item.label || item.key}${item.count !== undefined ? ` (${item.count})` : ""}` });
    const extra = [];
    if (item.stage) extra.push(item.stage);
    const hint = item.hint || extra.length ? el("p", { class: "tk-hint", id: `${id}-hint`, text: [item.hint, ...extra].filter(Boolean).join(" · ") }) : null;
    const url = item.href ? href(item.href) : null;
    const more = url ? el("a", { href: url, text: `Read about this step`, "aria-label": `Read about this step: ${item.label || item.key}` }) : null;
    container.append(el("div", { class: "tk-mapping-item" }, el("div", { class: "tk-mapping-item__text" }, label, hint, more), select));
  });
  fieldset.hidden = false;
  return el("p", { class: "tk-callout", text: `${m.question} Answer in the form above, then select Calculate again.` });
}
