"""Small-number protection against a reader who knows the method (issue 22): how long the
protection takes in the worst case the calculators accept, and a sweep of random files checked
by integer programming.

    python -m bench.disclosure [--files 2000] [--runs 3] [--no-pyodide]

Worst case: the representation calculator's largest input (60 levels x 60 functions x 60
regions) with most counts under the threshold, timed on CPython and, for the slowest case,
inside Pyodide (the calculator call alone); and the say/do team table at its cap (50 teams).
Sweep: random level x function x region files with small groups, protected as the calculator
does, then every hidden value and every sum of hidden cells in a row or column bounded with
scipy's milp (tests/oracles.py); it counts the files where anything could be narrowed below the
threshold (0 expected). Needs the test extras (scipy).

Writes bench/results/disclosure.json.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from bench.common import median, time_in_pyodide, write
from calculators.representation.spec import NOT_GIVEN, Workforce, _breakdowns
from calculators.say_do.survey import Survey, TeamAnswers, survey_figures

LIMIT = 60  # MAX_CATEGORIES: levels, functions or regions the calculator accepts


def worst_case_cells(seed: int, small_share: float, n: int = LIMIT) -> dict:
    """Three cells per level, spread over n functions and n regions, most counts under 10."""
    rng = random.Random(seed)
    cells: dict = {}
    for i in range(n):
        for _ in range(3):
            key = (f"L{i}", f"F{rng.randrange(n)}", f"R{rng.randrange(n)}")
            counts = [rng.choice([0, 1, 2, 3]) if rng.random() < small_share else rng.randint(10, 60) for _ in range(4)]
            row = cells.setdefault(key, [0, 0, 0, 0])
            for k in range(4):
                row[k] += counts[k]
    return cells


def as_csv(cells: dict) -> str:
    lines = ["level,function,region,professional,intermediate,lower,not_known"]
    lines += [",".join([*key, *map(str, counts)]) for key, counts in cells.items()]
    return "\n".join(lines) + "\n"


def workforce(cells: dict) -> Workforce:
    levels = list(dict.fromkeys(k[0] for k in cells))
    return Workforce(levels=levels, cells=cells, headcount={lv: None for lv in levels},
                     has_function=any(k[1] != NOT_GIVEN for k in cells), has_region=any(k[2] != NOT_GIVEN for k in cells))


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return median(times)


def teams(n: int, seed: int) -> list[TeamAnswers]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        size = rng.randint(3, 60)
        say, do = rng.randint(0, size), rng.choice([rng.randint(0, size), rng.randint(1, min(9, size))])
        out.append(TeamAnswers(f"Team {i}", size, say, size - say, 0, do, size - do))
    return out


def random_file(rng: random.Random) -> Workforce:
    levels = [f"L{i}" for i in range(rng.randint(1, 4))]
    functions = [f"F{i}" for i in range(rng.randint(1, 3))]
    regions = [f"R{i}" for i in range(rng.randint(1, 3))]
    cells = {}
    for lv in levels:
        for fn in functions:
            for rg in regions:
                counts = [rng.choice([0, 0, 0, 1, 2, 3, 5, 8, 12, 20, 40]) for _ in range(4)]
                if any(counts):
                    key = (lv, fn if len(functions) > 1 else NOT_GIVEN, rg if len(regions) > 1 else NOT_GIVEN)
                    row = cells.setdefault(key, [0, 0, 0, 0])
                    for k in range(4):
                        row[k] += counts[k]
    if not cells:
        cells[(levels[0], NOT_GIVEN, NOT_GIVEN)] = [12, 3, 4, 1]
    return workforce(cells)


def sweep(files: int, seed: int = 22) -> dict:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from oracles import disclosures

    rng = random.Random(seed)
    leaks, hidden_values, start = [], 0, time.perf_counter()
    for i in range(files):
        data = random_file(rng)
        threshold = rng.choice([5, 10, 15])
        rows = _breakdowns(data, threshold)
        for attr in ("groups", "unknown"):
            protected = [getattr(rs[0], attr) for rs in rows.values()]
            hidden_values += sum(len(p.hidden) for p in protected)
            found = disclosures([[list(r) for r in p.counts] for p in protected], [set(p.hidden) for p in protected], threshold)
            if found:
                leaks.append({"file": i, "threshold": threshold, "table": attr, "found": repr(found[:3])})
    return {"files": files, "threshold": "5, 10 or 15", "hidden_values_checked": hidden_values,
            "files_with_anything_narrowed": len(leaks), "examples": leaks[:5], "seconds": round(time.perf_counter() - start, 1)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-pyodide", action="store_true")
    args = parser.parse_args(argv)

    cases = []
    for share in (1.0, 0.8, 0.5):
        for seed in (1, 2, 3):
            cells = worst_case_cells(seed, share)
            seconds = timed(lambda: _breakdowns(workforce(cells), 10), args.runs)
            cases.append({"small_share": share, "seed": seed, "cells": len(cells), "seconds": round(seconds, 3)})
            print(f"60 x 60 x 60, {int(share * 100)}% small, seed {seed}: {seconds:.2f} s", flush=True)
    worst = max(cases, key=lambda c: c["seconds"])
    saydo = {n: round(timed(lambda: survey_figures(Survey(teams(n, 1)), 10), args.runs), 3) for n in (10, 25, 50)}
    print(f"say/do teams: {saydo}", flush=True)
    pyodide = "skipped: --no-pyodide"
    if not args.no_pyodide:
        upload = as_csv(worst_case_cells(worst["seed"], worst["small_share"]))
        pyodide = time_in_pyodide("representation-gap", [{"name": "worst", "inputs": {"source": "file", "upload": upload}, "runs": 3}])
        print(f"Pyodide, worst case, whole calculator: {pyodide}", flush=True)
        rows = [{"team": t.name, "respondents": t.respondents, "inclusive_yes": t.say_yes, "inclusive_no": t.say_no,
                 "programme_yes": t.do_yes, "programme_no": t.do_no} for t in teams(50, 1)]
        saydo_pyodide = time_in_pyodide("say-do-gap", [{"name": "survey, 50 teams (table), many small counts", "runs": 3,
                                                        "inputs": {"mode": "survey", "teams": rows}}])
        print(f"Pyodide, say/do at 50 teams, whole calculator: {saydo_pyodide}", flush=True)
        pyodide = {"representation": pyodide, "saydo_50_teams": saydo_pyodide}
    swept = sweep(args.files)
    print(f"sweep: {swept['files']} files, {swept['hidden_values_checked']} hidden values, "
          f"{swept['files_with_anything_narrowed']} with anything narrowed below the threshold, {swept['seconds']} s", flush=True)
    write("disclosure", {"worst_case_60x60x60": {"cases": cases, "worst": worst, "pyodide_whole_calculator": pyodide},
                         "saydo_teams_seconds": saydo, "integer_programming_sweep": swept})
    return 1 if swept["files_with_anything_narrowed"] else 0


if __name__ == "__main__":
    sys.exit(main())
