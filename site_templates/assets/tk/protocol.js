// The messages between a calculator page and its Python worker: the one place their names and
// fields are written. The page (worker-client.js) and the worker (worker.js, a module worker)
// both import this module; nothing else names a message.
//
// The worker is told what to start in its name rather than by a message, so that Python starts
// before any message could arrive (messages wait while Pyodide's big script runs), and rather than
// in its address, which a service worker's cached copy does not keep. The page's start-up script
// (overrides/partials/calculator-start.html) writes that name, as JSON with the fields below; it
// cannot import a module, since it runs before the page is parsed.
//
//   worker name   {calculator, wheel, snapshot, snapshotBytes}   see startOptions()
//   page → worker run       {id, calculator, values}
//   worker → page progress  {stage, loaded, total}    while Python starts (loaded and total in bytes, if known)
//                 ready     {seconds, python}         seconds since the worker started; python: "restored" or "started"
//                 failed    {message}                 Python could not start
//                 working   {id, done, total, what}   during a long run, between its steps ("adverts": 120 of 500 done)
//                 result    {id, outcome, seconds}    outcome: {ok, result} or {ok: false, errors}
//                 crashed   {id, message}             a run failed outside the calculator's own checks

export const RUN = "run";
export const PROGRESS = "progress";
export const READY = "ready";
export const FAILED = "failed";
export const WORKING = "working";
export const RESULT = "result";
export const CRASHED = "crashed";

// What a progress message is about.
export const STAGE = Object.freeze({ runtime: "runtime", calculators: "calculators", importing: "importing" });

// How Python started: from the build's snapshot of its memory, or by itself.
export const RESTORED = "restored";
export const STARTED = "started";

export const run = (id, calculator, values) => ({ type: RUN, id, calculator, values });
export const progress = (stage, loaded = 0, total = 0) => ({ type: PROGRESS, stage, loaded, total });
export const ready = (seconds, restored) => ({ type: READY, seconds, python: restored ? RESTORED : STARTED });
export const failed = (message) => ({ type: FAILED, message });
export const working = (id, done, total, what) => ({ type: WORKING, id, done, total, what });
export const result = (id, outcome, seconds) => ({ type: RESULT, id, outcome, seconds });
export const crashed = (id, message) => ({ type: CRASHED, id, message });

// The worker's start options, read from its name (an empty name gives empty options).
export function startOptions(name) {
  const { calculator = null, wheel = null, snapshot = null, snapshotBytes = 0 } = JSON.parse(name || "{}");
  return { calculator, wheel, snapshot, snapshotBytes: Number(snapshotBytes) || 0 };
}

// An error as one line of plain text.
export const reason = (error) => String(error && error.message ? error.message : error);
