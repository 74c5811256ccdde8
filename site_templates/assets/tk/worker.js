// The calculator worker: runs Python (Pyodide, self-hosted) off the main thread. A module worker:
// the messages it exchanges with the page, and the start options in its name, are in protocol.js.
// It starts Python and the calculator its name gives as soon as it runs, then answers "run" messages.

const RUNTIME = new URL("../pyodide/", import.meta.url).href;
// The protocol is imported without holding the worker back: a static import would be fetched
// before any of this script runs, and so before the downloads below begin. Everything that
// speaks to the page waits for it.
let msg = null; // protocol.js, once it is here
const protocol = import("./protocol.js").then((module) => (msg = module));
const options = protocol.then(() => msg.startOptions(self.name));
let bridge = null;
const WORKING_MS = 100; // the most often a long run tells the page how far it has got

const post = (message) => self.postMessage(message);
const PROGRESS_EVERY_MS = 500;

async function fetchWheel(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`The calculators file could not be loaded (${url.split("/").pop()}, HTTP ${response.status}).`);
  const total = Number(response.headers.get("Content-Length")) || 0;
  const reader = response.body.getReader();
  const chunks = [];
  let loaded = 0;
  let said = performance.now(); // a download quicker than that shows no bytes
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    // at most every half second: each message changes the page (its work competes with Python's
    // start) and is read out by screen readers
    if (performance.now() - said >= PROGRESS_EVERY_MS) {
      said = performance.now();
      post(msg.progress(msg.STAGE.calculators, loaded, total));
    }
  }
  post(msg.progress(msg.STAGE.calculators, loaded, total));
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) { bytes.set(chunk, offset); offset += chunk.length; }
  return bytes;
}

// loadPyodide waits forever when one of its files is missing, so watch the runtime's own
// fetches (no extra request) and fail at the first HTTP error or network failure.
let runtimeFailed = () => {};
const runtimeFailure = new Promise((_, reject) => { runtimeFailed = reject; });
const realFetch = globalThis.fetch.bind(globalThis);

// The wasm and the standard library are asked for at once, when the worker starts, and handed to
// Pyodide when it asks for them (each is downloaded once): so they download while the worker decides
// whether to fetch Python's snapshot (chooseSnapshot), and their bytes as they arrive tell it how
// fast the connection is.
const WASM = RUNTIME + "pyodide.asm.wasm";
const STDLIB = RUNTIME + "python_stdlib.zip";
const early = new Map();
let arrived = 0; // bytes of the early downloads so far
let firstByteAt = null;
const counted = new Set(); // the responses handed to Pyodide, which stand for the early downloads
for (const url of [WASM, STDLIB]) {
  const response = realFetch(url).then((got) => {
    if (!got.ok || !got.body) return got;
    firstByteAt ??= performance.now();
    const [mine, theirs] = got.body.tee();
    (async () => {
      const reader = mine.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        arrived += value.length;
      }
    })().catch(() => {});
    const handed = new Response(theirs, { status: got.status, statusText: got.statusText, headers: got.headers });
    counted.add(handed);
    return handed;
  });
  response.catch(() => {}); // reported when Pyodide asks for it
  early.set(url, response);
}

// Pyodide fetches its own files (above, the wasm and the standard library were asked for early).
// loadPyodide() asks for them and the lock file at once, and compiles the wasm only once its big
// script has run (as on a bare page).
// The wasm's compile is watched, so that a damaged file or a host with the wrong media type is handled.
const instantiateStreaming = WebAssembly.instantiateStreaming.bind(WebAssembly);
WebAssembly.instantiateStreaming = async (source, imports) => {
  const response = await source;
  if (response.url !== WASM && !counted.has(response)) return instantiateStreaming(response, imports);
  // streaming needs the right media type; a host that sends another one gets a plain compile
  const streams = (response.headers.get("Content-Type") || "").startsWith("application/wasm");
  try {
    return await (streams ? instantiateStreaming(response, imports) : WebAssembly.instantiate(await response.arrayBuffer(), imports));
  } catch (error) {
    runtimeFailed(new Error("a file of the Python runtime is damaged (pyodide.asm.wasm)"));
    throw error;
  }
};
// The same module URLs Pyodide imports, so its own import() finds them loaded. Both are asked for
// at once (Pyodide alone would ask for the big one only once its loader has run and been called).
const load = (name) => import(RUNTIME + name).catch(() => {
  throw new Error(`a script of the Python runtime could not be loaded (${name})`);
});
const loader = load("pyodide.mjs");
const script = load("pyodide.asm.mjs");

globalThis.fetch = async (input, init) => {
  const url = String(input.url || input);
  const name = url.split("/").pop();
  let response;
  try {
    const first = early.get(url);
    early.delete(url); // handed over once; a second request is a real one
    response = await (first || realFetch(input, init));
  } catch (error) {
    runtimeFailed(new Error(`a file of the Python runtime could not be downloaded (${name})`));
    throw error;
  }
  if (!response.ok) runtimeFailed(new Error(`a file of the Python runtime is missing (${name}, HTTP ${response.status})`));
  return response;
};

// Python starts as soon as its loader is here, without waiting for the big script or for the
// page. So the wasm downloads while the big script compiles, as it does on a bare page (asking for it
// only once the script had run left the download on the critical path, and Python began later).
//
// Python's snapshot is its memory saved at build time (generator/snapshot.mjs), once it had started,
// imported the calculators and warmed them. Restoring it skips all of that, most of the start-up.
// Without it (a build that made none, or a snapshot that is missing, damaged or from another
// build), Python starts itself: slower, with the same results.
//
// The snapshot is the largest file on a first visit, so it is fetched only when that pays off: when
// it is in the browser's cache already (the service worker keeps it after a first visit), or when
// the connection is fast enough to bring it in less time than it saves (SNAPSHOT_PAYS_MS, the
// processor time a restore saves on a start, measured in BENCHMARKS.md). Otherwise Python starts
// itself, and the service worker fetches the snapshot in the background for the next visit.
// The speed is taken from the bytes of the wasm and the standard library as the worker sees them:
// unzipped, where a host gzips the wasm (more than went over the wire), while the two share the
// connection (each less than it could carry); the two errors roughly cancel. BENCHMARKS.md checks
// the choice served as GitHub Pages serves it: Python started itself at 10 and 40 Mbit/s and
// restored the snapshot at 100 Mbit/s and unthrottled. A slower processor than this machine's
// would gain more from the snapshot than this budget allows for.
const SNAPSHOT_PAYS_MS = 700;
const MEASURE_BYTES = 512 * 1024; // how much of the early downloads tells the speed
const MEASURE_MS = 400; // or at most this long after their first byte

async function cachedSnapshot(url) {
  try { // only the browser's caches (the service worker's, then its HTTP cache): no download
    const response = await realFetch(url, { cache: "only-if-cached", mode: "same-origin" });
    return response.ok ? response : null;
  } catch {
    return null;
  }
}

async function bytesPerMs() {
  const began = performance.now();
  while (arrived < MEASURE_BYTES) {
    const since = firstByteAt === null ? 0 : performance.now() - firstByteAt;
    if (since >= MEASURE_MS || performance.now() - began > 10000) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const seconds = firstByteAt === null ? Infinity : Math.max(performance.now() - firstByteAt, 1);
  return arrived / seconds;
}

async function chooseSnapshot(url, snapshotBytes) {
  if (!url) return null;
  const cached = await cachedSnapshot(url);
  if (cached) return cached;
  const rate = await bytesPerMs();
  const wouldTakeMs = snapshotBytes / rate;
  if (!(wouldTakeMs <= SNAPSHOT_PAYS_MS)) {
    console.info(`Starting Python without its snapshot on this first visit: at about ${Math.round(rate * 8 / 1000)} Mbit/s `
                 + `it would take ${Math.round(wouldTakeMs)} ms to download, more than it saves.`);
    return null;
  }
  return realFetch(url); // not the watched fetch: a missing snapshot is not fatal
}

async function readSnapshot(response) {
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  // gzip checks its own length and checksum, so a damaged or cut-short file fails here
  // (anything else Pyodide refuses when it restores it)
  return new Uint8Array(await new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
}

// Every visitor restores the same memory, so Python's random numbers would be the same for all:
// reseed them from the browser's entropy at once, as other users of snapshots do.
function reseed(pyodide) {
  const seed = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join("");
  pyodide.runPython(`import random; random.seed(int("${seed}", 16)); del random`);
}

async function startPython(snapshotUrl, snapshotBytes, wheelPath) {
  const chosen = chooseSnapshot(snapshotUrl, snapshotBytes);
  const { loadPyodide } = await loader;
  let snapshot = null;
  try {
    const response = await chosen;
    snapshot = response && readSnapshot(response);
  } catch (error) {
    snapshot = Promise.reject(error);
  }
  snapshot?.catch(() => {}); // reported below
  if (snapshot) {
    try {
      const pyodide = await loadPyodide({ indexURL: RUNTIME, _loadSnapshot: snapshot });
      if (!pyodide.runPython(`import sys; ${JSON.stringify(wheelPath)} in sys.path`)) throw new Error("it was made with another wheel");
      reseed(pyodide);
      return { pyodide, restored: true };
    } catch (error) {
      console.warn(`Starting Python without its snapshot (${snapshotUrl.split("/").pop()}): ${error && error.message}`);
    }
  }
  return { pyodide: await loadPyodide({ indexURL: RUNTIME }), restored: false };
}

// A pure-Python wheel is a zip that Python can import from as it is (zipimport), which is quicker
// than unpacking it; the calculators read their data through their own loader. A restored snapshot
// has it on sys.path at this very path already.
const wheelPath = (url) => `/tmp/${String(url).split("/").pop()}`;
const python = Promise.race([options.then(({ snapshot, snapshotBytes, wheel }) =>
  Promise.all([startPython(snapshot, snapshotBytes, wheelPath(wheel)), script])).then(([started]) => started), runtimeFailure]);
python.catch(() => {}); // reported by start()

async function start() {
  const { calculator, wheel: url } = await options;
  const WHEEL_PATH = wheelPath(url);
  post(msg.progress(msg.STAGE.runtime));
  const wheel = fetchWheel(url); // in parallel with the runtime
  wheel.catch(() => {});
  const { pyodide, restored } = await python;
  post(msg.progress(msg.STAGE.importing));
  pyodide.FS.writeFile(WHEEL_PATH, await wheel);
  if (!restored) pyodide.pyimport("sys").path.insert(0, WHEEL_PATH);
  bridge = pyodide.pyimport("calculators.core.bridge");
  // seconds since this worker started; how Python started, for tests and whoever maintains the site
  post(msg.ready(performance.now() / 1000, restored));
  try { bridge.warm(calculator); } catch { /* warming is only a head start */ }
}

// Python and the calculator start at once, from the name; runs wait for them. Without the
// protocol there is no message to say why: the error is thrown, and the page sees the worker fail.
const starting = start().catch((error) => {
  if (msg) post(msg.failed(msg.reason(error)));
  else setTimeout(() => { throw new Error(`a script of the calculator could not be loaded (protocol.js: ${error && error.message})`); });
});

self.onmessage = async (event) => {
  const message = event.data;
  await starting;
  if (message.type !== msg.RUN) return;
  if (!bridge) return post(msg.crashed(message.id, "The calculator is not ready."));
  const began = performance.now();
  let said = 0; // a long run says how far it has got between its steps, at most every WORKING_MS
  const working = (done, total, what) => {
    const now = performance.now();
    if (done < total && now - said < WORKING_MS) return;
    said = now;
    post(msg.working(message.id, done, total, what));
  };
  try {
    const outcome = JSON.parse(bridge.run_json(message.calculator, JSON.stringify(message.values), working));
    post(msg.result(message.id, outcome, (performance.now() - began) / 1000));
  } catch (error) {
    post(msg.crashed(message.id, msg.reason(error)));
  }
};
