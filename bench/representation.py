"""Representation gap calculator on CPython: a 100,000-row response file analysed end to end,
against pandas computing the same per-level table from the same text in the same run.

    python -m bench.representation [--runs 5] [--rows 100000]

Target: at most 0.5 s on CPython (median). The browser figure (through the worker) is added by
the runtime benchmark. Also times the worst case for secondary suppression the calculator
accepts (60 levels x 60 functions x 60 regions with many small cells).

Writes bench/results/representation.json.
"""
from __future__ import annotations

import argparse
import io
import random
import time
from pathlib import Path

import yaml

from bench.common import PROJECT, median, write
from calculators.representation import SPEC
from calculators.spec import run

TARGET_SECONDS = 0.5
LEVELS = ["Board", "Senior leaders", "Heads of team", "Managers", "Team leaders", "Staff"]
FUNCTIONS = ["Finance", "Operations", "Sales", "Technology", "People", "Legal", "Marketing", "Customer service"]
REGIONS = ["London", "South East", "South West", "Midlands", "North West", "North East", "Yorkshire", "Scotland", "Wales",
           "Northern Ireland"]


def content() -> dict:
    data = PROJECT / "content" / "data"
    return {"seb": yaml.safe_load((data / "seb_question.yml").read_text(encoding="utf-8"))["seb"],
            "benchmarks": yaml.safe_load((data / "benchmarks.yml").read_text(encoding="utf-8"))["benchmarks"]}


def response_file(rows: int, seed: int = 1) -> str:
    """A realistic export: answers as codes, short names and full option texts, and a few blanks."""
    seb = content()["seb"]
    forms = [[str(o["code"]), o["short"], o["text"]] for o in seb["options"]]
    rng = random.Random(seed)
    weights = [18, 14, 12, 10, 16, 3, 9, 10, 8]
    lines = ["level,function,region,answer"]
    for _ in range(rows):
        level = rng.choices(range(len(LEVELS)), [1, 3, 6, 12, 20, 58])[0]
        # Lower-SEB answers thin out towards the top, so there is a progression gap to find.
        option = rng.choices(range(9), [w * (0.5 if 3 <= i <= 5 and level < 3 else 1) for i, w in enumerate(weights)])[0]
        answer = rng.choice(forms[option]) if rng.random() > 0.01 else ""
        lines.append(f'{LEVELS[level]},{rng.choice(FUNCTIONS)},{rng.choice(REGIONS)},"{answer}"')
    return "\n".join(lines) + "\n"


def small_cells_file(rows: int = 6000, seed: int = 3) -> str:
    rng = random.Random(seed)
    lines = ["level,function,region,answer"]
    for _ in range(rows):
        answer = rng.choices(range(1, 10), [30, 30, 30, 10, 10, 10, 20, 3, 3])[0]
        lines.append(f"L{rng.randrange(60)},F{rng.randrange(60)},R{rng.randrange(60)},{answer}")
    return "\n".join(lines) + "\n"


def pandas_per_level(text: str, groups: dict[str, str]):
    """The per-level table the calculator shows, computed with pandas from the same text."""
    import pandas as pd

    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    frame["group"] = frame["answer"].map(groups).fillna("unknown")
    table = frame.groupby(["level", "group"]).size().unstack(fill_value=0)
    table["known"] = table[["professional", "intermediate", "lower"]].sum(axis=1)
    table["lower_pct"] = (100 * table["lower"] / table["known"]).round(1)
    return table


def timed(fn, runs: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return median(times), out


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args(argv)
    data = content()
    text = response_file(args.rows)
    raw = {"source": "file", "upload": text}
    seconds, outcome = timed(lambda: run(SPEC, raw, data), args.runs)
    assert outcome["ok"], outcome

    # pandas needs the answer -> group lookup; take it from the same content (all three forms).
    groups = {}
    for o in data["seb"]["options"]:
        for form in (str(o["code"]), o["short"], o["text"]):
            groups[form] = o["group"]
    pandas_seconds, table = timed(lambda: pandas_per_level(text, groups), args.runs)

    # The two must agree on the per-level table before their times mean anything.
    shown = {row["name"]: row for row in next(t for t in outcome["result"]["tables"] if t["id"] == "gap-level")["rows"]}
    for level in LEVELS:
        assert abs(shown[level]["lower"] - float(table.loc[level, "lower_pct"])) < 0.051, level

    small_seconds, small = timed(lambda: run(SPEC, {"source": "file", "upload": small_cells_file()}, data), args.runs)
    assert small["ok"]
    path = write("representation", {
        "runs": args.runs,
        "unit": "seconds (median)",
        "cpython": {
            "response_file": {"rows": args.rows, "bytes": len(text.encode("utf-8")), "seconds": seconds,
                              "target_seconds": TARGET_SECONDS, "meets_target": seconds <= TARGET_SECONDS},
            "pandas_same_per_level_table": {"seconds": pandas_seconds,
                                            "calculator_over_pandas": round(seconds / pandas_seconds, 2)},
            "worst_case_suppression_60x60x60": {"rows": 6000, "seconds": small_seconds},
        },
    })
    print(f"CPython, {args.rows:,} rows: {seconds:.3f} s (target {TARGET_SECONDS} s); pandas per-level table: "
          f"{pandas_seconds:.3f} s; ratio {seconds / pandas_seconds:.1f}x; worst-case suppression {small_seconds:.3f} s")
    print(f"Wrote {path.relative_to(PROJECT)}")
    return path


if __name__ == "__main__":
    main()
