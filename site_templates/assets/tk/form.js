// The calculator's form, as the generator rendered it from the calculator's spec
// (pages/calculator-form.html): which fields show (data-depends), the rows of table fields, and the
// values sent to Python, read field by field according to the field's kind (data-kind).

import { readFileField } from "./files.js";

// How each kind of field gives its value. To add a kind: render it in pages/calculator-form.html
// as a [data-tk-field] element with data-kind="<kind>", and add an entry here. read(field, context)
// returns the value (or a promise of it), or throws {field, message} for the error summary;
// context is {name, calculator, note(text)}, note adding a line to the result's "Notes on your data".
// A field of a kind not listed gives the value of its first input or textarea.
export const FIELD_KINDS = {
  table: {
    read: (field) => [...field.querySelectorAll("tbody tr")].map((row) => {
      const out = {};
      for (const control of row.querySelectorAll("input, select")) out[control.name.split(".").pop()] = control.value;
      return out;
    }),
  },
  choice: {
    read: (field) => {
      const checked = [...field.querySelectorAll("input:checked")].map((input) => input.value);
      return field.querySelector("input[type=checkbox]") ? checked : (checked[0] ?? "");
    },
  },
  mapping: {
    read: (field) => {
      const mapping = {};
      for (const select of field.querySelectorAll("select")) if (select.value) mapping[select.dataset.key] = select.value;
      return mapping;
    },
  },
  file: { read: readFileField },
};
const TEXT = { read: (field) => field.querySelector("input, textarea").value };

export class Form {
  // `on` is told what the reader does: changed(event) for any edit (once the fields shown have
  // been updated), submit() when they ask for a calculation.
  constructor(form, calculator, on) {
    this.form = form;
    this.calculator = calculator;
    this.on = on;
    this.notes = {}; // what reading the files found, by field, for the latest values()
    form.addEventListener("submit", (event) => { event.preventDefault(); on.submit(); });
    form.addEventListener("change", (event) => { this.applyDepends(); on.changed(event); });
    form.addEventListener("input", (event) => on.changed(event));
    form.addEventListener("click", (event) => {
      const action = event.target.closest("[data-tk-row-action]");
      if (action) { this.rowAction(action.closest("tr"), action.dataset.tkRowAction); on.changed(event); }
      const add = event.target.closest("[data-tk-add-row]");
      if (add) this.addRow(form.querySelector(`[data-tk-table="${add.dataset.tkAddRow}"]`));
    });
    this.applyDepends();
  }

  get submitButton() { return this.form.querySelector("[data-tk-submit]"); }

  busy(running) {
    this.submitButton.disabled = running;
    if (running) this.form.setAttribute("aria-busy", "true");
    else this.form.removeAttribute("aria-busy");
  }

  // The values of the fields on screen, by name, as the calculator's spec names them.
  async values() {
    const values = {};
    this.notes = {};
    for (const field of this.form.querySelectorAll("[data-tk-field]")) {
      if (field.hidden) continue;
      const name = field.dataset.tkField;
      const context = { name, calculator: this.calculator, note: (text) => { this.notes[name] = text; } };
      values[name] = await (FIELD_KINDS[field.dataset.kind] || TEXT).read(field, context);
    }
    return values;
  }

  // Sets a single input by name (as a result's one-step action does); false if there is none.
  set(name, value) {
    const input = this.form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (!input) return false;
    input.value = value;
    return true;
  }

  reset() {
    this.form.reset();
    this.applyDepends();
  }

  // A follow-up question (such as a checklist built from the guidance) that is on screen but
  // still empty: the calculator is asked for it at once, so the reader can start answering.
  hasEmptyFollowUp() {
    return [...this.form.querySelectorAll("[data-tk-field][data-kind=mapping]")].some((field) =>
      !field.hidden && field.hasAttribute("data-depends") && !field.querySelector("[data-tk-mapping-items] select"));
  }

  applyDepends() {
    for (const field of this.form.querySelectorAll("[data-depends]")) {
      const rule = JSON.parse(field.dataset.depends);
      field.hidden = !Object.entries(rule).every(([name, value]) => this.scalarValue(name) === value);
    }
  }

  scalarValue(name) {
    const checked = this.form.querySelector(`[name="${CSS.escape(name)}"]:checked`);
    if (checked) return checked.value;
    const input = this.form.querySelector(`[name="${CSS.escape(name)}"]`);
    return input ? input.value : undefined;
  }

  // ---- the rows of a table field ----------------------------------------------------------
  get tables() { return [...this.form.querySelectorAll("[data-tk-table]")]; }

  rowAction(row, action) {
    const body = row.parentElement;
    if (action === "remove") {
      if (body.rows.length > 1) row.remove();
      else for (const input of row.querySelectorAll("input")) input.value = "";
    } else if (action === "up" && row.previousElementSibling) body.insertBefore(row, row.previousElementSibling);
    else if (action === "down" && row.nextElementSibling) body.insertBefore(row.nextElementSibling, row);
    this.renumber(body.closest("table"));
    const same = body.querySelectorAll(`[data-tk-row-action="${action}"]`);
    const index = Math.min([...body.rows].indexOf(row), same.length - 1);
    if (action !== "remove" && row.isConnected) row.querySelector(`[data-tk-row-action="${action}"]`).focus();
    else if (same[Math.max(index, 0)]) same[Math.max(index, 0)].focus();
  }

  addRow(table, focus = true) {
    const max = Number(table.dataset.maxRows || Infinity);
    if (table.tBodies[0].rows.length >= max) return false;
    const row = table.tBodies[0].rows[0].cloneNode(true);
    for (const input of row.querySelectorAll("input")) input.value = "";
    for (const select of row.querySelectorAll("select")) select.selectedIndex = 0;
    table.tBodies[0].append(row);
    this.renumber(table);
    if (focus) row.querySelector("input, select").focus();
    return true;
  }

  renumber(table) {
    const name = table.dataset.tkTable;
    [...table.tBodies[0].rows].forEach((row, i) => {
      const n = i + 1;
      row.querySelector("[data-tk-row-number]").textContent = String(n);
      for (const control of row.querySelectorAll("input, select")) {
        const column = control.name.split(".").pop();
        const label = table.tHead.rows[0].cells[[...row.cells].indexOf(control.closest("td"))].textContent;
        control.id = `tk-${this.calculator}-${name}-${n}-${column}`;
        control.setAttribute("aria-label", `Row ${n}, ${label}`);
      }
      for (const hidden of row.querySelectorAll(".tk-visually-hidden")) hidden.textContent = ` row ${n}`;
    });
  }
}
