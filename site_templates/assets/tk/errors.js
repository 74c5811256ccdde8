// The error summary, as GOV.UK designs it: a summary at the top linking to each field with a
// problem, and the same message beside the field. What was entered is kept.

import { el } from "./dom.js";

export class ErrorSummary {
  constructor(summary, form, calculator) {
    this.summary = summary;
    this.form = form;
    this.calculator = calculator;
    this.list = summary.querySelector("[data-tk-error-list]");
    // a link in the summary moves the focus to its field (not only the scroll position)
    summary.addEventListener("click", (event) => {
      const link = event.target.closest("a[href^='#']");
      if (!link) return;
      const target = document.getElementById(link.getAttribute("href").slice(1));
      if (target) { event.preventDefault(); target.focus(); target.scrollIntoView({ block: "center" }); }
    });
  }

  clear() {
    this.summary.hidden = true;
    this.list.replaceChildren();
    for (const message of this.form.querySelectorAll(".tk-error-message")) { message.hidden = true; message.textContent = ""; }
    for (const field of this.form.querySelectorAll(".tk-field--error")) field.classList.remove("tk-field--error");
    for (const control of this.form.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
  }

  // errors: [{field, row, column, message}] (field null for a problem with no field); the summary
  // takes the focus, so screen readers read it out.
  show(errors) {
    this.clear();
    for (const error of errors) {
      const target = this.target(error);
      this.list.append(el("li", {}, target ? el("a", { href: `#${target.id}`, text: error.message }) : el("span", { text: error.message })));
      const field = error.field && this.form.querySelector(`[data-tk-field="${CSS.escape(error.field)}"]`);
      if (!field) continue;
      field.classList.add("tk-field--error");
      const inline = field.querySelector(".tk-error-message");
      inline.hidden = false;
      inline.append(el("span", { class: "tk-visually-hidden", text: "Error: " }), el("span", { text: error.message }), el("br"));
      if (target && target !== field) target.setAttribute("aria-invalid", "true");
    }
    this.summary.hidden = false;
    this.summary.focus();
  }

  // The control an error is about: its cell for a table's row and column, else its field (a
  // group of choices is reached through its first control).
  target(error) {
    if (!error.field) return null;
    const base = `tk-${this.calculator}-${error.field}`;
    let target = document.getElementById(error.row && error.column ? `${base}-${error.row}-${error.column}` : base);
    if (!target) target = document.getElementById(base);
    if (target && target.tagName === "FIELDSET") target = target.querySelector("input, select") || target;
    return target;
  }
}
