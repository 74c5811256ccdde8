"""Write BENCHMARKS.md from bench/results/*.json: the machine, the date of each run, medians and
ratios, targets against measured figures, and how to reproduce them. Only figures that a
benchmark wrote are shown; nothing is estimated here.

    python -m bench.report
"""
from __future__ import annotations

import json
from pathlib import Path

from bench.common import SPEED_LOOP
from bench.runtime import FIRST_VISIT_MS

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = PROJECT / "bench" / "results"
OUTPUT = PROJECT / "BENCHMARKS.md"

TITLES = {
    "build": "Build time and scaling",
    "runtime": "Calculator runtime start-up, against bare Pyodide",
    "runtime_parts": "Where cold start-up time goes: the runtime, the calculator, the page around it",
    "representation": "Representation gap calculator throughput",
    "saydo": "Say/do gap calculator throughput",
    "pay_gap": "Class pay gap calculator throughput",
    "advert": "Job-advert checker throughput",
    "advert_batch": "Job adverts checked as a batch (500 of 500 words)",
    "advert_quality": "Job-advert checker: precision and recall on labelled adverts",
    "lighthouse": "Lighthouse (mobile preset)",
    "lighthouse-desktop": "Lighthouse (desktop preset)",
    "html-validity": "Valid HTML (Nu Html Checker)",
    "external-links": "Links",
}
ORDER = list(TITLES)
SKIP_KEYS = {"machine", "note", "raw", "all_seconds", "raw_seconds", "links", "disagreements", "measured"}


def fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value).replace("|", "\\|")


def table(header: list[str], rows: list[list]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(fmt(c) for c in row) + " |" for row in rows]
    return out + [""]


def flatten(obj, prefix: str = "") -> list[tuple[str, object]]:
    """Every scalar figure in a result, by its path (lists of dicts by index, long lists skipped)."""
    rows = []
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key in SKIP_KEYS:
                continue
            rows += flatten(value, f"{prefix}{key}" if not prefix else f"{prefix} › {key}")
    elif isinstance(obj, list):
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in obj) and 0 < len(obj) <= 8:
            rows.append((prefix, ", ".join(fmt(v) for v in obj)))
        elif all(isinstance(v, dict) for v in obj):
            for i, value in enumerate(obj[:30]):
                label = value.get("label") or value.get("name") or value.get("advert") or str(i + 1)
                rows += flatten({k: v for k, v in value.items() if k not in ("label", "name")}, f"{prefix} › {label}")
        elif obj and all(isinstance(v, str) for v in obj) and len(obj) <= 5:
            rows.append((prefix, "; ".join(obj)))
    elif isinstance(obj, (int, float, bool)) or (isinstance(obj, str) and len(obj) <= 120):
        rows.append((prefix, obj))
    return rows


def targets(obj, prefix: str = "") -> list[list]:
    """Rows of (figure, measured, target, met) wherever a result states its own target."""
    rows = []
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key.startswith("target_") and isinstance(value, (int, float)):
                base = key[len("target_"):]
                measured = next((obj[k] for k in (base, f"median_{base}", f"median_{base}_s") if isinstance(obj.get(k), (int, float))), None)
                if measured is not None:
                    met = obj.get("meets_target", measured <= value)
                    rows.append([prefix or "(whole run)", f"{fmt(measured)} {base}", f"≤ {fmt(value)}", met])
            elif isinstance(value, dict):
                rows += targets(value, f"{prefix} › {key}" if prefix else key)
    return rows


def uniform(obj) -> bool:
    """A dict of at least two dicts with the same scalar keys: best shown as one table."""
    if not isinstance(obj, dict) or len(obj) < 2 or not all(isinstance(v, dict) and v for v in obj.values()):
        return False
    keys = [tuple(v) for v in obj.values()]
    return len(set(keys)) == 1 and all(not isinstance(x, (dict, list)) for v in obj.values() for x in v.values())


def generic(data: dict) -> list[str]:
    """Scalars as a figure/value table; every dict of like dicts (categories, sizes...) as its own table."""
    out, scalars = [], []

    def walk(obj, prefix):
        if uniform(obj):
            first = next(iter(obj.values()))
            out.extend([f"**{prefix}**", ""] + table([""] + [k.replace("_", " ") for k in first],
                                                     [[name] + list(v.values()) for name, v in obj.items()]))
        elif (isinstance(obj, list) and len(obj) > 1 and all(isinstance(v, dict) for v in obj)
              and len({tuple(v) for v in obj}) == 1 and all(not isinstance(x, (dict, list)) for v in obj for x in v.values())):
            out.extend([f"**{prefix}**", ""] + table([k.replace("_", " ") for k in obj[0]], [list(v.values()) for v in obj[:40]]))
        elif isinstance(obj, dict):
            for key, value in obj.items():
                if key not in SKIP_KEYS:
                    walk(value, f"{prefix} › {key}" if prefix else key)
        else:
            scalars.extend(flatten(obj, prefix))

    walk(data, "")
    return (table(["figure", "value"], [[p, v] for p, v in scalars]) if scalars else []) + out


# ---- sections for results whose shape is known ---------------------------------------------------
def runtime_section(data: dict) -> list[str]:
    rows = [[k.replace("_", " "), v["ours_s"], v["bare_s"], v["ratio"], v.get("paired_ratio_median", ""),
             v.get("paired_ratio_quartiles", ""), v.get("paired_ratio_90ci", ""),
             v.get("as_shipped_s"), v.get("ratio_vs_as_shipped"), v.get("started_s"), v.get("started_ratio"),
             v.get("started_paired_ratio_median")] for k, v in data["summary"].items()]
    target = next(iter(data["summary"].values())).get("target_ratio", 1.1)
    out = [f"Medians of {data['runs']} rounds; in each round every page loads once, in turn. *ready* is navigation to "
           "the calculator being ready; *result* adds the first calculation (both from the page's own User Timing "
           "marks, `tk-ready` and `tk-result`); *wasm requested* is when the page (or its worker) asks for "
           "`pyodide.asm.wasm`, seen by the test driver, which shows how long the chain of files before Python takes. "
           "Each load starts in a new window (an empty cache for cold loads) that has been left to settle on a blank page "
           "first, as a reader's browser is already open; the reader clicks the moment the page is ready (the click is "
           "made inside the page, so the driver's round trip is not counted); the driver waits for the marks without "
           f"polling the page. *Warm* loads use a browser profile that has visited the page once, staying {FIRST_VISIT_MS // 1000} seconds "
           "after its first result as a reader would: Chromium keeps a wasm module's optimised code for the next visit "
           "only once a page has run long enough to optimise it and a couple of seconds have passed (a first visit "
           "closed at once leaves nothing, and warm loads then take as long as cold ones).", "",
           "*Bare* is a page that only calls `loadPyodide()` on the same files as ours, so ours / bare is what our page "
           "adds. *As shipped* is the same bare page on Pyodide's files exactly as the npm package ships them: its "
           "standard library is source, which Python compiles in the browser as it starts; the site ships the modules "
           "Python needs precompiled (`generator/python/stdlib.py`). *Ours, Python started* is our page less the address of "
           "Python's snapshot, so its worker starts Python itself (as on a site built without a snapshot): it shows "
           "what the snapshot is worth. Target: ours / bare Pyodide at most "
           f"{target}, cold and warm.", ""]
    out += ["*ours / bare* divides the two medians. Within each round the two loads are next to each other in time, "
            "so the ratio of each round's pair is also given: its median, its quartiles (how much of a ratio is the "
            "machine's noise) and a 90% bootstrap interval for that median.", ""]
    out += table(["measure", "ours (s)", "bare, same files (s)", "ours / bare", "within rounds: median",
                  "within rounds: quartiles", "within rounds: median's 90% interval",
                  "bare, as shipped (s)", "ours / as shipped", "ours, Python started (s)", "started / bare",
                  "started / bare within rounds"], rows)
    if "stdlib_bytes" in data:
        b = data["stdlib_bytes"]
        out += [f"Standard library: {fmt(b['shipped'])} bytes as the site ships it, {fmt(b['as_pyodide_ships_it'])} "
                "as Pyodide ships it.", ""]
    out += ["Page weights (bytes transferred, as measured in the browser):", ""]
    out += table(["page", "total bytes", "requests", "of which Pyodide, wheel and snapshot"],
                 [[k, v["total"], v["requests"], v["pyodide"]] for k, v in data["bytes"].items()])
    out.append(f"Calculators wheel: {fmt(data['wheel_bytes'])} bytes.")
    if "snapshot_bytes" in data:
        b = data["snapshot_bytes"]
        out += ["", f"Python's snapshot: {fmt(b['gzipped'])} bytes gzipped, {fmt(b['memory'])} bytes of memory."]
    files = data["bytes"].get("calculator page (cold)", {}).get("files")
    if files:
        out += ["", "A first visit to a calculator page on a fast connection (this machine's loopback, where the worker "
                "fetches Python's snapshot), bytes of each of Python's files on the wire, as GitHub Pages serves them "
                "(gzip for scripts, JSON and wasm; the zip, the wheel and the snapshot as they are):", ""]
        out += table(["file", "bytes on the wire"], [[name, size] for name, size in sorted(files.items(), key=lambda kv: -kv[1])]
                     + [["total", sum(files.values())]])
    if data.get("network"):
        out += ["", f"Cold first visits by connection speed (Chromium's emulation, {data['network_latency_ms']} ms latency; "
                f"medians of {data['network_runs']} rounds at each throttled speed and {data['runs']} unthrottled, seconds "
                "to ready, megabytes received on the wire). On a first visit the worker fetches Python's snapshot only when "
                "the connection is fast enough for it to pay (`assets/tk/worker.js`, `SNAPSHOT_PAYS_MS`); otherwise Python "
                "starts itself and the service worker keeps the snapshot for the next visit. *Within rounds* is the "
                "median of each round's ratio, with its 90% bootstrap interval.", ""]
        rows = []
        for speed, r in data["network"].items():
            rows.append([speed, r["ours_ready_s"], r.get("ours_mb"), r["started_ready_s"], r["bare_ready_s"], r.get("bare_mb"),
                         r["stock_ready_s"], r.get("stock_mb"), r["ratio_vs_bare"],
                         f"{r.get('vs_bare_paired_ratio_median', '')} ({r.get('vs_bare_paired_ratio_90ci', '')})",
                         r["ratio_vs_as_shipped"],
                         f"{r.get('vs_as_shipped_paired_ratio_median', '')} ({r.get('vs_as_shipped_paired_ratio_90ci', '')})"])
        out += table(["connection", "ours: ready", "ours: MB", "ours, Python started: ready", "bare: ready", "bare: MB",
                      "bare as shipped: ready", "as shipped: MB", "ours / bare", "within rounds (90%)",
                      "ours / as shipped", "within rounds (90%)"], rows)
        over = {speed: r for speed, r in data["network"].items()
                if r.get("first_visit_mb") and r.get("target_first_visit_mb") and r["first_visit_mb"] > r["target_first_visit_mb"]}
        if over:
            within = [f"{speed} ({r['first_visit_mb']} MB)" for speed, r in data["network"].items() if speed not in over]
            target = next(iter(over.values()))["target_first_visit_mb"]
            out += ["", f"Shortfall, first-visit bytes (target at most {target} MB): met where the worker starts Python "
                    f"itself ({', '.join(within) or 'nowhere'}), not where it fetches the snapshot because that is quicker ("
                    + ", ".join(f"{speed}: {r['first_visit_mb']} MB" for speed, r in over.items()) + "). There, a page "
                    "that started Python itself would be within the bytes but ready in "
                    + ", ".join(f"{round(r['started_ready_s'] / r['bare_ready_s'], 2)} of bare's time ({speed})" for speed, r in over.items())
                    + ", against the target of 0.8; the two targets cannot both be met with a snapshot this size. Tried to "
                    "shrink it: dropping the line cache and garbage before saving (about 0.5% smaller); filling the heap's "
                    "free space with zeros first (the memory grew and the file with it); gzip is already at level 9, the "
                    "strongest that browsers unzip themselves (`DecompressionStream` has no Brotli in this Chromium). "
                    "Timings come from a shared, noisy 2-core machine, with modest rounds: read ratios within rounds."]
        return out
    return out + [""]


def runtime_parts_section(data: dict) -> list[str]:
    summary = data["summary"]
    out = table(["page", "ready (s)", "ready / bare", "within rounds", "first result (s)", "result / bare", "within rounds"],
                 [[name, r["ready_s"], r["ready_ratio_to_bare"], r["ready_paired_ratio_median"], r["result_s"],
                   r["result_ratio_to_bare"], r["result_paired_ratio_median"]] for name, r in summary.items()])
    costed = [name for name, r in summary.items() if "cpu_s" in r]
    if costed:
        out += ["Processor seconds used from navigation to the first result (medians):", ""]
        groups = list(summary[costed[0]]["cpu_s"])
        out += table(["Chromium's threads and processes"] + costed,
                     [[group] + [summary[name]["cpu_s"][group] for name in costed] for group in groups])
    return out


def build_section(data: dict) -> list[str]:
    rows = data.get("rows", [])
    out = []
    if rows:
        keys = [k for k in rows[0] if k != "label"]
        out += table(["content"] + [k.replace("_", " ") for k in keys], [[r.get("label")] + [r.get(k) for k in keys] for r in rows])
    rest = {k: v for k, v in data.items() if k not in ("rows", "machine", "note")}
    out += table(["figure", "value"], [[p, v] for p, v in flatten(rest)])
    return out


def lighthouse_section(data: dict) -> list[str]:
    cats = ["performance", "accessibility", "best-practices", "seo"]
    out = [f"Lighthouse {data.get('lighthouse')}, {data['runs']} runs per page, {data['preset']} preset "
           f"({data.get('browser', '')}). Scores are per run, in order.", ""]
    rows = []
    for name, page in data["pages"].items():
        rows.append([name] + [", ".join(fmt(s) for s in page["scores"][c]) for c in cats])
    out += table(["page"] + cats, rows)
    metric_names = sorted({m for p in data["pages"].values() for m in p["metrics_median"]})
    out += ["Median metrics (simulated throttling):", ""]
    out += table(["page"] + metric_names, [[n] + [p["metrics_median"].get(m, "") for m in metric_names] for n, p in data["pages"].items()])
    out += table(["category", "budget", "met on every page and run", "same score in every run", "enforced in tests"],
                 [[c, b["budget"], b["met_on_every_page_and_run"], b["stable_on_every_page"], b["enforced_in_tests"]]
                  for c, b in data["budgets"].items()])
    failing = sorted({(a[0], a[1], a[2]) for p in data["pages"].values() for a in p["failing_audits"]})
    if failing:
        out += ["Audits that did not score fully on some page:", ""]
        out += [f"- {c}: `{a}` ({t})" for c, a, t in failing] + [""]
    return out


def validity_section(data: dict) -> list[str]:
    out = table(["pages checked", "errors", "warnings", "unexplained warnings"],
                [[data["pages"], data["errors"], data["warnings"], data["unexplained_warnings"]]])
    for reason, count in data.get("warnings_by_reason", {}).items():
        out.append(f"- {count} warnings: {reason}")
    return out + [""]


def links_section(data: dict) -> list[str]:
    return table(["pages", "internal links checked", "broken", "distinct external links (listed, not fetched)"],
                 [[data["pages"], data["internal_links_checked"], data["broken_internal_links"], data["external_links"]]])


SECTIONS = {"runtime": runtime_section, "runtime_parts": runtime_parts_section, "build": build_section, "lighthouse": lighthouse_section,
            "lighthouse-desktop": lighthouse_section, "html-validity": validity_section, "external-links": links_section}


def section(name: str, data: dict) -> list[str]:
    title = TITLES.get(name, name.replace("_", " ").capitalize())
    date, speed = data.get("machine", {}).get("date"), data.get("machine", {}).get("speed_reference_s")
    out = [f"## {title}", "", f"`bench/results/{name}.json`" + (f", measured {date}" if date else "")
           + (f" (the machine's speed reference: {speed} s, see Machine)" if speed else "") + ".", ""]
    try:
        out += SECTIONS[name](data) if name in SECTIONS else generic(data)
    except (KeyError, TypeError, IndexError):  # a benchmark changed its shape: show its figures as they are
        out += table(["figure", "value"], [[p, v] for p, v in flatten(data)])
    if data.get("note"):
        out += [f"Note: {data['note']}", ""]
    return out


def render() -> str:
    results = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(RESULTS.glob("*.json"))}
    names = [n for n in ORDER if n in results] + sorted(n for n in results if n not in ORDER)
    machines = {json.dumps({k: v for k, v in r["machine"].items() if k not in ("date", "speed_reference_s")}, sort_keys=True)
                for r in results.values() if "machine" in r}
    dates = sorted(r["machine"]["date"] for r in results.values() if "machine" in r)
    out = ["# Benchmarks", "",
           "Generated by `python -m bench` (or `make bench`) from `bench/results/*.json`; do not edit by hand. "
           "Every figure below was measured by a script in `bench/` or by the quality tests in `tests/quality/`.", "",
           "## How to reproduce", "",
           "```sh",
           "make bench                          # every benchmark, then this report (about 20 minutes on 2 cores)",
           ".venv/bin/python -m bench --only runtime lighthouse   # some benchmarks, then this report",
           ".venv/bin/python -m bench.report    # only rewrite this report from bench/results/",
           "make lighthouse                     # Lighthouse alone (3 runs per page)",
           "make test                           # the gates: axe, keyboard, reflow, Nu Html Checker, links, Lighthouse budgets",
           "```", "",
           "The HTML validity and link figures are written by `make test` (tests/quality). Timings come from a shared, "
           "noisy machine: compare ratios and orders of magnitude rather than milliseconds.", "",
           "## Machine", ""]
    for m in sorted(machines):
        out += [f"- {', '.join(f'{k}: {v}' for k, v in json.loads(m).items())}"]
    if dates:
        out += [f"- runs between {dates[0]} and {dates[-1]}"]
    out += ["", "Each result also records the machine's *speed reference*: the seconds a fixed pure-Python loop of "
            f"{SPEED_LOOP:,} additions takes (`bench/common.py`). This machine is shared and its speed changes from hour "
            "to hour. The loop measures the processor alone: a like reference is needed before comparing two runs, but "
            "it is not enough (on 2 December 2026 it read 0.14–0.16 s while the job-advert benchmark's 1 MB advert took "
            "0.63–0.87 s on CPython, against 0.235 s on 25 November).", ""]
    target_rows = []
    for name in names:
        target_rows += [[TITLES.get(name, name)] + row for row in targets(results[name])]
    if "lighthouse" in results:
        for cat, b in results["lighthouse"]["budgets"].items():
            target_rows.append([TITLES["lighthouse"], f"{cat} score, every page and run", "see below", b["budget"],
                                b["met_on_every_page_and_run"]])
    if "build" in results and "targets" in results["build"]:
        t, b = results["build"]["targets"], results["build"]
        if "per_intervention_ratio_max" in t and "per_intervention_ratio_largest_vs_smallest_synthetic" in b:
            measured = b["per_intervention_ratio_largest_vs_smallest_synthetic"]
            target_rows.append([TITLES["build"], "per-intervention time, largest over smallest synthetic", fmt(measured),
                                f"≤ {fmt(t['per_intervention_ratio_max'])}", measured <= t["per_intervention_ratio_max"]])
    if target_rows:
        out += ["## Targets against measured figures", ""]
        out += table(["benchmark", "figure", "measured", "target", "met"], target_rows)
    for name in names:
        out += section(name, results[name])
    return "\n".join(out).rstrip() + "\n"


def main() -> Path:
    OUTPUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(PROJECT)}")
    return OUTPUT


if __name__ == "__main__":
    main()
