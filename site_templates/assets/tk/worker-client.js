// The page's side of the Python worker: takes over the worker the start-up script spawned (or
// spawns one), watches its start-up, sends runs and passes on only the answer to the latest run.
// The messages themselves are in protocol.js.

import * as msg from "./protocol.js";
import { spawn, takeEarlyWorker } from "./handoff.js";

const START_LIMIT_MS = 120000; // Python that has not started by then is reported as failed

// `on` holds what the calculator does with each thing the worker says:
//   progress(message), ready(message), failed(reason), working(message), result(message), crashed(text), timedOut()
// crashed(text) is given the page's own words; timedOut() when a run takes longer than timeoutMs.
export class WorkerClient {
  constructor(calculator, timeoutMs, on) {
    this.calculator = calculator;
    this.timeoutMs = timeoutMs;
    this.on = on;
    this.worker = null;
    this.ready = false;
    this.runId = 0;
  }

  // Starts (or takes over) a worker; true if one is starting.
  start() {
    this.ready = false;
    let events = [];
    try {
      const early = takeEarlyWorker(this.calculator); // Python has been starting since the page began to load
      if (early) ({ worker: this.worker, events } = early);
      else this.worker = spawn(this.calculator);
    } catch (error) {
      this.worker = null;
      this.on.failed(msg.reason(error));
      return false;
    }
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = (event) => this.error(event);
    clearTimeout(this.startTimer);
    this.startTimer = setTimeout(() => { if (!this.ready) this.fail("it took too long to start"); }, START_LIMIT_MS);
    for (const event of events) {
      if (event.type === "error") this.error(event);
      else this.receive(event.data);
    }
    return true;
  }

  error(event) {
    event.preventDefault();
    if (!this.ready) this.fail(event.message || "the worker could not start");
    else this.on.crashed("The calculator stopped working unexpectedly.");
  }

  fail(reason) {
    clearTimeout(this.startTimer);
    this.stop();
    this.on.failed(reason);
  }

  receive(message) {
    switch (message.type) {
      case msg.PROGRESS:
        if (!this.ready) this.on.progress(message);
        break;
      case msg.READY:
        clearTimeout(this.startTimer);
        this.ready = true;
        this.on.ready(message);
        break;
      case msg.FAILED:
        this.fail(message.message);
        break;
      case msg.WORKING: // a long run is alive and moving: it gets the whole watchdog time again
        if (message.id !== this.runId) break;
        this.arm();
        this.on.working(message);
        break;
      case msg.RESULT:
        if (message.id !== this.runId) break; // the answer to a run that was stopped
        this.settle();
        this.on.result(message);
        break;
      case msg.CRASHED:
        if (message.id === this.runId) this.on.crashed("The calculator hit a problem and was restarted.");
        break;
      default:
        break;
    }
  }

  run(values) {
    this.runId += 1;
    this.worker.postMessage(msg.run(this.runId, this.calculator, values));
    this.arm();
  }

  // The watchdog: a run that says nothing for timeoutMs is stopped.
  arm() {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => this.on.timedOut(), this.timeoutMs);
  }

  // No answer is awaited any more (it came, or the run was stopped).
  settle() { clearTimeout(this.watchdog); }

  stop() {
    this.settle();
    if (this.worker) this.worker.terminate();
  }

  // A fresh worker after a crash, a stop or a timeout; the form keeps what was entered.
  restart() {
    this.stop();
    return this.start();
  }
}
