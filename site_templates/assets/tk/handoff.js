// The one hand-off from the page's start-up script (overrides/partials/calculator-start.html) to
// the calculator modules: the global self.tkStartup, read here once and removed. Its fields:
//
//   calculator     the id of the page's calculator (its tk-calculator meta)
//   worker         the worker the start-up script spawned at the top of <head>, or null if it could not
//   events         what that worker has sent so far (MessageEvents, and ErrorEvents if it failed)
//   spawn(id)      a new worker for calculator `id`, started exactly as the first (after a crash or timeout)
//   releaseTheme() lets the theme's script run; the start-up script holds it back while Python starts
//
// Nothing else passes between the two. Without the start-up script (a page that lost it), the
// calculator says that it could not start, and the theme is not held back.

const given = self.tkStartup || null;
delete self.tkStartup;

// The early worker and its events, once, for the calculator it was started for; then null.
export function takeEarlyWorker(calculator) {
  if (!given || !given.worker || given.calculator !== calculator) return null;
  const early = { worker: given.worker, events: given.events };
  given.worker = null;
  return early;
}

export function spawn(calculator) {
  if (!given) throw new Error("the page's start-up script did not run");
  return given.spawn(calculator);
}

export function releaseTheme() {
  if (given) given.releaseTheme();
}
