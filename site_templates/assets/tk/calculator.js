// The calculator front end: one small ES module for every calculator, driven by the form the
// generator rendered from the calculator's spec. Python runs in a module Web Worker (worker.js).
// Everything from the user or from Python reaches the page through textContent and DOM APIs only.

import { chartFigure, columnDecimals, el, formatNumber, keyFigures } from "./chart.js";

const STAGES = {
  // the size is measured from the built files (generator/stdlib.py first_visit_bytes)
  runtime: `Downloading and starting Python in your browser (${((mb) => (mb ? `about ${mb} MB, ` : ""))(document.querySelector('meta[name="tk-download-mb"]')?.content)}once)…`,
  calculators: "Loading the calculators…",
  importing: "Loading the calculators…",
};
const START_LIMIT_MS = 120000;
const SETTLE_MS = 1500; // after ready, when no result has been asked for, see afterStart()

const formatBytes = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1e3))} KB`);

class Calculator {
  constructor(root) {
    this.root = root;
    this.id = root.dataset.calculator;
    this.links = JSON.parse(root.dataset.links || "{}");
    this.timeoutMs = Number(root.dataset.timeout || 30) * 1000;
    this.form = root.querySelector("[data-tk-form]");
    this.status = root.querySelector("[data-tk-status-text]");
    this.progress = root.querySelector("[data-tk-progress]");
    this.summary = root.querySelector("[data-tk-error-summary]");
    this.results = root.querySelector("[data-tk-results]");
    this.cancel = root.querySelector("[data-tk-cancel]");
    this.ready = false;
    this.pending = null;
    this.runId = 0;
    this.fileNotices = {};
    root.tk = this; // lets tests and the browser console inspect the state
    this.state = "starting";
    this.wireForm();
    this.startWorker();
  }

  // ---- the worker and its watchdog -------------------------------------------------------
  startWorker() {
    this.ready = false;
    this.setState("starting");
    this.say(STAGES.runtime);
    this.progress.hidden = false;
    this.progress.removeAttribute("value");
    let queued = [];
    try {
      if (early && early.calculator === this.id) {
        ({ worker: this.worker, queue: queued } = early); // Python has been starting since the page began to load
        early = null;
      } else {
        this.worker = spawn(this.id);
      }
    } catch (error) {
      return this.failed(String(error));
    }
    this.worker.onmessage = (event) => this.onMessage(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      if (!this.ready) this.failed(event.message || "the worker could not start");
      else this.crashed("The calculator stopped working unexpectedly.");
    };
    clearTimeout(this.startTimer);
    this.startTimer = setTimeout(() => { if (!this.ready) this.failed("it took too long to start"); }, START_LIMIT_MS);
    for (const message of queued) this.onMessage(message);
  }

  onMessage(message) {
    if (message.type === "progress") {
      if (this.state !== "starting") return; // a download still reporting after start-up failed
      let text = STAGES[message.stage] || "Getting ready…";
      // the calculators download while Python starts, and usually finish first: then say that
      // Python is still starting, rather than leave a full bar and "335 KB of 335 KB"
      if (message.total && message.loaded >= message.total) {
        this.progress.hidden = true;
        return this.say(STAGES.runtime);
      }
      if (message.loaded) text += ` ${formatBytes(message.loaded)}${message.total ? ` of ${formatBytes(message.total)}` : ""}`;
      this.say(text);
      if (message.total) { this.progress.max = message.total; this.progress.value = message.loaded; }
    } else if (message.type === "ready") {
      performance.mark("tk-ready"); // user timing, read by bench/runtime.py
      clearTimeout(this.startTimer);
      this.settleTimer = setTimeout(() => this.afterStart(), SETTLE_MS);
      this.ready = true;
      this.progress.hidden = true;
      this.setState("ready");
      this.say("The calculator is ready. Nothing you enter leaves your device.");
      this.root.dataset.readySeconds = message.seconds.toFixed(3);
      this.root.dataset.python = message.python; // "restored" from the build's snapshot, or "started"
      if (this.pending) { const values = this.pending; this.pending = null; this.send(values); } else this.askFollowUps();
    } else if (message.type === "failed") {
      this.failed(message.message);
    } else if (message.type === "result" && message.id === this.runId) {
      this.finish();
      this.root.dataset.runSeconds = message.seconds.toFixed(4);
      if (message.outcome.ok) { this.showResult(message.outcome.result); performance.mark("tk-result"); }
      else this.showErrors(message.outcome.errors);
      this.afterStart();
    } else if (message.type === "crashed" && message.id === this.runId) {
      this.crashed("The calculator hit a problem and was restarted.");
    }
  }

  failed(reason) {
    this.afterStart();
    clearTimeout(this.startTimer);
    this.progress.hidden = true;
    this.setState("failed");
    this.say("The calculator could not start in your browser, so it cannot run here. " +
      "The guidance on this page still works. Try reloading the page, or use a recent version of Chrome, Edge, Firefox or Safari. " +
      `(Reason: ${reason})`);
    if (this.worker) this.worker.terminate();
  }

  crashed(text) {
    this.finish();
    this.worker.terminate();
    this.showErrors([{ field: null, message: `${text} Your inputs are kept. Try again, or try a smaller file.` }]);
    this.startWorker();
  }

  finish() {
    clearTimeout(this.watchdog);
    this.cancel.hidden = true;
    this.form.querySelector("[data-tk-submit]").disabled = false;
    this.form.removeAttribute("aria-busy");
  }

  send(values) {
    this.runId += 1;
    this.setState("running");
    this.say("Calculating…");
    this.cancel.hidden = false;
    this.form.setAttribute("aria-busy", "true");
    this.worker.postMessage({ type: "run", id: this.runId, calculator: this.id, values });
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => this.crashed(
      `The calculation took longer than ${Math.round(this.timeoutMs / 1000)} seconds, so it was stopped. ` +
      "For very large files, use the Python command line shown at the bottom of this page."), this.timeoutMs);
  }

  // What the page holds back while Python starts, so that it does not compete for the CPU: the
  // theme's script and search index (see calculator-start.html) and the offline copy. It runs once
  // the first result is on screen, or SETTLE_MS after ready, or when Python cannot start.
  afterStart() {
    if (this.started) return;
    this.started = true;
    clearTimeout(this.settleTimer);
    letSearchGo();
    if (self.tkTheme) self.tkTheme();
    if (this.ready) this.registerOffline(); // not when Python could not start: nothing to keep
  }

  registerOffline() {
    if (!("serviceWorker" in navigator) || this.registered) return;
    this.registered = true;
    const sw = new URL("../../sw.js", import.meta.url);
    navigator.serviceWorker.register(sw, { scope: new URL("../../", import.meta.url).href })
      .then(() => navigator.serviceWorker.ready)
      .then(() => { this.root.dataset.offline = "ready"; })
      .catch(() => { this.root.dataset.offline = "unavailable"; });
  }

  setState(state) { this.state = state; this.root.dataset.state = state; }
  // the same words again would change the page for nothing, and some screen readers repeat them
  say(text) { if (this.status.textContent !== text) this.status.textContent = text; }

  // ---- the form -------------------------------------------------------------------------
  wireForm() {
    this.form.addEventListener("submit", (event) => { event.preventDefault(); this.submit(); });
    this.cancel.addEventListener("click", () => this.crashed("You stopped the calculation."));
    this.form.addEventListener("change", (event) => {
      this.applyDepends();
      this.save();
      if (event.target.type === "radio") this.askFollowUps();
    });
    this.form.addEventListener("input", () => this.save());
    this.form.addEventListener("click", (event) => {
      const action = event.target.closest("[data-tk-row-action]");
      if (action) this.rowAction(action.closest("tr"), action.dataset.tkRowAction);
      const add = event.target.closest("[data-tk-add-row]");
      if (add) this.addRow(this.form.querySelector(`[data-tk-table="${add.dataset.tkAddRow}"]`));
    });
    this.summary.addEventListener("click", (event) => {
      const link = event.target.closest("a[href^='#']");
      if (!link) return;
      const target = document.getElementById(link.getAttribute("href").slice(1));
      if (target) { event.preventDefault(); target.focus(); target.scrollIntoView({ block: "center" }); }
    });
    this.applyDepends();
    if (this.root.hasAttribute("data-can-save")) this.wireSaving();
  }

  // A follow-up question (such as a checklist built from the guidance) that is now on screen
  // but still empty is fetched from the calculator at once, so the user can start answering.
  askFollowUps() {
    if (!this.ready || this.state === "running") return;
    const empty = [...this.form.querySelectorAll("[data-tk-field][data-kind=mapping]")].some((field) =>
      !field.hidden && field.hasAttribute("data-depends") && !field.querySelector("[data-tk-mapping-items] select"));
    if (empty) this.submit();
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
    this.save();
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
        control.id = `tk-${this.id}-${name}-${n}-${column}`;
        control.setAttribute("aria-label", `Row ${n}, ${label}`);
      }
      for (const hidden of row.querySelectorAll(".tk-visually-hidden")) hidden.textContent = ` row ${n}`;
    });
  }

  async values() {
    const values = {};
    this.fileNotices = {};
    for (const field of this.form.querySelectorAll("[data-tk-field]")) {
      if (field.hidden) continue;
      const name = field.dataset.tkField;
      const kind = field.dataset.kind;
      if (kind === "table") {
        values[name] = [...field.querySelectorAll("tbody tr")].map((row) => {
          const out = {};
          for (const control of row.querySelectorAll("input, select")) out[control.name.split(".").pop()] = control.value;
          return out;
        });
      } else if (kind === "choice") {
        const checked = [...field.querySelectorAll("input:checked")].map((input) => input.value);
        values[name] = field.querySelector("input[type=checkbox]") ? checked : (checked[0] ?? "");
      } else if (kind === "mapping") {
        const mapping = {};
        for (const select of field.querySelectorAll("select")) if (select.value) mapping[select.dataset.key] = select.value;
        values[name] = mapping;
      } else if (kind === "file") {
        values[name] = await this.readFile(field, name);
      } else {
        values[name] = field.querySelector("input, textarea").value;
      }
    }
    return values;
  }

  async readFile(field, name) {
    const input = field.querySelector("input[type=file]");
    if (input.multiple) { // several files at once: the calculator gets them as JSON, [{name, text}]
      const files = [];
      for (const file of input.files) files.push({ name: file.name, text: await this.readOne(file, field, name) });
      return files.length ? JSON.stringify(files) : "";
    }
    const file = input.files[0];
    if (!file) return "";
    return this.readOne(file, field, name);
  }

  async readOne(file, field, name) {
    const limit = Number(field.dataset.maxBytes || Infinity);
    if (file.size > limit) {
      throw { field: name, message: `The file is ${formatBytes(file.size)}; the limit in the browser is ${formatBytes(limit)}. ` +
        `For larger files, use the Python command line: python -m calculators ${this.id} your-file.csv` };
    }
    const bytes = await file.arrayBuffer();
    // UTF-16 with its byte order mark (Excel's "Unicode text"): read as such, not as Windows-1252
    const head = new Uint8Array(bytes.slice(0, 2));
    if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
    if (head[0] === 0xfe && head[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      this.fileNotices[name] = `${file.name} is not UTF-8 text, so it was read as Windows-1252 (Western European). Check that accented letters look right.`;
      return new TextDecoder("windows-1252").decode(bytes);
    }
  }

  async submit() {
    this.clearErrors();
    let values;
    try {
      values = await this.values();
    } catch (error) {
      return this.showErrors([error]);
    }
    this.form.querySelector("[data-tk-submit]").disabled = true;
    this.lastValues = values;
    if (!this.ready) {
      if (this.state === "failed") { this.finish(); return; }
      this.pending = values;
      this.say("The calculator is still getting ready. Your calculation will run as soon as it is.");
      return;
    }
    this.send(values);
  }

  // ---- errors, GOV.UK pattern: a summary linking to each field, and the message inline ----
  clearErrors() {
    this.summary.hidden = true;
    this.summary.querySelector("[data-tk-error-list]").replaceChildren();
    for (const message of this.form.querySelectorAll(".tk-error-message")) { message.hidden = true; message.textContent = ""; }
    for (const field of this.form.querySelectorAll(".tk-field--error")) field.classList.remove("tk-field--error");
    for (const control of this.form.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
  }

  showErrors(errors) {
    this.finish();
    this.clearErrors();
    this.results.hidden = true; // old results must not be read as the answer to the new inputs
    this.setState("errors");
    const list = this.summary.querySelector("[data-tk-error-list]");
    for (const error of errors) {
      const base = `tk-${this.id}-${error.field}`;
      let target = error.field ? document.getElementById(error.row && error.column ? `${base}-${error.row}-${error.column}` : base) : null;
      if (!target && error.field) target = document.getElementById(base);
      if (target && target.tagName === "FIELDSET") target = target.querySelector("input, select") || target;
      const item = el("li");
      item.append(target ? el("a", { href: `#${target.id}`, text: error.message }) : el("span", { text: error.message }));
      list.append(item);
      const field = error.field && this.form.querySelector(`[data-tk-field="${CSS.escape(error.field)}"]`);
      if (field) {
        field.classList.add("tk-field--error");
        const inline = field.querySelector(".tk-error-message");
        inline.hidden = false;
        inline.append(el("span", { class: "tk-visually-hidden", text: "Error: " }), el("span", { text: error.message }), el("br"));
        if (target && target !== field) target.setAttribute("aria-invalid", "true");
      }
    }
    this.summary.hidden = false;
    this.say("There is a problem with what was entered. Your inputs are kept.");
    this.summary.focus();
  }

  // ---- results ----------------------------------------------------------------------------
  // Key figures first (after any lead sentence, such as which level is the top), then at most
  // three findings; then the charts, each with its table beside it; then the details: the rest of
  // the tables and all the sentences, in disclosure sections.
  showResult(result) {
    this.clearErrors();
    this.setState("result");
    const body = this.results.querySelector("[data-tk-results-body]");
    body.replaceChildren();
    const notices = [...Object.values(this.fileNotices).map((text) => ({ text, links: [] })), ...(result.notices || [])];
    // With findings to lead with, the full summary and the tables without a chart wait in closed sections.
    const leads = Boolean(result.key_findings?.length);
    if (result.lead?.length) body.append(el("div", { class: "tk-lead" }, ...result.lead.map((s) => this.sentence(s, "p"))));
    if (result.actions?.length) body.append(el("div", { class: "tk-actions" }, ...result.actions.map((a) => this.action(a))));
    if (result.key_figures?.length) body.append(keyFigures(result.key_figures, `tk-${this.id}`));
    if (result.key_findings?.length) {
      body.append(el("h3", { text: "What this means" }),
        el("ul", { class: "tk-key-findings" }, ...result.key_findings.map((s) => this.sentence(s, "li"))));
    }
    if (result.summary?.length && !leads) body.append(el("div", { class: "tk-summary" }, ...result.summary.map((s) => this.sentence(s, "p"))));
    if (result.mappings?.length) this.showMappings(result.mappings, body);
    if (result.highlights) body.append(this.highlights(result.highlights));
    const tables = Object.fromEntries((result.tables || []).map((t) => [t.id, t]));
    const charted = new Set();
    const figures = [];
    for (const chart of result.charts || []) {
      const figure = chartFigure(chart, tables[chart.table], `tk-${this.id}`);
      figures.push(figure);
      const block = el("div", { class: "tk-chart-block" }, figure);
      if (tables[chart.table] && !charted.has(chart.table)) { block.append(this.table(tables[chart.table])); charted.add(chart.table); }
      body.append(block);
    }
    if (notices.length) {
      body.append(el("div", { class: "tk-notices" }, el("h3", { text: "Notes on your data" }),
        el("ul", {}, ...notices.map((s) => this.sentence(s, "li")))));
    }
    if (result.summary?.length && leads) {
      body.append(el("details", { class: "tk-details" }, el("summary", { text: "Everything the figures say, in words" }),
        el("div", { class: "tk-summary" }, ...result.summary.map((s) => this.sentence(s, "p")))));
    }
    for (const table of result.tables || []) {
      if (charted.has(table.id)) continue;
      body.append(el("details", { class: "tk-details", open: !leads }, el("summary", { text: table.caption }), this.table(table)));
    }
    if (result.downloads?.length) {
      body.append(el("h3", { text: "Download your results" }),
        el("ul", { class: "tk-downloads" }, ...result.downloads.map((d) => el("li", {}, this.download(d)))));
    }
    this.results.hidden = false;
    this.root.classList.add("tk-calculator--results"); // the page gives the results its full width
    document.body.classList.add("tk-has-results");
    for (const figure of figures) figure.redraw(); // at the width the results now have
    this.say("Your results are ready below.");
    this.results.focus();
  }

  // A one-step change the result offers (such as reversing the order of levels): it fills an
  // input of the form, which keeps everything else the user entered, and runs again.
  action(a) {
    const button = el("button", { type: "button", class: "tk-button tk-button--secondary", "data-tk-action": a.input, text: a.label });
    button.addEventListener("click", () => {
      const input = this.form.querySelector(`[name="${CSS.escape(a.input)}"]`);
      if (!input) return;
      input.value = a.value;
      this.save();
      this.submit();
    });
    return button;
  }

  href(link) {
    return this.links[link] || (/^https?:\/\//.test(link) ? link : null);
  }

  sentence(s, tag) {
    const node = el(tag, { text: s.text });
    for (const link of s.links || []) {
      const url = this.href(link.href);
      if (url) node.append(" ", el("a", { href: url, text: link.label }));
    }
    return node;
  }

  table(t) {
    const table = el("table", { class: "tk-result-table", id: `tk-${this.id}-table-${t.id}` }, el("caption", { text: t.caption }));
    table.append(el("thead", {}, el("tr", {}, ...t.columns.map((c) => el("th", { scope: "col", text: c.label })))));
    const tbody = el("tbody");
    const decimals = columnDecimals(t);
    for (const row of t.rows) {
      tbody.append(el("tr", {}, ...t.columns.map((c, i) => {
        const value = row[c.key];
        const url = typeof value === "string" && /^(intervention|calculator):/.test(value) ? this.href(value) : null;
        const text = url || value === null || value === undefined ? "" : typeof value === "number" ? formatNumber(value, decimals[c.key] ?? undefined) : String(value);
        const cell = el(i === 0 ? "th" : "td", { scope: i === 0 ? "row" : null, text });
        if (url) cell.append(el("a", { href: url, text: `Read about this step`, "aria-label": `Read about this step: ${row[t.columns[0].key]}` }));
        if (typeof value === "number") cell.className = "tk-num";
        return cell;
      })));
    }
    table.append(tbody);
    const wrap = el("div", { class: "tk-table-wrap", role: "region", tabindex: "0", "aria-label": t.caption }, table);
    return t.note ? el("div", {}, wrap, el("p", { class: "tk-hint", text: t.note })) : wrap;
  }

  download(d) {
    const button = el("button", { type: "button", class: "tk-button tk-button--secondary", text: d.label });
    button.addEventListener("click", () => {
      // A report made as HTML links to the guidance: "intervention:<slug>" becomes the page's
      // full address here, so the links work when the file is opened or printed anywhere.
      const text = d.mime === "text/html" ? d.text.replace(/href="((?:intervention|calculator):[a-z0-9-]+)"/g,
        (all, link) => { const url = this.href(link); return url ? `href="${new URL(url, document.baseURI).href}"` : all; }) : d.text;
      const url = URL.createObjectURL(new Blob([text], { type: `${d.mime};charset=utf-8` }));
      const a = el("a", { href: url, download: d.filename });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    });
    return button;
  }

  highlights(h) {
    // Offsets are Python string indices (code points); JavaScript strings count UTF-16 units.
    const chars = Array.from(h.text);
    const box = el("div", { class: "tk-highlighted", tabindex: "0", role: "region", "aria-label": "Your text with findings marked" });
    let at = 0;
    for (const span of h.spans) {
      if (span.start < at) continue;
      box.append(chars.slice(at, span.start).join(""));
      const mark = el("mark", { id: `tk-${this.id}-${span.id}`, class: `tk-mark tk-mark--${span.severity}`, tabindex: "-1" },
        el("span", { class: "tk-mark__label", text: `[${span.label}] ` }), chars.slice(span.start, span.end).join(""));
      box.append(mark);
      at = span.end;
    }
    box.append(chars.slice(at).join(""));
    const list = el("ol", { class: "tk-findings" }, ...h.spans.map((span) => {
      const link = el("a", { href: `#tk-${this.id}-${span.id}`, text: `Line ${span.line}, column ${span.column}: ${span.message.startsWith(span.label) ? span.message : `${span.label}. ${span.message}`}` });
      link.addEventListener("click", (event) => {
        event.preventDefault();
        const mark = document.getElementById(`tk-${this.id}-${span.id}`);
        mark.focus();
        mark.scrollIntoView({ block: "center" });
      });
      return el("li", {}, link);
    }));
    return el("div", {}, el("h3", { text: "Your text, with findings marked" }), box,
      el("h3", { text: `Findings (${h.spans.length})` }), list);
  }

  showMappings(mappings, body) {
    for (const m of mappings) {
      const fieldset = this.form.querySelector(`[data-tk-mapping="${CSS.escape(m.input)}"]`);
      if (!fieldset) continue;
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
        const id = `tk-${this.id}-${m.input}-${i}`;
        const chosen = previous[item.key] || this.saved?.[`${m.input}:${item.key}`] || item.value || "";
        const select = el("select", { id, class: "tk-select", "data-key": item.key, "aria-describedby": item.hint ? `${id}-hint` : null },
          el("option", { value: "", text: "Choose…" }),
          ...m.choices.map((c) => el("option", { value: c.value, text: c.label })));
        select.value = chosen; // a value, not a `selected` default, so "Clear my data" (form.reset) empties it
        const label = el("label", { for: id, text: `${item.label || item.key}${item.count !== undefined ? ` (${item.count})` : ""}` });
        const extra = [];
        if (item.stage) extra.push(item.stage);
        const hint = item.hint || extra.length ? el("p", { class: "tk-hint", id: `${id}-hint`, text: [item.hint, ...extra].filter(Boolean).join(" · ") }) : null;
        const url = item.href ? this.href(item.href) : null;
        const more = url ? el("a", { href: url, text: `Read about this step`, "aria-label": `Read about this step: ${item.label || item.key}` }) : null;
        container.append(el("div", { class: "tk-mapping-item" }, el("div", { class: "tk-mapping-item__text" }, label, hint, more), select));
      });
      fieldset.hidden = false;
      body.append(el("p", { class: "tk-callout", text: `${m.question} Answer in the form above, then select Calculate again.` }));
    }
  }

  // ---- opt-in saving (localStorage only, never by default) ----------------------------------
  wireSaving() {
    const key = `toolkit:${this.id}`;
    const box = el("div", { class: "tk-save" });
    const check = el("input", { type: "checkbox", id: `tk-${this.id}-save`, class: "tk-choice__input" });
    const clear = el("button", { type: "button", class: "tk-button tk-button--warning", text: "Clear my data" });
    box.append(el("div", { class: "tk-choice" }, check, el("label", { for: check.id, class: "tk-choice__label", text: "Save my answers in this browser (not on any server)" })), clear);
    this.form.prepend(box);
    this.saveKey = key;
    this.saveBox = check;
    const saved = localStorage.getItem(key);
    if (saved) { check.checked = true; this.saved = JSON.parse(saved); this.restore(this.saved); }
    check.addEventListener("change", () => { if (check.checked) this.save(); else localStorage.removeItem(key); });
    clear.addEventListener("click", () => {
      localStorage.removeItem(key);
      this.saved = null;
      check.checked = false;
      this.form.reset();
      this.applyDepends();
      this.say("Your saved answers were removed from this browser.");
    });
  }

  save() {
    if (!this.saveBox || !this.saveBox.checked) return;
    const state = {};
    for (const control of this.form.querySelectorAll("input:not([type=file]):not([type=checkbox][id$='-save']), select, textarea")) {
      // Follow-up answers are kept by what they answer (for example a practice), not by position,
      // so adding a step to the guidance cannot shift a saved answer onto another step.
      const key = control.dataset.key ? `${control.closest("[data-tk-mapping]").dataset.tkMapping}:${control.dataset.key}` : control.id;
      state[key] = control.type === "radio" || control.type === "checkbox" ? control.checked : control.value;
    }
    localStorage.setItem(this.saveKey, JSON.stringify(state));
  }

  restore(state) {
    // Saved rows beyond the first need their rows back before their values can be put in.
    for (const table of this.form.querySelectorAll("[data-tk-table]")) {
      const prefix = `tk-${this.id}-${table.dataset.tkTable}-`;
      const rows = Math.max(0, ...Object.keys(state).filter((id) => id.startsWith(prefix))
        .map((id) => Number(id.slice(prefix.length).split("-")[0])).filter(Number.isInteger));
      while (table.tBodies[0].rows.length < rows && this.addRow(table, false));
    }
    for (const [id, value] of Object.entries(state)) {
      const control = document.getElementById(id);
      if (!control) continue;
      if (control.type === "radio" || control.type === "checkbox") control.checked = value;
      else control.value = value;
    }
    this.applyDepends();
  }
}

// The inline script at the top of the page (overrides/partials/calculator-start.html) started
// Python before this module arrived and queued the worker's messages; a new worker (after a crash
// or a timeout) comes from the same function.
let early = self.tkEarly || null;
self.tkEarly = null;
function spawn(calculator) {
  if (!self.tkSpawn) throw new Error("the page's start-up script did not run");
  return self.tkSpawn(calculator);
}

// The theme builds its search index only once Python has started (or could not), so that the two
// do not share the CPU, or at once when the reader goes to the search box.
// assets/javascripts/workers/tk-search.js waits for a "go" on this channel. The theme's script, which
// starts that worker, usually runs just after the go (see afterStart), so the worker also asks when
// it starts, and from then on this page answers. (The channel is shared by the site's open tabs:
// another calculator tab that has started lets this one's search start early, which costs only time.)
let searchGate = null;
function letSearchGo() {
  if (!self.BroadcastChannel || searchGate) return;
  searchGate = new BroadcastChannel("tk-search");
  searchGate.onmessage = (event) => { if (event.data === "ask") searchGate.postMessage("go"); };
  searchGate.postMessage("go");
}
document.addEventListener("focusin", (event) => { if (event.target.closest?.(".md-search")) letSearchGo(); });

// A printed page shows the details too: closed sections open for printing (and stay open).
addEventListener("beforeprint", () => { for (const d of document.querySelectorAll("[data-tk-results] details")) d.open = true; });

function boot() { for (const root of document.querySelectorAll("[data-calculator]")) new Calculator(root); }
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
else boot();
