"""Lighthouse (npm lighthouse 12, Node 20, the system Chromium) on the home page, one
intervention page and each calculator page, three runs each, served from 127.0.0.1 under the
sub-path /toolkit/ with the CSP sent as a real header.

    python -m bench.lighthouse [--runs 3] [--preset mobile|desktop] [--site built-site-folder]

Budgets: performance >= 95 (reported as a benchmark only: it depends on the machine and on
Lighthouse's simulated throttling), accessibility = 100, best practices = 100, SEO >= 95 (these
three are enforced by tests/quality/test_lighthouse.py because they prove stable run to run).
Writes bench/results/lighthouse.json.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CLI = PROJECT / "node_modules" / "lighthouse" / "cli" / "index.js"
PAGES = {"home": "", "intervention": "recruitment/use-structured-interviews/",
         "calculator: response rate": "calculators/response-rate/",
         "calculator: representation gap": "calculators/representation-gap/",
         "calculator: say/do gap": "calculators/say-do-gap/",
         "calculator: job advert checker": "calculators/job-advert-checker/"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BUDGETS = {"performance": (">=", 95), "accessibility": ("==", 100), "best-practices": ("==", 100), "seo": (">=", 95)}
ENFORCED = ("accessibility", "best-practices", "seo")
METRICS = {"first-contentful-paint": "FCP (ms)", "largest-contentful-paint": "LCP (ms)", "total-blocking-time": "TBT (ms)",
           "cumulative-layout-shift": "CLS", "speed-index": "Speed index (ms)", "total-byte-weight": "bytes"}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --disable-sync"


def chrome() -> str:
    return os.environ.get("CHROME_PATH") or shutil.which("chromium") or shutil.which("chromium-browser") or ""


def run_lighthouse(url: str, categories=CATEGORIES, preset: str = "mobile") -> dict:
    """One Lighthouse run: category scores (0-100), key metrics, and the failing audits."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        cmd = ["node", str(CLI), url, "--output=json", f"--output-path={out}", "--quiet", f"--chrome-flags={CHROME_FLAGS}",
               f"--only-categories={','.join(categories)}"]
        if preset == "desktop":
            cmd.append("--preset=desktop")
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env={**os.environ, "CHROME_PATH": chrome()})
        if proc.returncode or not out.exists():
            raise RuntimeError(f"lighthouse failed on {url} (exit {proc.returncode}): {proc.stderr[-1500:]}")
        report = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse could not load {url}: {report['runtimeError']}")
    scores = {cid: None if cat["score"] is None else round(cat["score"] * 100) for cid, cat in report["categories"].items()}
    failing = []
    for cid, cat in report["categories"].items():
        for ref in cat["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                failing.append({"category": cid, "audit": ref["id"], "score": audit["score"], "title": audit["title"],
                                "value": audit.get("displayValue", "")})
    metrics = {key: round(report["audits"][key]["numericValue"], 3 if key == "cumulative-layout-shift" else 0)
               for key in METRICS if key in report["audits"] and report["audits"][key].get("numericValue") is not None}
    return {"scores": scores, "metrics": metrics, "failing": failing, "lighthouse": report.get("lighthouseVersion"),
            "browser": report.get("environment", {}).get("hostUserAgent", "")}


def meets(category: str, score) -> bool:
    op, limit = BUDGETS[category]
    return score is not None and (score >= limit if op == ">=" else score == limit)


def main(argv=None) -> dict:
    from bench.common import SiteServer, build_real_site, write

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--preset", choices=("mobile", "desktop"), default="mobile")
    parser.add_argument("--site", type=Path, help="an already built site/ folder (default: build the real content now)")
    args = parser.parse_args(argv)
    site = args.site or build_real_site()
    pages, version, browser = {}, None, None
    with SiteServer(site, "/toolkit/", compress=True) as srv:  # gzip, as GitHub Pages serves it
        for name, path in PAGES.items():
            runs = []
            for _ in range(args.runs):
                result = run_lighthouse(srv.url + path, preset=args.preset)
                version, browser = result["lighthouse"], result["browser"]
                runs.append(result)
                print(f"{name:32} " + "  ".join(f"{c} {result['scores'].get(c)}" for c in CATEGORIES), flush=True)
            scores = {c: [r["scores"].get(c) for r in runs] for c in CATEGORIES}
            pages[name] = {
                "path": path, "scores": scores,
                "median": {c: statistics.median(v) for c, v in scores.items() if None not in v},
                "stable": {c: len(set(v)) == 1 for c, v in scores.items()},
                "metrics_median": {m: statistics.median([r["metrics"][m] for r in runs if m in r["metrics"]])
                                   for m in METRICS if any(m in r["metrics"] for r in runs)},
                "failing_audits": sorted({(f["category"], f["audit"], f["title"]) for r in runs for f in r["failing"]}),
            }
    budgets = {c: {"budget": f"{op} {limit}", "enforced_in_tests": c in ENFORCED,
                   "met_on_every_page_and_run": all(meets(c, s) for p in pages.values() for s in p["scores"][c]),
                   "stable_on_every_page": all(p["stable"][c] for p in pages.values())}
               for c, (op, limit) in BUDGETS.items()}
    result = {"runs": args.runs, "preset": args.preset, "lighthouse": version, "browser": browser, "pages": pages,
              "budgets": budgets,
              "note": "Scores 0-100 from Lighthouse's default simulated throttling for the preset; the site served from "
                      "127.0.0.1 by tests/server.py (sub-path /toolkit/, CSP as a header). Performance is a benchmark, "
                      "not a gate; the other three categories are enforced by tests/quality/test_lighthouse.py. Text files and the "
                      "wasm are sent gzip-compressed, as GitHub Pages sends them."}
    write("lighthouse" if args.preset == "mobile" else "lighthouse-desktop", result)
    return result


if __name__ == "__main__":
    main()
