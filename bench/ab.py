"""What a change is worth: the calculator page built from another git revision ("before") and from
the working tree ("after"), loaded side by side with bare Pyodide, cold, in one run, the three in
turn each round, and timed as bench/runtime.py times them. On this shared machine a change of a few
per cent cannot be seen by comparing two benchmark runs; the ratio within each round can.

    python -m bench.ab REV [--runs 25]

Prints the medians and the ratios; writes nothing (the report's figures come from bench/runtime.py).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import runtime as rt
from bench.common import CHROMIUM_ARGS, PROJECT, SiteServer, build_real_site, chromium_path, median

CACHE = PROJECT / "build" / "stdlib"  # precompiled Python, by content hash


def build_revision(rev: str) -> Path:
    """The site as revision rev builds it (its own generator, calculators and templates)."""
    checkout = Path(tempfile.mkdtemp(prefix="bench-ab-")) / "checkout"
    subprocess.run(["git", "worktree", "add", "--detach", str(checkout), rev], cwd=PROJECT, check=True, capture_output=True)
    try:
        (checkout / "node_modules").symlink_to(PROJECT / "node_modules")
        if CACHE.exists():  # precompiled Python, keyed by content hash: reused where it matches
            shutil.copytree(CACHE, checkout / CACHE.relative_to(PROJECT))
        # run from the checkout, so that its own packages come first on sys.path
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=checkout, check=True,
                       env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        site = checkout.parent / "site"
        shutil.copytree(checkout / "site", site)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(checkout)], cwd=PROJECT, check=False, capture_output=True)
    return site


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", help="the git revision to compare the working tree with")
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    before, after = build_revision(args.rev), build_real_site()
    (after / "bare").mkdir()
    (after / "bare" / "index.html").write_text(rt.BARE, encoding="utf-8")
    (after / "bare" / "bare.mjs").write_text(rt.BARE_JS, encoding="utf-8")
    names = ["bare", "before", "after"]
    # each site has its own server, so each page gets its own _headers (its CSP hashes)
    with SiteServer(before, "/toolkit/") as old, SiteServer(after, "/toolkit/") as new, sync_playwright() as p:
        load = {"bare": lambda page: rt.bare(page, new.url), "before": lambda page: rt.ours(page, old.url),
                "after": lambda page: rt.ours(page, new.url)}
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        marks = rt.cold_rounds(browser, load, args.runs)
        browser.close()
    result = {}
    for i, metric in enumerate(("ready", "result")):
        runs = {name: [m[i] for m in marks[name]] for name in names}
        result[metric] = {**{f"{name}_s": median(runs[name]) for name in names},
                          "before_vs_bare": rt.paired(runs["before"], runs["bare"]),
                          "after_vs_bare": rt.paired(runs["after"], runs["bare"]),
                          "after_vs_before": rt.paired(runs["after"], runs["before"])}
        row = result[metric]
        print(f"{metric:6} bare {row['bare_s']:.3f} s  before {row['before_s']:.3f} s  after {row['after_s']:.3f} s")
        for pair in ("before_vs_bare", "after_vs_bare", "after_vs_before"):
            r = row[pair]
            if not r:
                print(f"       {pair.replace('_vs_', ' / '):16} (ratios within rounds need 4 rounds or more)")
                continue
            print(f"       {pair.replace('_vs_', ' / '):16} within rounds: median {r['paired_ratio_median']:.3f}, "
                  f"quartiles {r['paired_ratio_quartiles']}, 90% interval {r['paired_ratio_90ci']}")
    return result


if __name__ == "__main__":
    main()
