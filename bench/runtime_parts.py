"""Where the calculator page's start-up time goes, against bare Pyodide, cold, in one run: the
same loads as bench/runtime.py, plus three pages in between, so that what the runtime costs is told
apart from what the guidance page around it costs.

- bare: a page that only calls loadPyodide() (bench/runtime.py's BARE);
- worker: a bare page whose module worker only calls loadPyodide() and posts "ready";
- calculator alone: the calculator page's own start-up script, calculator.js, tk.css and form, with
  no theme, navigation or guidance around it;
- page, bare worker: the calculator page as shipped, with its start-up script and calculator.js
  swapped for the "worker" page's script, so that it tells what the guidance page costs from what
  our worker and calculator.js cost;
- ours: the calculator page as shipped.

Each load also records the processor time Chromium used (bench.common.chromium_cpu, Linux), by
thread and process: on a machine with few cores, everything the page does beside Python's own
thread competes with it.

    python -m bench.runtime_parts [--runs 16]
"""
from __future__ import annotations

import argparse
import os
import re
import statistics

from bench import runtime as rt
from bench.common import CHROMIUM_ARGS, SiteServer, build_real_site, chromium_cpu, chromium_path, median, write

WORKER_PAGE = rt.BARE.replace("bare.mjs", "page.mjs")
WORKER_PAGE_JS = """const worker = new Worker(new URL("worker.mjs", import.meta.url), { type: "module" });
worker.onmessage = (event) => {
  if (event.data === "ready") {
    performance.mark("tk-ready");
    document.getElementById("state").textContent = "ready";
    document.getElementById("go").onclick = () => worker.postMessage("run");
  } else {
    window.result = event.data;
    document.getElementById("state").textContent = "result";
    performance.mark("tk-result");
  }
};
"""
WORKER_JS = """import { loadPyodide } from "../assets/pyodide/pyodide.mjs";
const pyodide = await loadPyodide();
self.onmessage = () => self.postMessage(pyodide.runPython("sum(range(10))"));
self.postMessage("ready");
"""
ALONE = "calculators/response-rate-alone/"
PAGE_BARE_WORKER = "calculators/response-rate-bare-worker/"


def calculator_alone(page: str) -> str:
    """The calculator page with only its head (meta tags, CSP, start-up script, calculator.js,
    tk.css) and its calculator block: no theme stylesheets or script, header, navigation or guidance."""
    head = re.sub(r'<link rel="(?:stylesheet|preload)"[^>]*href="[^"]*assets/(?:stylesheets|javascripts)/[^>]*>', "",
                  page[:page.index("</head>")])
    block = re.search(r'<div class="tk-calculator".*?</section>\n</div>', page, re.S)
    if not block:
        raise SystemExit("bench.runtime_parts: the calculator block (a div.tk-calculator ending with its results section) "
                         "is not where it was; update calculator_alone() to match site_templates/pages/calculator-form.html.")
    return head + '</head><body><main class="md-typeset">' + block.group(0) + "</main></body></html>"


def page_with_bare_worker(page: str) -> str:
    """The calculator page as shipped, with the bare worker of the "worker" page in place of ours:
    the inline start-up script goes, and calculator.js becomes the worker page's script."""
    start = re.search(r"<script>\s*\(\(\) => \{.*?tkStartup.*?</script>", page, re.S)
    ours = '<script type="module" async src="../../assets/tk/calculator.js"></script>'
    if not start or ours not in page:
        raise SystemExit("bench.runtime_parts: the calculator page's start-up script or calculator.js is not where it was; "
                         "update page_with_bare_worker() to match overrides/partials/calculator-start.html.")
    page = page.replace(start.group(0), "").replace(ours, '<script type="module" src="../../worker/page.mjs"></script>')
    return re.sub(r"(<body[^>]*>)", r'\1<p id="state">starting</p><button id="go">Run</button>', page, count=1)


def costed(load, page, base: str) -> tuple[float, float, dict | None]:
    """A load's ready and result marks, and the processor seconds Chromium used from its start to
    its first result, by group (None where it cannot be read)."""
    before = chromium_cpu()
    ready, result = load(page, base)
    after = chromium_cpu()
    return ready, result, ({k: round(after[k] - before[k], 3) for k in after} if before and after else None)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=16)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    site = build_real_site()
    for folder, files in (("bare", {"index.html": rt.BARE, "bare.mjs": rt.BARE_JS}),
                          ("worker", {"index.html": WORKER_PAGE, "page.mjs": WORKER_PAGE_JS, "worker.mjs": WORKER_JS})):
        (site / folder).mkdir()
        for name, text in files.items():
            (site / folder / name).write_text(text, encoding="utf-8")
    page = (site / rt.OURS / "index.html").read_text(encoding="utf-8")
    for folder, text in ((ALONE, calculator_alone(page)), (PAGE_BARE_WORKER, page_with_bare_worker(page))):
        (site / folder).mkdir()
        (site / folder / "index.html").write_text(text, encoding="utf-8")
    contenders = {"bare": rt.bare,
                  "worker": lambda p, base: rt.bare(p, base, "worker/"),
                  "calculator alone": lambda p, base: rt.ours(p, base, ALONE),
                  "page, bare worker": lambda p, base: rt.bare(p, base, PAGE_BARE_WORKER),
                  "ours": rt.ours}
    names = list(contenders)
    with SiteServer(site, "/toolkit/") as srv, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        marks = rt.cold_rounds(browser, {name: lambda page, load=load: costed(load, page, srv.url)
                                         for name, load in contenders.items()}, args.runs)
        browser.close()
    summary = {}
    for name in names:
        row = {}
        for i, metric in enumerate(("ready", "result")):
            ours_runs, bare_runs = [m[i] for m in marks[name]], [m[i] for m in marks["bare"]]
            row[f"{metric}_s"] = median(ours_runs)
            row[f"{metric}_ratio_to_bare"] = round(median(ours_runs) / median(bare_runs), 3)
            row[f"{metric}_paired_ratio_median"] = round(statistics.median(o / b for o, b in zip(ours_runs, bare_runs)), 3)
        if all(m[2] for m in marks[name]):
            row["cpu_s"] = {group: median([m[2][group] for m in marks[name]]) for group in marks[name][0][2]}
            row["cpu_s"]["total"] = median([sum(m[2].values()) for m in marks[name]])
        summary[name] = row
    result = {"runs": args.runs, "summary": summary, "raw": marks,
              "note": "Cold loads only (a fresh context each), medians of rounds in one session, the contenders in turn, "
              "loaded and timed as in bench/runtime.py. 'Within rounds' is the median of page / bare within each round. "
              "Processor seconds are read from Linux /proc in 10 ms ticks, for every Chromium process, from just before "
              f"navigation to the first result; the machine has {os.cpu_count()} cores. The window ends when the driver "
              "hears of the first result, so it also holds what a page does in those few milliseconds: on ours, the "
              "theme's script, which is held back until the first result, starts then."}
    write("runtime_parts", result)
    for name, row in summary.items():
        print(f"{name:18} ready {row['ready_s']:.3f} s ({row['ready_ratio_to_bare']:.3f} x bare)  "
              f"result {row['result_s']:.3f} s ({row['result_ratio_to_bare']:.3f} x bare)")
        for group, used in row.get("cpu_s", {}).items():
            print(f"{'':18} processor: {group:60} {used:.3f} s")
    return result


if __name__ == "__main__":
    main()
