"""Job-advert checker on hostile adverts: one short piece repeated 1,000, 10,000 and 100,000 times
(up to 1 MB, the checker's limit), from raw input to the finished result on CPython. The work
must grow linearly: 10 times the repetitions may take at most about 12 times as long.

    python -m bench.advert_hostile [--runs 3] [--no-pyodide]

Inside Pyodide (Node, the site's pinned npm package) "degree" repeated 10,000 and 100,000 times
is timed too, as the calculator call alone: before the fix 10,000 took 34 s there, past the
page's 30 s watchdog.

Before the fix (commit 66c53d3) the checker read a whole sentence again for every match in it,
so one sentence of "degree" repeated n times took n² work: 1,000 took 0.85 s, 2,000 took 3.4 s,
4,000 took 8.3 s on this machine, and 100,000 took 202 s (issue 22). Each piece below aims at
one part of the checker: a rule's pattern with sentence cues, invisible and look-alike letters
(normalising), an exception that cancels every match, a whole-advert statement whose evidence
does not count (expenses), a list rule, a document cue, many sentences, and pasted HTML.

Writes bench/results/advert_hostile.json (medians of the runs, and the ratios between sizes).
"""
from __future__ import annotations

import argparse
import os
import time

from bench.common import median, time_in_pyodide, write
from calculators.job_advert.spec import SPEC
from calculators.core.content import load_content
from calculators.core.spec import run

SIZES = (1_000, 10_000, 100_000)
TARGET_RATIO = 12  # 10 times the repetitions may take at most about 12 times as long
PIECES = {
    "degree": "degree ",
    "degree essential": "degree, essential ",  # 1.8 MB at 100,000: cut to the limit, see `characters`
    "zero-width degree": "de\u200bgree ",
    "cyrillic degree": "d\u0435gree ",
    "2:1": "a 2:1 ",
    "degree of autonomy": "degree of ",
    "expenses": "£5 expenses ",
    "trial shift": "trial day ",
    "jargon": "KPI ",
    "car": "own car ",
    "sentences": "Degree.\n",
    "html": "<p>degree ",
}
LIMIT = 1_000_000


def text_of(piece: str, repetitions: int) -> str:
    return (piece * repetitions)[:LIMIT]


def timed(text: str, content: dict, runs: int) -> tuple[float, dict]:
    times, outcome = [], {}
    for _ in range(runs):
        start = time.perf_counter()
        outcome = run(SPEC, {"text": text}, content)
        times.append(time.perf_counter() - start)
    assert outcome["ok"], outcome
    return median(times), outcome["result"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-pyodide", action="store_true", help="time CPython only")
    args = parser.parse_args()
    content = load_content()
    run(SPEC, {"text": "warm-up: rules compile once per content"}, content)
    load_before = round(os.getloadavg()[0], 2)
    rows = {}
    for name, piece in PIECES.items():
        seconds, characters, capped = [], [], False
        for n in SIZES:
            text = text_of(piece, n)
            median_s, result = timed(text, content, args.runs)
            seconds.append(median_s)
            characters.append(len(text))
            capped = capped or any("times, so we checked only" in x["text"] for x in result["notices"])
        ratios = [round(b / a, 2) if a else None for a, b in zip(seconds, seconds[1:])]
        rows[name] = {
            "piece": repr(piece),
            "median_s_1k": seconds[0], "median_s_10k": seconds[1], "median_s_100k": seconds[2],
            "characters_100k": characters[2],
            "ratio_10k_over_1k": ratios[0], "ratio_100k_over_10k": ratios[1],
            "largest_ratio": max(r for r in ratios if r is not None),
            "target_largest_ratio": TARGET_RATIO,
            "cap_notice_shown": capped,
        }
        print(f"{name:20} {seconds[0]:.4f} s, {seconds[1]:.4f} s, {seconds[2]:.4f} s  ratios {ratios}"
              f"{'  (match cap reached)' if capped else ''}", flush=True)
    report = {
        "runs": args.runs,
        "sizes": list(SIZES),
        "pieces": rows,
        "all_linear": all(r["largest_ratio"] <= TARGET_RATIO for r in rows.values()),
        "slowest_100k_s": max(r["median_s_100k"] for r in rows.values()),
        "pyodide_median_seconds": "skipped: --no-pyodide" if args.no_pyodide else time_in_pyodide("job-advert-checker", [
            {"name": f"degree_{n // 1000}k", "inputs": {"text": text_of(PIECES["degree"], n), "file": ""}, "runs": 3}
            for n in (10_000, 100_000)]),
        "load_average_at_start": load_before,
        "note": "Median seconds of the full calculator (input to result, with downloads) on CPython. A ratio is the "
                "median at 10 times the repetitions over the median at the size before; 10 would be exactly linear. "
                "Past 2,000 matches of one rule the checker stops looking and says so (max_matches_per_rule in "
                "content/data/advert_rules.yml), so growth after that is only the cost of reading the text. "
                "Before the fix, 'degree' repeated 4,000 times took 8.3 s (n² growth).",
    }
    path = write("advert_hostile", report)
    print(f"Pyodide: {report['pyodide_median_seconds']}")
    print(f"all linear (ratio ≤ {TARGET_RATIO}): {report['all_linear']}; wrote {path}")


if __name__ == "__main__":
    main()
