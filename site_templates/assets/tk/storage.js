// Opt-in saving of the reader's answers in this browser (localStorage only, never by default,
// never sent anywhere), and "Clear my data". Files are never saved.

import { el } from "./dom.js";

export class SavedAnswers {
  // form: the Form (form.js); say(text) tells the reader what happened.
  constructor(form, calculator, say) {
    this.form = form;
    this.key = `toolkit:${calculator}`;
    this.state = null; // what was saved, by control id (or "<mapping>:<key>" for a follow-up answer)
    const check = el("input", { type: "checkbox", id: `tk-${calculator}-save`, class: "tk-choice__input" });
    const clear = el("button", { type: "button", class: "tk-button tk-button--warning", text: "Clear my data" });
    form.form.prepend(el("div", { class: "tk-save" }, el("div", { class: "tk-choice" }, check,
      el("label", { for: check.id, class: "tk-choice__label", text: "Save my answers in this browser (not on any server)" })), clear));
    this.check = check;
    const saved = localStorage.getItem(this.key);
    if (saved) { check.checked = true; this.state = JSON.parse(saved); this.restore(this.state); }
    check.addEventListener("change", () => { if (check.checked) this.save(); else localStorage.removeItem(this.key); });
    clear.addEventListener("click", () => {
      localStorage.removeItem(this.key);
      this.state = null;
      check.checked = false;
      form.reset();
      say("Your saved answers were removed from this browser.");
    });
  }

  // A saved answer to a follow-up question, "<mapping>:<key>", if there is one.
  saved(key) { return this.state?.[key]; }

  save() {
    if (!this.check.checked) return;
    const state = {};
    for (const control of this.form.form.querySelectorAll(`input:not([type=file]):not(#${CSS.escape(this.check.id)}), select, textarea`)) {
      // Follow-up answers are kept by what they answer (for example a practice), not by position,
      // so adding a step to the guidance cannot shift a saved answer onto another step.
      const key = control.dataset.key ? `${control.closest("[data-tk-mapping]").dataset.tkMapping}:${control.dataset.key}` : control.id;
      state[key] = control.type === "radio" || control.type === "checkbox" ? control.checked : control.value;
    }
    localStorage.setItem(this.key, JSON.stringify(state));
  }

  restore(state) {
    // Saved rows beyond the first need their rows back before their values can be put in.
    for (const table of this.form.tables) {
      const prefix = `tk-${this.form.calculator}-${table.dataset.tkTable}-`;
      const rows = Math.max(0, ...Object.keys(state).filter((id) => id.startsWith(prefix))
        .map((id) => Number(id.slice(prefix.length).split("-")[0])).filter(Number.isInteger));
      while (table.tBodies[0].rows.length < rows && this.form.addRow(table, false));
    }
    for (const [id, value] of Object.entries(state)) {
      const control = document.getElementById(id);
      if (!control) continue;
      if (control.type === "radio" || control.type === "checkbox") control.checked = value;
      else control.value = value;
    }
    this.form.applyDepends();
  }
}
