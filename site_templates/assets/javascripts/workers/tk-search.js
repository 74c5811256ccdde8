// On calculator pages the theme starts its search worker through this file: generator/site/theme_gate.py
// points the page's theme configuration here and writes the theme worker's name below. Building
// the search index takes a few hundred milliseconds of CPU, which would slow Python's start on a
// device with few cores, so this holds the build back until the calculator page says "go": once
// Python has started (or could not), or when the reader goes to the search box. It asks for the go
// when it starts, as the page may have given it before this worker existed; after 15 seconds it
// goes whatever happens (so a lost "go" costs no more than that). Then it loads the theme's own
// worker and hands it the messages that arrived meanwhile. It sits beside the theme's worker so
// that the theme's relative paths (its language files in ../lunr) mean the same here.
const THEME_WORKER = "__TK_SEARCH_WORKER__";
const queue = [];
let started = false;
let gate = null;

function start() {
  if (started) return;
  started = true;
  if (gate) gate.close();
  self.removeEventListener("message", hold);
  importScripts(THEME_WORKER);
  for (const data of queue) self.dispatchEvent(new MessageEvent("message", { data }));
}

function hold(event) {
  queue.push(event.data);
  if (event.data && event.data.type !== 0) start(); // anything after set-up is a search: go now
}

self.addEventListener("message", hold);
if (self.BroadcastChannel) {
  gate = new BroadcastChannel("tk-search");
  gate.onmessage = (event) => { if (event.data === "go") start(); };
  gate.postMessage("ask");
  setTimeout(start, 15000);
} else {
  start();
}
