"""Checking a batch of job adverts: 500 adverts of 500 words each, on CPython and in the browser.

    python -m bench.advert_batch [--runs 3] [--adverts 500] [--words 500] [--no-browser]

Targets (medians): at most 10 s in the browser, from the click on Calculate to the results on
screen, with the 500 files chosen on the real batch page in headless Chromium; the page must stay
responsive throughout (the check runs in the worker). Recorded beside it: the worker's own time,
the progress messages the page showed, and the longest gap between the page's animation frames
while the batch ran (a responsive page draws a frame every 16 ms or so; a blocked one does not).

The adverts are the hand-written test adverts (bench.advert.corpus_text) cut into 500-word
pieces, each starting at a different line, so each advert has the mix of findings of a real one.
Writes bench/results/advert_batch.json.
"""
from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

from bench.advert import corpus_text
from bench.common import CHROMIUM_ARGS, SiteServer, build_real_site, chromium_path, median, write
from calculators.core.content import load_content
from calculators.core.spec import run
from calculators.job_advert.batch_spec import SPEC

ID = "job-advert-batch"
BROWSER_TARGET_SECONDS = 10.0

# In the page: the click on Calculate, each progress message the page shows, the results on screen
# (and the next frame), and the longest gap between animation frames from the click to the end.
TIMER = r"""() => {
  const root = document.querySelector('[data-calculator]');
  root.querySelector('[data-tk-submit]').addEventListener('click', () => {
    const b = window.tkBench = { clicked: performance.now(), shown: null, painted: null, progress: [], longestFrameGap: 0 };
    let last = performance.now();
    const frame = () => {
      const now = performance.now();
      b.longestFrameGap = Math.max(b.longestFrameGap, now - last);
      last = now;
      if (b.painted === null) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }, { capture: true });
  new MutationObserver(() => {
    const b = window.tkBench;
    if (!b || b.shown !== null) return;
    const text = root.querySelector('[data-tk-status-text]').textContent;
    if (/^Checked \d+ of/.test(text) && b.progress.at(-1) !== text) b.progress.push(text);
    if (root.dataset.state === 'running') { b.ran = true; return; }
    if (!b.ran) return;
    b.shown = performance.now();
    b.state = root.dataset.state;
    b.visible = !root.querySelector('[data-tk-results]').hidden;
    requestAnimationFrame(() => setTimeout(() => { b.painted = performance.now(); }, 0));
  }).observe(root, { attributes: true, childList: true, subtree: true, characterData: true });
}"""


def adverts(count: int, words: int) -> list[dict]:
    """`count` adverts of about `words` words each, cut from the test adverts at different lines."""
    lines = [line for line in corpus_text().splitlines()]
    out = []
    for n in range(count):
        start, taken, total = (n * 37) % len(lines), [], 0
        while total < words:
            line = lines[(start + len(taken)) % len(lines)]
            taken.append(line)
            total += len(line.split())
        out.append({"name": f"advert-{n + 1:03}.txt", "text": "\n".join(taken)})
    return out


def in_cpython(files: list[dict], runs: int) -> tuple[float, dict]:
    content, times, outcome = load_content(), [], {}
    value = json.dumps(files)
    for _ in range(runs):
        start = time.perf_counter()
        outcome = run(SPEC, {"adverts": value}, content)
        times.append(time.perf_counter() - start)
    assert outcome["ok"], outcome
    return median(times), outcome["result"]


def in_browser(files: list[dict], runs: int, expected_rows: int) -> dict:
    from playwright.sync_api import sync_playwright

    payload = [{"name": f["name"], "mimeType": "text/plain", "buffer": f["text"].encode("utf-8")} for f in files]
    with SiteServer(build_real_site(), "/toolkit/") as srv, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_context(service_workers="block").new_page()
        page.goto(srv.url + f"calculators/{ID}/")
        page.wait_for_function("() => ['ready', 'failed'].includes(document.querySelector('[data-calculator]').dataset.state)",
                               timeout=120000)
        page.set_input_files(f"#tk-{ID}-adverts", files=payload)
        page.evaluate(TIMER)
        total, worker, gaps, progress = [], [], [], []
        for n in range(runs + 1):  # the first run is untimed
            page.click(f"#tk-{ID} [data-tk-submit]")
            page.wait_for_function("() => window.tkBench && window.tkBench.painted !== null", timeout=300000)
            b = page.evaluate("() => window.tkBench")
            assert b["state"] == "result" and b["visible"], page.inner_text(f"#tk-{ID}")[:500]
            rows = page.locator(f"#tk-{ID} [data-tk-results] table").first.locator("tbody tr").count()
            assert rows == expected_rows, (rows, expected_rows)
            if n:
                total.append((b["painted"] - b["clicked"]) / 1000)
                worker.append(float(page.get_attribute("[data-calculator]", "data-run-seconds")))
                gaps.append(b["longestFrameGap"])
                progress.append(len(b["progress"]))
        agent = page.evaluate("() => navigator.userAgent")
        browser.close()
    seconds = median(total)
    return {"engine": re.search(r"(?:Headless)?Chrome/[\d.]+", agent).group(0), "seconds": seconds,
            "all_seconds": [round(t, 3) for t in total], "python_in_worker_seconds": median(worker),
            "longest_frame_gap_ms": round(max(gaps), 1), "progress_messages_shown": min(progress),
            "target_seconds": BROWSER_TARGET_SECONDS, "meets_target": seconds <= BROWSER_TARGET_SECONDS}


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--adverts", type=int, default=500)
    parser.add_argument("--words", type=int, default=500)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    files = adverts(args.adverts, args.words)
    seconds, result = in_cpython(files, args.runs)
    checked = len(next(t for t in result["tables"] if t["id"] == "adverts")["rows"])
    assert checked == args.adverts, (checked, args.adverts)
    words = [len(f["text"].split()) for f in files]
    return write("advert_batch", {
        "runs": args.runs, "unit": "seconds (median)",
        "batch": {"adverts": args.adverts, "median_words": median(words), "bytes": sum(len(f["text"].encode()) for f in files),
                  "findings": sum(len(t["rows"]) for t in result["tables"] if t["id"].startswith("advert-")),
                  "result_json_bytes": len(json.dumps(result, ensure_ascii=False).encode())},
        "cpython": {"seconds": seconds, "per_advert_ms": round(1000 * seconds / args.adverts, 2)},
        "browser": "skipped: --no-browser" if args.no_browser else in_browser(files, args.runs, checked),
    })


if __name__ == "__main__":
    main()
