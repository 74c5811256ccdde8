// The calculator front end: one small set of ES modules for every calculator, driven by the form
// the generator rendered from the calculator's spec. This module ties them together: the worker
// (worker-client.js, with Python in worker.js), the form (form.js), the error summary (errors.js),
// the results (result.js and its renderers) and saving (storage.js). The page's start-up script
// hands over through handoff.js only. Everything from the reader or from Python reaches the page
// through textContent and DOM APIs only.

import { linker } from "./dom.js";
import { ErrorSummary } from "./errors.js";
import { Form } from "./form.js";
import { formatBytes } from "./files.js";
import { releaseTheme } from "./handoff.js";
import { RESTORED, STAGE } from "./protocol.js";
import { renderResult } from "./result.js";
import { SavedAnswers } from "./storage.js";
import { WorkerClient } from "./worker-client.js";

// the size is measured from the built files at build time (generator/python/stdlib.py first_visit_bytes)
const downloadMb = document.querySelector('meta[name="tk-download-mb"]')?.content;
const STAGES = {
  [STAGE.runtime]: `Downloading and starting Python in your browser (${downloadMb ? `about ${downloadMb} MB, ` : ""}once)…`,
  [STAGE.calculators]: "Loading the calculators…",
  [STAGE.importing]: "Loading the calculators…",
};
const SETTLE_MS = 1500; // after ready, when no result has been asked for, see afterStart()

class Calculator {
  constructor(root) {
    this.root = root;
    this.id = root.dataset.calculator;
    this.href = linker(JSON.parse(root.dataset.links || "{}"));
    this.status = root.querySelector("[data-tk-status-text]");
    this.progress = root.querySelector("[data-tk-progress]");
    this.results = root.querySelector("[data-tk-results]");
    this.cancel = root.querySelector("[data-tk-cancel]");
    this.pending = null;
    root.tk = this; // lets tests and the browser console inspect the state
    this.form = new Form(root.querySelector("[data-tk-form]"), this.id, {
      submit: () => this.submit(),
      changed: (event) => {
        this.storage?.save();
        if (event.type === "change" && event.target.type === "radio") this.askFollowUps();
      },
    });
    this.errors = new ErrorSummary(root.querySelector("[data-tk-error-summary]"), this.form.form, this.id);
    this.cancel.addEventListener("click", () => this.crashed("You stopped the calculation."));
    if (root.hasAttribute("data-can-save")) this.storage = new SavedAnswers(this.form, this.id, (text) => this.say(text));
    this.client = new WorkerClient(this.id, Number(root.dataset.timeout || 30) * 1000, {
      progress: (message) => this.onProgress(message),
      ready: (message) => this.onReady(message),
      failed: (reason) => this.failed(reason),
      working: (message) => this.onWorking(message),
      result: (message) => this.onResult(message),
      crashed: (text) => this.crashed(text),
      timedOut: () => this.crashed(`The calculation took longer than ${Math.round(this.client.timeoutMs / 1000)} seconds, so it was stopped. ` +
        "For very large files, use the Python command line shown at the bottom of this page."),
    });
    this.startWorker();
  }

  get ready() { return this.client.ready; }
  get runId() { return this.client.runId; }

  // ---- the worker -------------------------------------------------------------------------
  startWorker() {
    this.setState("starting");
    this.say(STAGES[STAGE.runtime]);
    this.progress.hidden = false;
    this.progress.removeAttribute("value");
    return this.client.start();
  }

  onProgress(message) {
    if (this.state !== "starting") return; // a download still reporting after start-up failed
    // the calculators download while Python starts, and usually finish first: then say that
    // Python is still starting, rather than leave a full bar showing all the bytes
    if (message.total && message.loaded >= message.total) {
      this.progress.hidden = true;
      return this.say(STAGES[STAGE.runtime]);
    }
    let text = STAGES[message.stage] || "Getting ready…";
    if (message.loaded) text += ` ${formatBytes(message.loaded)}${message.total ? ` of ${formatBytes(message.total)}` : ""}`;
    this.say(text);
    if (message.total) { this.progress.max = message.total; this.progress.value = message.loaded; }
  }

  onReady(message) {
    performance.mark("tk-ready"); // user timing, read by bench/runtime.py
    this.settleTimer = setTimeout(() => this.afterStart(), SETTLE_MS);
    this.progress.hidden = true;
    this.setState("ready");
    this.say("The calculator is ready. Nothing you enter leaves your device.");
    this.root.dataset.readySeconds = message.seconds.toFixed(3);
    this.root.dataset.python = message.python === RESTORED ? "restored" : "started"; // from the build's snapshot, or not
    if (this.pending) { const values = this.pending; this.pending = null; this.send(values); } else this.askFollowUps();
  }

  // A long run between its steps: the bar shows how far it has got, and the words change at each
  // tenth (and at the end), so a screen reader, which hears the status, is not talked over.
  onWorking({ done, total, what }) {
    if (this.state !== "running" || !total) return;
    this.progress.hidden = false;
    this.progress.max = total;
    this.progress.value = done;
    const tenth = Math.floor((10 * done) / total);
    if (tenth !== this.saidTenth) { this.saidTenth = tenth; this.say(`Checked ${done} of ${total} ${what}`.trim()); }
  }

  onResult(message) {
    this.finish();
    this.root.dataset.runSeconds = message.seconds.toFixed(4);
    if (message.outcome.ok) { this.showResult(message.outcome.result); performance.mark("tk-result"); }
    else this.showErrors(message.outcome.errors);
    this.afterStart();
  }

  failed(reason) {
    this.afterStart();
    this.progress.hidden = true;
    this.setState("failed");
    this.say("The calculator could not start in your browser, so it cannot run here. " +
      "The guidance on this page still works. Try reloading the page, or use a recent version of Chrome, Edge, Firefox or Safari. " +
      `(Reason: ${reason})`);
  }

  crashed(text) {
    this.finish();
    this.client.stop();
    this.showErrors([{ field: null, message: `${text} Your inputs are kept. Try again, or try a smaller file.` }]);
    this.startWorker();
  }

  finish() {
    this.client.settle();
    this.cancel.hidden = true;
    if (this.state === "running") this.progress.hidden = true; // a long run's bar (see onWorking)
    this.form.busy(false);
  }

  send(values) {
    this.saidTenth = -1;
    this.setState("running");
    this.say("Calculating…");
    this.cancel.hidden = false;
    this.form.form.setAttribute("aria-busy", "true");
    this.client.run(values);
  }

  async submit() {
    this.errors.clear();
    let values;
    try {
      values = await this.form.values();
    } catch (error) {
      return this.showErrors([error]);
    }
    this.form.submitButton.disabled = true;
    if (!this.ready) {
      if (this.state === "failed") { this.finish(); return; }
      this.pending = values;
      this.say("The calculator is still getting ready. Your calculation will run as soon as it is.");
      return;
    }
    this.send(values);
  }

  // A follow-up question now on screen but still empty is fetched from the calculator at once.
  askFollowUps() {
    if (this.ready && this.state !== "running" && this.form.hasEmptyFollowUp()) this.submit();
  }

  // What the page holds back while Python starts, so that it does not compete for the CPU: the
  // theme's script and search index (see calculator-start.html) and the offline copy. It runs once
  // the first result is on screen, or SETTLE_MS after ready, or when Python cannot start.
  afterStart() {
    if (this.started) return;
    this.started = true;
    clearTimeout(this.settleTimer);
    letSearchGo();
    releaseTheme();
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

  showErrors(errors) {
    this.finish();
    this.results.hidden = true; // old results must not be read as the answer to the new inputs
    this.setState("errors");
    this.say("There is a problem with what was entered. Your inputs are kept.");
    this.errors.show(errors);
  }

  showResult(result) {
    this.errors.clear();
    this.setState("result");
    const figures = renderResult(this.results.querySelector("[data-tk-results-body]"), result, {
      calculator: this.id, href: this.href, form: this.form.form, saved: (key) => this.storage?.saved(key),
      notes: Object.values(this.form.notes),
      act: (a) => { if (this.form.set(a.input, a.value)) { this.storage?.save(); this.submit(); } },
    });
    this.results.hidden = false;
    this.root.classList.add("tk-calculator--results"); // the page gives the results its full width
    document.body.classList.add("tk-has-results");
    for (const figure of figures) figure.redraw(); // at the width the results now have
    this.say("Your results are ready below.");
    this.results.focus();
  }
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
